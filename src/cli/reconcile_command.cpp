// `x12kx reconcile`: the nightly report over a claim store written by `scan --store`.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "rules/rule_set.hpp"
#include "store/reconcile.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <optional>

namespace x12kx::cli {
namespace {

struct reconcile_settings {
  std::string store_path;
  std::string as_of;
  std::int64_t open_after = 30;
  std::string rules_dir = default_rules_directory();
  std::string output_path;
  bool quiet = false;
};

/// CCYYMMDD or CCYY-MM-DD.
std::optional<date8> parse_day(std::string text) {
  std::erase(text, '-');
  return grammar::parse_date8(text);
}

int run_reconcile_command(reconcile_settings const& settings) {
  auto const rules = load_rules_or_report(settings.rules_dir);
  if (!rules) return exit_usage;
  reconcile_options options;
  options.open_after_days = settings.open_after;
  options.as_of = today_utc();
  if (!settings.as_of.empty()) {
    auto const day = parse_day(settings.as_of);
    if (!day) {
      fmt::print(stderr, "x12kx: --as-of wants a date as CCYYMMDD or CCYY-MM-DD\n");
      return exit_usage;
    }
    options.as_of = *day;
  }
  if (output_overwrites_input(settings.output_path, {settings.store_path})) return exit_usage;
  std::FILE* stream = open_output(settings.output_path);
  if (stream == nullptr) return exit_usage;
  reconcile_counts counts;
  try {
    claim_store store(settings.store_path, claim_store::mode::reader);
    counts = run_reconcile(store, *rules, options, stream_sink{stream});
  } catch (std::exception const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    if (stream != stdout) std::fclose(stream);
    return exit_failure;
  }
  if (!close_output(stream)) {
    fmt::print(stderr, "x12kx: cannot write the report\n");
    return exit_failure;
  }
  if (!settings.quiet) {
    fmt::print(stderr,
               "x12kx: {} claims, {} remits; {} lines without a remit, {} unlinked remit records\n",
               counts.claims, counts.remits, counts.remit_missing, counts.remit_unlinked);
  }
  return exit_ok;
}

}  // namespace

command add_reconcile_command(CLI::App& program) {
  auto settings = std::make_shared<reconcile_settings>();
  auto* reconcile = program.add_subcommand(
      "reconcile", "Report each stored claim's payments and denials, and lines still unanswered");
  reconcile->add_option("--store", settings->store_path, "Claim store written by scan --store")
      ->required()
      ->check(CLI::ExistingFile);
  reconcile->add_option("--as-of", settings->as_of,
                        "Count waiting days to this date (default today)");
  reconcile
      ->add_option("--open-after", settings->open_after,
                   "Days a line may wait for its 835 before remit_missing (default 30)")
      ->check(CLI::Range(0, 36500));
  reconcile
      ->add_option("--rules", settings->rules_dir, "Rule directory replacing the bundled rules/")
      ->check(CLI::ExistingDirectory);
  reconcile->add_option("-o,--output", settings->output_path,
                        "Write the report here instead of standard output");
  reconcile->add_flag("-q,--quiet", settings->quiet, "No summary line on standard error");
  return {reconcile, [settings] { return run_reconcile_command(*settings); }};
}

}  // namespace x12kx::cli
