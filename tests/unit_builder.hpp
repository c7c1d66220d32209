// Builds a transaction unit by hand, as stage one would, for the claim and remit builder tests.
#pragma once

#include "claims/claim_builder.hpp"
#include "remits/remit_builder.hpp"
#include "x12/transaction_unit.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace x12kx::testing {

/// Segments are written with '*' and ':' and stored with the unit's delimiters; offsets
/// advance as if each segment ended with "~\n".
class unit_builder {
 public:
  explicit unit_builder(x12::transaction_type type, x12::delimiters delims = {}) {
    unit_.type = type;
    unit_.delims = delims;
    bool const claims = type == x12::transaction_type::claim_837;
    auto envelope = std::make_shared<envelope_info>();
    envelope->file = claims ? "test.837" : "test.835";
    envelope->isa13 = claims ? "000000101" : "000000301";
    envelope->gs06 = claims ? "101" : "301";
    envelope->st02 = claims ? "0001" : "3001";
    envelope->version = claims ? "005010X222A1" : "005010X221A1";
    unit_.envelope = envelope;
  }

  /// Appends one segment and returns its record.
  x12::segment_record const& add(std::string segment, bool replayed = false) {
    for (char& c : segment) {
      if (c == '*')
        c = unit_.delims.element;
      else if (c == ':')
        c = unit_.delims.component;
    }
    x12::segment_record record;
    record.begin = static_cast<std::uint32_t>(unit_.bytes.size());
    record.length = static_cast<std::uint32_t>(segment.size());
    record.offset = offset_;
    record.position = ++position_;
    record.replayed = replayed;
    unit_.bytes += segment;
    unit_.segments.push_back(record);
    offset_ += segment.size() + 2;
    return unit_.segments.back();
  }

  /// Appends several segments.
  void add_all(std::vector<std::string> const& segments) {
    for (auto const& segment : segments) add(segment);
  }

  /// Runs the claim or remit builder that the unit's type calls for.
  x12::transaction_unit& build() {
    if (unit_.type == x12::transaction_type::claim_837)
      build_claims(unit_);
    else
      build_remits(unit_);
    return unit_;
  }

 private:
  x12::transaction_unit unit_;
  std::uint64_t offset_ = 168;  // after an ISA and a GS
  std::uint32_t position_ = 0;
};

}  // namespace x12kx::testing
