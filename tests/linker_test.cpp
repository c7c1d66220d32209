// The linking ladder, one rung per test, on invented 837/835 pairs in fixtures/linking/
// (fixtures/README.md lists every expected link), and the KX reading of each denial.
#include "link_support.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace x12kx {
namespace {

using testing::bundled_rules;
using testing::finding_places;
using testing::link_table;
using testing::read_inputs;
using testing::source_path;
using strings = std::vector<std::string>;

std::string fixture(std::string const& name) { return source_path("fixtures/linking/" + name); }

strings table_of(strings const& files) {
  std::vector<std::string> paths;
  for (auto const& f : files) paths.push_back(fixture(f));
  auto const in = read_inputs(paths);
  return link_table(in.claims, in.remits, bundled_rules());
}

link_result linked(strings const& files) {
  std::vector<std::string> paths;
  for (auto const& f : files) paths.push_back(fixture(f));
  auto const in = read_inputs(paths);
  return link_remits_detailed(in.claims, in.remits, bundled_rules());
}

strings slice(strings const& all, std::string const& prefix) {
  strings out;
  for (auto const& s : all) {
    if (s.rfind(prefix, 0) == 0) out.push_back(s);
  }
  return out;
}

TEST(linker, long_claim_id_links_by_the_20_characters_payers_keep_then_by_line_ref) {
  auto const table = table_of({"ladder-837p.x12", "ladder-835.x12"});
  EXPECT_EQ(slice(table, "LADDERLONG"),
            (strings{"LADDERLONGCLAIMID000/svc1 -> LADDERLONGCLAIMID00001X/LX1 line_ref",
                     "LADDERLONGCLAIMID000/svc2 -> LADDERLONGCLAIMID00001X/LX2 line_ref"}));
}

TEST(linker, procedure_match_uses_svc06_and_reports_identical_candidates_as_a_tie) {
  auto const table = table_of({"ladder-837p.x12", "ladder-835.x12"});
  EXPECT_EQ(slice(table, "LADDERMATCH01"), (strings{"LADDERMATCH01/svc1 -> LADDERMATCH01/LX1 match",
                                                    "LADDERMATCH01/svc2 -> LADDERMATCH01/LX2 match",
                                                    "LADDERMATCH01/svc3 -> tie LX3,LX4"}));
}

TEST(linker, claim_level_denial_without_service_lines_answers_every_line) {
  auto const table = table_of({"ladder-837p.x12", "ladder-835.x12"});
  EXPECT_EQ(slice(table, "LADDERCLAIMDENY"),
            (strings{"LADDERCLAIMDENY/claim -> LADDERCLAIMDENY/LX1 claim",
                     "LADDERCLAIMDENY/claim -> LADDERCLAIMDENY/LX2 claim"}));
  auto const result = linked({"ladder-837p.x12", "ladder-835.x12"});
  EXPECT_EQ(finding_places(result.findings, finding_kind::denial),
            (strings{"LADDERLONGCLAIMID00001X/LX2", "LADDERMATCH01/LX1", "LADDERCLAIMDENY/LX1",
                     "LADDERCLAIMDENY/LX2"}));
}

TEST(linker, split_claim_payments_share_one_claim_and_never_reuse_a_line) {
  auto const table = table_of({"split-837p.x12", "split-835.x12"});
  EXPECT_EQ(slice(table, "SPLIT"), (strings{"SPLIT0001/svc1 -> SPLIT0001/LX1 match",
                                            "SPLIT0001/svc2 -> SPLIT0001/LX2 match",
                                            "SPLIT0001/svc1 -> SPLIT0001/LX3 match"}));
}

TEST(linker, bundled_line_links_through_svc06_and_unbundled_lines_through_their_line_ref) {
  auto const table = table_of({"split-837p.x12", "split-835.x12"});
  EXPECT_EQ(slice(table, "BUNDLE"), (strings{"BUNDLE0001/svc1 -> BUNDLE0001/LX1 match",
                                             "BUNDLE0001/svc2 -> BUNDLE0001/LX2 match",
                                             "BUNDLE0001/svc3 -> BUNDLE0001/LX3 line_ref",
                                             "BUNDLE0001/svc4 -> BUNDLE0001/LX3 line_ref"}));
  auto const result = linked({"split-837p.x12", "split-835.x12"});
  for (auto const& f : result.findings) {
    if (f.kind == finding_kind::denial && f.claim_id == "BUNDLE0001") {
      EXPECT_EQ(f.rule->rule, "denial.bundled");
      EXPECT_EQ(f.denial->action, denial_action::none);
    }
  }
}

TEST(linker, crossover_statuses_link_like_a_primary_payment) {
  auto const table = table_of({"split-837p.x12", "split-835.x12"});
  EXPECT_EQ(slice(table, "CROSS"), (strings{"CROSS0001/svc1 -> CROSS0001/LX1 line_ref",
                                            "CROSS0002/svc1 -> CROSS0002/LX1 line_ref",
                                            "CROSS0003/svc1 -> CROSS0003/LX1 line_ref"}));
}

TEST(linker, reversal_is_netted_against_an_earlier_payment_and_the_correction_links) {
  // Day one's payment is history; day two holds the reversal and the correction.
  strings const files = {"days-837p.x12", "days1-835.x12", "days2-835.x12"};
  std::vector<std::string> paths;
  for (auto const& f : files) paths.push_back(fixture(f));
  auto const in = read_inputs(paths);
  auto const history = read_inputs({paths[0], paths[1]}).remits.size();
  ASSERT_EQ(history, 2u);
  EXPECT_EQ(link_table(in.claims, in.remits, bundled_rules(), history),
            (strings{"DAYS0001/* -> netted", "DAYS0001/svc1 -> DAYS0001/LX1 line_ref",
                     "DAYS0001/svc2 -> DAYS0001/LX2 line_ref"}));
  // Without the history the reversal has nothing to cancel.
  auto const alone = read_inputs({paths[0], paths[2]});
  EXPECT_EQ(link_table(alone.claims, alone.remits, bundled_rules()).front(),
            "DAYS0001/* -> unlinked");
}

TEST(linker, kx_stripped_when_kx_was_submitted_and_not_adjudicated) {
  auto const ladder = linked({"ladder-837p.x12", "ladder-835.x12"});
  EXPECT_EQ(finding_places(ladder.findings, finding_kind::kx_stripped),
            (strings{"LADDERMATCH01/LX1"}));
  // DAYS0001 LX2: KX kept on day one, dropped by the correction (SVC06 keeps it).
  strings const files = {"days-837p.x12", "days1-835.x12", "days2-835.x12"};
  std::vector<std::string> paths;
  for (auto const& f : files) paths.push_back(fixture(f));
  auto const in = read_inputs(paths);
  auto const result = link_remits_detailed(in.claims, in.remits, bundled_rules(), 2);
  EXPECT_EQ(finding_places(result.findings, finding_kind::kx_stripped), (strings{"DAYS0001/LX2"}));
}

/// One claim line and one remit line, for the decision table.
struct denial_case {
  std::vector<std::string> modifiers;
  std::string group;
  std::string carc;
  std::vector<std::string> remarks;
  std::string procedure = "97110";
};

finding decide_one(denial_case const& c) {
  claim billed;
  billed.claim_id = "ACTION0001";
  claim_line line;
  line.line_number = 1;
  line.procedure = c.procedure;
  for (auto const& m : c.modifiers) line.modifiers.add(m);
  line.charge = 10000;
  line.line_ref = "A-1";
  billed.lines.push_back(line);
  remit payment;
  payment.claim_id = "ACTION0001";
  payment.status = "1";
  remit_line paid;
  paid.procedure = c.procedure;
  paid.modifiers = line.modifiers;
  paid.charge = 10000;
  paid.line_ref = "A-1";
  paid.adjustments.push_back({c.group, c.carc, 10000, 0});
  paid.remarks = c.remarks;
  payment.lines.push_back(paid);
  auto const findings = link_remits({billed}, {payment}, bundled_rules());
  for (auto const& f : findings) {
    if (f.kind == finding_kind::denial) return f;
  }
  ADD_FAILURE() << "no denial";
  return {};
}

TEST(linker, each_denial_gets_its_kx_reading) {
  struct row {
    denial_case in;
    char const* rule;
    denial_action action;
  };
  std::vector<row> const table = {
      {{{"GP"}, "CO", "119", {"N640"}},
       "denial.therapy_limit_no_kx",
       denial_action::correct_and_resubmit},
      {{{"GP", "KX"}, "CO", "50", {}}, "denial.kx_not_supported", denial_action::appeal},
      {{{"GP", "KX"}, "CO", "151", {}}, "denial.kx_not_supported", denial_action::appeal},
      {{{"GP", "KX"}, "CO", "96", {"N115"}}, "denial.kx_lcd", denial_action::appeal},
      {{{"RR"}, "CO", "4", {"N822"}, "E0601"},
       "denial.unprocessable",
       denial_action::correct_and_resubmit},
      {{{"RR"}, "CO", "16", {"MA130"}, "E0601"},
       "denial.unprocessable",
       denial_action::correct_and_resubmit},
      {{{"GA"}, "PR", "50", {}}, "denial.ga_expected", denial_action::none},
      {{{"GZ"}, "CO", "50", {}}, "denial.gz_expected", denial_action::none},
      // An OA-50 on a GA line is not the expected ABN denial.
      {{{"GA"}, "OA", "50", {}}, "denial.default", denial_action::appeal},
  };
  for (auto const& r : table) {
    auto const f = decide_one(r.in);
    ASSERT_TRUE(f.denial.has_value());
    EXPECT_EQ(f.rule->rule, r.rule) << r.in.group << "-" << r.in.carc;
    EXPECT_EQ(f.denial->action, r.action) << r.in.group << "-" << r.in.carc;
    EXPECT_FALSE(f.rule->guidance.empty());
  }
}

TEST(linker, history_remits_make_no_findings_and_no_links) {
  auto const in = read_inputs({fixture("ladder-837p.x12"), fixture("ladder-835.x12")});
  auto const all = link_remits_detailed(in.claims, in.remits, bundled_rules(), in.remits.size());
  EXPECT_TRUE(all.findings.empty());
  EXPECT_TRUE(all.links.empty());
  EXPECT_EQ(all.claim_of.size(), in.remits.size());
}

}  // namespace
}  // namespace x12kx
