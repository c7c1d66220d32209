// The workload generator's model: a deterministic stream of planned claims (one per index,
// from the seed alone) and, for each, the remittance the payer sends back. The X12 writers
// (gen/x12_writer.hpp) turn plans into 837P, 837I and 835 bytes; tests and benchmarks read
// the plans directly to know the right answers (which remit line answers which claim line,
// which lines are ambiguous, how many denials a scan must report).
//
// Members are few compared with claims, so each member has many therapy visits spread over
// calendar year 2024 and crosses the KX threshold part way through; the generator keeps each
// member's year-to-date charges to decide when KX belongs on a line, and bills it wrongly on
// purpose at a known rate.
#pragma once

#include "claims/modifier_set.hpp"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace x12kx::gen {

using cents = std::int64_t;

enum class claim_kind : std::uint8_t { professional, institutional };

/// What the payer did with one billed line.
enum class line_outcome : std::uint8_t {
  paid,        // CO-45 fee-schedule reduction and PR-2 coinsurance: routine, no finding
  denied_119,  // CO-119 + N640: therapy past the threshold without KX
  denied_151,  // CO-151: frequency not supported (a line with KX), SVC06 shows KX stripped
  denied_50,   // CO-50 + N115 (GZ, no ABN) or PR-50 (GA, ABN on file)
  denied_4,    // CO-4 + N822: DMEPOS line without KX/GA/GY/GZ
};

/// How a remit line finds its claim line in x12kx's linker.
enum class link_answer : std::uint8_t {
  line_ref,   // REF*6R returned as billed
  match,      // no REF*6R; code, modifiers, date, charge and units are unique in the claim
  ambiguous,  // no REF*6R and an identical line in the same claim: reported as a tie
};

/// How the whole claim came back.
enum class remit_shape : std::uint8_t {
  lines,               // CLP with one SVC per billed line
  claim_denied,        // CLP02 4, claim-level CO-16 + MA130, no SVC lines
  reversed_corrected,  // a payment, its reversal (CLP02 22, amounts negated), a correction
  split,               // two CLPs with the same CLP01 and their own CLP07 share the lines
};

struct procedure_code {
  std::string_view code;
  std::string_view revenue_code;  // 837I SV201
  cents unit_charge = 0;
  bool therapy = false;
};

struct line_plan {
  std::uint16_t number = 0;  // LX01
  procedure_code const* procedure = nullptr;
  modifier_set modifiers;
  std::uint16_t units = 1;
  cents charge = 0;
  std::uint32_t service_date = 0;  // CCYYMMDD
  // Known answer of the threshold check: the member's therapy charges in this line's bucket
  // this year, this line included, are above kx_threshold_2024 (accrued in date order).
  bool past_threshold = false;
  // Remit side.
  line_outcome outcome = line_outcome::paid;
  link_answer link = link_answer::line_ref;
  bool patient_liable = false;  // denial under PR (GA: ABN on file)
  bool svc06 = false;           // payer changed the modifiers and reports the billed ones
  // Payer recoded the line: SVC01 carries this code, SVC06 the billed composite.
  procedure_code const* adjudicated = nullptr;
  // A modifier the payer dropped from SVC01 without sending SVC06 (against the TR3, but
  // seen): only the linker's match without modifiers finds the line. Empty: none.
  std::string_view dropped;
  cents allowed = 0;
  cents coinsurance = 0;
  [[nodiscard]] cents paid() const {
    return outcome == line_outcome::paid ? allowed - coinsurance : 0;
  }
  [[nodiscard]] bool denied() const { return outcome != line_outcome::paid; }
};

struct claim_plan {
  std::uint64_t index = 0;  // 0-based position in the file
  std::uint64_t member = 0;
  bool medicare = true;   // SBR09 MB; otherwise CI (commercial)
  bool line_refs = true;  // the 837 sends REF*6R (and the 835 returns it)
  bool dmepos = false;
  remit_shape shape = remit_shape::lines;
  std::size_t split_at = 0;  // remit_shape::split: lines before this index are in the first CLP
  std::uint32_t statement_from = 0;
  std::uint32_t statement_to = 0;
  std::vector<line_plan> lines;

  [[nodiscard]] cents total_charge() const;
};

/// Counts a scan of the generated files must report (for the 837 alone, or 837 + 835).
struct expected_counts {
  std::uint64_t claims = 0;
  std::uint64_t lines = 0;
  std::uint64_t remits = 0;       // CLP segments
  std::uint64_t remit_lines = 0;  // SVC segments
  std::uint64_t denials = 0;      // denial findings once the 835 is linked to the 837
  std::uint64_t ambiguous = 0;    // remit_ambiguous findings
  std::uint64_t reversals = 0;    // CLP02 22 segments
  std::uint64_t kx_missing = 0;   // therapy_kx_missing: past the threshold, no KX (nor GA)
  std::uint64_t kx_early = 0;     // therapy_kx_early: KX on a Medicare therapy line before it

  void add(claim_plan const& claim);
};

struct workload_options {
  std::uint64_t seed = 1;
  claim_kind kind = claim_kind::professional;
};

/// Plans claims one after another. Same seed and kind, same plans: the 835 writer replays
/// the 837's claims this way instead of reading the 837.
class workload {
 public:
  explicit workload(workload_options options);

  /// Plans the claim at the next index; the reference stays valid until the next call.
  claim_plan const& next();

  [[nodiscard]] workload_options const& options() const { return options_; }

 private:
  struct member_state {
    std::array<cents, 2> ytd{};  // PT+SLP, OT: billed therapy charges so far this year
  };
  void plan_therapy(std::uint64_t salt);
  void plan_past_threshold(line_plan& line, unsigned roll);
  void plan_dmepos(std::uint64_t salt);
  void plan_remit(std::uint64_t salt);
  member_state& member(std::uint64_t id);

  workload_options options_;
  std::uint64_t index_ = 0;
  claim_plan claim_;
  std::vector<member_state> members_;
};

/// Claim ids (CLM01 / CLP01), line item control numbers (REF*6R) and payer claim numbers
/// (CLP07) as the writers print them; at most 20 characters, unique per seed and index.
std::string_view claim_id(std::uint64_t seed, std::uint64_t index, std::array<char, 32>& buffer);
std::string_view line_ref(std::uint64_t seed, std::uint64_t index, std::uint16_t line,
                          std::array<char, 32>& buffer);

/// The KX threshold the generator bills against (CY2024, rules/therapy.json).
inline constexpr cents kx_threshold_2024 = 233000;

}  // namespace x12kx::gen
