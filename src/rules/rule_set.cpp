#include "rules/rule_set.hpp"

#include <simdjson.h>

#include <fmt/format.h>
#include <cmath>
#include <cstdlib>

namespace x12kx {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// Reading one rule file: every accessor names the file and the key when the data is wrong.
class rule_file {
 public:
  rule_file(std::string const& directory, std::string name)
      : name_(std::move(name)), path_(directory + "/" + name_) {
    auto const error = parser_.load(path_).get(root_);
    if (error) fail("", simdjson::error_message(error));
  }

  [[noreturn]] void fail(std::string_view key, std::string_view problem) const {
    throw rules_error(
        fmt::format("rules: {}{}{}: {}", name_, key.empty() ? "" : ": ", key, problem));
  }

  [[nodiscard]] element root() const { return root_; }

  element field(element node, std::string_view key) const {
    element value;
    if (node.at_key(key).get(value)) fail(key, "missing");
    return value;
  }
  std::optional<element> optional_field(element node, std::string_view key) const {
    element value;
    if (node.at_key(key).get(value)) return std::nullopt;
    return value;
  }
  std::string text(element node, std::string_view key) const {
    std::string_view value;
    if (field(node, key).get(value)) fail(key, "not a string");
    return std::string(value);
  }
  std::string optional_text(element node, std::string_view key) const {
    auto const value = optional_field(node, key);
    std::string_view result;
    if (!value || value->get(result)) return "";
    return std::string(result);
  }
  array list(element node, std::string_view key) const {
    array value;
    if (field(node, key).get(value)) fail(key, "not an array");
    return value;
  }
  std::vector<std::string> strings(element node, std::string_view key) const {
    std::vector<std::string> out;
    auto const value = optional_field(node, key);
    if (!value) return out;
    array items;
    if (value->get(items)) fail(key, "not an array of strings");
    for (element item : items) {
      std::string_view s;
      if (item.get(s)) fail(key, "not an array of strings");
      out.emplace_back(s);
    }
    return out;
  }
  cents money(element node, std::string_view key) const {
    double value = 0;
    if (field(node, key).get(value) || !(value >= 0) || value > 1e12) {
      fail(key, "not a non-negative amount");
    }
    return static_cast<cents>(std::llround(value * 100.0));
  }
  int integer(element node, std::string_view key) const {
    int64_t value = 0;
    if (field(node, key).get(value)) fail(key, "not an integer");
    return static_cast<int>(value);
  }

