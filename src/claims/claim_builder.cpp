#include "claims/claim_builder.hpp"

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

// The segment ids the builder reads, as x12::segment_tag values for its switch.
constexpr std::uint32_t tag_hl = x12::segment_tag("HL");
constexpr std::uint32_t tag_sbr = x12::segment_tag("SBR");
constexpr std::uint32_t tag_nm1 = x12::segment_tag("NM1");
constexpr std::uint32_t tag_clm = x12::segment_tag("CLM");
constexpr std::uint32_t tag_se = x12::segment_tag("SE");
constexpr std::uint32_t tag_dtp = x12::segment_tag("DTP");
constexpr std::uint32_t tag_ref = x12::segment_tag("REF");
constexpr std::uint32_t tag_lx = x12::segment_tag("LX");
constexpr std::uint32_t tag_sv1 = x12::segment_tag("SV1");
constexpr std::uint32_t tag_sv2 = x12::segment_tag("SV2");

/// Follows the 837 loops segment by segment. The subscriber context (member id, SBR09) is
/// set by the 2000B loop and applies to every claim until the next HL.
///
/// Most segments of an 837 (N3, N4, DMG, HI, PRV, ...) mean nothing to the checks, so the
/// builder looks at the id alone first and splits only the segments it reads, and only up
/// to the last element it reads.
class claim_builder {
 public:
  explicit claim_builder(x12::transaction_unit& unit) : unit_(unit) {}

  void run() {
    for (auto const& record : unit_.segments) on_segment(record, unit_.segment_bytes(record));
    finish_claim();
  }

 private:
  [[nodiscard]] elements split(std::string_view bytes, std::size_t last_position) const {
    return elements(bytes, unit_.delims.element, last_position);
  }

  void on_segment(segment_record const& record, std::string_view bytes) {
    std::uint32_t const tag = x12::segment_tag_of(bytes, unit_.delims.element);
    switch (tag) {
      case tag_hl:
        return on_hl(split(bytes, 3));
      case tag_sbr:
        return on_sbr(bytes);
      case tag_nm1:
        return on_nm1(record, bytes);
      case tag_clm:
        return on_clm(record, split(bytes, 5));
      case tag_se:
        return finish_claim();
      case tag_dtp:
      case tag_ref:
      case tag_lx:
      case tag_sv1:
      case tag_sv2:
        return on_claim_segment(record, tag, bytes);
      default:
        return;
    }
  }

  /// The segments that belong to loops 2300 and 2400.
  void on_claim_segment(segment_record const& record, std::uint32_t tag, std::string_view bytes) {
    if (!open_) return on_outside_claim(record, tag, bytes);
    if (over_line_limit_) return on_past_line_limit(tag);
    switch (tag) {
      case tag_dtp:
        return on_dtp(record, split(bytes, 3));
      case tag_ref:
        return on_ref(split(bytes, 2));
      case tag_lx:
        return on_lx(record, split(bytes, 1));
      case tag_sv1:
        return on_sv1(record, split(bytes, 4));
      case tag_sv2:
        return on_sv2(record, split(bytes, 5));
      default:
        return;
    }
  }

  void reject(segment_record const& record, std::string_view id, error_code code,
              std::optional<std::uint32_t> element, std::string detail) {
    x12::report_segment_error(unit_, record, id, code, skipped::claim, element, std::move(detail),
                              current().claim_id);
    rejected_ = true;
  }

  /// A service line before any CLM of its subscriber belongs to no claim: reported, not read.
  void on_outside_claim(segment_record const& record, std::uint32_t tag, std::string_view bytes) {
    if (tag != tag_lx && tag != tag_sv1 && tag != tag_sv2) return;
    std::string_view const id = x12::segment_id(bytes, unit_.delims.element);
    x12::report_segment_error(unit_, record, id, error_code::segment_out_of_place, skipped::line,
                              std::nullopt,
                              fmt::format("{} outside a claim (no CLM before it)", id));
  }

  void on_hl(elements const& fields) {
    finish_claim();
    std::string_view const level = fields[3];
    if (level == "20" || level == "22") {
      member_id_.clear();
      member_record_ = segment_record{};
      filing_indicator_.clear();
    }
  }

  void on_sbr(std::string_view bytes) {
    // An SBR inside a claim belongs to loop 2320 (another payer) and is not the subscriber's.
    if (!open_) filing_indicator_ = std::string(split(bytes, 9)[9]);
  }

