// x12::elements: splitting one segment into element views by X12 position.
#include "x12/elements.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

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

}  // namespace
}  // namespace x12kx::x12
