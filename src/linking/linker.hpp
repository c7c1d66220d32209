// Links every 835 claim payment and service line to the 837 claim and line it answers, and
// turns non-routine adjustments into denial findings with a next action.
#pragma once

#include "claims/claim.hpp"
#include "remits/remit.hpp"
#include "rules/rule_set.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace x12kx {

/// Receivers need keep only the first 20 characters of CLM01 (X12 RFI 525), so a CLP01 of
/// that length may name a longer CLM01 by its prefix.
constexpr std::size_t payer_claim_id_length = 20;

/// True when a remit whose CLP01 is one of `clp01s` can be linked to a claim with this
/// CLM01: the same id, or the first payer_claim_id_length characters of a longer one.
template <typename Set>
bool named_by_any(std::string_view clm01, Set const& clp01s) {
  if (clp01s.contains(clm01)) return true;
  return clm01.size() > payer_claim_id_length &&
         clp01s.contains(clm01.substr(0, payer_claim_id_length));
}

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

/// Which remit a finding came from, and in which pass: reversals are paired (and unpaired
/// ones reported) over all remits before any remit is linked.
struct finding_origin {
  bool linking_pass = true;  // false: the reversal pass
  std::size_t remit = 0;
};

/// Everything the linker worked out: the findings to write, every link it made (including
/// those of lines paid in full, which make no finding), and which remits were netted.
struct link_result {
  std::vector<finding> findings;
  std::vector<finding_origin> origins;  // one per finding
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
std::vector<finding> link_remits(std::span<claim const> claims, std::span<remit const> remits,
                                 rule_set const& rules);

/// The same, with the links. Remits before `first_reported` are history (payments read in
/// earlier runs): they take their lines and can be reversed, but make no findings or links.
link_result link_remits_detailed(std::span<claim const> claims, std::span<remit const> remits,
                                 rule_set const& rules, std::size_t first_reported = 0);

/// The same for claims and remits in vectors (which may be written as braced lists).
inline std::vector<finding> link_remits(std::vector<claim> const& claims,
                                        std::vector<remit> const& remits, rule_set const& rules) {
  return link_remits(std::span<claim const>(claims), std::span<remit const>(remits), rules);
}
inline link_result link_remits_detailed(std::vector<claim> const& claims,
                                        std::vector<remit> const& remits, rule_set const& rules,
                                        std::size_t first_reported = 0) {
  return link_remits_detailed(std::span<claim const>(claims), std::span<remit const>(remits), rules,
                              first_reported);
}

}  // namespace x12kx
