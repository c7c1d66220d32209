#include "rules/rule_set.hpp"

#include <simdjson.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace x12kx {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// A JSON value with its path from the file's root, so a problem can say where it is.
struct node {
  element value;
  std::string path;

  [[nodiscard]] node child(std::string_view key, element at) const {
    return {at, fmt::format("{}.{}", path, key)};
  }
};

/// One bad entry: thrown inside a rule file, caught per entry so reading goes on.
struct entry_problem {
  std::string text;
};

/// Reading one rule file. Every accessor names the file, the JSON path and the reason when
/// the data is wrong; `each` reads an array entry by entry and keeps a problem in one entry
/// from hiding the problems of the others.
class rule_file {
 public:
  rule_file(std::string const& directory, std::string name, std::vector<std::string>& problems)
      : name_(std::move(name)), path_(directory + "/" + name_), problems_(problems) {
    auto const error = parser_.load(path_).get(root_);
    if (error) fail(root(), simdjson::error_message(error));
  }

  [[noreturn]] void fail(node const& at, std::string_view problem) const {
    throw entry_problem{fmt::format("rules: {}: {}: {}", name_, at.path, problem)};
  }
  [[noreturn]] void fail(node const& at, std::string_view key, std::string_view problem) const {
    fail(node{at.value, fmt::format("{}.{}", at.path, key)}, problem);
  }

  [[nodiscard]] node root() const { return {root_, "$"}; }

  /// Runs `read` and records its problem instead of stopping the whole file.
  template <typename Read>
  void guarded(Read&& read) const {
    try {
      read();
    } catch (entry_problem const& problem) {
      problems_.push_back(problem.text);
    }
  }

  /// Calls `read(entry)` for each element of the array at `key`; an entry's problem is
  /// recorded and the next entry is read.
  template <typename Read>
  void each(node const& parent, std::string_view key, Read&& read) const {
    node const items = field(parent, key);
    array list;
    if (items.value.get(list)) fail(items, "not an array");
    std::size_t index = 0;
    for (element item : list) {
      node const entry{item, fmt::format("{}[{}]", items.path, index++)};
      guarded([&] { read(entry); });
    }
  }

  node field(node const& at, std::string_view key) const {
    element value;
    if (at.value.at_key(key).get(value)) fail(at, key, "missing");
    return at.child(key, value);
  }
  std::optional<node> optional_field(node const& at, std::string_view key) const {
    element value;
    if (at.value.at_key(key).get(value)) return std::nullopt;
    return at.child(key, value);
  }
  std::string text(node const& at, std::string_view key) const {
    node const value = field(at, key);
    std::string_view result;
    if (value.value.get(result)) fail(value, "not a string");
    if (result.empty()) fail(value, "empty");
    return std::string(result);
  }
  std::string optional_text(node const& at, std::string_view key) const {
    auto const value = optional_field(at, key);
    std::string_view result;
    if (!value || value->value.get(result)) return "";
    return std::string(result);
  }
  std::vector<std::string> strings(node const& at, std::string_view key) const {
    std::vector<std::string> out;
    auto const value = optional_field(at, key);
    if (!value) return out;
    array items;
    if (value->value.get(items)) fail(*value, "not an array of strings");
    for (element item : items) {
      std::string_view s;
      if (item.get(s) || s.empty()) fail(*value, "not an array of non-empty strings");
      out.emplace_back(s);
    }
    return out;
  }
  std::vector<std::string> modifiers(node const& at, std::string_view key) const {
    auto list = strings(at, key);
    for (auto const& modifier : list) {
      if (modifier.size() != 2) {
        fail(at, key, fmt::format("'{}' is not a two-character modifier", modifier));
      }
    }
    return list;
  }
  cents money(node const& at, std::string_view key) const {
    node const value = field(at, key);
    double amount = 0;
    if (value.value.get(amount) || !(amount >= 0) || amount > 1e12) {
      fail(value, "not a non-negative amount");
    }
    return static_cast<cents>(std::llround(amount * 100.0));
  }
  int integer(node const& at, std::string_view key) const {
    node const value = field(at, key);
    int64_t result = 0;
    if (value.value.get(result)) fail(value, "not an integer");
    if (result < -1000000 || result > 1000000) fail(value, "out of range");
    return static_cast<int>(result);
  }
  bool boolean(node const& at, std::string_view key) const {
    node const value = field(at, key);
    bool result = false;
    if (value.value.get(result)) fail(value, "not true or false");
    return result;
  }
  /// A date written YYYY-MM-DD.
  date8 date(node const& at, std::string_view key) const {
    std::string const written = text(at, key);
    std::string digits;
    if (written.size() == 10 && written[4] == '-' && written[7] == '-') {
      for (char c : written) {
        if (c != '-') digits.push_back(c);
      }
    }
    auto const parsed = grammar::parse_date8(digits);
    if (!parsed) fail(at, key, fmt::format("'{}' is not a date YYYY-MM-DD", written));
    return *parsed;
  }
  /// Every entry must say where it comes from.
  void require_source(node const& at, std::string_view key = "source") const {
    (void)text(at, key);
  }

