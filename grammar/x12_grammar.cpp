// The one translation unit that instantiates the X3 element grammars.
#include "x12_grammar.hpp"

#include "x12_grammar_def.hpp"

namespace x12kx::grammar {
namespace {

namespace x3 = boost::spirit::x3;

/// Runs a rule over the whole text; a partial match is a failure.
template <typename Rule, typename Attribute>
bool parse_all(std::string_view text, Rule const& rule, Attribute& attribute) {
  char const* first = text.data();
  char const* const last = text.data() + text.size();
  return x3::parse(first, last, rule, attribute) && first == last;
}

bool is_calendar_date(unsigned value) {
  unsigned const year = value / 10000;
  unsigned const month = value / 100 % 100;
  unsigned const day = value % 100;
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr unsigned days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool const leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  unsigned const limit = days_in_month[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= limit;
}

// 18 digits keep any value, scaled to thousandths, inside int64.
constexpr std::size_t max_decimal_digits = 15;

/// Scales a parsed decimal to 10^scale units, rounding half away from zero.
std::optional<std::int64_t> scale_decimal(ast::decimal const& value, int scale) {
  std::string_view const whole(value.whole.begin(), static_cast<std::size_t>(value.whole.size()));
  std::string_view fraction;
  if (value.fraction) {
    fraction =
        std::string_view(value.fraction->begin(), static_cast<std::size_t>(value.fraction->size()));
  }
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (whole.size() > max_decimal_digits) return std::nullopt;
  std::int64_t result = 0;
  for (char digit : whole) result = result * 10 + (digit - '0');
  for (int i = 0; i < scale; ++i) {
    auto const index = static_cast<std::size_t>(i);
    result = result * 10 + (index < fraction.size() ? fraction[index] - '0' : 0);
  }
  auto const rounding = static_cast<std::size_t>(scale);
  if (fraction.size() > rounding && fraction[rounding] >= '5') ++result;
  return value.negative ? -result : result;
}

}  // namespace

std::optional<cents> parse_amount(std::string_view text) {
  ast::decimal value;
  if (!parse_all(text, parser::decimal, value)) return std::nullopt;
  return scale_decimal(value, 2);
}

std::optional<std::int64_t> parse_quantity(std::string_view text) {
  ast::decimal value;
  if (!parse_all(text, parser::decimal, value)) return std::nullopt;
  return scale_decimal(value, 3);
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t value = 0;
  if (!parse_all(text, parser::count, value)) return std::nullopt;
  return value;
}

std::optional<date8> parse_date8(std::string_view text) {
  unsigned value = 0;
  if (!parse_all(text, parser::date8, value) || !is_calendar_date(value)) return std::nullopt;
  return date8{value};
}

std::optional<date_period> parse_date_period(std::string_view qualifier, std::string_view text) {
  if (qualifier == "D8") {
    auto const day = parse_date8(text);
    if (!day) return std::nullopt;
    return date_period{*day, *day};
  }
  if (qualifier != "RD8") return std::nullopt;
  ast::period value;
  if (!parse_all(text, parser::period, value)) return std::nullopt;
  if (!is_calendar_date(value.from) || !is_calendar_date(value.to) || value.from > value.to) {
    return std::nullopt;
  }
  return date_period{date8{value.from}, date8{value.to}};
}

namespace {

/// Splits a composite by the run-time component separator into at most eight parts.
std::optional<parser::component_sink> split_composite(std::string_view text, char component) {
  parser::component_sink sink;
  auto const rule = x3::with<parser::component_separator_tag>(
      component)[x3::with<parser::component_sink_tag>(sink)[parser::composite]];
  x3::unused_type unused;
  if (!parse_all(text, rule, unused) || sink.overflow) return std::nullopt;
  return sink;
}

/// An ASCII letter or digit (what std::isalnum gives in the "C" locale x12kx runs in,
/// without a call per character).
bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_modifier(std::string_view text) {
  return text.size() == 2 && is_ascii_alnum(text[0]) && is_ascii_alnum(text[1]);
}

}  // namespace

std::optional<procedure_composite> parse_procedure(std::string_view text, char component) {
  auto const sink = split_composite(text, component);
  if (!sink || sink->count < 2) return std::nullopt;
  procedure_composite result;
  result.qualifier = sink->parts[0];
  result.code = sink->parts[1];
  if (result.qualifier.empty() || result.code.empty()) return std::nullopt;
  // Components 3 to 6 are modifier slots; an empty slot is allowed and skipped. Component 7
  // (a description) is not needed by any check.
  std::size_t const last_modifier = sink->count < 6 ? sink->count : 6;
  for (std::size_t i = 2; i < last_modifier; ++i) {
    auto const modifier = sink->parts[i];
    if (modifier.empty()) continue;
    if (!is_modifier(modifier)) return std::nullopt;
    result.modifiers[result.modifier_count++] = modifier;
  }
  return result;
}

std::optional<service_location> parse_service_location(std::string_view text, char component) {
  auto const sink = split_composite(text, component);
  if (!sink || sink->count != 3) return std::nullopt;
  return service_location{sink->parts[0], sink->parts[1], sink->parts[2]};
}

}  // namespace x12kx::grammar
