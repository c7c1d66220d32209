#include "checks/line_checks.hpp"

#include "checks/finding_factory.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <cstddef>
#include <string_view>

namespace x12kx {
namespace {

bool has_discipline(claim_line const& line) { return line.modifiers.has_any({"GP", "GO", "GN"}); }

bool has_liability_modifier(claim_line const& line) {
  return line.modifiers.has_any({"GA", "GY", "GZ"});
}

/// The discipline modifiers on a line, in billed order; at most the line's four modifiers, so
/// kept inline: this runs for every therapy line.
struct discipline_list {
  std::array<std::string_view, 4> codes{};
  std::size_t count = 0;

  [[nodiscard]] bool empty() const { return count == 0; }
  [[nodiscard]] std::size_t size() const { return count; }
  [[nodiscard]] std::string_view front() const { return codes[0]; }
  [[nodiscard]] auto begin() const { return codes.begin(); }
  [[nodiscard]] auto end() const { return codes.begin() + static_cast<std::ptrdiff_t>(count); }
};

discipline_list disciplines_on(claim_line const& line) {
  discipline_list found;
  for (std::size_t i = 0; i < line.modifiers.size() && found.count < found.codes.size(); ++i) {
    auto const m = line.modifiers[i];
    if (m == "GP" || m == "GO" || m == "GN") found.codes[found.count++] = m;
  }
  return found;
}

/// Why the line's modifiers name two disciplines, or empty when they agree: two plan-of-care
/// modifiers, an assistant modifier beside the wrong one (CQ needs GP, CO needs GO), an
/// evaluation code of the other discipline, or (837I) a revenue code of another discipline.
std::string discipline_conflict(claim const& claim, claim_line const& line,
                                therapy_rules const& rules) {
  auto const disciplines = disciplines_on(line);
  if (disciplines.size() > 1) {
    return fmt::format("{} on one line",
                       fmt::join(disciplines.begin(), disciplines.end(), " and "));
  }
  if (auto const* assistant = rules.assistant_on(line.modifiers)) {
    if (!line.modifiers.has(assistant->discipline_modifier)) {
      return fmt::format("{} is used only with {}", assistant->modifier,
                         assistant->discipline_modifier);
    }
  }
  if (disciplines.empty()) return {};
  auto const billed = disciplines.front();
  if (auto const found = rules.evaluation_discipline.find(line.procedure);
      found != rules.evaluation_discipline.end() && found->second != billed) {
    return fmt::format("evaluation code {} belongs with {}, not {}", line.procedure, found->second,
                       billed);
  }
  if (claim.format == claim_format::institutional) {
    auto const expected = rules.discipline_of_revenue_code(line.revenue_code);
    if (!expected.empty() && expected != billed) {
      return fmt::format("revenue code {} belongs with {}, not {}", line.revenue_code, expected,
                         billed);
    }
  }
  return {};
}

/// Why KX is the wrong modifier for a DMEPOS line, and the source that says so.
struct kx_problem {
  std::string why;  // empty when KX is not wrong here
  std::string_view source;
};

kx_problem wrong_kx(claim_line const& line, dmepos_policy const& policy) {
  if (!line.modifiers.has("KX")) return {};
  for (auto const& other : policy.not_with_kx) {
    if (line.modifiers.has(other)) {
      return {fmt::format("KX and {} say opposite things; use one", other), policy.policy_source};
    }
  }
  // The claim does not say whether a rental is new, so the finding names that assumption.
  if (auto const* rule = policy.kx_rejected_on(line.service_date)) {
    return {fmt::format("{} from {:04}-{:02}-{:02} use {} instead of KX (assumes a new rental)",
                        rule->applies_to, rule->from.year(), rule->from.month(), rule->from.day(),
                        fmt::join(rule->accepted_modifiers, ", ")),
            rule->source};
  }
  return {};
}

finding policy_finding(finding_kind kind, claim const& claim, claim_line const& line,
                       rule_set const& rules, dmepos_policy const& policy,
                       std::string_view detail = {}) {
  message_values values;
  values.policy = policy.name;
  values.detail = detail;
  auto f = line_finding(kind, claim, line, rules, values);
  f.policy = policy.name;
  f.rule = rule_detail{policy.id, policy.policy_source, f.rule->guidance};
  return f;
}

void check_dmepos(claim const& claim, claim_line const& line, rule_set const& rules,
                  std::vector<finding>& out) {
  auto const* policy = rules.dmepos.policy_for(line.procedure);
  if (policy == nullptr) return;
  if (policy->requires_modifier_on(line.service_date) &&
      !policy->accepts(line.modifiers, line.service_date)) {
    out.push_back(
        policy_finding(finding_kind::dmepos_modifier_missing, claim, line, rules, *policy));
  }
  if (auto const problem = wrong_kx(line, *policy); !problem.why.empty()) {
    auto f =
        policy_finding(finding_kind::kx_wrong_modifier, claim, line, rules, *policy, problem.why);
    f.rule->policy_source = problem.source;
    out.push_back(std::move(f));
  }
}

}  // namespace

bool is_therapy_line(claim const& claim, claim_line const& line, rule_set const& rules) {
  if (auto const flag = rules.therapy.flag_of(line.procedure)) {
    return *flag == therapy_flag::always || has_discipline(line);
  }
  return claim.format == claim_format::institutional &&
         rules.therapy.is_therapy_revenue_code(line.revenue_code) &&
         rules.therapy.is_therapy_type_of_bill(claim.type_of_bill);
}

std::optional<bucket> bucket_of(claim_line const& line) {
  if (line.modifiers.has("GO")) return bucket::ot;
  if (line.modifiers.has_any({"GP", "GN"})) return bucket::pt_slp;
  return std::nullopt;
}

void check_claim(claim const& claim, rule_set const& rules, std::vector<finding>& out) {
  for (auto const& line : claim.lines) {
    bool const kx = line.modifiers.has("KX");
    if (kx && has_liability_modifier(line)) {
      out.push_back(line_finding(finding_kind::kx_conflicting_modifier, claim, line, rules));
    }
    if (!claim.is_medicare()) {
      if (kx) out.push_back(line_finding(finding_kind::kx_non_medicare, claim, line, rules));
      continue;
    }
    if (is_therapy_line(claim, line, rules)) {
      if (!has_discipline(line)) {
        out.push_back(line_finding(finding_kind::therapy_discipline_missing, claim, line, rules));
      }
      if (auto const why = discipline_conflict(claim, line, rules.therapy); !why.empty()) {
        message_values values;
        values.detail = why;
        out.push_back(
            line_finding(finding_kind::therapy_discipline_mismatch, claim, line, rules, values));
      }
    }
    check_dmepos(claim, line, rules, out);
  }
}

}  // namespace x12kx
