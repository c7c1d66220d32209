// `x12kx scan`: the batch job. Reads files, writes findings as JSON lines, and prints one
// summary line of counts (never member data) on standard error.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "pipeline/scan_job.hpp"
#include "rules/rule_set.hpp"
#include "store/claim_store.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

namespace x12kx::cli {
namespace {

std::uint64_t total_size(std::vector<std::string> const& files) {
  std::uint64_t total = 0;
  for (auto const& file : files) {
    struct stat info {};
    if (file == "-" || ::stat(file.c_str(), &info) != 0) continue;
    total += static_cast<std::uint64_t>(info.st_size);
  }
  return total;
}

/// The one-line human summary on standard error: counts only, never member data.
void print_summary(run_summary const& s, double seconds) {
  std::uint64_t findings = 0;
  for (std::size_t k = 0; k < s.findings.size(); ++k) findings += s.findings[k];
  auto const errors = s.findings[static_cast<std::size_t>(finding_kind::error)];
  double const mb = static_cast<double>(s.bytes) / 1e6;
  fmt::print(stderr,
             "x12kx: {} files, {:.2f} MB in {:.2f} s ({:.1f} MB/s): {} claims ({} rejected), "
             "{} lines, {} remits ({} rejected); {} findings, {} input errors\n",
             s.files, mb, seconds, seconds > 0 ? mb / seconds : 0.0, s.claims, s.claims_rejected,
             s.lines, s.remits, s.remits_rejected, findings, errors);
}

struct scan_settings {
  scan_options options;
  std::string rules_dir = default_rules_directory();
  std::string fee_schedule_path;
  std::string year_to_date_path;
  std::string output_path;
  std::string store_path;
  std::string received_on;
  bool progress_flag = false;
  bool no_progress = false;
  bool quiet = false;

  bool show_progress() const { return !no_progress && (progress_flag || progress_meter::wanted()); }
};

/// Loads one optional accrual input with `load`; false (after printing every problem) when
/// the file is unusable.
template <typename Value, typename Load>
bool load_input(std::string const& path, Value& into, Load load) {
  if (path.empty()) return true;
  try {
    into = load(path);
  } catch (accrual_input_error const& error) {
    for (auto const& problem : error.problems) fmt::print(stderr, "x12kx: {}\n", problem);
    return false;
  }
  return true;
}

int run_scan_command(scan_settings const& settings) {
  auto inputs = settings.options.files;
  if (!settings.store_path.empty()) inputs.push_back(settings.store_path);
  for (auto const* path : {&settings.fee_schedule_path, &settings.year_to_date_path}) {
    if (!path->empty()) inputs.push_back(*path);
  }
  if (output_overwrites_input(settings.output_path, inputs)) return exit_usage;
  auto const rules = load_rules_or_report(settings.rules_dir);
  if (!rules) return exit_usage;
  scan_options options = settings.options;
  bool const fees_ok = load_input(settings.fee_schedule_path, options.fees, load_fee_schedule);
  bool const opening_ok =
      load_input(settings.year_to_date_path, options.opening, load_year_to_date);
  if (!fees_ok || !opening_ok) return exit_usage;
  std::optional<claim_store> store;
  try {
    if (!settings.store_path.empty()) {
      store.emplace(settings.store_path, claim_store::mode::writer);
      options.store = &*store;
    }
  } catch (store_error const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    return exit_failure;
  }
  if (!settings.received_on.empty()) {
    auto const day = grammar::parse_date8(settings.received_on);
    if (!day) {
      fmt::print(stderr, "x12kx: --received-on wants a date as CCYYMMDD\n");
      return exit_usage;
    }
    options.received_on = *day;
  }
  std::FILE* stream = open_output(settings.output_path);
  if (stream == nullptr) return exit_usage;
  scan_progress counters;
  auto const start = std::chrono::steady_clock::now();
  scan_result result;
  try {
    std::optional<progress_meter> meter;
    if (settings.show_progress()) meter.emplace(counters, total_size(settings.options.files));
    result = run_scan(options, *rules, stream_sink{stream}, &counters);
  } catch (std::exception const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    if (stream != stdout) std::fclose(stream);
    return exit_failure;
  }
  if (!close_output(stream)) {
    fmt::print(stderr, "x12kx: cannot write findings\n");
    return exit_failure;
  }
  double const seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!settings.quiet) print_summary(result.summary, seconds);
  return result.input_lost ? exit_input_rejected : exit_ok;
}

}  // namespace

command add_scan_command(CLI::App& program) {
  auto settings = std::make_shared<scan_settings>();
  settings->options.threads = std::max(1u, std::thread::hardware_concurrency());
  auto& options = settings->options;

  auto* scan = program.add_subcommand("scan", "Read 837P/837I/835 files and write findings");
  scan->add_option("files", options.files, "X12 files, in any order and mix; - is standard input")
      ->required();
  scan->add_option("-o,--output", settings->output_path,
                   "Write findings here instead of standard output");
  scan->add_option("--threads", options.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  scan->add_option("--rules", settings->rules_dir, "Rule directory replacing the bundled rules/")
      ->check(CLI::ExistingDirectory);
  scan->add_option("--fee-schedule", settings->fee_schedule_path,
                   "CSV code,amount (per unit): accrue fee-schedule amounts, not charges")
      ->check(CLI::ExistingFile);
  scan->add_option("--year-to-date", settings->year_to_date_path,
                   "JSON lines member_id, year, bucket, amount already applied elsewhere")
      ->check(CLI::ExistingFile);
  scan->add_option("--store", settings->store_path,
                   "Record claims and remits in this SQLite store and link remits against "
                   "every claim in it");
  scan->add_option("--received-on", settings->received_on,
                   "Receipt date (CCYYMMDD) recorded in the store instead of today")
      ->needs("--store");
  scan->add_flag("--progress", settings->progress_flag, "Show a progress line even off a terminal");
  scan->add_flag("--no-progress", settings->no_progress, "Never show a progress line");
  scan->add_flag("-q,--quiet", settings->quiet, "No summary line on standard error");
  scan->add_flag("--strict", options.framer.strict,
                 "Reject a whole transaction on any envelope fault (default: report and keep "
                 "what is sound)");
  return {scan, [settings] { return run_scan_command(*settings); }};
}

}  // namespace x12kx::cli
