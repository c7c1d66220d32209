// A claim as billed in an 837P or 837I: the fields the KX checks and remit linking need.
#pragma once

#include "claims/modifier_set.hpp"
#include "findings/finding.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace x12kx {

enum class claim_format : std::uint8_t { professional, institutional };

/// One 2400 service line (SV1 or SV2).
struct claim_line {
  std::uint32_t line_number = 0;  // LX01
  std::string procedure;          // SV101-2 / SV202-2 (may be empty on an 837I line)
  modifier_set modifiers;
  std::string revenue_code;  // SV201 (837I)
  cents charge = 0;
  std::int64_t units_milli = 0;  // SV104 / SV205 in thousandths
  date8 service_date;            // DTP*472, else the claim's statement start (837I)
  bool date_from_statement = false;
  std::string line_ref;      // REF*6R
  std::uint64_t offset = 0;  // of the SV1/SV2 segment
};

/// One 2300 claim with its subscriber context.
struct claim {
  std::string claim_id;                 // CLM01
  std::string member_id;                // 2010BA NM109
  source_location member_source;        // of the 2010BA NM1*IL; offset 0 when there is none
  std::uint32_t member_position = 0;    // of that NM1 in its transaction; 0 when none
  std::string filing_indicator;         // SBR09 of the 2000B loop
  std::string type_of_bill;             // 837I: CLM05-1 + CLM05-3
  std::string facility_code;            // CLM05-1
  char frequency = '1';                 // CLM05-3
  std::string original_payer_claim_id;  // REF*F8 on replacements and voids
  cents total_charge = 0;               // CLM02
  date8 statement_from;                 // DTP*434 (837I)
  claim_format format = claim_format::professional;
  std::vector<claim_line> lines;
  source_location source;  // of the CLM segment

  [[nodiscard]] bool is_medicare() const {
    return filing_indicator == "MA" || filing_indicator == "MB";
  }
  [[nodiscard]] bool is_void() const { return frequency == '8'; }
};

}  // namespace x12kx