 private:
  std::string name_;
  std::string path_;
  simdjson::dom::parser parser_;
  element root_;
};

yearly_amounts read_yearly(rule_file const& file, element node, std::string_view key) {
  element const table = file.field(node, key);
  yearly_amounts result;
  result.rule = file.text(table, "rule");
  result.policy_source = file.text(table, "policy_source");
  for (element row : file.list(table, "by_year")) {
    int const year = file.integer(row, "year");
    if (year < 1990 || year > 2100) file.fail(key, fmt::format("year {} out of range", year));
    if (!result.by_year.emplace(year, file.money(row, "amount")).second) {
      file.fail(key, fmt::format("year {} appears twice", year));
    }
  }
  if (result.by_year.empty()) file.fail(key, "no years");
  return result;
}

therapy_flag read_flag(rule_file const& file, element row) {
  std::string const flag = file.text(row, "flag");
  if (flag == "always") return therapy_flag::always;
  if (flag == "sometimes") return therapy_flag::sometimes;
  file.fail("codes", fmt::format("flag '{}' is neither always nor sometimes", flag));
}

code_range read_range(rule_file const& file, element row, std::string_view key) {
  code_range range{file.text(row, "from"), file.text(row, "to")};
  if (range.from.size() != range.to.size() || range.from > range.to) {
    file.fail(key,
              fmt::format("range {}..{} is not ordered codes of one length", range.from, range.to));
  }
  return range;
}

therapy_rules read_therapy(std::string const& directory) {
  rule_file const file(directory, "therapy.json");
  therapy_rules rules;
  rules.kx_threshold = read_yearly(file, file.root(), "kx_threshold");
  rules.review_threshold = read_yearly(file, file.root(), "review_threshold");
  for (element row : file.list(file.root(), "codes")) {
    therapy_flag const flag = read_flag(file, row);
    if (file.optional_field(row, "code")) {
      rules.codes.emplace(file.text(row, "code"), flag);
    } else {
      rules.code_ranges.emplace_back(read_range(file, row, "codes"), flag);
    }
  }
  element const institutional = file.field(file.root(), "institutional");
  for (element row : file.list(institutional, "types_of_bill")) {
    rules.type_of_bill_prefixes.push_back(file.text(row, "prefix"));
  }
  for (element row : file.list(institutional, "revenue_codes")) {
    rules.revenue_code_prefixes.push_back(file.text(row, "prefix"));
  }
  return rules;
}

dmepos_rules read_dmepos(std::string const& directory) {
  rule_file const file(directory, "dmepos.json");
  dmepos_rules rules;
  for (element row : file.list(file.root(), "policies")) {
    dmepos_policy policy;
    policy.id = file.text(row, "id");
    policy.name = file.text(row, "name");
    policy.policy_source = file.text(row, "policy_source");
    policy.accepted_modifiers = file.strings(row, "accepted_modifiers");
    std::size_t const index = rules.policies.size();
    for (auto const& code : file.strings(row, "codes")) {
      if (!rules.code_to_policy.emplace(code, index).second) {
        file.fail("codes", fmt::format("code {} is in two policies", code));
      }
    }
    if (auto ranges = file.optional_field(row, "ranges")) {
      array items;
      if (ranges->get(items)) file.fail("ranges", "not an array");
      for (element range : items) {
        rules.range_to_policy.emplace_back(read_range(file, range, "ranges"), index);
      }
    }
    rules.policies.push_back(std::move(policy));
  }
  return rules;
}

adjustment_rules read_adjustments(std::string const& directory) {
  rule_file const file(directory, "adjustments.json");
  adjustment_rules rules;
  rules.routine_carcs = file.strings(file.root(), "routine_carcs");
  for (element row : file.list(file.root(), "action_rules")) {
    action_rule rule;
    rule.id = file.text(row, "id");
    element const when = file.field(row, "when");
    rule.carcs_any = file.strings(when, "carcs_any");
    rule.rarcs_any = file.strings(when, "rarcs_any");
    rule.modifiers_any = file.strings(when, "modifiers_any");
    rule.groups_any = file.strings(when, "group_any");
    if (auto kx = file.optional_field(when, "kx")) {
      bool value = false;
      if (kx->get(value)) file.fail("kx", "not true or false");
      rule.kx = value;
    }
    std::string const action = file.text(row, "action");
    auto const parsed = denial_action_from(action);
    if (!parsed) file.fail("action", fmt::format("unknown action '{}'", action));
    rule.action = *parsed;
    rule.guidance = file.text(row, "guidance");
    rule.policy_source = file.optional_text(row, "policy_source");
    rules.action_rules.push_back(std::move(rule));
  }
  // Every denial needs an action: the table must end with a rule that always matches.
  auto const is_default = [](action_rule const& rule) {
    return rule.carcs_any.empty() && rule.rarcs_any.empty() && rule.modifiers_any.empty() &&
           rule.groups_any.empty() && !rule.kx;
  };
  if (rules.action_rules.empty() || !is_default(rules.action_rules.back())) {
    file.fail("action_rules", "the last rule must have an empty 'when' (the default)");
  }
  return rules;
}

severity read_severity(rule_file const& file, std::string const& text) {
  if (text == "error") return severity::error;
  if (text == "warning") return severity::warning;
  if (text == "info") return severity::info;
  file.fail("severity", fmt::format("'{}' is not error, warning or info", text));
}

void read_guidance(std::string const& directory, rule_set& rules) {
  rule_file const file(directory, "guidance.json");
  object findings;
  if (file.field(file.root(), "findings").get(findings)) file.fail("findings", "not an object");
  for (auto [key, value] : findings) {
    auto const kind = finding_kind_from(key);
    if (!kind) file.fail(key, "not a finding kind");
    finding_text text;
    text.rule = file.text(value, "rule");
    text.level = read_severity(file, file.text(value, "severity"));
    text.message = file.text(value, "message");
    text.guidance = file.text(value, "guidance");
    text.policy_source = file.text(value, "policy_source");
    rules.texts[static_cast<std::size_t>(*kind)] = std::move(text);
  }
  for (auto kind : rule_finding_kinds) {
    if (!rules.texts[static_cast<std::size_t>(kind)]) file.fail(name_of(kind), "missing");
  }
}

bool has_prefix(std::vector<std::string> const& prefixes, std::string_view text) {
  for (auto const& prefix : prefixes) {
    if (text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

std::optional<therapy_flag> therapy_rules::flag_of(std::string_view code) const {
  if (auto const found = codes.find(std::string(code)); found != codes.end()) {
    return found->second;
  }
  for (auto const& [range, flag] : code_ranges) {
    if (range.contains(code)) return flag;
  }
  return std::nullopt;
}

bool therapy_rules::is_therapy_type_of_bill(std::string_view type_of_bill) const {
  // A type of bill may be written with its leading zero (0131) or without it (131).
  if (type_of_bill.size() == 4 && type_of_bill[0] == '0') type_of_bill.remove_prefix(1);
  return has_prefix(type_of_bill_prefixes, type_of_bill);
}

bool therapy_rules::is_therapy_revenue_code(std::string_view revenue_code) const {
  // Revenue codes are four digits; some senders drop the leading zero (420 for 0420).
  if (revenue_code.size() == 3) {
    std::string padded(1, '0');
    padded.append(revenue_code);
    return has_prefix(revenue_code_prefixes, padded);
  }
  return has_prefix(revenue_code_prefixes, revenue_code);
}

dmepos_policy const* dmepos_rules::policy_for(std::string_view code) const {
  if (auto const found = code_to_policy.find(std::string(code)); found != code_to_policy.end()) {
    return &policies[found->second];
  }
  for (auto const& [range, index] : range_to_policy) {
    if (range.contains(code)) return &policies[index];
  }
  return nullptr;
}

bool adjustment_rules::is_routine(std::string_view carc) const {
  for (auto const& code : routine_carcs) {
    if (code == carc) return true;
  }
  return false;
}

finding_text const& rule_set::text(finding_kind kind) const {
  auto const& text = texts[static_cast<std::size_t>(kind)];
  if (!text) throw rules_error(fmt::format("rules: no guidance for {}", name_of(kind)));
  return *text;
}

rule_set load_rules(std::string const& directory) {
  rule_set rules;
  {
    rule_file const manifest(directory, "rules.json");
    rules.version = manifest.text(manifest.root(), "rules_version");
  }
  rules.therapy = read_therapy(directory);
  rules.dmepos = read_dmepos(directory);
  rules.adjustments = read_adjustments(directory);
  read_guidance(directory, rules);
  return rules;
}

std::string default_rules_directory() {
  if (char const* configured = std::getenv("X12KX_RULES"); configured && *configured) {
    return configured;
  }
  return X12KX_DEFAULT_RULES_DIR;
}

}  // namespace x12kx
