// Checks that need only one claim: modifier combinations, discipline modifiers, DMEPOS
// policy modifiers, KX off Medicare. Run in parallel, in stage two.
#pragma once

#include "claims/claim.hpp"
#include "rules/rule_set.hpp"

#include <optional>
#include <vector>

namespace x12kx {

/// True when the line is outpatient therapy under the rules: an "always therapy" code, a
/// "sometimes therapy" code under a plan of care (GP/GO/GN), or on an 837I a therapy
/// revenue code (042x/043x/044x) on a therapy type of bill.
bool is_therapy_line(claim const& claim, claim_line const& line, rule_set const& rules);

/// The accrual bucket of a therapy line from its discipline modifier; none without one.
std::optional<bucket> bucket_of(claim_line const& line);

/// Appends the single-claim findings for every line of `claim`, in line order.
void check_claim(claim const& claim, rule_set const& rules, std::vector<finding>& out);

}  // namespace x12kx
