// The yearly therapy KX threshold: accrues therapy lines per member, calendar year and
// bucket across every claim of the run, and judges each line's KX against the total.
#pragma once

#include "checks/accrual_sources.hpp"
#include "claims/claim.hpp"
#include "linking/linker.hpp"
#include "rules/rule_set.hpp"

#include <vector>

namespace x12kx {

/// A remit that answers one 837 line (indexes into the claims given to check_thresholds).
struct line_answer {
  std::size_t claim_index = 0;
  std::size_t line_index = 0;
  remit const* payment = nullptr;
  remit_line const* paid_line = nullptr;  // null when the payment has no service lines
};

/// The linker's links as accrual reads them, in link order. `remits` is the vector the
/// links index into.
std::vector<line_answer> answers_of(std::vector<line_link> const& links,
                                    std::vector<remit> const& remits);

/// What accrual can use besides the claims; every part is optional.
struct accrual_inputs {
  std::vector<line_answer> const* answers = nullptr;  // answers_of(link_remits_detailed(...))
  fee_schedule const* fees = nullptr;
  year_to_date const* opening = nullptr;
};

/// The amount one line adds to its bucket, and where it comes from.
struct line_amount {
  cents amount = 0;
  accrual_basis basis = accrual_basis::charge;
};

/// The allowed amount of a linked remit line: AMT*B6, else SVC02 minus its CO/OA/PI
/// adjustments other than CO-253 (sequestration is taken after the allowed amount); a
/// denied line (CLP02 4, or nothing paid with a non-routine adjustment) allows 0.
/// Empty for a payment without service lines that is not a denial.
std::optional<cents> remit_allowed(line_answer const& answer, adjustment_rules const& rules);

/// The fee-schedule amount of a line: per unit × units, × the assistant percentage for CQ/CO
/// from its date, rounded half-up to the cent, never above the charge. Empty when the code
/// is not in the schedule or the line has no units.
std::optional<cents> fee_schedule_amount(claim_line const& line, fee_schedule const& fees,
                                         therapy_rules const& rules);

/// Threshold findings for `claims` (in input order), returned in the input order of their
/// lines. Lines accrue in date-of-service order, ties in input order, starting from the
/// year-to-date amounts; each line adds its remit allowed amount when a remit answers it,
/// else its fee-schedule amount, else its charge.
std::vector<finding> check_thresholds(std::vector<claim> const& claims, rule_set const& rules,
                                      accrual_inputs const& inputs = {});

}  // namespace x12kx
