// `x12kx serve`: the long-running service. Parses the listening address and the limits,
// loads the rules once, and hands over to src/service. The scan options it builds are passed
// to run_scan unchanged for every request, so a flag added to them here reaches every scan.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "rules/rule_set.hpp"
#include "service/server.hpp"
#include "store/claim_store.hpp"

#include <fmt/format.h>

#include <charconv>
#include <memory>
#include <optional>
#include <thread>

namespace x12kx::cli {
namespace {

struct serve_settings {
  service::service_config config;
  std::string listen = "127.0.0.1:8837";
  std::string rules_dir = default_rules_directory();
  std::string store_path;
  double request_timeout = 60;
  double idle_timeout = 30;
  double grace_period = 30;
};

/// Splits "HOST:PORT" (or "[V6]:PORT") into the config; false when it is not of that form.
bool parse_listen(std::string_view text, service::service_config& config) {
  auto const colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view host = text.substr(0, colon);
  std::string_view const port = text.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned value = 0;
  auto const [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value > 65535) return false;
  config.address = std::string(host);
  config.port = static_cast<std::uint16_t>(value);
  return true;
}

int run_serve_command(serve_settings& settings) {
  auto& config = settings.config;
  if (!parse_listen(settings.listen, config)) {
    fmt::print(stderr, "x12kx: --listen wants HOST:PORT, got {}\n", settings.listen);
    return exit_usage;
  }
  config.request_timeout = service::seconds(settings.request_timeout);
  config.idle_timeout = service::seconds(settings.idle_timeout);
  config.grace_period = service::seconds(settings.grace_period);
  // Parallelism comes from requests running side by side; each scan stays on its thread so a
  // slow reader never holds a worker other scans need. Output bytes do not depend on it.
  config.scan.threads = 1;
  auto const rules = load_rules_or_report(settings.rules_dir);
  if (!rules) return exit_usage;
  // With a store, every request's claims are recorded and its remits linked against the
  // store; scans that use it take turns (claim_store::run_turn), others run side by side.
  std::optional<claim_store> store;
  try {
    if (!settings.store_path.empty()) {
      store.emplace(settings.store_path, claim_store::mode::writer);
      config.scan.store = &*store;
    }
  } catch (store_error const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    return exit_failure;
  }
  try {
    service::serve(config, *rules);
  } catch (service::listen_error const& error) {
    fmt::print(stderr, "x12kx: {}\n", error.what());
    return exit_usage;
  } catch (std::exception const& error) {
    fmt::print(stderr, "x12kx serve: {}\n", error.what());
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace

command add_serve_command(CLI::App& program) {
  auto settings = std::make_shared<serve_settings>();
  auto& config = settings->config;
  config.scan_threads = std::max(1u, std::thread::hardware_concurrency());

  auto* serve = program.add_subcommand("serve", "Serve POST /v1/scan over HTTP until SIGTERM");
  serve->add_option("--listen", settings->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--rules", settings->rules_dir, "Rule directory replacing the bundled rules/")
      ->check(CLI::ExistingDirectory);
  serve->add_option("--threads", config.scan_threads, "Scans running at once (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  serve->add_option("--store", settings->store_path,
                    "Record every request's claims and remits in this SQLite claim store and "
                    "link remits against every claim in it");
  serve->add_option("--port-file", config.port_file, "Write the bound port here once listening");
  serve
      ->add_option("--max-body", config.max_body_bytes,
                   "Largest request body, 1 byte to 1TiB (413 past it)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
      ->capture_default_str();
  serve
      ->add_option("--max-requests", config.max_requests,
                   "Scan requests admitted at once (503 past it)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  serve
      ->add_option("--request-timeout", settings->request_timeout,
                   "Seconds to receive a request's head and body (408 past it)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--idle-timeout", settings->idle_timeout,
                   "Seconds a connection may wait for a request, or a write may stall")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--grace-period", settings->grace_period,
                   "Seconds for requests in flight to finish after SIGTERM/SIGINT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  return {serve, [settings] { return run_serve_command(*settings); }};
}

}  // namespace x12kx::cli
