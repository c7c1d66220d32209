// `x12kx rules check DIR`: validates a rule directory the way scan loads it, so a billing
// team can check an edit before using it. Problems go to standard error, one per line, each
// naming the file, the JSON path and the reason; a short confirmation goes to standard output.
#include "cli/commands.hpp"
#include "rules/rule_set.hpp"

#include <fmt/format.h>
#include <cstdio>
#include <memory>

namespace x12kx::cli {
namespace {

std::string year_span(yearly_amounts const& table) {
  if (table.by_year.empty()) return "none";
  return fmt::format("{}-{}", table.by_year.begin()->first, table.by_year.rbegin()->first);
}

int check_rules(std::string const& directory) {
  rule_set rules;
  try {
    rules = load_rules(directory);
  } catch (rules_error const& error) {
    for (auto const& problem : error.problems) fmt::print(stderr, "x12kx: {}\n", problem);
    fmt::print(stderr, "x12kx: {} problem(s) in {}\n", error.problems.size(), directory);
    return exit_usage;
  }
  fmt::print(
      "{}: rules {} ok: KX thresholds {}, review thresholds {}, {} DMEPOS policies, "
      "{} denial rules\n",
      directory, rules.version, year_span(rules.therapy.kx_threshold),
      year_span(rules.therapy.review_threshold), rules.dmepos.policies.size(),
      rules.adjustments.action_rules.size());
  return exit_ok;
}

}  // namespace

command add_rules_command(CLI::App& program) {
  auto directory = std::make_shared<std::string>();
  auto* rules = program.add_subcommand("rules", "Work with rule directories");
  rules->require_subcommand(1);
  auto* check = rules->add_subcommand("check", "Validate a rule directory (exit 0 or 2)");
  check->add_option("directory", *directory, "Rule directory such as rules/")
      ->required()
      ->check(CLI::ExistingDirectory);
  return {rules, [directory] { return check_rules(*directory); }};
}

}  // namespace x12kx::cli
