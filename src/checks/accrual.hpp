// The yearly therapy KX threshold: accrues therapy lines per member, calendar year and
// bucket across every claim of the run, and judges each line's KX against the total.
#pragma once

#include "claims/claim.hpp"
#include "rules/rule_set.hpp"

#include <vector>

namespace x12kx {

/// Threshold findings for `claims` (in input order), returned in the input order of their
/// lines. Lines accrue in date-of-service order, ties in input order; the amount accrued is
/// the billed charge (basis "charge").
std::vector<finding> check_thresholds(std::vector<claim> const& claims, rule_set const& rules);

}  // namespace x12kx
