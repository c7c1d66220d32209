// Builds the common part of findings about a claim line, with the rule texts filled in.
#pragma once

#include "claims/claim.hpp"
#include "rules/rule_set.hpp"

#include <string>
#include <string_view>

namespace x12kx {

/// Values for the {placeholders} of a finding message in rules/guidance.json.
struct message_values {
  int year = 0;
  std::string_view bucket_name;
  cents threshold = 0;
  std::string_view policy;
  std::string_view code;
  std::string_view detail;
};

/// A finding about `line` of `claim`, with severity, message, rule and guidance of `kind`.
finding line_finding(finding_kind kind, claim const& claim, claim_line const& line,
                     rule_set const& rules, message_values const& values = {});

/// Copies the claim and line identity into a finding (used for denials too).
void set_line_identity(finding& f, claim const& claim, claim_line const& line);

}  // namespace x12kx
