// find_terminator must give memchr's answer for every start, length and match position,
// including matches in the last partial block and buffers with no match at all. The block
// kernels must give a byte-by-byte answer, each of them, for every byte value.
#include "x12/terminator_scan.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace x12kx::x12 {
namespace {

char const* by_memchr(char const* p, char const* end, char c) {
  return static_cast<char const*>(std::memchr(p, c, static_cast<std::size_t>(end - p)));
}

TEST(terminator_scan, agrees_with_memchr_at_every_offset_and_length) {
  // 70 bytes: more than four SSE2 blocks, with terminators at irregular places.
  std::string text(70, 'A');
  for (std::size_t at : {3u, 17u, 31u, 32u, 47u, 63u, 64u, 69u}) text[at] = '~';
  for (std::size_t begin = 0; begin <= text.size(); ++begin) {
    for (std::size_t end = begin; end <= text.size(); ++end) {
      char const* p = text.data() + begin;
      char const* e = text.data() + end;
      ASSERT_EQ(find_terminator(p, e, '~'), by_memchr(p, e, '~')) << begin << ".." << end;
    }
  }
}

TEST(terminator_scan, finds_only_the_asked_byte) {
  std::string text = "ISA*00*~GS*HC~\n";
  EXPECT_EQ(find_terminator(text.data(), text.data() + text.size(), '\n'),
            text.data() + text.size() - 1);
  EXPECT_EQ(find_terminator(text.data(), text.data() + text.size(), '!'), nullptr);
  std::string high(40, '\xC3');  // bytes above 0x7F never match a lower byte
  high[33] = 'C';
  EXPECT_EQ(find_terminator(high.data(), high.data() + high.size(), 'C'), high.data() + 33);
  EXPECT_EQ(find_terminator(high.data(), high.data() + 33, 'C'), nullptr);
}

TEST(terminator_scan, empty_range_has_no_match) {
  char const one = '~';
  EXPECT_EQ(find_terminator(&one, &one, '~'), nullptr);
}

/// Masks computed one byte at a time, the definition the kernels must meet.
void index_by_bytes(std::string const& data, char terminator, std::vector<std::uint64_t>& found,
                    std::vector<std::uint64_t>& wrapped) {
  found.assign(data.size() / index_block_bytes, 0);
  wrapped.assign(found.size(), 0);
  for (std::size_t i = 0; i < found.size() * index_block_bytes; ++i) {
    std::uint64_t const bit = std::uint64_t{1} << (i % index_block_bytes);
    if (data[i] == terminator) found[i / index_block_bytes] |= bit;
    if (data[i] == '\r' || data[i] == '\n') wrapped[i / index_block_bytes] |= bit;
  }
}

TEST(terminator_scan, every_block_kernel_matches_a_byte_by_byte_index) {
  std::vector<std::pair<char const*, index_blocks_function>> kernels = {
      {"portable", &index_blocks_portable},
      {"best", best_index_blocks()},
  };
  if (auto const sse2 = sse2_index_blocks()) kernels.emplace_back("sse2", sse2);
  if (auto const avx2 = avx2_index_blocks()) kernels.emplace_back("avx2", avx2);
#if defined(__x86_64__)
  EXPECT_NE(sse2_index_blocks(), nullptr);  // part of every x86-64 CPU
#endif
  // Every byte value, then random bytes weighted towards delimiters and line breaks; odd
  // start addresses, since the reader's blocks are not aligned in memory.
  std::string data(1 + 64 * 9, '\0');
  for (std::size_t i = 0; i < 256; ++i) data[1 + i] = static_cast<char>(i);
  std::mt19937 random(7);
  std::string const likely = "~\n\r*:\xFF\x80";
  for (std::size_t i = 257; i < data.size(); ++i) {
    data[i] = random() % 2 ? likely[random() % likely.size()] : static_cast<char>(random());
  }
  std::string const blocks = data.substr(1);
  for (char terminator : {'~', '\n', '\r', '\0', '\xFF', '\x80', '!'}) {
    std::vector<std::uint64_t> want_found, want_wrapped;
    index_by_bytes(blocks, terminator, want_found, want_wrapped);
    for (auto const& [name, kernel] : kernels) {
      std::vector<std::uint64_t> found(9, 0xdead), wrapped(9, 0xbeef);
      kernel(data.data() + 1, 9, terminator, found.data(), wrapped.data());
      EXPECT_EQ(found, want_found) << name << " terminator " << int(terminator);
      EXPECT_EQ(wrapped, want_wrapped) << name << " terminator " << int(terminator);
    }
  }
}

TEST(terminator_scan, block_kernels_write_only_the_blocks_asked_for) {
  std::string const data(128, '~');
  std::vector<std::uint64_t> found(3, 7), wrapped(3, 7);
  best_index_blocks()(data.data(), 2, '~', found.data(), wrapped.data());
  EXPECT_EQ(found, (std::vector<std::uint64_t>{~std::uint64_t{0}, ~std::uint64_t{0}, 7}));
  EXPECT_EQ(wrapped, (std::vector<std::uint64_t>{0, 0, 7}));
}

}  // namespace
}  // namespace x12kx::x12