 private:
  std::string name_;
  std::string path_;
  std::vector<std::string>& problems_;
  simdjson::dom::parser parser_;
  element root_;
};

/// Opens one rule file and runs `read` on it; any problem outside an entry is recorded.
template <typename Read>
void read_file(std::string const& directory, std::string const& name,
               std::vector<std::string>& problems, Read&& read) {
  try {
    rule_file const file(directory, name, problems);
    read(file);
  } catch (entry_problem const& problem) {
    problems.push_back(problem.text);
  }
}

yearly_amounts read_yearly(rule_file const& file, node const& parent, std::string_view key) {
  node const table = file.field(parent, key);
  yearly_amounts result;
  result.rule = file.text(table, "rule");
  result.policy_source = file.text(table, "policy_source");
  file.each(table, "by_year", [&](node const& row) {
    int const year = file.integer(row, "year");
    if (year < 1990 || year > 2100) file.fail(row, "year", fmt::format("{} out of range", year));
    file.require_source(row);
    if (!result.by_year.emplace(year, file.money(row, "amount")).second) {
      file.fail(row, "year", fmt::format("{} appears twice", year));
    }
  });
  if (result.by_year.empty()) file.fail(table, "by_year", "no years");
  // A gap would make a year between two listed ones silently unchecked.
  int expected = result.by_year.begin()->first;
  for (auto const& [year, amount] : result.by_year) {
    if (year != expected) {
      file.guarded([&] {
        file.fail(table, "by_year", fmt::format("no usable entry for year {}", expected));
      });
    }
    expected = year + 1;
  }
  return result;
}

therapy_flag read_flag(rule_file const& file, node const& row) {
  std::string const flag = file.text(row, "flag");
  if (flag == "always") return therapy_flag::always;
  if (flag == "sometimes") return therapy_flag::sometimes;
  file.fail(row, "flag", fmt::format("'{}' is neither always nor sometimes", flag));
}

code_range read_range(rule_file const& file, node const& row) {
  code_range range{file.text(row, "from"), file.text(row, "to")};
  if (range.from.size() != range.to.size() || range.from > range.to) {
    file.fail(row,
              fmt::format("range {}..{} is not ordered codes of one length", range.from, range.to));
  }
  return range;
}

bool is_discipline_modifier(std::string_view modifier) {
  return modifier == "GP" || modifier == "GO" || modifier == "GN";
}

/// therapy.json "disciplines": {"PT": "GP", ...}; returns the modifier of a discipline name.
std::string discipline_modifier(rule_file const& file, node const& disciplines,
                                std::string_view name) {
  std::string const modifier = file.text(disciplines, name);
  if (!is_discipline_modifier(modifier)) {
    file.fail(disciplines, name, fmt::format("'{}' is not GP, GO or GN", modifier));
  }
  return modifier;
}

