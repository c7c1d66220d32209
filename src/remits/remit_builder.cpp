#include "remits/remit_builder.hpp"

#include "grammar/x12_grammar.hpp"
#include "x12/elements.hpp"
#include "x12/unit_errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

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

// The segment ids the builder reads, as x12::segment_tag values for its switch.
constexpr std::uint32_t tag_clp = x12::segment_tag("CLP");
constexpr std::uint32_t tag_lx = x12::segment_tag("LX");
constexpr std::uint32_t tag_plb = x12::segment_tag("PLB");
constexpr std::uint32_t tag_se = x12::segment_tag("SE");
constexpr std::uint32_t tag_ts3 = x12::segment_tag("TS3");
constexpr std::uint32_t tag_ts2 = x12::segment_tag("TS2");
constexpr std::uint32_t tag_cas = x12::segment_tag("CAS");
constexpr std::uint32_t tag_svc = x12::segment_tag("SVC");
constexpr std::uint32_t tag_moa = x12::segment_tag("MOA");
constexpr std::uint32_t tag_dtm = x12::segment_tag("DTM");
constexpr std::uint32_t tag_ref = x12::segment_tag("REF");
constexpr std::uint32_t tag_lq = x12::segment_tag("LQ");
constexpr std::uint32_t tag_amt = x12::segment_tag("AMT");

/// Follows the 835 CLP/SVC loops. Like the claim builder, it looks at the segment id first
/// and splits only the segments it reads, up to the last element it reads.
class remit_builder {
 public:
  explicit remit_builder(x12::transaction_unit& unit) : unit_(unit) {}

  void run() {
    for (at_ = 0; at_ < unit_.segments.size(); ++at_) {
      auto const& record = unit_.segments[at_];
      on_segment(record, unit_.segment_bytes(record));
    }
    finish_remit();
  }

 private:
  [[nodiscard]] elements split(std::string_view bytes, std::size_t last_position) const {
    return elements(bytes, unit_.delims.element, last_position);
  }

  void on_segment(segment_record const& record, std::string_view bytes) {
    std::uint32_t const tag = x12::segment_tag_of(bytes, unit_.delims.element);
    switch (tag) {
      case tag_clp:
        return on_clp(record, split(bytes, 7));
      // These close the current claim payment: a new header number, provider-level
      // adjustments, the trailer, or the 2000 summary segments.
      case tag_lx:
      case tag_plb:
      case tag_se:
      case tag_ts3:
      case tag_ts2:
        return finish_remit();
      case tag_cas:
      case tag_svc:
      case tag_moa:
      case tag_dtm:
      case tag_ref:
      case tag_lq:
      case tag_amt:
        return on_payment_segment(record, tag, bytes);
      default:
        return;
    }
  }

  /// The segments of loops 2100 and 2110 that the builder reads.
  void on_payment_segment(segment_record const& record, std::uint32_t tag, std::string_view bytes) {
    if (!open_) return on_outside_remit(record, tag, bytes);
    if (tag == tag_cas) return on_cas(record, split(bytes, cas_last_reason + 2));
    if (tag == tag_svc) return on_svc(record, split(bytes, 7));
    if (tag == tag_moa && !line_open_) return on_moa(split(bytes, moa_last_remark));
    if (!line_open_) return;
    if (tag == tag_dtm) return on_dtm(record, split(bytes, 2));
    if (tag == tag_moa) return;
    elements const fields = split(bytes, 2);
    if (tag == tag_ref && fields[1] == "6R") current_line().line_ref = std::string(fields[2]);
    if (tag == tag_lq && fields[1] == "HE") current_line().remarks.emplace_back(fields[2]);
    if (tag == tag_amt && fields[1] == "B6") on_allowed(record, fields);
  }

