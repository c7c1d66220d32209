#include "remits/remit_archive.hpp"

namespace x12kx {
namespace {

void pack(std::vector<remit_adjustment> const& adjustments, packer& out) {
  out.unsigned_value(adjustments.size());
  for (auto const& a : adjustments) {
    out.text(a.group);
    out.text(a.reason);
    out.signed_value(a.amount);
    out.signed_value(a.quantity_milli);
  }
}

void unpack(unpacker& in, std::vector<remit_adjustment>& adjustments) {
  adjustments.resize(in.unsigned_value());
  for (auto& a : adjustments) {
    a.group = in.text();
    a.reason = in.text();
    a.amount = in.signed_value();
    a.quantity_milli = in.signed_value();
  }
}

void pack(std::vector<std::string> const& remarks, packer& out) {
  out.unsigned_value(remarks.size());
  for (auto const& r : remarks) out.text(r);
}

void unpack(unpacker& in, std::vector<std::string>& remarks) {
  remarks.resize(in.unsigned_value());
  for (auto& r : remarks) r = in.text();
}

constexpr std::uint8_t has_submitted = 1;
constexpr std::uint8_t has_allowed = 2;

}  // namespace

/// The fields in declaration order; line dates as differences from the line before.
void pack(remit const& value, std::string& bytes, std::vector<envelope_ptr>& envelopes) {
  packer out(bytes);
  out.text(value.claim_id);
  out.text(value.status);
  out.signed_value(value.charge);
  out.signed_value(value.paid);
  out.signed_value(value.patient_responsibility);
  out.text(value.filing_indicator);
  out.text(value.payer_claim_id);
  pack(value.adjustments, out);
  pack(value.remarks, out);
  out.envelope(value.source.envelope, envelopes);
  out.unsigned_value(value.source.offset);
  out.unsigned_value(value.lines.size());
  std::uint32_t previous_date = 0;
  for (auto const& line : value.lines) {
    out.byte(static_cast<std::uint8_t>((line.has_submitted ? has_submitted : 0) |
                                       (line.allowed ? has_allowed : 0)));
    out.text(line.procedure);
    out.modifiers(line.modifiers);
    out.text(line.submitted_procedure);
    out.modifiers(line.submitted_modifiers);
    out.text(line.revenue_code);
    out.signed_value(line.charge);
    out.signed_value(line.paid);
    out.signed_value(line.units_milli);
    out.signed_value(static_cast<std::int64_t>(line.service_date.value) - previous_date);
    previous_date = line.service_date.value;
    out.text(line.line_ref);
    pack(line.adjustments, out);
    pack(line.remarks, out);
    if (line.allowed) out.signed_value(*line.allowed);
    out.offset(value.source.offset, line.offset);
  }
}

void unpack(char const* bytes, std::vector<envelope_ptr> const& envelopes, remit& out) {
  unpacker in(bytes);
  out.claim_id = in.text();
  out.status = in.text();
  out.charge = in.signed_value();
  out.paid = in.signed_value();
  out.patient_responsibility = in.signed_value();
  out.filing_indicator = in.text();
  out.payer_claim_id = in.text();
  unpack(in, out.adjustments);
  unpack(in, out.remarks);
  out.source.envelope = envelopes[in.unsigned_value()];
  out.source.offset = in.unsigned_value();
  out.lines.resize(in.unsigned_value());
  std::uint32_t previous_date = 0;
  for (auto& line : out.lines) {
    auto const flags = in.byte();
    line.has_submitted = (flags & has_submitted) != 0;
    line.procedure = in.text();
    in.modifiers(line.modifiers);
    line.submitted_procedure = in.text();
    in.modifiers(line.submitted_modifiers);
    line.revenue_code = in.text();
    line.charge = in.signed_value();
    line.paid = in.signed_value();
    line.units_milli = in.signed_value();
    line.service_date.value = static_cast<std::uint32_t>(previous_date + in.signed_value());
    previous_date = line.service_date.value;
    line.line_ref = in.text();
    unpack(in, line.adjustments);
    unpack(in, line.remarks);
    line.allowed.reset();
    if ((flags & has_allowed) != 0) line.allowed = in.signed_value();
    line.offset = in.offset(out.source.offset);
  }
}

}  // namespace x12kx
