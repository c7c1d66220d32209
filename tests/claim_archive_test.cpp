// The packed claims of the run-wide state: every field comes back as it went in, at every
// size an integer or text can have, and taking a transaction set back forgets exactly it.
#include "claims/claim_archive.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <string>

namespace x12kx {
namespace {

envelope_ptr envelope_named(std::string st02) {
  auto e = std::make_shared<envelope_info>();
  e->file = "claims.x12";
  e->isa13 = "000000001";
  e->gs06 = "1";
  e->st02 = std::move(st02);
  return e;
}

claim_line line_with(std::uint32_t number, std::string procedure, cents charge, date8 date) {
  claim_line line;
  line.line_number = number;
  line.procedure = std::move(procedure);
  line.charge = charge;
  line.service_date = date;
  line.units_milli = 1000;
  return line;
}

/// Every field set to something other than its default.
claim full_claim(envelope_ptr const& envelope) {
  claim c;
  c.claim_id = "PCN-ARCHIVE-0001";
  c.member_id = "MBR000111";
  c.source = {envelope, 123456789012};
  c.member_source = {envelope, 123456788000};
  c.member_position = 7;
  c.filing_indicator = "MB";
  c.type_of_bill = "0131";
  c.facility_code = "13";
  c.frequency = '7';
  c.original_payer_claim_id = "PAYER-ICN-9";
  c.total_charge = 123456;
  c.statement_from = date8{20240301};
  c.format = claim_format::institutional;
  auto first = line_with(1, "97110", 5000, date8{20240305});
  first.modifiers.add("GP");
  first.modifiers.add("KX");
  first.modifiers.add("CQ");
  first.modifiers.add("59");
  first.revenue_code = "0420";
  first.units_milli = 2500;
  first.line_ref = "LINE-REF-1";
  first.offset = 123456789300;
  auto second = line_with(2, "", -700, date8{20240229});  // earlier than the line before
  second.date_from_statement = true;
  second.offset = 123456789500;
  c.lines = {first, second};
  return c;
}

void expect_same(claim const& a, claim const& b) {
  EXPECT_EQ(a.claim_id, b.claim_id);
  EXPECT_EQ(a.member_id, b.member_id);
  EXPECT_EQ(a.source.envelope, b.source.envelope);
  EXPECT_EQ(a.source.offset, b.source.offset);
  EXPECT_EQ(a.member_source.envelope, b.member_source.envelope);
  EXPECT_EQ(a.member_source.offset, b.member_source.offset);
  EXPECT_EQ(a.member_position, b.member_position);
  EXPECT_EQ(a.filing_indicator, b.filing_indicator);
  EXPECT_EQ(a.type_of_bill, b.type_of_bill);
  EXPECT_EQ(a.facility_code, b.facility_code);
  EXPECT_EQ(a.frequency, b.frequency);
  EXPECT_EQ(a.original_payer_claim_id, b.original_payer_claim_id);
  EXPECT_EQ(a.total_charge, b.total_charge);
  EXPECT_EQ(a.statement_from, b.statement_from);
  EXPECT_EQ(a.format, b.format);
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    auto const& x = a.lines[i];
    auto const& y = b.lines[i];
    EXPECT_EQ(x.line_number, y.line_number) << "line " << i;
    EXPECT_EQ(x.procedure, y.procedure) << "line " << i;
    EXPECT_EQ(x.modifiers.to_strings(), y.modifiers.to_strings()) << "line " << i;
    EXPECT_EQ(x.revenue_code, y.revenue_code) << "line " << i;
    EXPECT_EQ(x.charge, y.charge) << "line " << i;
    EXPECT_EQ(x.units_milli, y.units_milli) << "line " << i;
    EXPECT_EQ(x.service_date, y.service_date) << "line " << i;
    EXPECT_EQ(x.date_from_statement, y.date_from_statement) << "line " << i;
    EXPECT_EQ(x.line_ref, y.line_ref) << "line " << i;
    EXPECT_EQ(x.offset, y.offset) << "line " << i;
  }
}

/// "C" and the number (built without operator+, which trips a GCC 12 -Wrestrict false alarm).
std::string numbered_id(std::size_t number) {
  auto id = std::to_string(number);
  id.insert(id.begin(), 'C');
  return id;
}

TEST(claim_archive, gives_back_every_field_of_every_claim) {
  auto const envelope = envelope_named("0001");
  claim_archive archive;
  auto const full = full_claim(envelope);
  claim const empty;  // defaults only: no envelope, no lines
  archive.append(full);
  archive.append(empty);
  ASSERT_EQ(archive.size(), 2u);
  expect_same(archive.get(0), full);
  expect_same(archive.get(1), empty);
  EXPECT_EQ(archive.claim_id(0), "PCN-ARCHIVE-0001");
  EXPECT_EQ(archive.claim_id(1), "");
}

TEST(claim_archive, keeps_integers_at_the_ends_of_their_ranges) {
  claim c;
  c.claim_id = "EXTREMES";
  c.total_charge = std::numeric_limits<cents>::min();
  c.source.offset = std::numeric_limits<std::uint64_t>::max();
  c.member_source.offset = 0;  // as far before the claim as an offset can be
  c.member_position = std::numeric_limits<std::uint32_t>::max();
  c.statement_from = date8{std::numeric_limits<std::uint32_t>::max()};
  auto line = line_with(std::numeric_limits<std::uint32_t>::max(), "A0001",
                        std::numeric_limits<cents>::max(), date8{0});
  line.units_milli = std::numeric_limits<std::int64_t>::min();
  line.offset = 0;
  c.lines = {line, line_with(0, "A0002", -1, date8{std::numeric_limits<std::uint32_t>::max()})};
  claim_archive archive;
  archive.append(c);
  expect_same(archive.get(0), c);
}

TEST(claim_archive, holds_texts_longer_than_a_block) {
  claim big;
  big.claim_id = std::string(70000, 'C');
  big.lines.resize(40, line_with(1, std::string(40000, 'P'), 100, date8{20240102}));
  claim_archive archive;
  archive.append(full_claim(nullptr));
  archive.append(big);
  archive.append(full_claim(nullptr));
  ASSERT_EQ(archive.size(), 3u);
  expect_same(archive.get(1), big);
  expect_same(archive.get(2), full_claim(nullptr));
  EXPECT_EQ(archive.claim_id(1).size(), 70000u);
}

TEST(claim_archive, shares_envelopes_and_keeps_them_apart) {
  auto const one = envelope_named("0001");
  auto const two = envelope_named("0002");
  claim_archive archive;
  for (auto const& e : {one, one, two, one}) {
    auto c = full_claim(e);
    c.member_source.envelope = e == one ? two : nullptr;
    archive.append(c);
  }
  EXPECT_EQ(archive.get(0).source.envelope, one);
  EXPECT_EQ(archive.get(0).member_source.envelope, two);
  EXPECT_EQ(archive.get(2).source.envelope, two);
  EXPECT_EQ(archive.get(2).member_source.envelope, nullptr);
  EXPECT_EQ(archive.get(3).source.envelope, one);
}

TEST(claim_archive, truncate_forgets_exactly_the_claims_taken_back) {
  claim_archive archive;
  std::size_t const per_block_estimate = 20000;  // enough claims to fill more than one block
  for (std::size_t i = 0; i < 2 * per_block_estimate; ++i) {
    auto c = full_claim(nullptr);
    c.claim_id = numbered_id(i);
    archive.append(c);
  }
  archive.truncate(per_block_estimate + 3);
  ASSERT_EQ(archive.size(), per_block_estimate + 3);
  EXPECT_EQ(archive.claim_id(per_block_estimate + 2), numbered_id(per_block_estimate + 2));
  auto again = full_claim(nullptr);
  again.claim_id = "AFTER";
  archive.append(again);
  EXPECT_EQ(archive.claim_id(per_block_estimate + 3), "AFTER");
  EXPECT_EQ(archive.claim_id(0), "C0");
  expect_same(archive.get(per_block_estimate + 3), again);
  archive.truncate(0);
  EXPECT_TRUE(archive.empty());
  archive.append(again);
  EXPECT_EQ(archive.claim_id(0), "AFTER");
}

TEST(claim_archive, batches_packed_apart_append_in_order_with_their_own_envelopes) {
  auto const one = envelope_named("0001");
  auto const two = envelope_named("0002");
  auto const three = envelope_named("0003");
  claim_archive archive;
  archive.append(full_claim(one));
  claim_archive::batch first;
  for (int i = 0; i < 3; ++i) {
    auto c = full_claim(two);
    c.claim_id = numbered_id(static_cast<std::size_t>(100 + i));
    c.member_source.envelope = i == 1 ? nullptr : two;
    first.add(c);
  }
  claim_archive::batch empty;
  claim_archive::batch second;
  second.add(full_claim(three));
  archive.append(std::move(first));
  archive.append(std::move(empty));
  archive.append(std::move(second));
  archive.append(full_claim(one));  // after a batch: its own envelope again
  ASSERT_EQ(archive.size(), 6u);
  EXPECT_EQ(archive.get(0).source.envelope, one);
  EXPECT_EQ(archive.claim_id(2), "C101");
  EXPECT_EQ(archive.get(2).member_source.envelope, nullptr);
  EXPECT_EQ(archive.get(3).member_source.envelope, two);
  expect_same(archive.get(3), [&] {
    auto c = full_claim(two);
    c.claim_id = "C102";
    return c;
  }());
  EXPECT_EQ(archive.get(4).source.envelope, three);
  EXPECT_EQ(archive.get(5).source.envelope, one);

  archive.truncate(2);  // inside the first batch
  ASSERT_EQ(archive.size(), 2u);
  EXPECT_EQ(archive.get(1).source.envelope, two);
  claim_archive::batch again;
  again.add(full_claim(three));
  archive.append(std::move(again));
  EXPECT_EQ(archive.get(2).source.envelope, three);
  EXPECT_EQ(archive.get(1).claim_id, "C100");
}

TEST(claim_archive, packs_a_claim_in_a_fraction_of_its_built_size) {
  // The full claim above (two lines, every text set) packs into 123 bytes (71 for the
  // claim, 39 and 13 for its lines) plus 8 of index; built, it is sizeof(claim) +
  // 2 * sizeof(claim_line) = 600 bytes before any heap text.
  claim_archive archive;
  std::size_t const count = 100000;
  for (std::size_t i = 0; i < count; ++i) archive.append(full_claim(nullptr));
  double const per_claim = static_cast<double>(archive.memory_bytes()) / count;
  EXPECT_GT(per_claim, 123 + 8);       // every byte of the encoding is accounted for
  EXPECT_LT(per_claim, 123 + 8 + 16);  // block tails and index growth stay small
}

}  // namespace
}  // namespace x12kx
