// Splits one segment into zero-copy element views.
#pragma once

#include "x12/terminator_scan.hpp"

#include <array>
#include <cstddef>
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
    char const* start = segment.data();
    char const* const end = start + segment.size();
    while (count_ < capacity) {
      char const* const hit = find_terminator(start, end, separator);
      parts_[count_++] = {start, static_cast<std::size_t>((hit ? hit : end) - start)};
      if (hit == nullptr) return;
      start = hit + 1;
    }
    overflow_ = true;
  }

  [[nodiscard]] std::string_view id() const { return (*this)[0]; }

  /// The element at an X12 position (1-based); empty when absent.
  [[nodiscard]] std::string_view operator[](std::size_t position) const {
    return position < count_ ? std::string_view(parts_[position].data, parts_[position].size)
                             : std::string_view{};
  }

  /// How many elements follow the id, trailing empty ones included.
  [[nodiscard]] std::size_t size() const { return count_ == 0 ? 0 : count_ - 1; }

  /// True when the segment had more elements than `capacity`; the rest were not split.
  [[nodiscard]] bool overflow() const { return overflow_; }

 private:
  // A trivial type, left uninitialized: only the first count_ are ever read, and zeroing
  // 40 string_views for every segment cost more than splitting a typical one.
  struct part {
    char const* data;
    std::size_t size;
  };
  std::array<part, capacity> parts_;
  std::size_t count_ = 0;
  bool overflow_ = false;
};

/// The segment id alone (what elements(segment, separator).id() gives), without splitting.
inline std::string_view segment_id(std::string_view segment, char separator) {
  // Ids are two or three characters: the separator is found by looking there, and a search
  // is started only for a longer (damaged) id.
  constexpr std::size_t usual = 4;
  for (std::size_t i = 0; i < usual && i < segment.size(); ++i) {
    if (segment[i] == separator) return segment.substr(0, i);
  }
  if (segment.size() <= usual) return segment;
  char const* const end = segment.data() + segment.size();
  char const* const hit = find_terminator(segment.data() + usual, end, separator);
  return segment.substr(0, static_cast<std::size_t>((hit ? hit : end) - segment.data()));
}

}  // namespace x12kx::x12
