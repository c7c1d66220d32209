// rules/*.json: the bundled rule set loads with the values the checks rely on, and each kind of
// defect in a rule file is refused with an error that names the file.
#include "rules/rule_set.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {
namespace {

namespace fs = std::filesystem;

using testing::read_file;
using testing::source_path;

rule_set const& rules() { return testing::bundled_rules(); }

TEST(rule_set, bundled_rules_load_with_a_version) { EXPECT_EQ(rules().version, "2026.12.0"); }

TEST(rule_set, kx_threshold_by_year) {
  auto const& kx = rules().therapy.kx_threshold;
  EXPECT_EQ(kx.rule, "therapy.kx_threshold");
  EXPECT_EQ(kx.for_year(2024), cents{233000});
  EXPECT_EQ(kx.for_year(2025), cents{241000});
  EXPECT_EQ(kx.for_year(2026), cents{248000});
  EXPECT_EQ(kx.for_year(2018), cents{201000});
  EXPECT_EQ(kx.for_year(2017), std::nullopt);
  EXPECT_FALSE(kx.policy_source.empty());
}

TEST(rule_set, review_threshold_by_year) {
  auto const& review = rules().therapy.review_threshold;
  EXPECT_EQ(review.rule, "therapy.review_threshold");
  EXPECT_EQ(review.for_year(2024), cents{300000});
  EXPECT_EQ(review.for_year(2026), cents{300000});
  EXPECT_EQ(review.for_year(2017), std::nullopt);
}

TEST(rule_set, therapy_flags_for_codes_and_ranges) {
  auto const& therapy = rules().therapy;
  EXPECT_EQ(therapy.flag_of("97110"), therapy_flag::always);
  EXPECT_EQ(therapy.flag_of("97035"), therapy_flag::always);  // inside 97010..97039
  EXPECT_EQ(therapy.flag_of("97010"), therapy_flag::always);  // range ends are inclusive
  EXPECT_EQ(therapy.flag_of("97039"), therapy_flag::always);
  EXPECT_EQ(therapy.flag_of("97597"), therapy_flag::sometimes);
  EXPECT_EQ(therapy.flag_of("95831"), therapy_flag::sometimes);
  EXPECT_EQ(therapy.flag_of("99213"), std::nullopt);
  EXPECT_EQ(therapy.flag_of(""), std::nullopt);
  EXPECT_EQ(therapy.flag_of("970350"), std::nullopt);  // ranges compare codes of one length
}

TEST(rule_set, code_range_holds_its_ends_and_codes_between_of_its_length) {
  code_range const range{"E0424", "E0486"};
  for (std::string_view inside : {"E0424", "E0430", "E0486"}) {
    EXPECT_TRUE(range.contains(inside)) << inside;
  }
  for (std::string_view outside :
       {"E0423", "E0487", "D9999", "F0000", "K0001", "97110", "e0430", "E043", "E04300", ""}) {
    EXPECT_FALSE(range.contains(outside)) << outside;
  }
  code_range const across{"A9000", "C0010"};  // ends that differ in their first letter
  EXPECT_TRUE(across.contains("B1234"));
  EXPECT_TRUE(across.contains("C0010"));
  EXPECT_FALSE(across.contains("C0011"));
  EXPECT_FALSE(across.contains("A8999"));
}

TEST(rule_set, therapy_types_of_bill_with_and_without_leading_zero) {
  auto const& therapy = rules().therapy;
  EXPECT_TRUE(therapy.is_therapy_type_of_bill("131"));
  EXPECT_TRUE(therapy.is_therapy_type_of_bill("0131"));
  EXPECT_TRUE(therapy.is_therapy_type_of_bill("121"));
  EXPECT_TRUE(therapy.is_therapy_type_of_bill("741"));
  EXPECT_FALSE(therapy.is_therapy_type_of_bill("111"));
  EXPECT_FALSE(therapy.is_therapy_type_of_bill("0111"));
  EXPECT_FALSE(therapy.is_therapy_type_of_bill(""));
}

TEST(rule_set, therapy_revenue_codes) {
  auto const& therapy = rules().therapy;
  EXPECT_TRUE(therapy.is_therapy_revenue_code("0420"));
  EXPECT_TRUE(therapy.is_therapy_revenue_code("0434"));
  EXPECT_TRUE(therapy.is_therapy_revenue_code("0449"));
  EXPECT_FALSE(therapy.is_therapy_revenue_code("0450"));
  EXPECT_FALSE(therapy.is_therapy_revenue_code("0250"));
}

TEST(rule_set, dmepos_policies_for_listed_codes) {
  auto const& dmepos = rules().dmepos;
  struct expectation {
    std::string_view code;
    std::string_view policy;
  };
  for (auto const& [code, policy] :
       {expectation{"E0601", "dmepos.pap"}, expectation{"A7030", "dmepos.pap"},
        expectation{"A7034", "dmepos.pap"}, expectation{"A7035", "dmepos.pap"},
        expectation{"A4253", "dmepos.glucose_monitors"},
        expectation{"A4259", "dmepos.glucose_monitors"},
        expectation{"L1833", "dmepos.knee_orthoses"},
        expectation{"E0784", "dmepos.external_infusion_pumps"}, expectation{"E2402", "dmepos.npwt"},
        expectation{"E0165", "dmepos.commodes"}}) {
    auto const* found = dmepos.policy_for(code);
    ASSERT_NE(found, nullptr) << code;
    EXPECT_EQ(found->id, policy) << code;
  }
  EXPECT_EQ(dmepos.policy_for("E0470"), nullptr);
  EXPECT_EQ(dmepos.policy_for("97110"), nullptr);
}

TEST(rule_set, glucose_supplies_accept_ks_and_pap_does_not) {
  auto const* glucose = rules().dmepos.policy_for("A4253");
  ASSERT_NE(glucose, nullptr);
  EXPECT_EQ(glucose->name, "Glucose monitor supplies");
  auto const accepts = [](dmepos_policy const& p, std::string_view modifier) {
    return std::find(p.accepted_modifiers.begin(), p.accepted_modifiers.end(), modifier) !=
           p.accepted_modifiers.end();
  };
  EXPECT_TRUE(accepts(*glucose, "KS"));
  EXPECT_TRUE(accepts(*glucose, "KX"));
  auto const* pap = rules().dmepos.policy_for("E0601");
  ASSERT_NE(pap, nullptr);
  EXPECT_FALSE(accepts(*pap, "KS"));
  EXPECT_TRUE(accepts(*pap, "GA"));
}

TEST(rule_set, routine_adjustment_reasons) {
  auto const& adjustments = rules().adjustments;
  for (auto carc : {"1", "2", "3", "45", "253"}) EXPECT_TRUE(adjustments.is_routine(carc)) << carc;
  EXPECT_FALSE(adjustments.is_routine("119"));
  EXPECT_FALSE(adjustments.is_routine("4"));
}

TEST(rule_set, action_table_ends_with_a_default) {
  auto const& actions = rules().adjustments.action_rules;
  ASSERT_FALSE(actions.empty());
  auto const& last = actions.back();
  EXPECT_EQ(last.id, "denial.default");
  EXPECT_TRUE(last.carcs_any.empty());
  EXPECT_TRUE(last.rarcs_any.empty());
  EXPECT_TRUE(last.modifiers_any.empty());
  EXPECT_TRUE(last.groups_any.empty());
  EXPECT_FALSE(last.kx.has_value());
  EXPECT_EQ(actions.front().id, "denial.ga_expected");
  auto const no_kx = std::find_if(actions.begin(), actions.end(), [](auto const& rule) {
    return rule.id == "denial.therapy_limit_no_kx";
  });
  ASSERT_NE(no_kx, actions.end());
  EXPECT_EQ(no_kx->kx, false);
  EXPECT_EQ(no_kx->action, denial_action::correct_and_resubmit);
  EXPECT_EQ(no_kx->carcs_any, std::vector<std::string>{"119"});
}

TEST(rule_set, guidance_for_every_rule_finding) {
  for (auto kind : rule_finding_kinds) {
    auto const& text = rules().text(kind);
    EXPECT_FALSE(text.rule.empty()) << name_of(kind);
    EXPECT_FALSE(text.message.empty()) << name_of(kind);
    EXPECT_FALSE(text.guidance.empty()) << name_of(kind);
  }
  EXPECT_EQ(rules().text(finding_kind::therapy_kx_missing).level, severity::error);
  EXPECT_EQ(rules().text(finding_kind::therapy_discipline_missing).rule, "therapy.discipline");
  EXPECT_THROW((void)rules().text(finding_kind::summary), rules_error);
}

TEST(rule_set, kx_threshold_covers_every_year_from_2018_to_2026) {
  for (int year = 2018; year <= 2026; ++year) {
    EXPECT_TRUE(rules().therapy.kx_threshold.for_year(year)) << year;
    EXPECT_TRUE(rules().therapy.review_threshold.for_year(year)) << year;
  }
  EXPECT_EQ(rules().therapy.kx_threshold.for_year(2019), cents{204000});
  EXPECT_EQ(rules().therapy.kx_threshold.for_year(2023), cents{223000});
}

TEST(rule_set, assistant_modifiers_pay_85_percent_from_2022_beside_their_discipline) {
  modifier_set pta;
  pta.add("GP");
  pta.add("CQ");
  auto const* cq = rules().therapy.assistant_on(pta);
  ASSERT_NE(cq, nullptr);
  EXPECT_EQ(cq->modifier, "CQ");
  EXPECT_EQ(cq->discipline_modifier, "GP");
  EXPECT_EQ(cq->payment_percent, 85);
  EXPECT_EQ(cq->reduced_from, date8{20220101});
  modifier_set ota;
  ota.add("CO");
  ASSERT_NE(rules().therapy.assistant_on(ota), nullptr);
  EXPECT_EQ(rules().therapy.assistant_on(ota)->discipline_modifier, "GO");
  EXPECT_EQ(rules().therapy.assistant_on(modifier_set()), nullptr);
}

TEST(rule_set, evaluation_codes_and_revenue_codes_name_their_discipline) {
  auto const& therapy = rules().therapy;
  EXPECT_EQ(therapy.evaluation_discipline.at("97161"), "GP");
  EXPECT_EQ(therapy.evaluation_discipline.at("97164"), "GP");
  EXPECT_EQ(therapy.evaluation_discipline.at("97165"), "GO");
  EXPECT_EQ(therapy.evaluation_discipline.at("97168"), "GO");
  EXPECT_EQ(therapy.evaluation_discipline.count("97110"), 0u);
  EXPECT_EQ(therapy.discipline_of_revenue_code("0421"), "GP");
  EXPECT_EQ(therapy.discipline_of_revenue_code("430"), "GO");
  EXPECT_EQ(therapy.discipline_of_revenue_code("0449"), "GN");
  EXPECT_EQ(therapy.discipline_of_revenue_code("0450"), "");
}

TEST(rule_set, oxygen_date_rule_and_glucose_exclusion_are_loaded) {
  auto const* oxygen = rules().dmepos.policy_for("E1390");
  ASSERT_NE(oxygen, nullptr);
  EXPECT_EQ(oxygen->effective_from, date8{20180801});
  EXPECT_EQ(oxygen->kx_rejected_on(date8{20230331}), nullptr);
  auto const* rule = oxygen->kx_rejected_on(date8{20230401});
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->accepted_modifiers, (std::vector<std::string>{"N1", "N2", "N3"}));
  EXPECT_EQ(rule->applies_to, "new rentals");
  EXPECT_FALSE(rule->source.empty());
  auto const* glucose = rules().dmepos.policy_for("A4253");
  ASSERT_NE(glucose, nullptr);
  EXPECT_EQ(glucose->not_with_kx, std::vector<std::string>{"KS"});
}

