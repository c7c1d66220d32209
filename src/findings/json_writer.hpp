// Serializes findings as JSON lines without building a document tree: the keys and their
// order are fixed by the contract (docs/findings.md), so each record is written straight
// into a reusable string buffer.
#pragma once

#include "findings/finding.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace x12kx {

/// The run's totals; the last line of every output.
struct run_summary {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t interchanges = 0;
  std::uint64_t transactions = 0;
  std::uint64_t transactions_rejected = 0;
  std::uint64_t claims = 0;
  std::uint64_t claims_rejected = 0;
  std::uint64_t lines = 0;
  std::uint64_t remits = 0;
  std::uint64_t remits_rejected = 0;
  std::uint64_t remit_lines = 0;
  cents billed = 0;  // CLM02 of the accepted claims
  cents paid = 0;    // CLP04 of the accepted remits; reversals are negative, so this is net
  std::array<std::uint64_t, finding_kind_count> findings{};
  std::string rules_version;
};

/// reconcile: one claim as the store knows it, with what its remits paid and adjusted.
struct claim_reconciliation {
  finding header;                    // claim identity, charge and source; kind is ignored
  std::string_view status;           // open, superseded, voided, void
  date8 received;                    // the day its 837 was recorded
  cents paid = 0;                    // net of reversals
  std::vector<adjustment> adjusted;  // per group code (reason empty), CO PR OA PI first
  std::uint64_t remits = 0;
  std::uint64_t lines = 0;
  std::uint64_t lines_answered = 0;
  std::vector<finding const*> denied_lines;  // the denial records of its lines
};

/// Appends a claim_reconciliation record and a newline to `out`.
void append_json(std::string& out, claim_reconciliation const& r);

/// Appends one finding and a newline to `out`.
void append_json(std::string& out, finding const& f);

/// Appends the summary record and a newline to `out`.
void append_json(std::string& out, run_summary const& summary);

/// Appends cents as a decimal with two places: 233000 -> "2330.00", -5 -> "-0.05".
void append_cents(std::string& out, cents amount);

/// Appends `text` as a JSON string: quotes, escapes, and bytes that are not UTF-8 (such as
/// Windows-1252 letters in names) written as the Latin-1 code point they stand for.
void append_json_string(std::string& out, std::string_view text);

}  // namespace x12kx
