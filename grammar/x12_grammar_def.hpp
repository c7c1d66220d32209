// Rule definitions for the element grammars. Included by x12_grammar.cpp only: X3 templates
// are expensive to compile, so they are instantiated in that one translation unit.
#pragma once

#include "x12_grammar_ast.hpp"

#include <boost/spirit/home/x3.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace x12kx::grammar::parser {

namespace x3 = boost::spirit::x3;

/// Context tags: the component separator of the current interchange, and where the
/// components of a composite are collected.
struct component_separator_tag;
struct component_sink_tag;

/// Collects up to eight components of one composite element without allocating.
struct component_sink {
  std::array<std::string_view, 8> parts{};
  std::size_t count = 0;
  bool overflow = false;

  void push(ast::text const& range) {
    if (count == parts.size()) {
      overflow = true;
      return;
    }
    parts[count++] = std::string_view(range.begin(), static_cast<std::size_t>(range.size()));
  }
};

/// Matches the component separator that the interchange's ISA16 declared.
struct component_separator_parser : x3::parser<component_separator_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute&) const {
    if (first == last || *first != x3::get<component_separator_tag>(context)) return false;
    ++first;
    return true;
  }
};
inline component_separator_parser const component_separator{};

/// The text of one component: every byte up to the next component separator, found by one
/// loop rather than by a parser call per byte (`raw[*(char_ - component_separator)]`).
/// Composites are read for every service line; their components are short codes.
struct component_text_parser : x3::parser<component_text_parser> {
  using attribute_type = ast::text;
  static bool const has_attribute = true;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute& attribute) const {
    char const separator = x3::get<component_separator_tag>(context);
    Iterator const begin = first;
    while (first != last && *first != separator) ++first;
    x3::traits::move_to(ast::text(begin, first), attribute);
    return true;
  }
};
inline component_text_parser const component_text{};

/// Exactly `Digits` ASCII digits as one unsigned value. A fixed width of at most nine digits
/// cannot overflow, so this needs none of the per-digit overflow checks of x3::uint_parser,
/// and dates are read for every service line.
template <int Digits>
struct fixed_digits_parser : x3::parser<fixed_digits_parser<Digits>> {
  static_assert(Digits > 0 && Digits <= 9, "the value must fit in 32 bits");
  using attribute_type = unsigned;
  static bool const has_attribute = true;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const&, RContext&,
             Attribute& attribute) const {
    if (last - first < Digits) return false;
    unsigned value = 0;
    for (int i = 0; i < Digits; ++i) {
      unsigned const digit = static_cast<unsigned char>(first[i]) - unsigned{'0'};
      if (digit > 9) return false;
      value = value * 10 + digit;
    }
    first += Digits;
    x3::traits::move_to(value, attribute);
    return true;
  }
};

// Rule declarations: names follow the X12 data element types they parse.
x3::rule<class decimal_r, ast::decimal> const decimal = "R";
x3::rule<class count_r, std::uint64_t> const count = "N0";
x3::rule<class date8_r, unsigned> const date8 = "DT";
x3::rule<class period_r, ast::period> const period = "RD8";
x3::rule<class composite_r> const composite = "composite";

// Definitions.
auto const eight_digits = fixed_digits_parser<8>{};

auto const decimal_def = x3::matches[x3::lit('-')] >> x3::raw[*x3::digit] >>
                         -(x3::lit('.') >> x3::raw[*x3::digit]);
auto const count_def = x3::uint_parser<std::uint64_t, 10, 1, 18>{};
auto const date8_def = eight_digits;
auto const period_def = eight_digits >> x3::lit('-') >> eight_digits;

auto const push_component = [](auto& ctx) {
  x3::get<component_sink_tag>(ctx).push(x3::_attr(ctx));
};
auto const composite_def = component_text[push_component] >>
                           *(component_separator >> component_text[push_component]);

BOOST_SPIRIT_DEFINE(decimal, count, date8, period, composite)

}  // namespace x12kx::grammar::parser
