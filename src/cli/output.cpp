#include "cli/output.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace x12kx::cli {

std::optional<rule_set> load_rules_or_report(std::string const& directory) {
  try {
    return load_rules(directory);
  } catch (rules_error const& error) {
    for (auto const& problem : error.problems) fmt::print(stderr, "x12kx: {}\n", problem);
    return std::nullopt;
  }
}

std::FILE* open_output(std::string const& path) {
  if (path.empty() || path == "-") return stdout;
  std::FILE* stream = std::fopen(path.c_str(), "wb");
  if (stream == nullptr) fmt::print(stderr, "x12kx: cannot open {} for writing\n", path);
  return stream;
}

bool close_output(std::FILE* stream) {
  return stream == stdout ? std::fflush(stream) == 0 : std::fclose(stream) == 0;
}

void stream_sink::operator()(std::string_view bytes) const {
  if (std::fwrite(bytes.data(), 1, bytes.size(), stream) != bytes.size()) {
    throw std::runtime_error("cannot write the output");
  }
}

}  // namespace x12kx::cli
