// `x12kx gen`: writes a realistic, deterministic 837P, 837I or 835 workload (for throughput
// benchmarks and demos). Prints one line of counts on standard error; the data is invented.
#include "cli/commands.hpp"
#include "gen/x12_writer.hpp"

#include <fmt/format.h>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>

namespace x12kx::cli {
namespace {

struct gen_settings {
  std::string kind;
  std::string remit_of = "837p";
  std::uint64_t claims = 0;
  std::string size;
  std::uint64_t seed = 1;
  std::string output;
  std::string element = "*";
  std::string component = ":";
  std::string repetition = "^";
  std::string terminator = "~";
  std::string newline = "none";
  std::uint32_t claims_per_transaction = 200;
  bool quiet = false;
};

/// "2G", "500M", "64K" or plain bytes; powers of 1024.
std::optional<std::uint64_t> parse_size(std::string const& text) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  std::uint64_t value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (std::exception const&) {
    return std::nullopt;
  }
  std::string const unit = text.substr(used);
  static std::map<std::string, unsigned> const shifts{{"", 0},    {"K", 10}, {"KB", 10}, {"M", 20},
                                                      {"MB", 20}, {"G", 30}, {"GB", 30}};
  auto const shift = shifts.find(unit);
  if (shift == shifts.end()) return std::nullopt;
  return value << shift->second;
}

/// One delimiter character; "\n" and "\t" spelled out are accepted for the terminator.
std::optional<char> parse_delimiter(std::string const& text) {
  if (text == "\\n") return '\n';
  if (text == "\\t") return '\t';
  if (text.size() == 1) return text[0];
  return std::nullopt;
}

std::optional<gen::file_kind> parse_kind(std::string const& text) {
  if (text == "837p") return gen::file_kind::claims_837p;
  if (text == "837i") return gen::file_kind::claims_837i;
  if (text == "835") return gen::file_kind::remits_835;
  return std::nullopt;
}

/// Builds the request from the settings; an error message names what is wrong.
std::optional<gen::generate_request> make_request(gen_settings const& s, std::string& error) {
  gen::generate_request request;
  request.kind = *parse_kind(s.kind);
  request.remit_of = *parse_kind(s.remit_of);
  request.seed = s.seed;
  request.claims = s.claims;
  if (!s.size.empty()) {
    auto const bytes = parse_size(s.size);
    if (!bytes || *bytes == 0) {
      error = "--size takes a number with an optional K, M or G suffix";
      return std::nullopt;
    }
    request.bytes = *bytes;
  }
  auto const element = parse_delimiter(s.element);
  auto const component = parse_delimiter(s.component);
  auto const repetition = parse_delimiter(s.repetition);
  auto const terminator = parse_delimiter(s.terminator);
  if (!element || !component || !repetition || !terminator) {
    error = "each delimiter is one character";
    return std::nullopt;
  }
  auto& f = request.format;
  f.element = *element;
  f.component = *component;
  f.repetition = *repetition;
  f.segment = *terminator;
  f.after_segment = s.newline == "lf" ? "\n" : s.newline == "crlf" ? "\r\n" : "";
  f.claims_per_transaction = s.claims_per_transaction;
  if (!f.valid()) {
    error = "delimiters must differ from each other and be no letter, digit or space";
    return std::nullopt;
  }
  return request;
}

int run_gen_command(gen_settings const& settings) {
  std::string error;
  auto const request = make_request(settings, error);
  if (!request) {
    fmt::print(stderr, "x12kx gen: {}\n", error);
    return exit_usage;
  }
  std::FILE* stream = std::fopen(settings.output.c_str(), "wb");
  if (stream == nullptr) {
    fmt::print(stderr, "x12kx gen: cannot open {} for writing\n", settings.output);
    return exit_usage;
  }
  std::setvbuf(stream, nullptr, _IONBF, 0);  // the generator already writes in 4 MiB blocks
  auto const start = std::chrono::steady_clock::now();
  gen::generate_result result;
  try {
    result = gen::generate(*request, [stream](std::string_view bytes) {
      if (std::fwrite(bytes.data(), 1, bytes.size(), stream) != bytes.size()) {
        throw std::runtime_error("write failed");
      }
    });
  } catch (std::exception const& failure) {
    std::fclose(stream);
    fmt::print(stderr, "x12kx gen: cannot write {}: {}\n", settings.output, failure.what());
    return exit_failure;
  }
  if (std::fclose(stream) != 0) {
    fmt::print(stderr, "x12kx gen: cannot write {}\n", settings.output);
    return exit_failure;
  }
  double const seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!settings.quiet) {
    auto const& e = result.expected;
    double const mb = static_cast<double>(result.bytes) / 1e6;
    fmt::print(stderr,
               "x12kx gen: {} {:.2f} MB in {:.2f} s ({:.0f} MB/s): {} claims, {} lines; "
               "its 835: {} remits, {} remit lines, {} denials, {} ambiguous, {} reversals\n",
               settings.kind, mb, seconds, seconds > 0 ? mb / seconds : 0.0, result.claims, e.lines,
               e.remits, e.remit_lines, e.denials, e.ambiguous, e.reversals);
  }
  return exit_ok;
}

}  // namespace

command add_gen_command(CLI::App& program) {
  auto settings = std::make_shared<gen_settings>();
  auto* gen = program.add_subcommand(
      "gen", "Write a deterministic 837P, 837I or 835 workload (invented data) for benchmarks");
  auto const kinds = CLI::IsMember({"837p", "837i", "835"});
  gen->add_option("kind", settings->kind, "837p, 837i or 835")->required()->check(kinds);
  auto* claims = gen->add_option("--claims", settings->claims, "Number of claims")
                     ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  auto* size = gen->add_option("--size", settings->size,
                               "Claims until the 837 reaches this size (2G, 500M, 64K)");
  claims->excludes(size);
  size->excludes(claims);
  gen->add_option("--seed", settings->seed, "Seed; the same seed writes the same bytes");
  gen->add_option("-o,--output", settings->output, "File to write")->required();
  gen->add_option("--for", settings->remit_of,
                  "835 only: the 837 it answers, regenerated from the same seed and "
                  "--claims/--size (837p or 837i)")
      ->check(CLI::IsMember({"837p", "837i"}));
  gen->add_option("--element", settings->element, "Element separator (default *)");
  gen->add_option("--component", settings->component, "Component separator (default :)");
  gen->add_option("--repetition", settings->repetition, "Repetition separator (default ^)");
  gen->add_option("--terminator", settings->terminator,
                  "Segment terminator (default ~; \\n for a newline)");
  gen->add_option("--newline", settings->newline, "After each terminator: none, lf or crlf")
      ->check(CLI::IsMember({"none", "lf", "crlf"}));
  gen->add_option("--claims-per-transaction", settings->claims_per_transaction,
                  "Claims per ST/SE (default 200)")
      ->check(CLI::Range(1u, 100000u));
  gen->add_flag("-q,--quiet", settings->quiet, "No summary line on standard error");
  gen->callback([gen] {
    if (gen->count("--claims") == 0 && gen->count("--size") == 0) {
      throw CLI::ValidationError("--claims or --size", "one of them is required");
    }
  });
  return {gen, [settings] { return run_gen_command(*settings); }};
}

}  // namespace x12kx::cli
