#include "remits/remit_builder.hpp"

#include "grammar/x12_grammar.hpp"
#include "x12/elements.hpp"
#include "x12/unit_errors.hpp"

#include <fmt/format.h>

namespace x12kx {
namespace {

using x12::elements;
using x12::segment_record;

// CAS holds up to six reason/amount/quantity triplets in elements 2..19.
constexpr std::uint32_t cas_first_reason = 2;
constexpr std::uint32_t cas_last_reason = 17;
// MOA03..MOA07 are claim-level remark codes.
constexpr std::uint32_t moa_first_remark = 3;
constexpr std::uint32_t moa_last_remark = 7;

class remit_builder {
 public:
  explicit remit_builder(x12::transaction_unit& unit) : unit_(unit) {}

  void run() {
    for (auto const& record : unit_.segments) {
      elements const fields(unit_.segment_bytes(record), unit_.delims.element);
      on_segment(record, fields);
    }
    finish_remit();
  }

 private:
  void on_segment(segment_record const& record, elements const& fields) {
    std::string_view const id = fields.id();
    if (id == "CLP") return on_clp(record, fields);
    // These close the current claim payment: a new header number, provider-level
    // adjustments, the trailer, or the 2000 summary segments.
    if (id == "LX" || id == "PLB" || id == "SE" || id == "TS3" || id == "TS2") {
      return finish_remit();
    }
    if (!open_) return on_outside_remit(record, id);
    if (id == "CAS") return on_cas(record, fields);
    if (id == "SVC") return on_svc(record, fields);
    if (id == "MOA" && !line_open_) return on_moa(fields);
    if (!line_open_) return;
    if (id == "DTM") return on_dtm(record, fields);
    if (id == "REF" && fields[1] == "6R") current_line().line_ref = std::string(fields[2]);
    if (id == "LQ" && fields[1] == "HE") current_line().remarks.emplace_back(fields[2]);
    if (id == "AMT" && fields[1] == "B6") on_allowed(record, fields);
  }

  void reject(segment_record const& record, std::string_view id, error_code code,
              std::uint32_t element, std::string detail) {
    x12::report_segment_error(unit_, record, id, code, skipped::remit, element, std::move(detail),
                              remit_.claim_id);
    rejected_ = true;
  }

  cents amount(segment_record const& record, std::string_view id, elements const& fields,
               std::uint32_t position, bool required) {
    std::string_view const text = fields[position];
    if (text.empty() && !required) return 0;
    if (auto const value = grammar::parse_amount(text)) return *value;
    reject(record, id, x12::defect_of(text), position,
           fmt::format("{}{:02} is {}", id, position, text.empty() ? "empty" : "not an amount"));
    return 0;
  }

  /// Service lines and adjustments before any CLP belong to no claim payment.
  void on_outside_remit(segment_record const& record, std::string_view id) {
    if (id != "SVC" && id != "CAS") return;
    x12::report_segment_error(unit_, record, id, error_code::segment_out_of_place,
                              id == "SVC" ? skipped::line : skipped::segment, std::nullopt,
                              fmt::format("{} outside a claim payment (no CLP before it)", id));
  }

  void on_clp(segment_record const& record, elements const& fields) {
    finish_remit();
    open_ = true;
    rejected_ = false;
    line_open_ = false;
    remit_ = remit{};
    remit_.claim_id = std::string(fields[1]);
    remit_.status = std::string(fields[2]);
    remit_.filing_indicator = std::string(fields[6]);
    remit_.payer_claim_id = std::string(fields[7]);
    remit_.source = {unit_.envelope, record.offset};
    ++unit_.counts.remits;
    if (remit_.claim_id.empty()) {
      reject(record, "CLP", error_code::element_missing, 1, "CLP01 (claim id) is empty");
    }
    if (remit_.status.empty()) {
      reject(record, "CLP", error_code::element_missing, 2, "CLP02 (status) is empty");
    }
    remit_.charge = amount(record, "CLP", fields, 3, true);
    remit_.paid = amount(record, "CLP", fields, 4, true);
    remit_.patient_responsibility = amount(record, "CLP", fields, 5, false);
  }

