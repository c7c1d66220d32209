// `x12kx report`: reads findings (JSON lines from `x12kx scan`) and writes a page a billing
// team reads: one self-contained HTML file, or tables on the terminal with --format text.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "report/findings_reader.hpp"
#include "report/render.hpp"
#include "report/report_model.hpp"
#include "rules/rule_set.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

namespace x12kx::cli {
namespace {

struct report_settings {
  std::vector<std::string> inputs;
  std::string output_path;
  std::string format = "html";
  std::string rules_dir = default_rules_directory();
  bool show_member_ids = false;
};

bool write_all(std::string const& path, std::string const& bytes) {
  bool const to_stdout = path.empty() || path == "-";
  std::FILE* stream = to_stdout ? stdout : std::fopen(path.c_str(), "wb");
  if (stream == nullptr) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), stream) == bytes.size();
  ok = (to_stdout ? std::fflush(stream) == 0 : std::fclose(stream) == 0) && ok;
  return ok;
}

int run_report_command(report_settings settings) {
  if (settings.inputs.empty()) settings.inputs.emplace_back("-");
  if (output_overwrites_input(settings.output_path, settings.inputs)) return exit_usage;
  report::code_book codes;
  try {
    codes = report::load_code_book(settings.rules_dir);
  } catch (std::exception const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    return exit_usage;
  }
  std::vector<report::finding_record> records;
  try {
    for (auto const& input : settings.inputs) report::read_findings_file(input, records);
  } catch (report::input_error const& error) {
    // The message names the file, line and key; it never quotes the line (member data).
    fmt::print(stderr, "x12kx: {}\n", error.what());
    return exit_usage;
  }
  report::render_options const options{settings.show_member_ids, settings.inputs};
  std::string bytes;
  try {
    auto const model = report::build_report(records, codes);
    bytes = settings.format == "text" ? report::render_text(model, options)
                                      : report::render_html(model, options);
  } catch (report::money_overflow const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    return exit_usage;
  }
  if (!write_all(settings.output_path, bytes)) {
    fmt::print(stderr, "x12kx: cannot write the report\n");
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace

command add_report_command(CLI::App& program) {
  auto settings = std::make_shared<report_settings>();
  auto* report = program.add_subcommand(
      "report", "Turn findings into an HTML page (or terminal tables) for a billing team");
  report->add_option("files", settings->inputs,
                     "Findings files (JSON lines from x12kx scan); - or none is standard input");
  report->add_option("-o,--output", settings->output_path,
                     "Write the report here instead of standard output");
  report->add_option("--format", settings->format, "html (default) or text")
      ->check(CLI::IsMember({"html", "text"}));
  report
      ->add_option("--rules", settings->rules_dir,
                   "Rule directory for adjustment code names and routine reasons")
      ->check(CLI::ExistingDirectory);
  report->add_flag("--show-member-ids", settings->show_member_ids,
                   "Show member ids in full (default: all but the last two characters masked)");
  return {report, [settings] { return run_report_command(*settings); }};
}

}  // namespace x12kx::cli
