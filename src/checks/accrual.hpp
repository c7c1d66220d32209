// The yearly therapy KX threshold: accrues therapy lines per member, calendar year and
// bucket across every claim of the run, and judges each line's KX against the total.
#pragma once

#include "checks/accrual_sources.hpp"
#include "claims/claim.hpp"
#include "claims/claim_archive.hpp"
#include "linking/linker.hpp"
#include "rules/rule_set.hpp"

#include <deque>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
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
                                    std::span<remit const> remits);

/// The allowed amount a remit gives an 837 line (remit_allowed of its answer), for callers
/// that work it out while the remit is at hand.
struct line_allowed {
  std::size_t claim_index = 0;
  std::size_t line_index = 0;
  cents allowed = 0;
};

/// What accrual can use besides the claims; every part is optional.
struct accrual_inputs {
  std::vector<line_answer> const* answers = nullptr;  // answers_of(link_remits_detailed(...))
  /// Allowed amounts already worked out, in link order (the last of a line decides); taken
  /// after `answers`.
  std::vector<line_allowed> const* allowed = nullptr;
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

struct accrual_notes;

/// The therapy lines of a run that accrue toward a threshold, noted as each claim arrives,
/// so that the claims themselves can be kept packed in a claim_archive until the end of
/// the run. 24 bytes per accruing line, plus each member id once.
class accrual_ledger {
 public:
  /// Notes the accruing lines of `value`, the claim at `claim_index` of the archive.
  void add(claim const& value, std::size_t claim_index, rule_set const& rules);

  /// Takes the notes made on `claims` (by note_accruing, on any thread), the first of them
  /// at `first_claim_index` of the archive; what is left here is numbering the members.
  void add(accrual_notes const& notes, std::span<claim const> claims,
           std::size_t first_claim_index);

  /// Forgets the lines of the claims from `claim_count` on (a transaction set taken back).
  void truncate(std::size_t claim_count);

  /// Bytes of memory the ledger holds, for the retained-state figures.
  [[nodiscard]] std::size_t memory_bytes() const;

  /// One accruing line: whose bucket it adds to, when, and what accrual needs of it
  /// without decoding its claim. 24 bytes.
  struct entry {
    std::uint32_t member = 0;  // index into member_ids
    std::uint32_t claim_index = 0;
    date8 date;                    // of service; its year picks the threshold
    std::uint16_t line_index = 0;  // the claim builder keeps at most 999 lines a claim
    bucket bucket_id = bucket::pt_slp;
    std::uint8_t flags = 0;  // has_kx | has_liability | basis << basis_shift
    cents amount = 0;        // what the line adds: its charge until priced

    static constexpr std::uint8_t has_kx = 1;
    static constexpr std::uint8_t has_liability = 2;  // GA, GY or GZ on the line
    static constexpr int basis_shift = 2;
    [[nodiscard]] int year() const { return date.year(); }
    [[nodiscard]] bool kx() const { return (flags & has_kx) != 0; }
    [[nodiscard]] bool liability() const { return (flags & has_liability) != 0; }
    [[nodiscard]] accrual_basis basis() const {
      return static_cast<accrual_basis>(flags >> basis_shift);
    }
    void set_amount(line_amount priced) {
      amount = priced.amount;
      flags = static_cast<std::uint8_t>((flags & (has_kx | has_liability)) |
                                        (static_cast<unsigned>(priced.basis) << basis_shift));
    }
  };
  /// A claim whose therapy lines would accrue but that names no member.
  struct nameless_claim {
    std::uint32_t claim_index = 0;
    std::uint32_t line_index = 0;  // its first accruing line
  };

  // Deques: they grow without copying what they hold, so memory stays at what is noted
  // (a vector's doubling would hold up to three times that while it moves).
  std::deque<entry> entries;
  std::deque<nameless_claim> nameless;
  std::vector<std::string const*> member_ids;  // by member index

 private:
  std::unordered_map<std::string, std::uint32_t> members_;
};

/// The accruing lines of some claims, with claim numbers counted from the first of them and
/// no member number yet: what a worker thread can find out before the ledger takes them.
struct accrual_notes {
  std::vector<accrual_ledger::entry> entries;
  std::vector<accrual_ledger::nameless_claim> nameless;
};

accrual_notes note_accruing(std::span<claim const> claims, rule_set const& rules);

/// A threshold finding waiting for output, kept small (a run can hold a million of them)
/// and made into a full finding only when it is written.
struct placed_finding {
  enum class what : std::uint8_t { judged, member_missing, year_missing };
  std::uint32_t claim_index = 0;
  std::uint32_t line_index = 0;
  what type = what::judged;
  finding_kind kind = finding_kind::error;  // of a judged line
  bool review_table = false;                // year_missing: review_threshold, else kx_threshold
  threshold_detail detail;                  // judged: the accrual; year_missing: the year
};

/// The threshold findings of a run in output order (the input order of their lines).
class threshold_findings {
 public:
  threshold_findings(std::vector<placed_finding> placed, rule_set const& rules)
      : placed_(std::move(placed)), rules_(&rules) {}

  [[nodiscard]] std::size_t size() const { return placed_.size(); }

  /// The finding at `index`; threads may make findings at once, each with its own reader.
  [[nodiscard]] finding make(std::size_t index, claim_reader& claims) const;

 private:
  std::vector<placed_finding> placed_;
  rule_set const* rules_;
};

/// Threshold findings for the claims of `archive` noted in `ledger` (whose entries are
/// sorted in place). Members are judged in parallel on the threads oneTBB may use, in
/// ranges of about `range_entries` lines cut between members; the result is the same for
/// any number of threads and any range size.
threshold_findings check_thresholds(claim_archive const& archive, accrual_ledger& ledger,
                                    rule_set const& rules, accrual_inputs const& inputs,
                                    std::size_t range_entries = 16384);

/// Threshold findings for `claims` (in input order), returned in the input order of their
/// lines. Lines accrue in date-of-service order, ties in input order, starting from the
/// year-to-date amounts; each line adds its remit allowed amount when a remit answers it,
/// else its fee-schedule amount, else its charge. (Packs the claims and runs the above.)
std::vector<finding> check_thresholds(std::vector<claim> const& claims, rule_set const& rules,
                                      accrual_inputs const& inputs = {});

}  // namespace x12kx