  void on_cas(segment_record const& record, elements const& fields) {
    auto& target = line_open_ ? current_line().adjustments : remit_.adjustments;
    std::string_view const group = fields[1];
    if (group.empty()) {
      reject(record, "CAS", error_code::element_missing, 1, "CAS01 group code is empty");
      return;
    }
    for (std::uint32_t at = cas_first_reason; at <= cas_last_reason; at += 3) {
      if (fields[at].empty()) continue;
      remit_adjustment adjustment;
      adjustment.group = std::string(group);
      adjustment.reason = std::string(fields[at]);
      adjustment.amount = amount(record, "CAS", fields, at + 1, true);
      if (!fields[at + 2].empty()) {
        auto const quantity = grammar::parse_quantity(fields[at + 2]);
        if (!quantity) {
          reject(record, "CAS", error_code::element_invalid, at + 2, "CAS quantity is invalid");
        }
        adjustment.quantity_milli = quantity.value_or(0);
      }
      target.push_back(std::move(adjustment));
    }
  }

  void on_svc(segment_record const& record, elements const& fields) {
    remit_.lines.emplace_back();
    ++unit_.counts.remit_lines;  // every SVC seen, accepted remit or not
    line_open_ = true;
    auto& line = current_line();
    line.offset = record.offset;
    auto const adjudicated = grammar::parse_procedure(fields[1], unit_.delims.component);
    if (!adjudicated) {
      reject(record, "SVC", x12::defect_of(fields[1]), 1,
             "SVC01 is not qualifier:code[:modifiers]");
      return;
    }
    // NU: the adjudicated "procedure" is an institutional revenue code.
    if (adjudicated->qualifier == "NU") {
      line.revenue_code = std::string(adjudicated->code);
    } else {
      line.procedure = std::string(adjudicated->code);
      line.modifiers = modifier_set(*adjudicated);
    }
    line.charge = amount(record, "SVC", fields, 2, true);
    line.paid = amount(record, "SVC", fields, 3, true);
    if (!fields[4].empty()) line.revenue_code = std::string(fields[4]);
    line.units_milli = units(record, fields, 5);
    if (!fields[6].empty()) {
      auto const submitted = grammar::parse_procedure(fields[6], unit_.delims.component);
      if (!submitted) {
        reject(record, "SVC", error_code::element_invalid, 6,
               "SVC06 is not qualifier:code[:modifiers]");
        return;
      }
      line.has_submitted = true;
      line.submitted_procedure = std::string(submitted->code);
      line.submitted_modifiers = modifier_set(*submitted);
    }
    if (line.units_milli == 0) line.units_milli = units(record, fields, 7);
  }

  /// SVC05 (paid units) or SVC07 (original units): optional, but when present a quantity.
  std::int64_t units(segment_record const& record, elements const& fields, std::uint32_t position) {
    std::string_view const text = fields[position];
    if (text.empty()) return 0;
    if (auto const value = grammar::parse_quantity(text)) return *value;
    reject(record, "SVC", error_code::element_invalid, position,
           fmt::format("SVC{:02} is not a quantity", position));
    return 0;
  }

  void on_moa(elements const& fields) {
    for (std::uint32_t at = moa_first_remark; at <= moa_last_remark; ++at) {
      if (!fields[at].empty()) remit_.remarks.emplace_back(fields[at]);
    }
  }

  void on_dtm(segment_record const& record, elements const& fields) {
    if (fields[1] != "472" && fields[1] != "150") return;
    auto const date = grammar::parse_date8(fields[2]);
    if (!date) {
      reject(record, "DTM", x12::defect_of(fields[2]), 2, "DTM02 is not a CCYYMMDD date");
      return;
    }
    current_line().service_date = *date;
  }

  void on_allowed(segment_record const& record, elements const& fields) {
    current_line().allowed = amount(record, "AMT", fields, 2, true);
  }

  remit_line& current_line() { return remit_.lines.back(); }

  void finish_remit() {
    if (!open_) return;
    open_ = false;
    line_open_ = false;
    if (rejected_) {
      ++unit_.counts.remits_rejected;
      return;
    }
    unit_.remits.push_back(std::move(remit_));
  }

  x12::transaction_unit& unit_;
  remit remit_;
  bool open_ = false;
  bool rejected_ = false;
  bool line_open_ = false;
};

}  // namespace

void build_remits(x12::transaction_unit& unit) { remit_builder(unit).run(); }

}  // namespace x12kx