void read_institutional(rule_file const& file, node const& disciplines, therapy_rules& rules) {
  node const institutional = file.field(file.root(), "institutional");
  file.require_source(institutional);
  file.each(institutional, "types_of_bill", [&](node const& row) {
    std::string prefix = file.text(row, "prefix");
    if (prefix.size() != 2)
      file.fail(row, "prefix", "not the two leading digits of a type of bill");
    file.require_source(row);
    rules.type_of_bill_prefixes.push_back(std::move(prefix));
  });
  file.each(institutional, "revenue_codes", [&](node const& row) {
    std::string prefix = file.text(row, "prefix");
    if (prefix.size() != 3) file.fail(row, "prefix", "not the three leading digits of a code");
    auto modifier = discipline_modifier(file, disciplines, file.text(row, "discipline"));
    rules.revenue_code_prefixes.push_back(std::move(prefix));
    rules.revenue_code_disciplines.push_back(std::move(modifier));
  });
}

void read_assistants(rule_file const& file, therapy_rules& rules) {
  file.each(file.root(), "assistant_modifiers", [&](node const& row) {
    assistant_modifier assistant;
    assistant.modifier = file.text(row, "modifier");
    assistant.discipline_modifier = file.text(row, "requires");
    if (!is_discipline_modifier(assistant.discipline_modifier)) {
      file.fail(row, "requires", "not GP, GO or GN");
    }
    assistant.payment_percent = file.integer(row, "payment_percent");
    if (assistant.payment_percent < 1 || assistant.payment_percent > 100) {
      file.fail(row, "payment_percent", "not between 1 and 100");
    }
    assistant.reduced_from = file.date(row, "effective");
    assistant.source = file.text(row, "source");
    rules.assistant_modifiers.push_back(std::move(assistant));
  });
}

void read_evaluations(rule_file const& file, node const& disciplines, therapy_rules& rules) {
  node const evaluations = file.field(file.root(), "evaluation_codes");
  rules.evaluation_source = file.text(evaluations, "source");
  for (std::string_view name : {"PT", "OT"}) {
    auto const modifier = discipline_modifier(file, disciplines, name);
    for (auto const& code : file.strings(evaluations, name)) {
      rules.evaluation_discipline.emplace(code, modifier);
    }
  }
}

therapy_rules read_therapy(rule_file const& file) {
  therapy_rules rules;
  file.guarded([&] { rules.kx_threshold = read_yearly(file, file.root(), "kx_threshold"); });
  file.guarded(
      [&] { rules.review_threshold = read_yearly(file, file.root(), "review_threshold"); });
  file.each(file.root(), "codes", [&](node const& row) {
    therapy_flag const flag = read_flag(file, row);
    file.require_source(row);
    if (file.optional_field(row, "code")) {
      rules.codes.emplace(file.text(row, "code"), flag);
    } else {
      rules.code_ranges.emplace_back(read_range(file, row), flag);
    }
  });
  node const disciplines = file.field(file.root(), "disciplines");
  file.guarded([&] { read_institutional(file, disciplines, rules); });
  file.guarded([&] { read_assistants(file, rules); });
  file.guarded([&] { read_evaluations(file, disciplines, rules); });
  return rules;
}

dated_modifier_rule read_date_rule(rule_file const& file, node const& row) {
  dated_modifier_rule rule;
  rule.from = file.date(row, "from");
  rule.applies_to = file.text(row, "applies_to");
  rule.accepted_modifiers = file.modifiers(row, "accepted_modifiers");
  if (rule.accepted_modifiers.empty()) file.fail(row, "accepted_modifiers", "empty");
  rule.kx_rejected = file.boolean(row, "kx_rejected");
  rule.source = file.text(row, "source");
  return rule;
}

