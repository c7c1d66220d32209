// The scanning primitives of stage one: finds the next segment terminator in a buffer, and
// indexes whole blocks of a buffer at once.
//
// X12 segments are short (20 to 60 bytes), so what a search per segment costs is mostly its
// start-up, not its loop: glibc's memchr spends more cycles aligning and checking page
// edges than finding the byte. This search is inline and compares 16 bytes at a time with
// SSE2 (part of every x86-64 CPU), so a typical segment costs two loads, two compares and a
// bit scan. Other CPUs get the same search a machine word at a time (the "has zero byte"
// trick). Loads never pass `end`: the last partial block is read byte by byte.
//
// find_terminator serves searches that start anywhere (element splitting, damaged input).
// The segment reader's hot path instead indexes 64-byte blocks in bulk, like simdjson's stage
// one: one pass over a few KiB yields a bitmask of terminators and one of CR/LF per block,
// so each segment then costs a bit scan, and knowing that it holds no line wrapping costs a
// mask test instead of two memchr calls. The block kernel is chosen once at run time: AVX2
// where the CPU has it (the build targets baseline x86-64), else SSE2, else plain C++.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace x12kx::x12 {

/// The first `c` in [p, end), or nullptr. Same answer as memchr, faster on short distances.
inline char const* find_terminator(char const* p, char const* end, char c) {
#if defined(__SSE2__)
  __m128i const wanted = _mm_set1_epi8(c);
  while (end - p >= 16) {
    __m128i const block = _mm_loadu_si128(reinterpret_cast<__m128i const*>(p));
    auto const mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, wanted)));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#else
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  std::uint64_t const pattern = ones * static_cast<unsigned char>(c);
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    std::uint64_t const x = word ^ pattern;  // zero bytes where c is
    std::uint64_t const found = (x - ones) & ~x & highs;
    if (found != 0) {
      // Little-endian: the lowest set bit marks the first match.
      if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
        return p + __builtin_ctzll(found) / 8;
      for (int i = 0; i < 8; ++i) {
        if (p[i] == c) return p + i;
      }
    }
    p += 8;
  }
#endif
  for (; p < end; ++p) {
    if (*p == c) return p;
  }
  return nullptr;
}

/// Bytes per indexed block: one bit of a 64-bit mask per byte.
inline constexpr std::size_t index_block_bytes = 64;

/// Indexes `blocks` whole 64-byte blocks from `data`: bit i of terminators[k] is set when
/// data[64 * k + i] == terminator, bit i of line_breaks[k] when that byte is CR or LF.
using index_blocks_function = void (*)(char const* data, std::size_t blocks, char terminator,
                                       std::uint64_t* terminators, std::uint64_t* line_breaks);

/// The fastest kernel this CPU runs, picked on first use.
index_blocks_function best_index_blocks();

/// Each kernel, for tests that compare them: the portable one always exists; the others are
/// null when the build or the CPU cannot run them.
void index_blocks_portable(char const* data, std::size_t blocks, char terminator,
                           std::uint64_t* terminators, std::uint64_t* line_breaks);
index_blocks_function sse2_index_blocks();
index_blocks_function avx2_index_blocks();

}  // namespace x12kx::x12
