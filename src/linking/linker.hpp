// Links every 835 claim payment and service line to the 837 claim and line it answers, and
// turns non-routine adjustments into denial findings with a next action.
#pragma once

#include "claims/claim.hpp"
#include "remits/remit.hpp"
#include "rules/rule_set.hpp"

#include <vector>

namespace x12kx {

/// A remit that answers one 837 line (indexes into the claims given to link_remits).
struct line_answer {
  std::size_t claim_index = 0;
  std::size_t line_index = 0;
  remit const* payment = nullptr;
  remit_line const* paid_line = nullptr;  // null when the payment has no service lines
};

/// Remit findings (denial, remit_unlinked, remit_ambiguous) in the input order of the remits.
///
/// The ladder: CLP01 = CLM01 (or its first 20 characters, which is all payers must keep);
/// then REF*6R; then procedure + modifiers (SVC06 when present) + date + charge + units,
/// one to one, where identical candidates are reported as a tie and never guessed; a
/// payment with no service lines answers every line of its claim. A reversal (CLP02 22) is
/// netted against the earlier payment it reverses, and neither is reported.
///
/// When `answers` is given, every link made is appended to it, in remit order.
std::vector<finding> link_remits(std::vector<claim> const& claims, std::vector<remit> const& remits,
                                 rule_set const& rules,
                                 std::vector<line_answer>* answers = nullptr);

}  // namespace x12kx
