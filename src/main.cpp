// x12kx: checks modifier KX on Medicare 837 claims and links 835 denials to claim lines.
#include "cli/progress.hpp"
#include "pipeline/scan_job.hpp"
#include "rules/rule_set.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <optional>
#include <sys/stat.h>
#include <thread>

namespace {

// Exit statuses, as the README documents them.
constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;
constexpr int exit_input_rejected = 3;

/// Writes output bytes to a stdio stream and turns a failed write into an exception.
struct stream_sink {
  std::FILE* stream;
  void operator()(std::string_view bytes) const {
    if (std::fwrite(bytes.data(), 1, bytes.size(), stream) != bytes.size()) {
      throw std::runtime_error("cannot write findings");
    }
  }
};

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
void print_summary(x12kx::run_summary const& s, double seconds) {
  std::uint64_t findings = 0;
  for (std::size_t k = 0; k < s.findings.size(); ++k) findings += s.findings[k];
  auto const errors = s.findings[static_cast<std::size_t>(x12kx::finding_kind::error)];
  double const mb = static_cast<double>(s.bytes) / 1e6;
  fmt::print(stderr,
             "x12kx: {} files, {:.2f} MB in {:.2f} s ({:.1f} MB/s): {} claims ({} rejected), "
             "{} lines, {} remits ({} rejected); {} findings, {} input errors\n",
             s.files, mb, seconds, seconds > 0 ? mb / seconds : 0.0, s.claims, s.claims_rejected,
             s.lines, s.remits, s.remits_rejected, findings, errors);
}

int run_scan_command(x12kx::scan_options const& options, std::string const& rules_dir,
                     std::string const& output_path, bool show_progress, bool quiet) {
  x12kx::rule_set rules;
  try {
    rules = x12kx::load_rules(rules_dir);
  } catch (x12kx::rules_error const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    return exit_usage;
  }
  std::FILE* stream = stdout;
  if (!output_path.empty() && output_path != "-") {
    stream = std::fopen(output_path.c_str(), "wb");
    if (stream == nullptr) {
      fmt::print(stderr, "x12kx: cannot open {} for writing\n", output_path);
      return exit_usage;
    }
  }
  x12kx::scan_progress counters;
  auto const start = std::chrono::steady_clock::now();
  x12kx::scan_result result;
  try {
    std::optional<x12kx::cli::progress_meter> meter;
    if (show_progress) meter.emplace(counters, total_size(options.files));
    result = x12kx::run_scan(options, rules, stream_sink{stream}, &counters);
  } catch (std::exception const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    if (stream != stdout) std::fclose(stream);
    return exit_failure;
  }
  bool const closed = stream == stdout ? std::fflush(stream) == 0 : std::fclose(stream) == 0;
  if (!closed) {
    fmt::print(stderr, "x12kx: cannot write findings\n");
    return exit_failure;
  }
  double const seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!quiet) print_summary(result.summary, seconds);
  return result.input_lost ? exit_input_rejected : exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"x12kx: checks modifier KX on Medicare 837 claims and links 835 denials "
               "to the claim lines they answer; findings are JSON lines."};
  app.set_version_flag("--version", std::string("x12kx ") + X12KX_VERSION);
  app.require_subcommand(1);

  x12kx::scan_options options;
  options.threads = std::max(1u, std::thread::hardware_concurrency());
  std::string rules_dir = x12kx::default_rules_directory();
  std::string output_path;
  bool progress_flag = false;
  bool no_progress = false;
  bool quiet = false;

  auto* scan = app.add_subcommand("scan", "Read 837P/837I/835 files and write findings");
  scan->add_option("files", options.files, "X12 files, in any order and mix; - is standard input")
      ->required();
  scan->add_option("-o,--output", output_path, "Write findings here instead of standard output");
  scan->add_option("--threads", options.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  scan->add_option("--rules", rules_dir, "Rule directory replacing the bundled rules/")
      ->check(CLI::ExistingDirectory);
  scan->add_flag("--progress", progress_flag, "Show a progress line even off a terminal");
  scan->add_flag("--no-progress", no_progress, "Never show a progress line");
  scan->add_flag("-q,--quiet", quiet, "No summary line on standard error");

  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& error) {
    int const code = app.exit(error);
    return code == 0 ? exit_ok : exit_usage;
  }
  bool const show_progress =
      !no_progress && (progress_flag || x12kx::cli::progress_meter::wanted());
  return run_scan_command(options, rules_dir, output_path, show_progress, quiet);
}
