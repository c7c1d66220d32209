#include "claims/claim_archive.hpp"

namespace x12kx {

/// The fields in declaration order; line dates as differences from the line before (the
/// first from the statement date), so a claim's dates take a byte or two each.
void pack(claim const& value, std::string& bytes, std::vector<envelope_ptr>& envelopes) {
  packer out(bytes);
  out.text(value.claim_id);
  out.text(value.member_id);
  out.envelope(value.source.envelope, envelopes);
  out.unsigned_value(value.source.offset);
  out.envelope(value.member_source.envelope, envelopes);
  out.offset(value.source.offset, value.member_source.offset);
  out.unsigned_value(value.member_position);
  out.text(value.filing_indicator);
  out.text(value.type_of_bill);
  out.text(value.facility_code);
  out.byte(static_cast<std::uint8_t>(value.frequency));
  out.text(value.original_payer_claim_id);
  out.signed_value(value.total_charge);
  out.unsigned_value(value.statement_from.value);
  out.byte(static_cast<std::uint8_t>(value.format));
  out.unsigned_value(value.lines.size());
  std::uint32_t previous_date = value.statement_from.value;
  for (auto const& line : value.lines) {
    out.unsigned_value(line.line_number);
    out.text(line.procedure);
    out.modifiers(line.modifiers, line.date_from_statement);
    out.text(line.revenue_code);
    out.signed_value(line.charge);
    out.signed_value(line.units_milli);
    out.signed_value(static_cast<std::int64_t>(line.service_date.value) - previous_date);
    previous_date = line.service_date.value;
    out.text(line.line_ref);
    out.offset(value.source.offset, line.offset);
  }
}

void unpack(char const* bytes, std::vector<envelope_ptr> const& envelopes, claim& out) {
  unpacker in(bytes);
  out.claim_id = in.text();
  out.member_id = in.text();
  out.source.envelope = envelopes[in.unsigned_value()];
  out.source.offset = in.unsigned_value();
  out.member_source.envelope = envelopes[in.unsigned_value()];
  out.member_source.offset = in.offset(out.source.offset);
  out.member_position = static_cast<std::uint32_t>(in.unsigned_value());
  out.filing_indicator = in.text();
  out.type_of_bill = in.text();
  out.facility_code = in.text();
  out.frequency = static_cast<char>(in.byte());
  out.original_payer_claim_id = in.text();
  out.total_charge = in.signed_value();
  out.statement_from.value = static_cast<std::uint32_t>(in.unsigned_value());
  out.format = static_cast<claim_format>(in.byte());
  out.lines.resize(in.unsigned_value());
  std::uint32_t previous_date = out.statement_from.value;
  for (auto& line : out.lines) {
    line.line_number = static_cast<std::uint32_t>(in.unsigned_value());
    line.procedure = in.text();
    line.date_from_statement = in.modifiers(line.modifiers);
    line.revenue_code = in.text();
    line.charge = in.signed_value();
    line.units_milli = in.signed_value();
    line.service_date.value = static_cast<std::uint32_t>(previous_date + in.signed_value());
    previous_date = line.service_date.value;
    line.line_ref = in.text();
    line.offset = in.offset(out.source.offset);
  }
}

}  // namespace x12kx
