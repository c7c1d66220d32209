// x12::elements: splitting one segment into element views by X12 position.
#include "x12/elements.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx::x12 {
namespace {

TEST(elements, id_is_position_zero_and_elements_start_at_one) {
  elements const fields("CLM*PCN24A0001*855***11:B:1*Y", '*');
  EXPECT_EQ(fields.id(), "CLM");
  EXPECT_EQ(fields[0], "CLM");
  EXPECT_EQ(fields[1], "PCN24A0001");
  EXPECT_EQ(fields[2], "855");
  EXPECT_EQ(fields[3], "");
  EXPECT_EQ(fields[4], "");
  EXPECT_EQ(fields[5], "11:B:1");
  EXPECT_EQ(fields[6], "Y");
  EXPECT_EQ(fields.size(), 6u);
  EXPECT_FALSE(fields.overflow());
}

TEST(elements, empty_trailing_elements_are_counted_and_read_empty) {
  elements const fields("NM1*IL*1*DOE****", '*');
  EXPECT_EQ(fields.size(), 7u);
  EXPECT_EQ(fields[3], "DOE");
  for (std::size_t position = 4; position <= 7; ++position) {
    EXPECT_TRUE(fields[position].empty()) << "position " << position;
  }
}

TEST(elements, absent_positions_read_empty) {
  elements const fields("LX*1", '*');
  EXPECT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[1], "1");
  EXPECT_TRUE(fields[2].empty());
  EXPECT_TRUE(fields[19].empty());
  EXPECT_TRUE(fields[elements::capacity - 1].empty());
  EXPECT_TRUE(fields[elements::capacity].empty());
  // A run-time position, so the compiler cannot flag the far index as out of bounds.
  std::size_t volatile far = 1000;
  EXPECT_TRUE(fields[far].empty());
}

TEST(elements, segment_without_elements_has_only_its_id) {
  elements const fields("SE", '*');
  EXPECT_EQ(fields.id(), "SE");
  EXPECT_EQ(fields.size(), 0u);
  EXPECT_TRUE(fields[1].empty());
}

TEST(elements, empty_segment_has_an_empty_id) {
  elements const fields(std::string_view(""), '*');
  EXPECT_EQ(fields.id(), "");
  EXPECT_EQ(fields.size(), 0u);
  EXPECT_FALSE(fields.overflow());
}

TEST(elements, leading_empty_element_keeps_later_positions) {
  elements const fields("REF**X", '*');
  EXPECT_EQ(fields[1], "");
  EXPECT_EQ(fields[2], "X");
  EXPECT_EQ(fields.size(), 2u);
}

TEST(elements, splits_by_the_separator_it_is_given) {
  elements const fields("GS|HC|A*B|C:D", '|');
  EXPECT_EQ(fields.id(), "GS");
  EXPECT_EQ(fields[1], "HC");
  EXPECT_EQ(fields[2], "A*B");
  EXPECT_EQ(fields[3], "C:D");
  EXPECT_EQ(fields.size(), 3u);
}

TEST(elements, views_point_into_the_segment) {
  std::string const segment = "SV1*HC:97110:GP*125";
  elements const fields(segment, '*');
  EXPECT_EQ(fields[2].data(), segment.data() + 16);
  EXPECT_EQ(fields.id().data(), segment.data());
}

/// "ID*1*2*...*n": a segment with `count` elements after the id.
std::string numbered_segment(std::size_t count) {
  std::string segment = "ID";
  for (std::size_t i = 1; i <= count; ++i) {
    segment += '*';
    segment.append(std::to_string(i));
  }
  return segment;
}

TEST(elements, fills_capacity_exactly_without_overflow) {
  // capacity counts the id, so capacity - 1 elements fit.
  std::string const segment = numbered_segment(elements::capacity - 1);
  elements const fields(segment, '*');
  EXPECT_FALSE(fields.overflow());
  EXPECT_EQ(fields.size(), elements::capacity - 1);
  EXPECT_EQ(fields[elements::capacity - 1], std::to_string(elements::capacity - 1));
}

TEST(elements, reports_overflow_past_capacity) {
  std::string const segment = numbered_segment(elements::capacity + 5);
  elements const fields(segment, '*');
  EXPECT_TRUE(fields.overflow());
  EXPECT_EQ(fields.size(), elements::capacity - 1);
  // The elements that fit are split correctly; later ones read as absent.
  EXPECT_EQ(fields[1], "1");
  EXPECT_EQ(fields[elements::capacity - 1], std::to_string(elements::capacity - 1));
  EXPECT_TRUE(fields[elements::capacity].empty());
}

TEST(elements, one_element_past_capacity_is_an_overflow) {
  std::string const segment = numbered_segment(elements::capacity);
  elements const fields(segment, '*');
  EXPECT_TRUE(fields.overflow());
}

TEST(elements, trailing_empty_element_past_capacity_is_an_overflow) {
  // A trailing separator adds one (empty) element: one too many.
  std::string const segment = numbered_segment(elements::capacity - 1) + "*";
  elements const fields(segment, '*');
  EXPECT_TRUE(fields.overflow());
}

