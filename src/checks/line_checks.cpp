#include "checks/line_checks.hpp"

#include "checks/finding_factory.hpp"

namespace x12kx {
namespace {

bool has_discipline(claim_line const& line) { return line.modifiers.has_any({"GP", "GO", "GN"}); }

bool has_liability_modifier(claim_line const& line) {
  return line.modifiers.has_any({"GA", "GY", "GZ"});
}

bool has_accepted_modifier(claim_line const& line, dmepos_policy const& policy) {
  for (auto const& modifier : policy.accepted_modifiers) {
    if (line.modifiers.has(modifier)) return true;
  }
  return false;
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
    if (is_therapy_line(claim, line, rules) && !has_discipline(line)) {
      out.push_back(line_finding(finding_kind::therapy_discipline_missing, claim, line, rules));
    }
    if (auto const* policy = rules.dmepos.policy_for(line.procedure)) {
      if (!has_accepted_modifier(line, *policy)) {
        message_values values;
        values.policy = policy->name;
        auto f = line_finding(finding_kind::dmepos_modifier_missing, claim, line, rules, values);
        f.policy = policy->name;
        f.rule = rule_detail{policy->id, policy->policy_source, f.rule->guidance};
        out.push_back(std::move(f));
      }
    }
  }
}

}  // namespace x12kx
