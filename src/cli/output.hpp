// What every subcommand does the same way: load the rules, open the -o output (or use
// standard output), write to it through an output sink, and close it checking the write.
#pragma once

#include "rules/rule_set.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx::cli {

/// Loads the rule directory, or prints why it cannot be used and returns nothing.
std::optional<rule_set> load_rules_or_report(std::string const& directory);

/// Opens `path` for writing; "" and "-" are standard output. Prints and returns nullptr
/// when the file cannot be opened.
std::FILE* open_output(std::string const& path);

/// True (after printing why) when `output` names the same file as one of `inputs`, however
/// spelled (same device and inode): opening it for writing would truncate an input before it
/// is read. Standard output ("" or "-") and an output that does not exist yet never collide.
bool output_overwrites_input(std::string const& output, std::vector<std::string> const& inputs);

/// Flushes standard output or closes a file; false when the bytes did not all get written.
bool close_output(std::FILE* stream);

/// Writes output bytes to a stdio stream and turns a failed write into an exception.
struct stream_sink {
  std::FILE* stream;
  void operator()(std::string_view bytes) const;
};

}  // namespace x12kx::cli
