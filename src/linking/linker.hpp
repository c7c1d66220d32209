// Links every 835 claim payment and service line to the 837 claim and line it answers, and
// turns non-routine adjustments into denial findings with a next action.
#pragma once

#include "claims/claim.hpp"
#include "remits/remit.hpp"
#include "rules/rule_set.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace x12kx {

/// One answer: a remit line (or a payment without service lines) and the 837 line it
/// answers, by index into the vectors given to link_remits_detailed.
struct line_link {
  std::size_t remit = 0;
  std::optional<std::size_t> remit_line;  // empty: the payment had no SVC lines
  std::size_t claim = 0;
  std::size_t claim_line = 0;
  link_kind how = link_kind::match;
  std::optional<std::size_t> denial;  // index in link_result::findings of its denial record
};

/// Everything the linker worked out: the findings to write, every link it made (including
/// those of lines paid in full, which make no finding), and which remits were netted.
struct link_result {
  std::vector<finding> findings;
  std::vector<line_link> links;
  std::vector<bool> reversed;  // per remit: a reversal or the payment it cancelled
  std::vector<std::optional<std::size_t>> claim_of;  // per remit: the claim its CLP01 names
};

/// Remit findings (denial, remit_unlinked, remit_ambiguous) in the input order of the remits.
///
/// The ladder: CLP01 = CLM01 (or its first 20 characters, which is all payers must keep);
/// then REF*6R; then procedure + modifiers (SVC06 when present) + date + charge + units,
/// one to one, where identical candidates are reported as a tie and never guessed; a
/// payment with no service lines answers every line of its claim. A reversal (CLP02 22) is
/// netted against the earlier payment it reverses, and neither is reported.
std::vector<finding> link_remits(std::vector<claim> const& claims, std::vector<remit> const& remits,
                                 rule_set const& rules);

/// The same, with the links. Remits before `first_reported` are history (payments read in
/// earlier runs): they take their lines and can be reversed, but make no findings or links.
link_result link_remits_detailed(std::vector<claim> const& claims, std::vector<remit> const& remits,
                                 rule_set const& rules, std::size_t first_reported = 0);

}  // namespace x12kx