// ---------------------------------------------------------------------------------------------
// Defective copies of the rules directory.

/// A fresh copy of rules/ in a temporary directory, removed at the end of the test.
class rule_set_files : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    directory_ = fs::temp_directory_path() /
                 ("x12kx_rule_set_test_" + std::to_string(random()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
    fs::copy(source_path("rules"), directory_, fs::copy_options::recursive);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }

  [[nodiscard]] std::string path(std::string const& file) const {
    return (directory_ / file).string();
  }

  /// Replaces the first `from` in `file` with `to`; fails the test when `from` is absent.
  void edit(std::string const& file, std::string_view from, std::string_view to) {
    std::string text = read_file(path(file));
    auto const at = text.find(from);
    ASSERT_NE(at, std::string::npos) << file << " has no " << from;
    text.replace(at, from.size(), to);
    std::ofstream(path(file), std::ios::binary | std::ios::trunc) << text;
  }

  void write(std::string const& file, std::string_view text) {
    std::ofstream(path(file), std::ios::binary | std::ios::trunc) << text;
  }

  /// Loads the copy and returns the rules_error message; empty when loading succeeded.
  [[nodiscard]] std::string load_error() const {
    try {
      (void)load_rules(directory_.string());
    } catch (rules_error const& e) {
      return e.what();
    }
    return "";
  }

  fs::path directory_;
};

