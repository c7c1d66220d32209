// The subcommands of the x12kx program. Each lives in its own file and registers itself on
// the CLI11 application; main() runs the one the user named. Exit statuses are shared so
// that every subcommand answers scripts the same way (README, "Exit status").
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace x12kx::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;         // could not write output, internal failure
inline constexpr int exit_usage = 2;           // bad arguments or bad rule data
inline constexpr int exit_input_rejected = 3;  // some input was skipped, named by error records

/// A registered subcommand: its CLI11 node and what to run once its options are parsed.
struct command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// `x12kx scan FILE...`: read 837/835 files, write findings as JSON lines.
command add_scan_command(CLI::App& program);

/// `x12kx report FINDINGS...`: findings as an HTML page or terminal tables for a billing team.
command add_report_command(CLI::App& program);
/// `x12kx rules check DIR`: validate a rule directory; every problem on standard error.
command add_rules_command(CLI::App& program);
/// `x12kx reconcile --store FILE`: per-claim payments and denials, lines without a remit.
command add_reconcile_command(CLI::App& program);
/// `x12kx serve`: the HTTP service answering POST /v1/scan with the same JSON lines.
command add_serve_command(CLI::App& program);
/// `x12kx gen 837p|837i|835 ...`: write a deterministic workload for benchmarks.
command add_gen_command(CLI::App& program);

}  // namespace x12kx::cli
