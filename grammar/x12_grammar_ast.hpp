// AST types the element grammars produce, and their Boost.Fusion adaptation.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/optional.hpp>
#include <boost/range/iterator_range.hpp>

namespace x12kx::grammar::ast {

/// A span of the input; X3's raw[] directive fills it without copying.
using text = boost::iterator_range<char const*>;

/// An X12 "R" decimal before it is scaled: sign, integer digits, fraction digits.
struct decimal {
  bool negative = false;
  text whole;
  boost::optional<text> fraction;
};

/// An RD8 period: CCYYMMDD-CCYYMMDD, each still unchecked against the calendar.
struct period {
  unsigned from = 0;
  unsigned to = 0;
};

}  // namespace x12kx::grammar::ast

BOOST_FUSION_ADAPT_STRUCT(x12kx::grammar::ast::decimal, negative, whole, fraction)
BOOST_FUSION_ADAPT_STRUCT(x12kx::grammar::ast::period, from, to)
