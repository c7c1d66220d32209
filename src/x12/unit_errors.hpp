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
  finding f;
  f.kind = finding_kind::error;
  f.level = is_input_loss(what) ? severity::error : severity::warning;
  f.message = detail;
  f.claim_id = std::move(claim_id);
  f.source = {unit.envelope, record.offset};
  f.error = error_detail{code, std::string(segment_id.substr(0, 3)), record.position, element,
                         what, std::move(detail)};
  unit.findings.push_back(std::move(f));
}

}  // namespace x12kx::x12
