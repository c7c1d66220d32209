// Single-claim checks: discipline conflicts (therapy_discipline_mismatch), KX where a more
// specific DMEPOS modifier applies (kx_wrong_modifier), and dated DMEPOS modifier lists.
#include "checks/line_checks.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {
namespace {

rule_set const& rules() { return testing::bundled_rules(); }

claim one_line_claim(std::string code, std::initializer_list<std::string_view> modifiers,
                     std::uint32_t date = 20250310) {
  claim_line line;
  line.line_number = 1;
  line.procedure = std::move(code);
  for (auto m : modifiers) line.modifiers.add(m);
  line.charge = 10000;
  line.service_date = date8{date};
  claim c;
  c.claim_id = "TESTCLAIM";
  c.member_id = "M1";
  c.filing_indicator = "MB";
  c.lines.push_back(std::move(line));
  return c;
}

/// "kind: message" of each finding, in order.
std::vector<std::string> check(claim const& c) {
  std::vector<finding> found;
  check_claim(c, rules(), found);
  std::vector<std::string> out;
  for (auto const& f : found) out.push_back(std::string(name_of(f.kind)) + ": " + f.message);
  return out;
}

std::string mismatch(std::string_view code, std::string_view detail) {
  return "therapy_discipline_mismatch: therapy line " + std::string(code) +
         " has modifiers of different disciplines: " + std::string(detail);
}

using lines = std::vector<std::string>;

TEST(line_checks, assistant_modifiers_need_their_own_discipline) {
  EXPECT_EQ(check(one_line_claim("97110", {"GO", "CQ"})),
            lines{mismatch("97110", "CQ is used only with GP")});
  EXPECT_EQ(check(one_line_claim("97530", {"GP", "CO"})),
            lines{mismatch("97530", "CO is used only with GO")});
  EXPECT_TRUE(check(one_line_claim("97110", {"GP", "CQ"})).empty());
  EXPECT_TRUE(check(one_line_claim("97530", {"GO", "CO"})).empty());
}

TEST(line_checks, evaluation_codes_belong_to_one_discipline) {
  EXPECT_EQ(check(one_line_claim("97165", {"GP"})),
            lines{mismatch("97165", "evaluation code 97165 belongs with GO, not GP")});
  EXPECT_EQ(check(one_line_claim("97168", {"GN"})),
            lines{mismatch("97168", "evaluation code 97168 belongs with GO, not GN")});
  EXPECT_EQ(check(one_line_claim("97161", {"GO"})),
            lines{mismatch("97161", "evaluation code 97161 belongs with GP, not GO")});
  EXPECT_TRUE(check(one_line_claim("97163", {"GP"})).empty());
  EXPECT_TRUE(check(one_line_claim("97166", {"GO"})).empty());
}

TEST(line_checks, two_plan_of_care_modifiers_on_one_line) {
  EXPECT_EQ(check(one_line_claim("97110", {"GP", "GO"})),
            lines{mismatch("97110", "GP and GO on one line")});
}

TEST(line_checks, institutional_revenue_code_must_match_the_modifier) {
  auto hospital = one_line_claim("97530", {"GP"});
  hospital.format = claim_format::institutional;
  hospital.type_of_bill = "131";
  hospital.lines[0].revenue_code = "0430";
  EXPECT_EQ(check(hospital), lines{mismatch("97530", "revenue code 0430 belongs with GO, not GP")});
  hospital.lines[0].revenue_code = "420";  // leading zero dropped: still PT
  EXPECT_TRUE(check(hospital).empty());
  hospital.lines[0].revenue_code = "0444";
  hospital.lines[0].modifiers = modifier_set();
  hospital.lines[0].modifiers.add("GN");
  EXPECT_TRUE(check(hospital).empty());
}

TEST(line_checks, oxygen_kx_is_wrong_only_from_the_n1_n2_n3_date) {
  std::string const wrong =
      "kx_wrong_modifier: modifier KX on E1390 where the Oxygen and oxygen equipment policy "
      "needs another modifier: new rentals from 2023-04-01 use N1, N2, N3 instead of KX "
      "(assumes a new rental)";
  EXPECT_TRUE(check(one_line_claim("E1390", {"KX"}, 20230331)).empty());
  EXPECT_EQ(check(one_line_claim("E1390", {"KX"}, 20230401)), lines{wrong});
  EXPECT_TRUE(check(one_line_claim("E1390", {"N2"}, 20230401)).empty());
  EXPECT_TRUE(check(one_line_claim("E1390", {"GZ"}, 20250101)).empty());
  // N1 before the date is not an accepted oxygen modifier.
  EXPECT_EQ(check(one_line_claim("E1390", {"N1"}, 20230331)).size(), 1u);
  // Modifiers became mandatory for oxygen on 2018-08-01.
  EXPECT_TRUE(check(one_line_claim("E1390", {}, 20180731)).empty());
  EXPECT_EQ(check(one_line_claim("E1390", {}, 20180801)).size(), 1u);
}

TEST(line_checks, glucose_supplies_take_kx_or_ks_never_both) {
  EXPECT_EQ(check(one_line_claim("A4253", {"KX", "KS"})),
            lines{"kx_wrong_modifier: modifier KX on A4253 where the Glucose monitor supplies "
                  "policy needs another modifier: KX and KS say opposite things; use one"});
  EXPECT_TRUE(check(one_line_claim("A4253", {"KX"})).empty());
  EXPECT_TRUE(check(one_line_claim("A4259", {"KS"})).empty());
}

TEST(line_checks, wrong_modifier_findings_cite_the_policy_or_its_date_rule) {
  std::vector<finding> found;
  check_claim(one_line_claim("E1390", {"KX"}, 20240101), rules(), found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].policy, "Oxygen and oxygen equipment");
  EXPECT_EQ(found[0].rule->rule, "dmepos.oxygen");
  EXPECT_NE(found[0].rule->policy_source.find("cope142836"), std::string_view::npos);
  EXPECT_FALSE(found[0].rule->guidance.empty());
}

TEST(line_checks, other_payers_get_only_the_non_medicare_note) {
  auto commercial = one_line_claim("97110", {"GO", "CQ", "KX"});
  commercial.filing_indicator = "CI";
  EXPECT_EQ(check(commercial),
            lines{"kx_non_medicare: modifier KX on 97110 for a payer other than Medicare Part A "
                  "or B"});
}

}  // namespace
}  // namespace x12kx
