#include "claims/claim_archive.hpp"

namespace x12kx {
namespace {

/// Offsets within a claim are written as differences from its CLM offset.
std::int64_t distance(std::uint64_t from, std::uint64_t to) {
  return static_cast<std::int64_t>(to - from);
}

}  // namespace

/// The fields in declaration order; line dates as differences from the line before (the
/// first from the statement date), so a claim's dates take a byte or two each.
void pack(claim const& value, std::string& bytes, std::vector<envelope_ptr>& envelopes) {
  packer out(bytes);
  out.text(value.claim_id);
  out.text(value.member_id);
  out.envelope(value.source.envelope, envelopes);
  out.unsigned_value(value.source.offset);
  out.envelope(value.member_source.envelope, envelopes);
  out.signed_value(distance(value.source.offset, value.member_source.offset));
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
    auto const count = line.modifiers.size();
    out.byte(static_cast<std::uint8_t>(count | (line.date_from_statement ? 0x80u : 0u)));
    for (std::size_t m = 0; m < count; ++m) {
      out.byte(static_cast<std::uint8_t>(line.modifiers[m][0]));
      out.byte(static_cast<std::uint8_t>(line.modifiers[m][1]));
    }
    out.text(line.revenue_code);
    out.signed_value(line.charge);
    out.signed_value(line.units_milli);
    out.signed_value(static_cast<std::int64_t>(line.service_date.value) - previous_date);
    previous_date = line.service_date.value;
    out.text(line.line_ref);
    out.signed_value(distance(value.source.offset, line.offset));
  }
}

void unpack(char const* bytes, std::vector<envelope_ptr> const& envelopes, claim& out) {
  unpacker in(bytes);
  out.claim_id = in.text();
  out.member_id = in.text();
  out.source.envelope = envelopes[in.unsigned_value()];
  out.source.offset = in.unsigned_value();
  out.member_source.envelope = envelopes[in.unsigned_value()];
  out.member_source.offset = out.source.offset + static_cast<std::uint64_t>(in.signed_value());
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
    auto const flags = in.byte();
    line.date_from_statement = (flags & 0x80u) != 0;
    line.modifiers = modifier_set{};
    for (unsigned m = 0; m < (flags & 0x7fu); ++m) {
      char const code[2] = {static_cast<char>(in.byte()), static_cast<char>(in.byte())};
      line.modifiers.add(std::string_view(code, 2));
    }
    line.revenue_code = in.text();
    line.charge = in.signed_value();
    line.units_milli = in.signed_value();
    line.service_date.value = static_cast<std::uint32_t>(previous_date + in.signed_value());
    previous_date = line.service_date.value;
    line.line_ref = in.text();
    line.offset = out.source.offset + static_cast<std::uint64_t>(in.signed_value());
  }
}

}  // namespace x12kx
