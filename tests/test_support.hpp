// Helpers shared by the tests: paths of the source tree, running a scan in memory.
#pragma once

#include "pipeline/scan_job.hpp"
#include "rules/rule_set.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace x12kx::testing {

inline std::string source_path(std::string const& relative) {
  return std::string(X12KX_SOURCE_DIR) + "/" + relative;
}

inline std::string read_file(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline rule_set const& bundled_rules() {
  static rule_set const rules = load_rules(source_path("rules"));
  return rules;
}

/// Runs a scan over files and returns the JSON lines it wrote.
inline std::string scan_to_string(std::vector<std::string> files, unsigned threads = 1,
                                  scan_result* result = nullptr, scan_options options = {}) {
  options.files = std::move(files);
  options.threads = threads;
  std::string out;
  auto const r =
      run_scan(options, bundled_rules(), [&](std::string_view bytes) { out.append(bytes); });
  if (result != nullptr) *result = r;
  return out;
}

inline std::vector<std::string> split_lines(std::string const& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace x12kx::testing
