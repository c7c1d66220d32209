#include "checks/finding_factory.hpp"

#include "findings/json_writer.hpp"

namespace x12kx {
namespace {

std::string fill_message(std::string_view pattern, message_values const& values) {
  std::string out;
  out.reserve(pattern.size() + 16);
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      out += pattern[i++];
      continue;
    }
    auto const close = pattern.find('}', i);
    if (close == std::string_view::npos) {
      out.append(pattern.substr(i));
      break;
    }
    std::string_view const name = pattern.substr(i + 1, close - i - 1);
    if (name == "year")
      out += std::to_string(values.year);
    else if (name == "bucket_name")
      out.append(values.bucket_name);
    else if (name == "threshold")
      append_cents(out, values.threshold);
    else if (name == "policy")
      out.append(values.policy);
    else if (name == "code")
      out.append(values.code);
    else if (name == "detail")
      out.append(values.detail);
    else
      out.append(pattern.substr(i, close - i + 1));
    i = close + 1;
  }
  return out;
}

}  // namespace

void set_line_identity(finding& f, claim const& claim, claim_line const& line) {
  f.claim_id = claim.claim_id;
  f.member_id = claim.member_id;
  f.line_number = line.line_number;
  f.line_ref = line.line_ref;
  f.procedure = line.procedure;
  f.modifiers = line.modifiers.to_strings();
  f.service_date = line.service_date;
  f.charge = line.charge;
  f.source = {claim.source.envelope, line.offset};
}

finding line_finding(finding_kind kind, claim const& claim, claim_line const& line,
                     rule_set const& rules, message_values const& values) {
  auto const& text = rules.text(kind);
  finding f;
  f.kind = kind;
  f.level = text.level;
  message_values filled = values;
  if (filled.code.empty()) filled.code = line.procedure;
  f.message = fill_message(text.message, filled);
  set_line_identity(f, claim, line);
  f.rule = rule_detail{text.rule, text.policy_source, text.guidance};
  return f;
}

}  // namespace x12kx
