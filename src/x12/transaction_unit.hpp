// The unit of parallel work: the segments of one transaction set (or of a slice of a large
// one, cut at a claim boundary), copied out of the read buffer so that a worker thread can
// parse it while stage one reads on.
#pragma once

#include "claims/claim.hpp"
#include "findings/finding.hpp"
#include "remits/remit.hpp"
#include "x12/delimiters.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx::x12 {

enum class transaction_type : std::uint8_t { none, claim_837, remit_835 };

/// Where one segment lies in the unit's byte buffer and in its file.
struct segment_record {
  std::uint32_t begin = 0;
  std::uint32_t length = 0;
  std::uint64_t offset = 0;    // in the file
  std::uint32_t position = 0;  // within the transaction; ST = 1
  bool replayed = false;       // loop context repeated at the head of a slice
};

/// Counts that the run summary adds up; each unit reports its own share.
struct unit_counts {
  std::uint64_t interchanges = 0;
  std::uint64_t transactions = 0;
  std::uint64_t transactions_rejected = 0;
  std::uint64_t claims = 0;
  std::uint64_t claims_rejected = 0;
  std::uint64_t lines = 0;
  std::uint64_t remits = 0;
  std::uint64_t remits_rejected = 0;
  std::uint64_t remit_lines = 0;
};

struct transaction_unit {
  std::uint64_t sequence = 0;
  std::uint32_t file_index = 0;
  transaction_type type = transaction_type::none;
  envelope_ptr envelope;
  delimiters delims;
  std::string bytes;
  std::vector<segment_record> segments;

  // Filled by stage one (envelope faults) and stage two (content findings, claims, remits).
  std::vector<finding> findings;
  std::vector<claim> claims;
  std::vector<remit> remits;
  unit_counts counts;
  /// --strict: an envelope fault rejected the transaction; what stage two builds is counted
  /// as rejected and not checked.
  bool rejected = false;

  /// Moves the claims and remits built from a rejected transaction into the rejected counts.
  void drop_rejected_contents() {
    counts.claims_rejected += claims.size();
    counts.remits_rejected += remits.size();
    claims.clear();
    remits.clear();
  }

  [[nodiscard]] std::string_view segment_bytes(segment_record const& record) const {
    return std::string_view(bytes).substr(record.begin, record.length);
  }
};

}  // namespace x12kx::x12
