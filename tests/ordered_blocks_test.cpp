// Blocks filled on several threads are taken in order, every item once.
#include "pipeline/ordered_blocks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace x12kx {
namespace {

std::string numbers(std::size_t count, std::size_t block_items, unsigned threads) {
  std::string out;
  std::size_t blocks = 0;
  fill_in_order(
      count, block_items, threads,
      [](std::size_t begin, std::size_t end, json_block& block) {
        for (std::size_t i = begin; i < end; ++i) block.json += std::to_string(i) + "\n";
        block.counts[0] = end - begin;
      },
      [&](json_block const& block) {
        out += block.json;
        EXPECT_LE(block.counts[0], block_items);
        ++blocks;
      });
  EXPECT_EQ(blocks, (count + block_items - 1) / block_items);
  return out;
}

TEST(ordered_blocks, blocks_filled_in_parallel_are_taken_in_order) {
  std::string expected;
  for (std::size_t i = 0; i < 10007; ++i) expected += std::to_string(i) + "\n";
  for (unsigned threads : {1u, 2u, 4u}) {
    for (std::size_t block :
         {std::size_t{1}, std::size_t{7}, std::size_t{1024}, std::size_t{20000}}) {
      EXPECT_EQ(numbers(10007, block, threads), expected) << block << " per block, " << threads;
    }
  }
  EXPECT_EQ(numbers(0, 16, 2), "");
}

TEST(ordered_blocks, a_block_counts_its_findings_by_kind_and_input_loss) {
  json_block block;
  finding denial;
  denial.kind = finding_kind::denial;
  finding error;
  error.error = error_detail{};
  error.error->what = skipped::claim;
  block.add(denial);
  block.add(error);
  EXPECT_EQ(block.counts[static_cast<std::size_t>(finding_kind::denial)], 1u);
  EXPECT_EQ(block.counts[static_cast<std::size_t>(finding_kind::error)], 1u);
  EXPECT_TRUE(block.input_lost);
  EXPECT_EQ(std::count(block.json.begin(), block.json.end(), '\n'), 2);
}

}  // namespace
}  // namespace x12kx