dmepos_policy read_policy(rule_file const& file, node const& row, std::size_t index,
                          dmepos_rules& rules) {
  dmepos_policy policy;
  policy.id = file.text(row, "id");
  policy.name = file.text(row, "name");
  policy.policy_source = file.text(row, "policy_source");
  policy.accepted_modifiers = file.modifiers(row, "accepted_modifiers");
  if (policy.accepted_modifiers.empty()) file.fail(row, "accepted_modifiers", "empty");
  policy.not_with_kx = file.modifiers(row, "not_with_kx");
  if (file.optional_field(row, "effective_from")) {
    policy.effective_from = file.date(row, "effective_from");
  }
  if (file.optional_field(row, "date_rules")) {
    file.each(row, "date_rules",
              [&](node const& rule) { policy.date_rules.push_back(read_date_rule(file, rule)); });
  }
  auto const codes = file.strings(row, "codes");
  for (auto const& code : codes) {
    if (!rules.code_to_policy.emplace(code, index).second) {
      file.fail(row, "codes", fmt::format("code {} is in two policies", code));
    }
  }
  std::size_t ranges = 0;
  if (file.optional_field(row, "ranges")) {
    file.each(row, "ranges", [&](node const& range) {
      rules.range_to_policy.emplace_back(read_range(file, range), index);
      ++ranges;
    });
  }
  if (codes.empty() && ranges == 0) file.fail(row, "no codes and no ranges");
  return policy;
}

dmepos_rules read_dmepos(rule_file const& file) {
  dmepos_rules rules;
  file.each(file.root(), "policies", [&](node const& row) {
    auto policy = read_policy(file, row, rules.policies.size(), rules);
    rules.policies.push_back(std::move(policy));
  });
  return rules;
}

action_rule read_action_rule(rule_file const& file, node const& row) {
  action_rule rule;
  rule.id = file.text(row, "id");
  node const when = file.field(row, "when");
  rule.carcs_any = file.strings(when, "carcs_any");
  rule.rarcs_any = file.strings(when, "rarcs_any");
  rule.modifiers_any = file.strings(when, "modifiers_any");
  rule.groups_any = file.strings(when, "group_any");
  if (file.optional_field(when, "kx")) rule.kx = file.boolean(when, "kx");
  std::string const action = file.text(row, "action");
  auto const parsed = denial_action_from(action);
  if (!parsed) file.fail(row, "action", fmt::format("unknown action '{}'", action));
  rule.action = *parsed;
  rule.guidance = file.text(row, "guidance");
  rule.policy_source = file.text(row, "policy_source");
  return rule;
}

adjustment_rules read_adjustments(rule_file const& file) {
  adjustment_rules rules;
  rules.routine_carcs = file.strings(file.root(), "routine_carcs");
  file.each(file.root(), "action_rules",
            [&](node const& row) { rules.action_rules.push_back(read_action_rule(file, row)); });
  // Every denial needs an action: the table must end with a rule that always matches.
  auto const is_default = [](action_rule const& rule) {
    return rule.carcs_any.empty() && rule.rarcs_any.empty() && rule.modifiers_any.empty() &&
           rule.groups_any.empty() && !rule.kx;
  };
  if (rules.action_rules.empty() || !is_default(rules.action_rules.back())) {
    file.fail(file.root(), "action_rules", "the last rule must have an empty 'when' (the default)");
  }
  return rules;
}

severity read_severity(rule_file const& file, node const& row) {
  std::string const text = file.text(row, "severity");
  if (text == "error") return severity::error;
  if (text == "warning") return severity::warning;
  if (text == "info") return severity::info;
  file.fail(row, "severity", fmt::format("'{}' is not error, warning or info", text));
}