  void on_nm1(segment_record const& record, std::string_view bytes) {
    // Only the subscriber's NM1*IL is read; the others (41, 40, 85, PR, ...) stop at NM101.
    if (open_ || split(bytes, 1)[1] != "IL") return;
    member_id_ = std::string(split(bytes, 9)[9]);
    member_record_ = record;
  }

  void on_clm(segment_record const& record, elements const& fields) {
    finish_claim();
    open_ = true;
    rejected_ = false;
    line_open_ = false;
    over_line_limit_ = false;
    lines_.clear();
    unit_.claims.emplace_back();
    current().claim_id = std::string(fields[1]);
    current().member_id = member_id_;
    if (member_record_.position != 0) {
      current().member_source = {unit_.envelope, member_record_.offset};
      current().member_position = member_record_.position;
    }
    current().filing_indicator = filing_indicator_;
    current().source = {unit_.envelope, record.offset};
    clm_record_ = record;
    ++unit_.counts.claims;
    if (current().claim_id.empty()) {
      reject(record, "CLM", error_code::element_missing, 1, "CLM01 (claim id) is empty");
    }
    if (auto const charge = grammar::parse_amount(fields[2])) {
      current().total_charge = *charge;
    } else {
      reject(record, "CLM", x12::defect_of(fields[2]), 2, "CLM02 is empty or not an amount");
    }
    auto const location = grammar::parse_service_location(fields[5], unit_.delims.component);
    if (!location || location->frequency.size() != 1) {
      reject(record, "CLM", x12::defect_of(fields[5]), 5,
             "CLM05 is not facility:qualifier:frequency");
      return;
    }
    current().facility_code = std::string(location->facility);
    current().frequency = location->frequency[0];
    current().format =
        location->qualifier == "A" ? claim_format::institutional : claim_format::professional;
    if (current().format == claim_format::institutional) {
      current().type_of_bill = current().facility_code + current().frequency;
    }
  }

  void on_dtp(segment_record const& record, elements const& fields) {
    std::string_view const qualifier = fields[1];
    if (qualifier != "472" && qualifier != "434") return;
    auto const period = grammar::parse_date_period(fields[2], fields[3]);
    if (!period) {
      reject(record, "DTP", x12::defect_of(fields[3]), 3,
             fmt::format("DTP*{} date is not a valid D8 or RD8 date", qualifier));
      return;
    }
    if (line_open_ && qualifier == "472") {
      current_line().service_date = period->from;
    } else if (!line_open_) {
      // DTP*434 is the 837I statement period; a claim-level DTP*472 gives the same default.
      if (qualifier == "434" || current().statement_from.empty()) {
        current().statement_from = period->from;
      }
    }
  }

  void on_ref(elements const& fields) {
    if (line_open_ && fields[1] == "6R") {
      current_line().line_ref = std::string(fields[2]);
    } else if (!line_open_ && fields[1] == "F8") {
      current().original_payer_claim_id = std::string(fields[2]);
    }
  }

  /// X12 5010 allows loop 2400 to repeat 50 times in an 837P claim and 999 times in an 837I
  /// claim. Past that the claim is rejected and its lines let go, so that one claim with
  /// hundreds of thousands of lines cannot take memory in proportion to its size.
  [[nodiscard]] std::size_t line_limit() const {
    return current().format == claim_format::institutional ? 999 : 50;
  }

  /// The rest of a claim past its line limit is only counted: the claim is already rejected.
  void on_past_line_limit(std::uint32_t tag) {
    if (tag == tag_lx) ++unit_.counts.lines;
  }

  void on_lx(segment_record const& record, elements const& fields) {
    if (lines_.size() == line_limit()) {
      ++unit_.counts.lines;
      reject(record, "LX", error_code::loop_limit_exceeded, std::nullopt,
             fmt::format("claim has more than {} service lines (loop 2400)", line_limit()));
      over_line_limit_ = true;
      line_open_ = false;
      lines_.clear();
      return;
    }
    lines_.emplace_back();
    ++unit_.counts.lines;  // every LX seen, accepted claim or not (docs/findings.md)
    line_open_ = true;
    service_seen_ = false;
    auto const number = grammar::parse_count(fields[1]);
    if (!number || *number == 0 || *number > 999) {
      reject(record, "LX", x12::defect_of(fields[1]), 1, "LX01 is not a line number");
      return;
    }
    current_line().line_number = static_cast<std::uint32_t>(*number);
  }