TEST_F(rule_set_files, unchanged_copy_loads) {
  EXPECT_EQ(load_error(), "");
  EXPECT_EQ(load_rules(directory_.string()).therapy.kx_threshold.for_year(2024), cents{233000});
}

TEST_F(rule_set_files, missing_file_names_the_file) {
  fs::remove(path("dmepos.json"));
  EXPECT_THROW((void)load_rules(directory_.string()), rules_error);
  EXPECT_NE(load_error().find("dmepos.json"), std::string::npos) << load_error();
}

TEST_F(rule_set_files, malformed_json_names_the_file) {
  edit("therapy.json", "\"kx_threshold\": {", "\"kx_threshold\": {{");
  EXPECT_THROW((void)load_rules(directory_.string()), rules_error);
  EXPECT_NE(load_error().find("therapy.json"), std::string::npos) << load_error();
}

TEST_F(rule_set_files, truncated_json_names_the_file) {
  write("adjustments.json", "{\"routine_carcs\": [\"1\"");
  EXPECT_NE(load_error().find("adjustments.json"), std::string::npos) << load_error();
}

TEST_F(rule_set_files, a_year_twice_names_the_file_and_the_year) {
  edit("therapy.json", "{\"year\": 2025, \"amount\": 2410.00",
       "{\"year\": 2024, \"amount\": 2410.00");
  auto const message = load_error();
  EXPECT_NE(message.find("therapy.json"), std::string::npos) << message;
  EXPECT_NE(message.find("2024"), std::string::npos) << message;
}

