// The amounts threshold accrual can use besides billed charges: a fee schedule
// (--fee-schedule, CSV `code,amount`) and amounts already applied elsewhere this year
// (--year-to-date, JSON lines). Both are read whole at start and validated line by line.
#pragma once

#include "findings/finding.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace x12kx {

/// An accrual input that cannot be used. Each problem names the file, the line number and
/// the reason (never a member id); what() joins them, one per line.
struct accrual_input_error : std::runtime_error {
  explicit accrual_input_error(std::vector<std::string> list);
  std::vector<std::string> problems;
};

/// Allowed amount per unit by procedure code.
struct fee_schedule {
  std::unordered_map<std::string, cents> per_unit;

  [[nodiscard]] bool empty() const { return per_unit.empty(); }
};

/// Amounts already applied to a member's yearly bucket before this run, summed per key.
struct year_to_date {
  std::map<std::tuple<std::string, int, bucket>, cents> opening;

  [[nodiscard]] cents amount(std::string_view member, int year, bucket bucket_id) const;
};

/// Reads a CSV with the header `code,amount` (amount per unit, in dollars).
fee_schedule load_fee_schedule(std::string const& path);

/// Reads JSON lines `{"member_id": ..., "year": ..., "bucket": "pt_slp"|"ot", "amount": ...}`.
year_to_date load_year_to_date(std::string const& path);

}  // namespace x12kx