  bool begin_service(segment_record const& record, std::string_view id) {
    if (!line_open_ || service_seen_) {
      reject(record, id, error_code::segment_out_of_place, 1,
             fmt::format("{} without its own LX", id));
      return false;
    }
    service_seen_ = true;
    current_line().offset = record.offset;
    return true;
  }

  void read_procedure(segment_record const& record, std::string_view id, std::uint32_t element,
                      std::string_view text) {
    auto const procedure = grammar::parse_procedure(text, unit_.delims.component);
    if (!procedure) {
      reject(record, id, x12::defect_of(text), element,
             "procedure composite is not qualifier:code[:modifiers]");
      return;
    }
    current_line().procedure = std::string(procedure->code);
    current_line().modifiers = modifier_set(*procedure);
  }

  void read_charge_and_units(segment_record const& record, std::string_view id,
                             std::uint32_t charge_at, std::uint32_t units_at,
                             elements const& fields) {
    if (auto const charge = grammar::parse_amount(fields[charge_at])) {
      current_line().charge = *charge;
    } else {
      reject(record, id, x12::defect_of(fields[charge_at]), charge_at,
             fields[charge_at].empty() ? "line charge is empty" : "line charge is not an amount");
    }
    if (fields[units_at].empty()) return;
    if (auto const units = grammar::parse_quantity(fields[units_at])) {
      current_line().units_milli = *units;
    } else {
      reject(record, id, error_code::element_invalid, units_at, "units are not a quantity");
    }
  }

  void on_sv1(segment_record const& record, elements const& fields) {
    if (!begin_service(record, "SV1")) return;
    read_procedure(record, "SV1", 1, fields[1]);
    read_charge_and_units(record, "SV1", 2, 4, fields);
  }

  void on_sv2(segment_record const& record, elements const& fields) {
    if (!begin_service(record, "SV2")) return;
    current_line().revenue_code = std::string(fields[1]);
    if (current_line().revenue_code.empty()) {
      reject(record, "SV2", error_code::element_missing, 1, "SV201 revenue code is empty");
    }
    if (!fields[2].empty()) read_procedure(record, "SV2", 2, fields[2]);
    read_charge_and_units(record, "SV2", 3, 5, fields);
  }

  /// The open claim, built in place at the end of unit_.claims (and taken off again when it
  /// is rejected), rather than in a member that is then moved into the list.
  claim& current() { return unit_.claims.back(); }
  [[nodiscard]] claim const& current() const { return unit_.claims.back(); }

  claim_line& current_line() { return lines_.back(); }

  void finish_claim() {
    if (!open_) return;
    open_ = false;
    line_open_ = false;
    if (!rejected_) check_complete();
    if (rejected_) {
      ++unit_.counts.claims_rejected;
      unit_.claims.pop_back();
      return;
    }
    // One allocation of the exact size: the claim may be kept for the whole run.
    current().lines.reserve(lines_.size());
    std::move(lines_.begin(), lines_.end(), std::back_inserter(current().lines));
  }

  /// A claim needs service lines, each with a service and a date of service.
  void check_complete() {
    segment_record const& where = clm_record_;
    if (lines_.empty()) {
      reject(where, "CLM", error_code::element_missing, std::nullopt,
             "claim has no service lines (LX)");
      return;
    }
    for (auto& line : lines_) {
      if (line.offset == 0) {
        reject(where, "LX", error_code::element_missing, std::nullopt,
               fmt::format("line {} has no SV1/SV2", line.line_number));
        return;
      }
      if (line.service_date.empty()) {
        if (current().statement_from.empty()) {
          reject(where, "DTP", error_code::element_missing, std::nullopt,
                 fmt::format("line {} has no date of service", line.line_number));
          return;
        }
        line.service_date = current().statement_from;
        line.date_from_statement = true;
      }
    }
  }

  x12::transaction_unit& unit_;
  std::string member_id_;
  segment_record member_record_;  // the subscriber's NM1*IL; position 0 when none yet
  std::string filing_indicator_;
  // The open claim's lines, moved into its `lines` when it is accepted. Built here rather
  // than in the claim so that the storage is reused from claim to claim, and the kept claim
  // gets one allocation of its exact size instead of a doubling vector's slack.
  std::vector<claim_line> lines_;
  segment_record clm_record_;
  bool open_ = false;
  bool rejected_ = false;
  bool line_open_ = false;
  bool service_seen_ = false;
  bool over_line_limit_ = false;  // the claim passed line_limit(): its lines are let go
};

}  // namespace

void build_claims(x12::transaction_unit& unit) { claim_builder(unit).run(); }

}  // namespace x12kx
