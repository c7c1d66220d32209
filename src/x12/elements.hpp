// Splits one segment into zero-copy element views.
#pragma once

#include "x12/terminator_scan.hpp"

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace x12kx::x12 {

/// The elements of one segment, addressed by X12 position: [0] is the segment id, [1] the
/// first element. Positions past the end read as empty, which is how X12 treats omitted
/// trailing elements. Splitting is one pass over the segment and never allocates.
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
#if defined(__SSE2__)
    return split_by_masks(segment, separator, parts);
#else
    char const* start = segment.data();
    char const* const end = start + segment.size();
    while (count_ < parts) {
      char const* const hit = find_terminator(start, end, separator);
      parts_[count_++] = {start, static_cast<std::size_t>((hit ? hit : end) - start)};
      if (hit == nullptr) return false;
      start = hit + 1;
    }
    return true;
#endif
  }

#if defined(__SSE2__)
  // Elements are short (2 to 20 bytes), so a search per element (find_terminator) pays its
  // start-up for every element, and the last 16 bytes of every segment byte by byte. Instead
  // each 16-byte block of the segment is compared once, and every separator in it is read
  // off the block's bit mask. Loads stay inside the segment: a short segment is copied to a
  // local block first, and the last partial block of a longer one is read as the 16 bytes
  // that end the segment, its bits shifted down past the overlap.

  /// Bit i set when block[i] is the separator, for the `size` (1 to 16) bytes at `block`.
  static unsigned separator_mask(char const* block, std::size_t size, std::size_t before,
                                 __m128i wanted) {
    if (size >= 16) return compare_mask(block, wanted);
    if (before >= 16 - size) return compare_mask(block + size - 16, wanted) >> (16 - size);
    char copy[16] = {};
    std::memcpy(copy, block, size);
    return compare_mask(copy, wanted) & ((1u << size) - 1);
  }

  static unsigned compare_mask(char const* block, __m128i wanted) {
    __m128i const bytes = _mm_loadu_si128(reinterpret_cast<__m128i const*>(block));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted)));
  }

  bool split_by_masks(std::string_view segment, char separator, std::size_t parts) {
    __m128i const wanted = _mm_set1_epi8(separator);
    char const* const base = segment.data();
    std::size_t const size = segment.size();
    std::size_t start = 0;
    std::size_t count = 0;
    for (std::size_t block = 0; block < size; block += 16) {
      unsigned mask = separator_mask(base + block, size - block, block, wanted);
      while (mask != 0) {
        std::size_t const at = block + static_cast<std::size_t>(__builtin_ctz(mask));
        parts_[count++] = {base + start, at - start};
        start = at + 1;
        if (count == parts) {
          count_ = count;
          return true;
        }
        mask &= mask - 1;
      }
    }
    parts_[count++] = {base + start, size - start};
    count_ = count;
    return false;
  }
#endif

  // A trivial type, left uninitialized: only the first count_ are ever read, and zeroing
  // 40 string_views for every segment cost more than splitting a typical one.
  struct part {
    char const* data;
    std::size_t size;
  };
  std::array<part, capacity> parts_;
  std::size_t count_ = 0;
  // The last position split; reading past it is a bug (checked by assert only, hence unused
  // in release builds).
  [[maybe_unused]] std::size_t limit_ = SIZE_MAX;
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