TEST_F(rule_set_files, unknown_therapy_flag_names_the_file) {
  edit("therapy.json", "\"flag\": \"always\"", "\"flag\": \"often\"");
  auto const message = load_error();
  EXPECT_NE(message.find("therapy.json"), std::string::npos) << message;
  EXPECT_NE(message.find("often"), std::string::npos) << message;
}

TEST_F(rule_set_files, code_in_two_policies_names_the_file) {
  edit("dmepos.json", "\"codes\": [\"L1833\"]", "\"codes\": [\"L1833\", \"E0601\"]");
  auto const message = load_error();
  EXPECT_NE(message.find("dmepos.json"), std::string::npos) << message;
  EXPECT_NE(message.find("E0601"), std::string::npos) << message;
}

TEST_F(rule_set_files, action_table_without_default_names_the_file) {
  std::string text = read_file(path("adjustments.json"));
  auto const at = text.find("\"id\": \"denial.default\"");
  ASSERT_NE(at, std::string::npos);
  auto const when = text.find("\"when\": {}", at);
  ASSERT_NE(when, std::string::npos);
  text.replace(when, 10, "\"when\": {\"carcs_any\": [\"1\"]}");
  write("adjustments.json", text);
  auto const message = load_error();
  EXPECT_NE(message.find("adjustments.json"), std::string::npos) << message;
}

TEST_F(rule_set_files, unknown_finding_kind_in_guidance_names_the_file) {
  edit("guidance.json", "\"remit_ambiguous\": {", "\"remit_confused\": {");
  auto const message = load_error();
  EXPECT_NE(message.find("guidance.json"), std::string::npos) << message;
  EXPECT_NE(message.find("remit_confused"), std::string::npos) << message;
}

TEST_F(rule_set_files, missing_guidance_for_a_kind_names_the_file) {
  edit("guidance.json", "\"remit_ambiguous\": {", "\"summary\": {");
  auto const message = load_error();
  EXPECT_NE(message.find("guidance.json"), std::string::npos) << message;
  EXPECT_NE(message.find("remit_ambiguous"), std::string::npos) << message;
}

