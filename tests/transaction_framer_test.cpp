// x12::transaction_framer over segments from x12::segment_reader: the loop context replayed at
// the head of each slice of a cut 837, and segment ids that only look like envelope ids.
#include "x12/transaction_framer.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace x12kx::x12 {
namespace {

std::string const isa =
    "ISA*00*          *00*          *ZZ*TSTSUB01       *ZZ*TSTMAC99901    *240601*1200*^*00501*"
    "000000101*0*T*:~";

/// An interchange around one transaction: ISA, GS, the segments, GE, IEA, one per line.
std::string interchange(std::vector<std::string> const& segments) {
  std::string out = isa + "\n" + "GS*HC*TSTSUB01*TSTMAC99901*20240601*1200*101*X*005010X222A1~\n";
  for (auto const& segment : segments) out += segment + "~\n";
  return out + "GE*1*101~\nIEA*1*000000101~\n";
}

std::vector<std::unique_ptr<transaction_unit>> frame_all(std::string_view input,
                                                         framer_options options) {
  memory_source source(input);
  segment_reader reader(source);
  transaction_framer framer("test.837", 0, options);
  std::vector<std::unique_ptr<transaction_unit>> units;
  raw_segment segment;
  while (reader.next(segment)) framer.on_segment(segment, reader.current_delimiters());
  framer.finish(reader.bytes_consumed());
  for (auto& unit : framer.ready()) units.push_back(std::move(unit));
  return units;
}

/// The units that hold segments (the ISA's counts travel in a unit of their own).
std::vector<transaction_unit const*> slices_of(
    std::vector<std::unique_ptr<transaction_unit>> const& units) {
  std::vector<transaction_unit const*> out;
  for (auto const& unit : units) {
    if (!unit->segments.empty()) out.push_back(unit.get());
  }
  return out;
}

/// The segments of a unit as text; replayed ones marked with a leading '+'.
std::vector<std::string> texts_of(transaction_unit const& unit) {
  std::vector<std::string> out;
  for (auto const& record : unit.segments) {
    std::string text = record.replayed ? "+" : "";
    text += unit.segment_bytes(record);
    out.push_back(std::move(text));
  }
  return out;
}

TEST(transaction_framer, test_isa_is_106_bytes) { EXPECT_EQ(isa.size(), 106u); }

TEST(transaction_framer, slices_replay_the_subscriber_and_patient_of_their_claim) {
  std::vector<std::string> const body = {"ST*837*0001*005010X222A1",
                                         "BHT*0019*00*B1*20240601*1200*CH",
                                         "HL*1**20*1",
                                         "NM1*85*2*BILLING",
                                         "HL*2*1*22*1",
                                         "SBR*P*18*******MB",
                                         "NM1*IL*1*SUBSCRIBER*A",
                                         "HL*3*2*23*0",
                                         "PAT*01",
                                         "NM1*QC*1*PATIENT*P",
                                         "CLM*C1*100***11:B:1*Y*A*Y*Y",
                                         "HL*4*1*22*0",
                                         "SBR*P*18*******MB",
                                         "NM1*IL*1*SUBSCRIBER*B",
                                         "CLM*C2*100***11:B:1*Y*A*Y*Y",
                                         "HL*5*1*22*1",
                                         "SBR*P*18*******MB",
                                         "NM1*IL*1*SUBSCRIBER*C",
                                         "HL*6*5*23*0",
                                         "NM1*QC*1*PATIENT*Q",
                                         "CLM*C3*100***11:B:1*Y*A*Y*Y",
                                         "HL*7*5*23*0",
                                         "NM1*QC*1*PATIENT*R",
                                         "CLM*C4*100***11:B:1*Y*A*Y*Y",
                                         "SE*25*0001"};
  // A target of one byte cuts at every CLM.
  auto const all = frame_all(interchange(body), {.unit_target_bytes = 1});
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0]->counts.interchanges, 1u);
  auto const units = slices_of(all);
  ASSERT_EQ(units.size(), 5u);
  for (auto const& unit : all) EXPECT_TRUE(unit->findings.empty());
  using texts = std::vector<std::string>;
  EXPECT_EQ(texts_of(*units[0]), texts(body.begin(), body.begin() + 10));
  EXPECT_EQ(texts_of(*units[1]),
            (texts{"+HL*1**20*1", "+NM1*85*2*BILLING", "+HL*2*1*22*1", "+SBR*P*18*******MB",
                   "+NM1*IL*1*SUBSCRIBER*A", "+HL*3*2*23*0", "+PAT*01", "+NM1*QC*1*PATIENT*P",
                   body[10], body[11], body[12], body[13]}));
  // A new subscriber replaces the old subscriber and the old patient.
  EXPECT_EQ(texts_of(*units[2]), (texts{"+HL*1**20*1", "+NM1*85*2*BILLING", "+HL*4*1*22*0",
                                        "+SBR*P*18*******MB", "+NM1*IL*1*SUBSCRIBER*B", body[14],
                                        body[15], body[16], body[17], body[18], body[19]}));
  EXPECT_EQ(texts_of(*units[3]),
            (texts{"+HL*1**20*1", "+NM1*85*2*BILLING", "+HL*5*1*22*1", "+SBR*P*18*******MB",
                   "+NM1*IL*1*SUBSCRIBER*C", "+HL*6*5*23*0", "+NM1*QC*1*PATIENT*Q", body[20],
                   body[21], body[22]}));
  // A new patient replaces only the old patient.
  EXPECT_EQ(
      texts_of(*units[4]),
      (texts{"+HL*1**20*1", "+NM1*85*2*BILLING", "+HL*5*1*22*1", "+SBR*P*18*******MB",
             "+NM1*IL*1*SUBSCRIBER*C", "+HL*7*5*23*0", "+NM1*QC*1*PATIENT*R", body[23], body[24]}));
  // Replayed segments keep the position and offset they had where they were read.
  auto const& replayed_pat = units[1]->segments[6];
  auto const& original_pat = units[0]->segments[8];
  EXPECT_EQ(replayed_pat.position, 9u);
  EXPECT_EQ(replayed_pat.position, original_pat.position);
  EXPECT_EQ(replayed_pat.offset, original_pat.offset);
  EXPECT_EQ(units[4]->segments.back().position, 25u);
}

