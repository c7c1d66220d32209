// rules/*.json: the bundled rule set loads with the values the checks rely on, and each kind of
// defect in a rule file is refused with an error that names the file.
#include "rules/rule_set.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

}  // namespace
}  // namespace x12kx
