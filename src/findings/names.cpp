// Names of the enumerations as they appear in the JSON output; the output contract.
#include "findings/finding.hpp"

#include <array>

namespace x12kx {
namespace {

constexpr std::array<std::string_view, finding_kind_count> kind_names = {
    "therapy_kx_missing",
    "therapy_kx_early",
    "therapy_review_threshold",
    "therapy_liability_modifier",
    "kx_non_medicare",
    "therapy_discipline_missing",
    "kx_conflicting_modifier",
    "dmepos_modifier_missing",
    "denial",
    "remit_unlinked",
    "remit_ambiguous",
    "therapy_discipline_mismatch",
    "kx_wrong_modifier",
    "kx_stripped",
    "remit_missing",
    "error",
    "summary",
};

constexpr std::array<std::string_view, 18> error_names = {
    "isa_malformed",         "delimiter_conflict",
    "data_outside_envelope", "iea_mismatch",
    "ge_mismatch",           "se_mismatch",
    "missing_trailer",       "unknown_transaction",
    "segment_out_of_place",  "segment_too_long",
    "binary_data",           "element_invalid",
    "element_missing",       "threshold_year_missing",
    "input_unreadable",      "envelope_missing",
    "duplicate_transaction", "loop_limit_exceeded",
};

constexpr std::array<std::string_view, 11> skipped_names = {
    "nothing", "segment",     "line",  "claim", "remit", "transaction",
    "group",   "interchange", "bytes", "file",  "check",
};

constexpr std::array<std::string_view, 3> action_names = {"correct_and_resubmit", "appeal", "none"};

}  // namespace

std::string_view name_of(finding_kind kind) { return kind_names[static_cast<std::size_t>(kind)]; }

std::optional<finding_kind> finding_kind_from(std::string_view name) {
  for (std::size_t i = 0; i < kind_names.size(); ++i) {
    if (kind_names[i] == name) return static_cast<finding_kind>(i);
  }
  return std::nullopt;
}

std::string_view name_of(severity level) {
  switch (level) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::info:
      return "info";
  }
  return "error";
}

std::string_view name_of(error_code code) { return error_names[static_cast<std::size_t>(code)]; }
std::string_view name_of(skipped what) { return skipped_names[static_cast<std::size_t>(what)]; }
std::string_view name_of(bucket value) { return value == bucket::ot ? "ot" : "pt_slp"; }

std::string_view name_of(accrual_basis value) {
  switch (value) {
    case accrual_basis::charge:
      return "charge";
    case accrual_basis::fee_schedule:
      return "fee_schedule";
    case accrual_basis::remit_allowed:
      return "remit_allowed";
  }
  return "charge";
}

std::string_view name_of(link_kind value) {
  switch (value) {
    case link_kind::line_ref:
      return "line_ref";
    case link_kind::match:
      return "match";
    case link_kind::claim:
      return "claim";
  }
  return "claim";
}

std::string_view name_of(denial_action value) {
  return action_names[static_cast<std::size_t>(value)];
}

std::optional<denial_action> denial_action_from(std::string_view name) {
  for (std::size_t i = 0; i < action_names.size(); ++i) {
    if (action_names[i] == name) return static_cast<denial_action>(i);
  }
  return std::nullopt;
}

}  // namespace x12kx