TEST_F(rule_set_files, missing_version_names_the_manifest) {
  edit("rules.json", "\"rules_version\"", "\"version\"");
  EXPECT_NE(load_error().find("rules.json"), std::string::npos) << load_error();
}

TEST_F(rule_set_files, negative_amount_names_the_file) {
  edit("therapy.json", "\"amount\": 2330.00", "\"amount\": -2330.00");
  EXPECT_NE(load_error().find("therapy.json"), std::string::npos) << load_error();
}

TEST_F(rule_set_files, a_problem_names_the_file_and_the_json_path) {
  edit("therapy.json", "\"amount\": 2330.00", "\"amount\": -2330.00");
  EXPECT_EQ(load_error(),
            "rules: therapy.json: $.kx_threshold.by_year[6].amount: not a non-negative amount\n"
            "rules: therapy.json: $.kx_threshold.by_year: no usable entry for year 2024");
}

TEST_F(rule_set_files, every_problem_is_reported_not_only_the_first) {
  edit("therapy.json", "\"flag\": \"sometimes\"", "\"flag\": \"often\"");
  edit("dmepos.json", "\"from\": \"2023-04-01\"", "\"from\": \"2023-13-01\"");
  edit("dmepos.json", "\"accepted_modifiers\": [\"KX\", \"GA\", \"GY\", \"GZ\"]",
       "\"accepted_modifiers\": [\"KXX\"]");
  edit("guidance.json", "\"severity\": \"info\"", "\"severity\": \"loud\"");
  std::vector<std::string> problems;
  try {
    (void)load_rules(directory_.string());
  } catch (rules_error const& e) {
    problems = e.problems;
  }
  EXPECT_EQ(problems,
            (std::vector<std::string>{
                "rules: therapy.json: $.codes[26].flag: 'often' is neither always nor sometimes",
                "rules: dmepos.json: $.policies[0].accepted_modifiers: 'KXX' is not a "
                "two-character modifier",
                "rules: dmepos.json: $.policies[7].date_rules[0].from: '2023-13-01' is not a "
                "date YYYY-MM-DD",
                "rules: guidance.json: $.findings.therapy_review_threshold.severity: 'loud' is "
                "not error, warning or info",
                "rules: guidance.json: $.findings.therapy_review_threshold: missing"}));
}

TEST_F(rule_set_files, an_entry_without_its_source_is_refused) {
  edit("therapy.json", "{\"prefix\": \"22\", \"status\": \"verified\", \"source\"",
       "{\"prefix\": \"22\", \"status\": \"verified\", \"cited\"");
  EXPECT_EQ(load_error(), "rules: therapy.json: $.institutional.types_of_bill[2].source: missing");
}

TEST_F(rule_set_files, assistant_modifier_must_pair_with_a_discipline) {
  edit("therapy.json", "\"requires\": \"GP\"", "\"requires\": \"KX\"");
  EXPECT_EQ(load_error(),
            "rules: therapy.json: $.assistant_modifiers[0].requires: not GP, GO or GN");
}

TEST_F(rule_set_files, a_policy_without_codes_is_refused) {
  edit("dmepos.json", "\"codes\": [\"L1833\"]", "\"codes\": []");
  EXPECT_EQ(load_error(), "rules: dmepos.json: $.policies[1]: no codes and no ranges");
}

TEST_F(rule_set_files, rules_check_exits_2_with_each_problem_on_standard_error) {
  edit("therapy.json", "\"requires\": \"GP\"", "\"requires\": \"KX\"");
  edit("dmepos.json", "\"codes\": [\"L1833\"]", "\"codes\": []");
  std::string const command = std::string(X12KX_BINARY) + " rules check " + directory_.string() +
                              " 2>&1 >/dev/null; echo \"exit $?\"";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ::pclose(pipe);
  EXPECT_EQ(output,
            "x12kx: rules: therapy.json: $.assistant_modifiers[0].requires: not GP, GO or GN\n"
            "x12kx: rules: dmepos.json: $.policies[1]: no codes and no ranges\n"
            "x12kx: 2 problem(s) in " +
                directory_.string() + "\nexit 2\n");
}

}  // namespace
}  // namespace x12kx
