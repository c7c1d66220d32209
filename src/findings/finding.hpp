// A finding: one JSON line of output. The fields follow the contract in docs/findings.md.
#pragma once

#include "grammar/x12_grammar.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {

using grammar::cents;

/// Adds to a running total of cents. X12 amounts may hold 18 digits, so totals of absurd
/// amounts can pass the range of 64-bit cents; the total then stays at the range's end
/// (documented in docs/findings.md) instead of wrapping.
inline void add_saturating(cents& total, cents amount) {
  if (__builtin_add_overflow(total, amount, &total)) {
    total = amount > 0 ? std::numeric_limits<cents>::max() : std::numeric_limits<cents>::min();
  }
}
using grammar::date8;

enum class finding_kind : std::uint8_t {
  therapy_kx_missing,
  therapy_kx_early,
  therapy_review_threshold,
  therapy_liability_modifier,
  kx_non_medicare,
  therapy_discipline_missing,
  kx_conflicting_modifier,
  dmepos_modifier_missing,
  denial,
  remit_unlinked,
  remit_ambiguous,
  therapy_discipline_mismatch,
  kx_wrong_modifier,
  kx_stripped,
  remit_missing,
  error,
  summary,
};
inline constexpr std::size_t finding_kind_count = 17;

std::string_view name_of(finding_kind kind);
std::optional<finding_kind> finding_kind_from(std::string_view name);

enum class severity : std::uint8_t { error, warning, info };
std::string_view name_of(severity level);

/// Where a record's bytes came from: the file and the envelope control numbers around it.
struct envelope_info {
  std::string file;
  std::string isa13;
  std::string gs06;
  std::string st02;
  std::string version;  // GS08
  std::string sender;   // ISA06; not written to findings, keys the claim store
};
using envelope_ptr = std::shared_ptr<envelope_info const>;

struct source_location {
  envelope_ptr envelope;
  std::uint64_t offset = 0;
};

/// Input defects, one documented code each (docs/findings.md, "Error codes").
enum class error_code : std::uint8_t {
  isa_malformed,
  delimiter_conflict,
  data_outside_envelope,
  iea_mismatch,
  ge_mismatch,
  se_mismatch,
  missing_trailer,
  unknown_transaction,
  segment_out_of_place,
  segment_too_long,
  binary_data,
  element_invalid,
  element_missing,
  threshold_year_missing,
  input_unreadable,
  envelope_missing,
  duplicate_transaction,
  loop_limit_exceeded,
};
std::string_view name_of(error_code code);

/// What an error made x12kx leave out.
enum class skipped : std::uint8_t {
  nothing,
  segment,
  line,
  claim,
  remit,
  transaction,
  group,
  interchange,
  bytes,
  file,
  check
};
std::string_view name_of(skipped what);

/// True when the skipped part is input that was not read (exit status 3).
inline bool is_input_loss(skipped what) {
  return what != skipped::nothing && what != skipped::check;
}

struct error_detail {
  error_code code = error_code::element_invalid;
  std::string segment;                            // segment id, empty when none
  std::optional<std::uint32_t> segment_position;  // within the transaction, ST = 1
  std::optional<std::uint32_t> element;           // X12 element position
  skipped what = skipped::nothing;
  std::string detail;  // short, never member data
};

enum class bucket : std::uint8_t { pt_slp, ot };
std::string_view name_of(bucket value);

enum class accrual_basis : std::uint8_t { charge, fee_schedule, remit_allowed };
std::string_view name_of(accrual_basis value);

struct threshold_detail {
  int year = 0;
  bucket bucket_id = bucket::pt_slp;
  cents threshold = 0;
  cents ytd_before = 0;
  cents ytd_after = 0;
  accrual_basis basis = accrual_basis::charge;
};

/// Where a rule finding's rule, source and guidance came from (strings live in the rule set).
struct rule_detail {
  std::string_view rule;
  std::string_view policy_source;
  std::string_view guidance;
};

struct adjustment {
  std::string group;   // CO, PR, OA, PI
  std::string reason;  // CARC
  cents amount = 0;
};

struct remit_reference {
  source_location source;
  std::string status;          // CLP02
  std::string payer_claim_id;  // CLP07
  cents paid = 0;
};

enum class link_kind : std::uint8_t { line_ref, match, claim };
std::string_view name_of(link_kind value);

enum class denial_action : std::uint8_t { correct_and_resubmit, appeal, none };
std::string_view name_of(denial_action value);
std::optional<denial_action> denial_action_from(std::string_view name);

struct denial_detail {
  std::vector<adjustment> adjustments;
  std::vector<std::string> remarks;
  link_kind link = link_kind::claim;
  bool kx_on_claim_line = false;
  denial_action action = denial_action::appeal;
};

/// remit_missing: how long a claim line has waited for its 835.
struct waiting_detail {
  date8 received;  // the day the 837 was recorded in the store
  std::int64_t days = 0;
};

struct candidate {
  std::uint32_t line_number = 0;
  std::string line_ref;
};

/// One output record other than the summary.
struct finding {
  finding_kind kind = finding_kind::error;
  severity level = severity::error;
  std::string message;

  // The claim line the finding is about; empty optionals are written as null.
  std::string claim_id;
  std::string member_id;
  std::optional<std::uint32_t> line_number;
  std::string line_ref;
  std::string procedure;
  std::vector<std::string> modifiers;
  std::optional<date8> service_date;
  std::optional<cents> charge;
  source_location source;

  std::optional<rule_detail> rule;
  std::optional<threshold_detail> threshold;
  std::optional<error_detail> error;
  std::string policy;  // dmepos_modifier_missing, kx_wrong_modifier: the policy's name
  std::optional<denial_detail> denial;
  std::optional<remit_reference> remit;
  std::vector<candidate> candidates;
  std::optional<waiting_detail> waiting;
};

/// An error record about `source`: an error when input was lost, else a warning, with the
/// detail as its message. Callers add the claim id or line identity where they know it.
inline finding error_finding(source_location source, error_detail detail) {
  finding f;
  f.kind = finding_kind::error;
  f.level = is_input_loss(detail.what) ? severity::error : severity::warning;
  f.message = detail.detail;
  f.source = std::move(source);
  f.error = std::move(detail);
  return f;
}

}  // namespace x12kx