TEST(elements, cas_with_six_triplets_fits) {
  elements const fields("CAS*CO*45*1*1*253*2*1*97*3*1*119*4*1*4*5*1*16*6*1", '*');
  EXPECT_FALSE(fields.overflow());
  EXPECT_EQ(fields.size(), 19u);
  EXPECT_EQ(fields[17], "16");
  EXPECT_EQ(fields[18], "6");
  EXPECT_EQ(fields[19], "1");
}

TEST(elements, segment_id_is_the_id_that_splitting_gives_for_every_length) {
  for (std::string_view segment : {"", "*", "S", "S*", "SE", "SE*1", "CLM", "CLM*X", "ISAB",
                                   "ISAB*1", "LONGID", "LONGID*1*2", "NTE*ADD*ISA", "**", "X*"}) {
    EXPECT_EQ(segment_id(segment, '*'), elements(segment, '*').id()) << segment;
  }
  EXPECT_EQ(segment_id("LONGIDENTIFIERWITHOUTSEPARATOR", '*'), "LONGIDENTIFIERWITHOUTSEPARATOR");
  EXPECT_EQ(segment_id("ABCDEFGHIJKLMNOPQRST*1", '*'), "ABCDEFGHIJKLMNOPQRST");
  EXPECT_EQ(segment_id("HL|1||20", '|'), "HL");
}

/// The split by definition: the text between separators, one at a time, `parts` at most.
std::vector<std::string_view> reference_split(std::string_view segment, char separator,
                                              std::size_t parts) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (out.size() < parts) {
    auto const hit = segment.find(separator, start);
    out.push_back(segment.substr(start, hit == std::string_view::npos ? hit : hit - start));
    if (hit == std::string_view::npos) break;
    start = hit + 1;
  }
  return out;
}

// The splitter reads the segment 16 bytes at a time (whole blocks, a last block that overlaps
// the one before it, a short segment copied): every length from 0 to 100 bytes and every
// separator position pattern of a seeded generator, split fully and up to each position,
// gives the views of the definition, pointing into the segment.
TEST(elements, agrees_with_the_definition_at_every_length_and_limit) {
  std::uint32_t state = 12345;
  auto const next = [&state] {
    state = state * 1103515245u + 12345u;
    return state >> 16;
  };
  for (std::size_t length = 0; length <= 100; ++length) {
    for (int trial = 0; trial < 40; ++trial) {
      std::string segment(length, 'A');
      unsigned const density = 2 + trial % 6;  // a separator every `density` bytes on average
      for (auto& c : segment) {
        if (next() % density == 0) c = '*';
      }
      auto const expected = reference_split(segment, '*', elements::capacity);
      elements const full(segment, '*');
      ASSERT_EQ(full.size() + 1, expected.size()) << segment;
      EXPECT_EQ(full.overflow(), expected.size() == elements::capacity &&
                                     reference_split(segment, '*', 99).size() > 40)
          << segment;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(full[i], expected[i]) << segment << " position " << i;
        ASSERT_EQ(full[i].data(), expected[i].data()) << segment << " position " << i;
      }
      for (std::size_t last = 0; last < 12; ++last) {
        elements const some(segment, '*', last);
        auto const wanted = reference_split(segment, '*', last + 1);
        ASSERT_EQ(some.size() + 1, wanted.size()) << segment << " up to " << last;
        for (std::size_t i = 0; i < wanted.size(); ++i) {
          ASSERT_EQ(some[i], wanted[i]) << segment << " up to " << last << " position " << i;
        }
      }
    }
  }
}

TEST(elements, splits_by_a_nul_separator_without_reading_past_the_segment) {
  // A short segment is copied into a zeroed block; the zeros past its end are not elements.
  std::string const segment("AB\0C", 4);
  elements const fields(segment, '\0');
  EXPECT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0], "AB");
  EXPECT_EQ(fields[1], "C");
}

TEST(elements, segment_tag_of_reads_two_and_three_byte_ids_only) {
  EXPECT_EQ(segment_tag_of("LX*1", '*'), segment_tag("LX"));
  EXPECT_EQ(segment_tag_of("SV1*HC:97110*1", '*'), segment_tag("SV1"));
  EXPECT_EQ(segment_tag_of("SE", '*'), segment_tag("SE"));
  EXPECT_EQ(segment_tag_of("CLM", '*'), segment_tag("CLM"));
  EXPECT_NE(segment_tag("SV1"), segment_tag("SV2"));
  EXPECT_NE(segment_tag("LX"), segment_tag("LXA"));
  for (std::string_view not_an_id : {"", "L", "L*X", "*LX", "CLMX*1", "ABCDE", "**"}) {
    EXPECT_EQ(segment_tag_of(not_an_id, '*'), 0u) << not_an_id;
  }
  EXPECT_EQ(segment_tag_of("HL|1", '|'), segment_tag("HL"));
  EXPECT_EQ(segment_tag_of("HL*1", '|'), 0u);  // "HL*1" is a four-byte id under '|'
}

}  // namespace
}  // namespace x12kx::x12