  void reject(segment_record const& record, std::string_view id, error_code code,
              std::uint32_t element, std::string detail) {
    x12::report_segment_error(unit_, record, id, code, skipped::remit, element, std::move(detail),
                              current().claim_id);
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
  void on_outside_remit(segment_record const& record, std::uint32_t tag, std::string_view bytes) {
    if (tag != tag_svc && tag != tag_cas) return;
    std::string_view const id = x12::segment_id(bytes, unit_.delims.element);
    x12::report_segment_error(unit_, record, id, error_code::segment_out_of_place,
                              id == "SVC" ? skipped::line : skipped::segment, std::nullopt,
                              fmt::format("{} outside a claim payment (no CLP before it)", id));
  }

  void on_clp(segment_record const& record, elements const& fields) {
    finish_remit();
    open_ = true;
    rejected_ = false;
    line_open_ = false;
    unit_.remits.emplace_back();
    lines_.clear();
    current().claim_id = std::string(fields[1]);
    current().status = std::string(fields[2]);
    current().filing_indicator = std::string(fields[6]);
    current().payer_claim_id = std::string(fields[7]);
    current().source = {unit_.envelope, record.offset};
    ++unit_.counts.remits;
    if (current().claim_id.empty()) {
      reject(record, "CLP", error_code::element_missing, 1, "CLP01 (claim id) is empty");
    }
    if (current().status.empty()) {
      reject(record, "CLP", error_code::element_missing, 2, "CLP02 (status) is empty");
    }
    current().charge = amount(record, "CLP", fields, 3, true);
    current().paid = amount(record, "CLP", fields, 4, true);
    current().patient_responsibility = amount(record, "CLP", fields, 5, false);
  }

  /// How many CAS segments follow one another from the current one. A line's or a claim's
  /// adjustments come together (CO, then PR), so its list is sized once at the first of
  /// them rather than grown by each.
  [[nodiscard]] std::size_t cas_run() const {
    std::size_t end = at_;
    while (end < unit_.segments.size() &&
           x12::segment_tag_of(unit_.segment_bytes(unit_.segments[end]), unit_.delims.element) ==
               tag_cas) {
      ++end;
    }
    return end - at_;
  }

  void on_cas(segment_record const& record, elements const& fields) {
    auto& target = line_open_ ? current_line().adjustments : current().adjustments;
    if (target.empty()) target.reserve(cas_run());
    std::string_view const group = fields[1];
    if (group.empty()) {
      reject(record, "CAS", error_code::element_missing, 1, "CAS01 group code is empty");
      return;
    }
    for (std::uint32_t at = cas_first_reason; at <= cas_last_reason; at += 3) {
      if (fields[at].empty()) continue;
      auto& adjustment = target.emplace_back();
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
    }
  }

  void on_svc(segment_record const& record, elements const& fields) {
    lines_.emplace_back();
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
      if (!fields[at].empty()) current().remarks.emplace_back(fields[at]);
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

  /// The open claim payment, built in place at the end of unit_.remits (and taken off again
  /// when it is rejected), rather than in a member that is then moved into the list.
  remit& current() { return unit_.remits.back(); }

  remit_line& current_line() { return lines_.back(); }

  void finish_remit() {
    if (!open_) return;
    open_ = false;
    line_open_ = false;
    if (rejected_) {
      ++unit_.counts.remits_rejected;
      unit_.remits.pop_back();
      return;
    }
    // One allocation of the exact size: the remit is kept until the run links it.
    current().lines.reserve(lines_.size());
    std::move(lines_.begin(), lines_.end(), std::back_inserter(current().lines));
  }

  x12::transaction_unit& unit_;
  std::size_t at_ = 0;  // index of the segment being read in unit_.segments
  // The open remit's lines, moved into its `lines` when it is accepted: the storage is
  // reused from remit to remit (as in the claim builder).
  std::vector<remit_line> lines_;
  bool open_ = false;
  bool rejected_ = false;
  bool line_open_ = false;
};

}  // namespace

void build_remits(x12::transaction_unit& unit) { remit_builder(unit).run(); }

}  // namespace x12kx
