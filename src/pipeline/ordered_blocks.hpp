// Findings made and written as JSON on all threads, handed on in order: the threshold
// findings of a large run are many (a million for a 2 GB 837P), and making each one means
// unpacking its claim, so they are made in blocks in parallel while one thread appends the
// finished blocks to the output.
#pragma once

#include "findings/finding.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace x12kx {

/// A block of findings as JSON lines, with what the run summary counts of them.
struct json_block {
  std::string json;
  std::array<std::uint64_t, finding_kind_count> counts{};
  bool input_lost = false;  // an error record that skipped input

  void add(finding const& f);
};

/// Calls `fill(begin, end, block)` for the items [0, count) in blocks of `block_items`, on up
/// to `threads` threads at once, and `take(block)` for each filled block in order, on one
/// thread at a time. Memory: a few blocks per thread.
void fill_in_order(std::size_t count, std::size_t block_items, unsigned threads,
                   std::function<void(std::size_t, std::size_t, json_block&)> const& fill,
                   std::function<void(json_block const&)> const& take);

}  // namespace x12kx