void read_guidance(rule_file const& file, rule_set& rules) {
  node const findings = file.field(file.root(), "findings");
  object entries;
  if (findings.value.get(entries)) file.fail(findings, "not an object");
  for (auto [key, value] : entries) {
    node const row = findings.child(key, value);
    // Captured by copy: a structured binding cannot be named in a lambda before C++20's
    // P1091 (clang 14, which builds the fuzz target, does not implement it).
    file.guarded([&, key = key] {
      auto const kind = finding_kind_from(key);
      if (!kind) file.fail(row, "not a finding kind");
      finding_text text;
      text.rule = file.text(row, "rule");
      text.level = read_severity(file, row);
      text.message = file.text(row, "message");
      text.guidance = file.text(row, "guidance");
      text.policy_source = file.text(row, "policy_source");
      rules.texts[static_cast<std::size_t>(*kind)] = std::move(text);
    });
  }
  for (auto kind : rule_finding_kinds) {
    if (!rules.texts[static_cast<std::size_t>(kind)]) {
      file.guarded([&] { file.fail(findings, name_of(kind), "missing"); });
    }
  }
}

bool has_prefix(std::vector<std::string> const& prefixes, std::string_view text) {
  for (auto const& prefix : prefixes) {
    if (text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

/// A revenue code as four digits: some senders drop the leading zero (420 for 0420).
std::string four_digit_revenue_code(std::string_view revenue_code) {
  std::string out;
  if (revenue_code.size() == 3) out.push_back('0');
  out.append(revenue_code);
  return out;
}

bool has_modifier(modifier_set const& modifiers, std::vector<std::string> const& list) {
  return std::any_of(list.begin(), list.end(), [&](auto const& m) { return modifiers.has(m); });
}

}  // namespace

rules_error::rules_error(std::vector<std::string> list)
    : std::runtime_error(fmt::format("{}", fmt::join(list, "\n"))), problems(std::move(list)) {}

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
  return has_prefix(revenue_code_prefixes, four_digit_revenue_code(revenue_code));
}

std::string_view therapy_rules::discipline_of_revenue_code(std::string_view revenue_code) const {
  std::string const code = four_digit_revenue_code(revenue_code);
  for (std::size_t i = 0; i < revenue_code_prefixes.size(); ++i) {
    if (code.starts_with(revenue_code_prefixes[i])) return revenue_code_disciplines[i];
  }
  return {};
}

assistant_modifier const* therapy_rules::assistant_on(modifier_set const& modifiers) const {
  for (auto const& assistant : assistant_modifiers) {
    if (modifiers.has(assistant.modifier)) return &assistant;
  }
  return nullptr;
}

bool dmepos_policy::accepts(modifier_set const& modifiers, date8 date) const {
  if (has_modifier(modifiers, accepted_modifiers)) return true;
  return std::any_of(date_rules.begin(), date_rules.end(), [&](auto const& rule) {
    return date >= rule.from && has_modifier(modifiers, rule.accepted_modifiers);
  });
}

dated_modifier_rule const* dmepos_policy::kx_rejected_on(date8 date) const {
  for (auto const& rule : date_rules) {
    if (rule.kx_rejected && date >= rule.from) return &rule;
  }
  return nullptr;
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
  std::vector<std::string> problems;
  read_file(directory, "rules.json", problems, [&](rule_file const& file) {
    rules.version = file.text(file.root(), "rules_version");
  });
  read_file(directory, "therapy.json", problems,
            [&](rule_file const& file) { rules.therapy = read_therapy(file); });
  read_file(directory, "dmepos.json", problems,
            [&](rule_file const& file) { rules.dmepos = read_dmepos(file); });
  read_file(directory, "adjustments.json", problems,
            [&](rule_file const& file) { rules.adjustments = read_adjustments(file); });
  read_file(directory, "guidance.json", problems,
            [&](rule_file const& file) { read_guidance(file, rules); });
  if (!problems.empty()) throw rules_error(std::move(problems));
  return rules;
}

std::string default_rules_directory() {
  if (char const* configured = std::getenv("X12KX_RULES"); configured && *configured) {
    return configured;
  }
  return X12KX_DEFAULT_RULES_DIR;
}

}  // namespace x12kx
