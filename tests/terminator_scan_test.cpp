// find_terminator must give memchr's answer for every start, length and match position,
// including matches in the last partial block and buffers with no match at all.
#include "x12/terminator_scan.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

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

}  // namespace
}  // namespace x12kx::x12
