#include "cli/output.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
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

bool output_overwrites_input(std::string const& output, std::vector<std::string> const& inputs) {
  struct stat out {};
  if (output.empty() || output == "-" || ::stat(output.c_str(), &out) != 0) return false;
  for (auto const& input : inputs) {
    struct stat in {};
    if (input == "-" || ::stat(input.c_str(), &in) != 0) continue;
    if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      fmt::print(stderr, "x12kx: the output {} is the input {}; refusing to overwrite it\n", output,
                 input);
      return true;
    }
  }
  return false;
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
