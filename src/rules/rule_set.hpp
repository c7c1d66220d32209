// The rule data a billing team maintains in rules/*.json, loaded and validated once at start.
#pragma once

#include "claims/modifier_set.hpp"
#include "findings/finding.hpp"

#include <array>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace x12kx {

/// A rule directory that cannot be used. Each problem names the file, the JSON path of the
/// entry (`$.policies[3].codes`) and what is wrong; what() joins them, one per line.
struct rules_error : std::runtime_error {
  explicit rules_error(std::string const& problem)
      : std::runtime_error(problem), problems{problem} {}
  explicit rules_error(std::vector<std::string> list);

  std::vector<std::string> problems;
};

enum class therapy_flag : std::uint8_t { always, sometimes };

/// A yearly amount table with the rule id and the policy it comes from.
struct yearly_amounts {
  std::string rule;
  std::string policy_source;
  std::map<int, cents> by_year;

  [[nodiscard]] std::optional<cents> for_year(int year) const {
    auto const found = by_year.find(year);
    if (found == by_year.end()) return std::nullopt;
    return found->second;
  }
};

struct code_range {
  std::string from;
  std::string to;
  [[nodiscard]] bool contains(std::string_view code) const {
    if (code.size() != from.size()) return false;
    // Every line is looked up in every range, and most codes differ from a range in their
    // first character: decide on it before comparing whole codes.
    if (!code.empty() && to.size() == from.size()) {
      auto const first = static_cast<unsigned char>(code[0]);
      if (first < static_cast<unsigned char>(from[0]) ||
          first > static_cast<unsigned char>(to[0])) {
        return false;
      }
    }
    return code >= from && code <= to;
  }
};

/// CQ or CO: the service was furnished in whole or in part by an assistant.
struct assistant_modifier {
  std::string modifier;             // CQ, CO
  std::string discipline_modifier;  // the plan-of-care modifier it must sit beside: GP, GO
  int payment_percent = 100;        // share of the fee schedule paid from `reduced_from`
  date8 reduced_from;
  std::string source;
};

struct therapy_rules {
  yearly_amounts kx_threshold;
  yearly_amounts review_threshold;
  std::unordered_map<std::string, therapy_flag> codes;
  std::vector<std::pair<code_range, therapy_flag>> code_ranges;
  std::vector<std::string> type_of_bill_prefixes;     // "12" for TOB 12x
  std::vector<std::string> revenue_code_prefixes;     // "042" for 042x
  std::vector<std::string> revenue_code_disciplines;  // GP/GO/GN, parallel to the prefixes
  std::vector<assistant_modifier> assistant_modifiers;
  /// Evaluation codes of one discipline, by the discipline modifier they belong with.
  std::unordered_map<std::string, std::string> evaluation_discipline;
  std::string evaluation_source;

  /// The always/sometimes flag of a procedure code, when it is a therapy code.
  [[nodiscard]] std::optional<therapy_flag> flag_of(std::string_view code) const;
  [[nodiscard]] bool is_therapy_type_of_bill(std::string_view type_of_bill) const;
  [[nodiscard]] bool is_therapy_revenue_code(std::string_view revenue_code) const;
  /// GP, GO or GN for a 042x/043x/044x revenue code; empty for any other.
  [[nodiscard]] std::string_view discipline_of_revenue_code(std::string_view revenue_code) const;
  /// The assistant modifier (CQ/CO) the line carries, if any.
  [[nodiscard]] assistant_modifier const* assistant_on(modifier_set const& modifiers) const;
};

/// A change to a DMEPOS policy's modifiers from a date of service on.
struct dated_modifier_rule {
  date8 from;
  std::string applies_to;  // which claims, in words ("new rentals")
  std::vector<std::string> accepted_modifiers;
  bool kx_rejected = false;
  std::string source;
};

struct dmepos_policy {
  std::string id;
  std::string name;
  std::vector<std::string> accepted_modifiers;
  std::string policy_source;
  date8 effective_from;  // modifiers required from this date of service; empty = always
  std::vector<dated_modifier_rule> date_rules;
  std::vector<std::string> not_with_kx;  // modifiers that contradict KX (glucose: KS)

  /// Whether the line's modifiers include one this policy accepts on `date`. Rules that
  /// depend on facts a claim does not carry (a new or a continuing rental) accept both lists.
  [[nodiscard]] bool accepts(modifier_set const& modifiers, date8 date) const;
  /// The date rule in force on `date` under which KX is rejected, if any.
  [[nodiscard]] dated_modifier_rule const* kx_rejected_on(date8 date) const;
  [[nodiscard]] bool requires_modifier_on(date8 date) const {
    return effective_from.empty() || date >= effective_from;
  }
};

struct dmepos_rules {
  std::vector<dmepos_policy> policies;
  std::unordered_map<std::string, std::size_t> code_to_policy;
  std::vector<std::pair<code_range, std::size_t>> range_to_policy;

  [[nodiscard]] dmepos_policy const* policy_for(std::string_view code) const;
};

/// One row of the ordered denial decision table; first match wins.
struct action_rule {
  std::string id;
  std::vector<std::string> carcs_any;
  std::vector<std::string> rarcs_any;
  std::vector<std::string> modifiers_any;
  std::vector<std::string> groups_any;
  std::optional<bool> kx;
  denial_action action = denial_action::appeal;
  std::string guidance;
  std::string policy_source;
};

struct adjustment_rules {
  std::vector<std::string> routine_carcs;
  std::vector<action_rule> action_rules;

  [[nodiscard]] bool is_routine(std::string_view carc) const;
};

/// The finding kinds whose message, rule and guidance come from rules/guidance.json.
inline constexpr std::array<finding_kind, 14> rule_finding_kinds = {
    finding_kind::therapy_kx_missing,
    finding_kind::therapy_kx_early,
    finding_kind::therapy_review_threshold,
    finding_kind::therapy_liability_modifier,
    finding_kind::kx_non_medicare,
    finding_kind::therapy_discipline_missing,
    finding_kind::kx_conflicting_modifier,
    finding_kind::dmepos_modifier_missing,
    finding_kind::remit_unlinked,
    finding_kind::remit_ambiguous,
    finding_kind::therapy_discipline_mismatch,
    finding_kind::kx_wrong_modifier,
    finding_kind::kx_stripped,
    finding_kind::remit_missing,
};

/// Text and rule id for one finding kind.
struct finding_text {
  std::string rule;
  severity level = severity::warning;
  std::string message;
  std::string guidance;
  std::string policy_source;
};

struct rule_set {
  std::string version;
  therapy_rules therapy;
  dmepos_rules dmepos;
  adjustment_rules adjustments;
  std::array<std::optional<finding_text>, finding_kind_count> texts;

  [[nodiscard]] finding_text const& text(finding_kind kind) const;
};

/// Loads rules.json, therapy.json, dmepos.json, adjustments.json and guidance.json from a
/// directory. Throws rules_error listing every problem found (file, JSON path, reason).
rule_set load_rules(std::string const& directory);

/// The bundled rule directory: $X12KX_RULES when set, else the one the build was made from.
std::string default_rules_directory();

}  // namespace x12kx
