// Accept/reject tables for every element grammar in grammar/x12_grammar.hpp (STYLE habit 10).
#include "grammar/x12_grammar.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace x12kx::grammar {
namespace {

// ---------------------------------------------------------------------------------------------
// parse_amount

struct amount_case {
  std::string_view text;
  std::optional<cents> expected;  // nullopt: rejected
};

void PrintTo(amount_case const& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class parse_amount_table : public ::testing::TestWithParam<amount_case> {};

TEST_P(parse_amount_table, gives_cents_or_rejects) {
  auto const& c = GetParam();
  EXPECT_EQ(parse_amount(c.text), c.expected) << "text \"" << c.text << "\"";
}

INSTANTIATE_TEST_SUITE_P(accepts, parse_amount_table,
                         ::testing::Values(amount_case{"125", 12500}, amount_case{"125.5", 12550},
                                           amount_case{"125.50", 12550},
                                           amount_case{"-10.00", -1000}, amount_case{".5", 50},
                                           amount_case{"-.5", -50}, amount_case{"0", 0},
                                           amount_case{"-0", 0}, amount_case{"0.01", 1},
                                           amount_case{"280.01", 28001},
                                           amount_case{"-775", -77500}, amount_case{"007", 700},
                                           // More than two decimals: rounded half away from zero.
                                           amount_case{"1.005", 101}, amount_case{"-1.005", -101},
                                           amount_case{"1.004", 100}, amount_case{"1.0049", 100},
                                           amount_case{"0.995", 100}, amount_case{"2.12500", 213},
                                           // Fifteen integer digits is the widest amount kept.
                                           amount_case{"999999999999999", 99999999999999900}));

INSTANTIATE_TEST_SUITE_P(
    rejects, parse_amount_table,
    ::testing::Values(amount_case{"", std::nullopt}, amount_case{"12X.00", std::nullopt},
                      amount_case{"1.2.3", std::nullopt}, amount_case{"--1", std::nullopt},
                      amount_case{"+1", std::nullopt}, amount_case{"-", std::nullopt},
                      amount_case{".", std::nullopt}, amount_case{"-.", std::nullopt},
                      amount_case{" 1", std::nullopt}, amount_case{"1 ", std::nullopt},
                      amount_case{"1,000", std::nullopt}, amount_case{"1e3", std::nullopt},
                      amount_case{"1-", std::nullopt}, amount_case{"$5", std::nullopt},
                      amount_case{"9999999999999999", std::nullopt}));

// ---------------------------------------------------------------------------------------------
// parse_quantity

struct quantity_case {
  std::string_view text;
  std::optional<std::int64_t> expected;  // thousandths; nullopt: rejected
};

void PrintTo(quantity_case const& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class parse_quantity_table : public ::testing::TestWithParam<quantity_case> {};

TEST_P(parse_quantity_table, gives_thousandths_or_rejects) {
  auto const& c = GetParam();
  EXPECT_EQ(parse_quantity(c.text), c.expected) << "text \"" << c.text << "\"";
}

INSTANTIATE_TEST_SUITE_P(accepts, parse_quantity_table,
                         ::testing::Values(quantity_case{"1", 1000}, quantity_case{"2.5", 2500},
                                           quantity_case{"0.125", 125}, quantity_case{".25", 250},
                                           quantity_case{"4", 4000}, quantity_case{"-2", -2000},
                                           quantity_case{"0.0005", 1}, quantity_case{"0.0004", 0},
                                           quantity_case{"-0.0005", -1},
                                           quantity_case{"10.1234", 10123}));

INSTANTIATE_TEST_SUITE_P(
    rejects, parse_quantity_table,
    ::testing::Values(quantity_case{"", std::nullopt}, quantity_case{"1.2.3", std::nullopt},
                      quantity_case{"abc", std::nullopt}, quantity_case{"1/2", std::nullopt},
                      quantity_case{"+1", std::nullopt}, quantity_case{"UN", std::nullopt},
                      quantity_case{".", std::nullopt}));

// ---------------------------------------------------------------------------------------------
// parse_count

struct count_case {
  std::string_view text;
  std::optional<std::uint64_t> expected;
};

void PrintTo(count_case const& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class parse_count_table : public ::testing::TestWithParam<count_case> {};

TEST_P(parse_count_table, gives_an_unsigned_integer_or_rejects) {
  auto const& c = GetParam();
  EXPECT_EQ(parse_count(c.text), c.expected) << "text \"" << c.text << "\"";
}

INSTANTIATE_TEST_SUITE_P(
    accepts, parse_count_table,
    ::testing::Values(count_case{"1", 1}, count_case{"0", 0}, count_case{"999", 999},
                      count_case{"210", 210}, count_case{"000123", 123},
                      count_case{"999999999999999999", 999999999999999999ULL}));

INSTANTIATE_TEST_SUITE_P(
    rejects, parse_count_table,
    ::testing::Values(count_case{"", std::nullopt}, count_case{"-1", std::nullopt},
                      count_case{"+1", std::nullopt}, count_case{"1.0", std::nullopt},
                      count_case{" 1", std::nullopt}, count_case{"1a", std::nullopt},
                      count_case{"1 ", std::nullopt},
                      count_case{"1000000000000000000", std::nullopt}));

// ---------------------------------------------------------------------------------------------
// parse_date8

struct date8_case {
  std::string_view text;
  std::optional<std::uint32_t> expected;
};

void PrintTo(date8_case const& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class parse_date8_table : public ::testing::TestWithParam<date8_case> {};

TEST_P(parse_date8_table, accepts_only_calendar_dates) {
  auto const& c = GetParam();
  auto const parsed = parse_date8(c.text);
  ASSERT_EQ(parsed.has_value(), c.expected.has_value()) << "text \"" << c.text << "\"";
  if (parsed) {
    EXPECT_EQ(parsed->value, *c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    accepts, parse_date8_table,
    ::testing::Values(date8_case{"20240229", 20240229u},  // 2024 is a leap year
                      date8_case{"20000229", 20000229u},  // divisible by 400: leap
                      date8_case{"20240101", 20240101u}, date8_case{"20241231", 20241231u},
                      date8_case{"20240430", 20240430u}, date8_case{"20230228", 20230228u}));

INSTANTIATE_TEST_SUITE_P(
    rejects, parse_date8_table,
    ::testing::Values(date8_case{"20230229", std::nullopt},  // 2023 is not a leap year
                      date8_case{"19000229", std::nullopt},  // divisible by 100 only
                      date8_case{"21000229", std::nullopt},
                      date8_case{"20241301", std::nullopt},  // month 13
                      date8_case{"20240001", std::nullopt},  // month 0
                      date8_case{"20240100", std::nullopt},  // day 0
                      date8_case{"20240431", std::nullopt},  // April has 30 days
                      date8_case{"20240132", std::nullopt}, date8_case{"2024022", std::nullopt},
                      date8_case{"202402290", std::nullopt}, date8_case{"2024-02-29", std::nullopt},
                      date8_case{"", std::nullopt}, date8_case{"2024O229", std::nullopt},
                      // the bytes either side of the digits, and a sign
                      date8_case{"2024/229", std::nullopt}, date8_case{"2024:229", std::nullopt},
                      date8_case{"+2024022", std::nullopt}, date8_case{" 20240229", std::nullopt}));

TEST(grammar, date8_splits_into_year_month_day) {
  auto const date = parse_date8("20240229");
  ASSERT_TRUE(date);
  EXPECT_EQ(date->year(), 2024);
  EXPECT_EQ(date->month(), 2);
  EXPECT_EQ(date->day(), 29);
  EXPECT_FALSE(date->empty());
  EXPECT_LT(*parse_date8("20231231"), *date);
}

// ---------------------------------------------------------------------------------------------
// parse_date_period

struct period_case {
  std::string_view qualifier;
  std::string_view text;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> expected;
};

void PrintTo(period_case const& c, std::ostream* os) {
  *os << c.qualifier << " \"" << c.text << '"';
}

class parse_date_period_table : public ::testing::TestWithParam<period_case> {};

TEST_P(parse_date_period_table, gives_from_and_to_or_rejects) {
  auto const& c = GetParam();
  auto const parsed = parse_date_period(c.qualifier, c.text);
  ASSERT_EQ(parsed.has_value(), c.expected.has_value()) << c.qualifier << " \"" << c.text << "\"";
  if (!parsed) return;
  EXPECT_EQ(parsed->from.value, c.expected->first);
  EXPECT_EQ(parsed->to.value, c.expected->second);
}

INSTANTIATE_TEST_SUITE_P(
    accepts, parse_date_period_table,
    ::testing::Values(period_case{"D8", "20240301", std::pair{20240301u, 20240301u}},  // one day
                      period_case{"RD8", "20240301-20240331", std::pair{20240301u, 20240331u}},
                      period_case{"RD8", "20240315-20240315", std::pair{20240315u, 20240315u}},
                      period_case{"RD8", "20231230-20240102", std::pair{20231230u, 20240102u}},
                      period_case{"RD8", "20240201-20240229", std::pair{20240201u, 20240229u}}));

INSTANTIATE_TEST_SUITE_P(
    rejects, parse_date_period_table,
    ::testing::Values(period_case{"RD8", "20240331-20240301", std::nullopt},  // from > to
                      period_case{"DT", "20240301", std::nullopt},            // unknown qualifier
                      period_case{"", "20240301", std::nullopt},
                      period_case{"d8", "20240301", std::nullopt},
                      period_case{"D8", "20240301-20240331", std::nullopt},
                      period_case{"RD8", "20240301", std::nullopt},
                      period_case{"RD8", "20240230-20240301", std::nullopt},
                      period_case{"RD8", "20240301-20240230", std::nullopt},
                      period_case{"RD8", "20240301--20240331", std::nullopt},
                      period_case{"RD8", "20240301-20240331-", std::nullopt},
                      period_case{"D8", "20230229", std::nullopt},
                      period_case{"D8", "", std::nullopt}));

// ---------------------------------------------------------------------------------------------
// parse_procedure, with every component separator the tests use. Cases are written with ':'
// and the separator is swapped in, so each row runs once per separator.

struct procedure_case {
  std::string_view text;
  bool accepted = false;
  std::string_view qualifier;
  std::string_view code;
  std::vector<std::string_view> modifiers;
};

void PrintTo(procedure_case const& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class parse_procedure_table : public ::testing::TestWithParam<std::tuple<procedure_case, char>> {};

std::string with_separator(std::string_view text, char separator) {
  std::string out(text);
  for (char& c : out) {
    if (c == ':') c = separator;
  }
  return out;
}

TEST_P(parse_procedure_table, splits_by_the_component_separator) {
  auto const& [c, separator] = GetParam();
  std::string const text = with_separator(c.text, separator);
  auto const parsed = parse_procedure(text, separator);
  ASSERT_EQ(parsed.has_value(), c.accepted) << "text \"" << text << "\"";
  if (!parsed) return;
  EXPECT_EQ(parsed->qualifier, c.qualifier);
  EXPECT_EQ(parsed->code, c.code);
  ASSERT_EQ(parsed->modifier_count, c.modifiers.size());
  for (std::size_t i = 0; i < c.modifiers.size(); ++i) {
    EXPECT_EQ(parsed->modifiers[i], c.modifiers[i]) << "modifier " << i;
  }
  // The views point into the input: no copy was made.
  EXPECT_GE(parsed->code.data(), text.data());
  EXPECT_LE(parsed->code.data() + parsed->code.size(), text.data() + text.size());
}

std::vector<procedure_case> const procedure_cases = {
    {"HC:97110:GP:KX", true, "HC", "97110", {"GP", "KX"}},
    {"HC:97110", true, "HC", "97110", {}},
    {"HC:97110:GP", true, "HC", "97110", {"GP"}},
    // Empty modifier slots are skipped; the description (component 7) is ignored.
    {"HC:01710:QZ::::desc", true, "HC", "01710", {"QZ"}},
    {"HC:97110:::KX", true, "HC", "97110", {"KX"}},
    {"HC:97110:GP:KX:59:XU", true, "HC", "97110", {"GP", "KX", "59", "XU"}},
    {"HC:97110:GP:KX:59:XU:THERAPEUTIC EXERCISE", true, "HC", "97110", {"GP", "KX", "59", "XU"}},
    {"HC:97110:GP:::::", true, "HC", "97110", {"GP"}},  // eight components, the most allowed
    {"NU:0420", true, "NU", "0420", {}},
    {"HC:97110:GP:GP3", false, "", "", {}},  // a 3-character modifier
    {"HC:97110:G", false, "", "", {}},       // a 1-character modifier
    {"HC:97110:G-", false, "", "", {}},      // not alphanumeric
    {"HC::GP", false, "", "", {}},           // missing code
    {"HC", false, "", "", {}},
    {"HC:", false, "", "", {}},
    {":97110", false, "", "", {}},  // missing qualifier
    {"", false, "", "", {}},
    {"HC:97110:GP::::desc::", false, "", "", {}},  // nine components
};

INSTANTIATE_TEST_SUITE_P(table, parse_procedure_table,
                         ::testing::Combine(::testing::ValuesIn(procedure_cases),
                                            ::testing::Values(':', '>', '^')));

TEST(grammar, procedure_is_not_split_by_another_separator) {
  // With '>' declared, ':' is data: the whole text is one component, so there is no code.
  EXPECT_FALSE(parse_procedure("HC:97110:GP", '>'));
  EXPECT_FALSE(parse_procedure("HC>97110>GP", ':'));
  EXPECT_TRUE(parse_procedure("HC>97110>GP", '>'));
}

// ---------------------------------------------------------------------------------------------
// parse_service_location

struct location_case {
  std::string_view text;
  bool accepted = false;
  std::string_view facility;
  std::string_view qualifier;
  std::string_view frequency;
};

void PrintTo(location_case const& c, std::ostream* os) { *os << '"' << c.text << '"'; }

class parse_service_location_table
    : public ::testing::TestWithParam<std::tuple<location_case, char>> {};

TEST_P(parse_service_location_table, splits_facility_qualifier_frequency) {
  auto const& [c, separator] = GetParam();
  std::string const text = with_separator(c.text, separator);
  auto const parsed = parse_service_location(text, separator);
  ASSERT_EQ(parsed.has_value(), c.accepted) << "text \"" << text << "\"";
  if (!parsed) return;
  EXPECT_EQ(parsed->facility, c.facility);
  EXPECT_EQ(parsed->qualifier, c.qualifier);
  EXPECT_EQ(parsed->frequency, c.frequency);
}

std::vector<location_case> const location_cases = {
    {"11:B:1", true, "11", "B", "1"}, {"13:A:7", true, "13", "A", "7"},
    {"12:B:8", true, "12", "B", "8"}, {"11:B", false, "", "", ""},
    {"11:B:1:X", false, "", "", ""},  {"11", false, "", "", ""},
    {"", false, "", "", ""},
};

INSTANTIATE_TEST_SUITE_P(table, parse_service_location_table,
                         ::testing::Combine(::testing::ValuesIn(location_cases),
                                            ::testing::Values(':', '>', '^')));

}  // namespace
}  // namespace x12kx::grammar
