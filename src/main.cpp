// x12kx: checks modifier KX on Medicare 837 claims and links 835 denials to claim lines.
// main() only assembles the subcommands (src/cli/*_command.cpp) and runs the one named.
#include "cli/commands.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace x12kx::cli;
  CLI::App program{
      "x12kx: checks modifier KX on Medicare 837 claims and links 835 denials "
      "to the claim lines they answer; findings are JSON lines."};
  program.set_version_flag("--version", std::string("x12kx ") + X12KX_VERSION);
  program.require_subcommand(1);

  std::vector<command> const commands{
      add_scan_command(program),      add_report_command(program), add_rules_command(program),
      add_reconcile_command(program), add_serve_command(program),  add_gen_command(program),
  };

  try {
    program.parse(argc, argv);
  } catch (CLI::ParseError const& error) {
    int const code = program.exit(error);
    return code == 0 ? exit_ok : exit_usage;
  }
  for (auto const& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return exit_usage;
}
