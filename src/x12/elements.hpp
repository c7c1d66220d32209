// Splits one segment into zero-copy element views.
#pragma once

#include "x12/terminator_scan.hpp"

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace x12kx::x12 {

/// The elements of one segment, addressed by X12 position: [0] is the segment id, [1] the
/// first element. Positions past the end read as empty, which is how X12 treats omitted
/// trailing elements. Splitting is one pass (find_terminator) and never allocates.
class elements {
 public:
  /// Room for the widest segment the checks read (CAS: id + 19 elements; CLM: 20).
  static constexpr std::size_t capacity = 40;

  elements(std::string_view segment, char separator) {
    if (split(segment, separator, capacity)) overflow_ = true;
  }

  /// Splits only positions 0 to `last_position`: a consumer that reads a few leading
  /// elements of a long segment does not pay for the rest. Reading a position past
  /// `last_position` is a bug (asserted); size() counts the positions split.
  elements(std::string_view segment, char separator, std::size_t last_position)
      : limit_(last_position) {
    assert(last_position < capacity);
    split(segment, separator, last_position + 1);
  }

  [[nodiscard]] std::string_view id() const { return (*this)[0]; }

  /// The element at an X12 position (1-based); empty when absent.
  [[nodiscard]] std::string_view operator[](std::size_t position) const {
    assert(position <= limit_);
    return position < count_ ? std::string_view(parts_[position].data, parts_[position].size)
                             : std::string_view{};
  }

  /// How many elements follow the id, trailing empty ones included.
  [[nodiscard]] std::size_t size() const { return count_ == 0 ? 0 : count_ - 1; }

  /// True when the segment had more elements than `capacity`; the rest were not split.
  [[nodiscard]] bool overflow() const { return overflow_; }

 private:
  /// Splits at most `parts` positions; true when the segment had more.
  bool split(std::string_view segment, char separator, std::size_t parts) {
    char const* start = segment.data();
    char const* const end = start + segment.size();
    while (count_ < parts) {
      char const* const hit = find_terminator(start, end, separator);
      parts_[count_++] = {start, static_cast<std::size_t>((hit ? hit : end) - start)};
      if (hit == nullptr) return false;
      start = hit + 1;
    }
    return true;
  }

  // A trivial type, left uninitialized: only the first count_ are ever read, and zeroing
  // 40 string_views for every segment cost more than splitting a typical one.
  struct part {
    char const* data;
    std::size_t size;
  };
  std::array<part, capacity> parts_;
  std::size_t count_ = 0;
  std::size_t limit_ = SIZE_MAX;  // the last position split; reading past it is a bug
  bool overflow_ = false;
};

/// The segment id alone (what elements(segment, separator).id() gives), without splitting.
inline std::string_view segment_id(std::string_view segment, char separator) {
  char const* const end = segment.data() + segment.size();
  char const* const hit = find_terminator(segment.data(), end, separator);
  return segment.substr(0, static_cast<std::size_t>((hit ? hit : end) - segment.data()));
}

/// A segment id of two or three bytes packed into one integer, so that a consumer can
/// dispatch on the id with a switch over constants instead of a chain of string compares.
/// Every other length gives 0, which no id of a consumer's switch uses.
constexpr std::uint32_t segment_tag(std::string_view id) {
  if (id.size() < 2 || id.size() > 3) return 0;
  std::uint32_t tag = 0;
  for (char c : id) tag = tag << 8 | static_cast<unsigned char>(c);
  return tag;
}

/// segment_tag(segment_id(segment, separator)), reading at most the first four bytes.
inline std::uint32_t segment_tag_of(std::string_view segment, char separator) {
  if (segment.size() < 2 || segment[0] == separator || segment[1] == separator) return 0;
  if (segment.size() == 2 || segment[2] == separator) return segment_tag(segment.substr(0, 2));
  if (segment.size() == 3 || segment[3] == separator) return segment_tag(segment.substr(0, 3));
  return 0;
}

}  // namespace x12kx::x12