TEST(transaction_framer, ids_that_start_like_envelope_ids_are_ordinary_segments) {
  // SEA, GSX, STX and ISAB are not SE, GS, ST and ISA: they neither close nor open anything.
  std::vector<std::string> const body = {"ST*837*0001*005010X222A1",
                                         "BHT*0019*00*B1*20240601*1200*CH",
                                         "SEA*1",
                                         "GSX*2",
                                         "STX*3",
                                         "ISAB*4",
                                         "CLM*C1*100***11:B:1*Y*A*Y*Y",
                                         "SE*8*0001"};
  auto const all = frame_all(interchange(body), {});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]->counts.interchanges, 1u);
  auto const& unit = *all[1];
  EXPECT_TRUE(unit.findings.empty());
  EXPECT_EQ(texts_of(unit), body);
  EXPECT_EQ(unit.counts.transactions, 1u);
}

TEST(transaction_framer, a_second_transaction_starts_from_an_empty_loop_context) {
  std::vector<std::string> const first = {
      "ST*837*0001*005010X222A1",    "HL*1**20*1", "HL*2*1*22*0", "NM1*IL*1*SUBSCRIBER*A",
      "CLM*C1*100***11:B:1*Y*A*Y*Y", "SE*6*0001"};
  std::vector<std::string> const second = {
      "ST*837*0002*005010X222A1",    "HL*1**20*1", "HL*2*1*22*0", "NM1*IL*1*SUBSCRIBER*B",
      "CLM*C2*100***11:B:1*Y*A*Y*Y", "SE*6*0002"};
  std::vector<std::string> body = first;
  body.insert(body.end(), second.begin(), second.end());
  std::string input = interchange(body);
  input.replace(input.find("GE*1*"), 5, "GE*2*");
  auto const all = frame_all(input, {.unit_target_bytes = 1});
  auto const units = slices_of(all);
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(texts_of(*units[3]),
            (std::vector<std::string>{"+HL*1**20*1", "+HL*2*1*22*0", "+NM1*IL*1*SUBSCRIBER*B",
                                      second[4], second[5]}));
  for (auto const& unit : all) EXPECT_TRUE(unit->findings.empty());
}

}  // namespace
}  // namespace x12kx::x12
