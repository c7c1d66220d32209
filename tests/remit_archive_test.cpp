// Packed remits come back field for field: adjustments, remarks, SVC06, AMT*B6 present or
// not, and amounts at the ends of their range.
#include "remits/remit_archive.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <memory>

namespace x12kx {
namespace {

remit full_remit(envelope_ptr const& envelope) {
  remit r;
  r.claim_id = "PCN-REMIT-0001";
  r.status = "22";
  r.charge = -52000;
  r.paid = std::numeric_limits<cents>::min();
  r.patient_responsibility = 1234;
  r.filing_indicator = "MB";
  r.payer_claim_id = "ICN-77";
  r.adjustments = {{"CO", "45", 1500, 0}, {"PR", "2", 300, 2000}};
  r.remarks = {"MA01", "N640"};
  r.source = {envelope, 9876543210};
  remit_line first;
  first.procedure = "97110";
  first.modifiers.add("GP");
  first.submitted_procedure = "97112";
  first.submitted_modifiers.add("GP");
  first.submitted_modifiers.add("KX");
  first.has_submitted = true;
  first.revenue_code = "0420";
  first.charge = 12000;
  first.paid = 0;
  first.units_milli = 3000;
  first.service_date = date8{20240412};
  first.line_ref = "L-1";
  first.adjustments = {{"CO", "119", 12000, 0}};
  first.remarks = {"N362"};
  first.allowed = 0;  // present, and zero
  first.offset = 9876543300;
  remit_line second;
  second.procedure = "97140";
  second.charge = std::numeric_limits<cents>::max();
  second.service_date = date8{20240101};  // earlier than the line before
  second.offset = 9876543400;
  r.lines = {first, second};
  return r;
}

void expect_same(remit const& a, remit const& b) {
  EXPECT_EQ(a.claim_id, b.claim_id);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.charge, b.charge);
  EXPECT_EQ(a.paid, b.paid);
  EXPECT_EQ(a.patient_responsibility, b.patient_responsibility);
  EXPECT_EQ(a.filing_indicator, b.filing_indicator);
  EXPECT_EQ(a.payer_claim_id, b.payer_claim_id);
  auto const same_adjustments = [](auto const& x, auto const& y) {
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].group, y[i].group);
      EXPECT_EQ(x[i].reason, y[i].reason);
      EXPECT_EQ(x[i].amount, y[i].amount);
      EXPECT_EQ(x[i].quantity_milli, y[i].quantity_milli);
    }
  };
  same_adjustments(a.adjustments, b.adjustments);
  EXPECT_EQ(a.remarks, b.remarks);
  EXPECT_EQ(a.source.envelope, b.source.envelope);
  EXPECT_EQ(a.source.offset, b.source.offset);
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    auto const& x = a.lines[i];
    auto const& y = b.lines[i];
    EXPECT_EQ(x.procedure, y.procedure);
    EXPECT_EQ(x.modifiers.to_strings(), y.modifiers.to_strings());
    EXPECT_EQ(x.submitted_procedure, y.submitted_procedure);
    EXPECT_EQ(x.submitted_modifiers.to_strings(), y.submitted_modifiers.to_strings());
    EXPECT_EQ(x.has_submitted, y.has_submitted);
    EXPECT_EQ(x.revenue_code, y.revenue_code);
    EXPECT_EQ(x.charge, y.charge);
    EXPECT_EQ(x.paid, y.paid);
    EXPECT_EQ(x.units_milli, y.units_milli);
    EXPECT_EQ(x.service_date, y.service_date);
    EXPECT_EQ(x.line_ref, y.line_ref);
    same_adjustments(x.adjustments, y.adjustments);
    EXPECT_EQ(x.remarks, y.remarks);
    EXPECT_EQ(x.allowed, y.allowed);
    EXPECT_EQ(x.offset, y.offset);
  }
}

TEST(remit_archive, gives_back_every_field_of_every_remit) {
  auto const envelope = std::make_shared<envelope_info>();
  remit_archive archive;
  remit const empty;
  archive.append(full_remit(envelope));
  archive.append(empty);
  remit_archive::batch batch;
  batch.add(full_remit(nullptr));
  archive.append(std::move(batch));
  ASSERT_EQ(archive.size(), 3u);
  expect_same(archive.get(0), full_remit(envelope));
  expect_same(archive.get(1), empty);
  expect_same(archive.get(2), full_remit(nullptr));
  EXPECT_EQ(archive.claim_id(0), "PCN-REMIT-0001");
  EXPECT_FALSE(archive.get(2).lines[1].allowed.has_value());
  EXPECT_EQ(archive.get(2).lines[0].allowed, cents{0});
  archive.truncate(1);
  ASSERT_EQ(archive.size(), 1u);
  expect_same(archive.get(0), full_remit(envelope));
}

}  // namespace
}  // namespace x12kx
