// A claim payment as reported in an 835: the CLP loop and its SVC service lines.
#pragma once

#include "claims/modifier_set.hpp"
#include "findings/finding.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace x12kx {

/// One CAS triplet with its group code.
struct remit_adjustment {
  std::string group;
  std::string reason;
  cents amount = 0;
  std::int64_t quantity_milli = 0;
};

/// One 2110 service payment line.
struct remit_line {
  std::string procedure;  // SVC01-2 as adjudicated
  modifier_set modifiers;
  std::string submitted_procedure;  // SVC06-2 when the payer changed the code or a modifier
  modifier_set submitted_modifiers;
  bool has_submitted = false;
  std::string revenue_code;      // SVC04, or SVC01-2 when SVC01-1 is NU
  cents charge = 0;              // SVC02
  cents paid = 0;                // SVC03
  std::int64_t units_milli = 0;  // SVC05 (units paid), else SVC07
  date8 service_date;            // DTM*472 or DTM*150
  std::string line_ref;          // REF*6R
  std::vector<remit_adjustment> adjustments;
  std::vector<std::string> remarks;  // LQ*HE
  std::optional<cents> allowed;      // AMT*B6
  std::uint64_t offset = 0;          // of the SVC segment

  /// The procedure and modifiers as the provider billed them.
  [[nodiscard]] std::string const& billed_procedure() const {
    return has_submitted ? submitted_procedure : procedure;
  }
  [[nodiscard]] modifier_set const& billed_modifiers() const {
    return has_submitted ? submitted_modifiers : modifiers;
  }
};

/// One 2100 claim payment.
struct remit {
  std::string claim_id;                       // CLP01
  std::string status;                         // CLP02
  cents charge = 0;                           // CLP03
  cents paid = 0;                             // CLP04
  cents patient_responsibility = 0;           // CLP05
  std::string filing_indicator;               // CLP06
  std::string payer_claim_id;                 // CLP07
  std::vector<remit_adjustment> adjustments;  // claim-level CAS
  std::vector<std::string> remarks;           // MOA remark codes
  std::vector<remit_line> lines;
  source_location source;  // of the CLP segment

  [[nodiscard]] bool is_reversal() const { return status == "22"; }
  [[nodiscard]] bool is_denied() const { return status == "4"; }
};

}  // namespace x12kx
