// Error findings about one segment of a transaction unit.
#pragma once

#include "findings/finding.hpp"
#include "x12/transaction_unit.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace x12kx::x12 {

/// Records an input defect found in `record`; replayed loop context is never reported twice.
inline void report_segment_error(transaction_unit& unit, segment_record const& record,
                                 std::string_view segment_id, error_code code, skipped what,
                                 std::optional<std::uint32_t> element, std::string detail,
                                 std::string claim_id = {}) {
  if (record.replayed) return;
  auto f = error_finding({unit.envelope, record.offset},
                         error_detail{code, std::string(segment_id.substr(0, 3)), record.position,
                                      element, what, std::move(detail)});
  f.claim_id = std::move(claim_id);
  unit.findings.push_back(std::move(f));
}

/// The defect of a required element that did not parse: empty is missing, anything else is
/// invalid (docs/findings.md, error codes).
inline error_code defect_of(std::string_view element) {
  return element.empty() ? error_code::element_missing : error_code::element_invalid;
}

}  // namespace x12kx::x12
