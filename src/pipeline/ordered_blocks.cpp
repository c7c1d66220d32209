#include "pipeline/ordered_blocks.hpp"

#include "findings/json_writer.hpp"

#include <oneapi/tbb/parallel_pipeline.h>

#include <algorithm>
#include <memory>

namespace x12kx {
namespace {

// Blocks in flight per thread: enough to keep every thread busy while one appends.
constexpr std::size_t blocks_per_thread = 4;

struct numbered_block {
  std::size_t begin = 0;
  std::size_t end = 0;
  json_block content;
};

}  // namespace

void json_block::add(finding const& f) {
  ++counts[static_cast<std::size_t>(f.kind)];
  if (f.error && is_input_loss(f.error->what)) input_lost = true;
  append_json(json, f);
}

void fill_in_order(std::size_t count, std::size_t block_items, unsigned threads,
                   std::function<void(std::size_t, std::size_t, json_block&)> const& fill,
                   std::function<void(json_block const&)> const& take) {
  std::size_t next = 0;
  auto const cut = [&](tbb::flow_control& control) -> numbered_block* {
    if (next == count) {
      control.stop();
      return nullptr;
    }
    auto block = std::make_unique<numbered_block>();
    block->begin = next;
    next = std::min(count, next + block_items);
    block->end = next;
    return block.release();
  };
  auto const filled = [&](numbered_block* block) {
    fill(block->begin, block->end, block->content);
    return block;
  };
  auto const taken = [&](numbered_block* block) {
    std::unique_ptr<numbered_block> const owned(block);
    take(owned->content);
  };
  tbb::parallel_pipeline(
      std::max(1u, threads) * blocks_per_thread,
      tbb::make_filter<void, numbered_block*>(tbb::filter_mode::serial_in_order, cut) &
          tbb::make_filter<numbered_block*, numbered_block*>(tbb::filter_mode::parallel, filled) &
          tbb::make_filter<numbered_block*, void>(tbb::filter_mode::serial_in_order, taken));
}

}  // namespace x12kx
