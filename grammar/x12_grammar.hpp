// Element and composite grammars for X12 5010 837/835, written with Boost.Spirit X3.
//
// The segment scanner (src/x12) finds segments and splits them into element views; these
// grammars give the element text its meaning: amounts, quantities, dates, integers and the
// composites that carry procedure codes and modifiers. Delimiters are a run-time value taken
// from each ISA, so composite rules read the component separator from the X3 context.
//
// Every function here is a pure parse of one element's bytes with no allocation; the rule
// instances live in x12_grammar.cpp so the slow-to-compile X3 templates are built once.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace x12kx::grammar {

/// Money in cents. X12 "R" amounts with more than two decimals are rounded half away from zero.
using cents = std::int64_t;

/// A calendar date as CCYYMMDD in one integer, so dates sort and compare as numbers.
struct date8 {
  std::uint32_t value = 0;
  [[nodiscard]] int year() const { return static_cast<int>(value / 10000); }
  [[nodiscard]] int month() const { return static_cast<int>(value / 100 % 100); }
  [[nodiscard]] int day() const { return static_cast<int>(value % 100); }
  [[nodiscard]] bool empty() const { return value == 0; }
  friend auto operator<=>(date8, date8) = default;
};

/// A D8 date or an RD8 period; a D8 date is a period of one day.
struct date_period {
  date8 from;
  date8 to;
};

/// A procedure composite: SV101, SV202, SVC01, SVC06 (qualifier:code:m1:m2:m3:m4:description).
struct procedure_composite {
  std::string_view qualifier;
  std::string_view code;
  std::array<std::string_view, 4> modifiers{};
  std::uint8_t modifier_count = 0;
};

/// CLM05 health care service location: facility code, qualifier, frequency code.
struct service_location {
  std::string_view facility;
  std::string_view qualifier;
  std::string_view frequency;
};

/// An X12 "R" decimal amount as cents ("125", "125.5", "-10.00", ".5").
std::optional<cents> parse_amount(std::string_view text);

/// An X12 "R" quantity as thousandths ("1", "2.5", "0.125").
std::optional<std::int64_t> parse_quantity(std::string_view text);

/// An X12 "N0" unsigned integer such as LX01 or SE01.
std::optional<std::uint64_t> parse_count(std::string_view text);

/// A CCYYMMDD date whose month and day exist in that year.
std::optional<date8> parse_date8(std::string_view text);

/// A date by its format qualifier: D8 (CCYYMMDD) or RD8 (CCYYMMDD-CCYYMMDD, from <= to).
std::optional<date_period> parse_date_period(std::string_view qualifier, std::string_view text);

/// A procedure composite split by the interchange's component separator. The qualifier and
/// code must be present; modifiers are two alphanumeric characters each, empty slots skipped.
std::optional<procedure_composite> parse_procedure(std::string_view text, char component);

/// CLM05 split by the component separator (`11:B:1`, `13:A:7`).
std::optional<service_location> parse_service_location(std::string_view text, char component);

}  // namespace x12kx::grammar
