// Block kernels of stage one (see terminator_scan.hpp). Each turns 64 bytes into two bitmasks;
// they differ only in how many bytes one compare covers. AVX2 is compiled with a target
// attribute rather than for the whole build, so the binary still runs on any x86-64 and picks
// the kernel once, by asking the CPU.
#include "x12/terminator_scan.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#define X12KX_HAVE_X86_KERNELS 1
#endif

namespace x12kx::x12 {

void index_blocks_portable(char const* data, std::size_t blocks, char terminator,
                           std::uint64_t* terminators, std::uint64_t* line_breaks) {
  for (std::size_t k = 0; k < blocks; ++k) {
    char const* const block = data + k * index_block_bytes;
    std::uint64_t found = 0;
    std::uint64_t wrapped = 0;
    for (std::size_t i = 0; i < index_block_bytes; ++i) {
      found |= std::uint64_t{block[i] == terminator} << i;
      wrapped |= std::uint64_t{block[i] == '\r' || block[i] == '\n'} << i;
    }
    terminators[k] = found;
    line_breaks[k] = wrapped;
  }
}

#if defined(X12KX_HAVE_X86_KERNELS)
namespace {

/// Bits of the 16 bytes at p equal to `wanted`, and of those that are CR or LF.
inline void match16(char const* p, __m128i wanted, __m128i cr, __m128i lf, unsigned& found,
                    unsigned& wrapped) {
  __m128i const bytes = _mm_loadu_si128(reinterpret_cast<__m128i const*>(p));
  found = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted)));
  wrapped = static_cast<unsigned>(
      _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, cr), _mm_cmpeq_epi8(bytes, lf))));
}

void index_blocks_sse2(char const* data, std::size_t blocks, char terminator,
                       std::uint64_t* terminators, std::uint64_t* line_breaks) {
  __m128i const wanted = _mm_set1_epi8(terminator);
  __m128i const cr = _mm_set1_epi8('\r');
  __m128i const lf = _mm_set1_epi8('\n');
  for (std::size_t k = 0; k < blocks; ++k) {
    char const* const block = data + k * index_block_bytes;
    std::uint64_t found = 0;
    std::uint64_t wrapped = 0;
    for (unsigned part = 0; part < 4; ++part) {
      unsigned f = 0;
      unsigned w = 0;
      match16(block + 16 * part, wanted, cr, lf, f, w);
      found |= std::uint64_t{f} << (16 * part);
      wrapped |= std::uint64_t{w} << (16 * part);
    }
    terminators[k] = found;
    line_breaks[k] = wrapped;
  }
}

__attribute__((target("avx2"))) void index_blocks_avx2(char const* data, std::size_t blocks,
                                                       char terminator, std::uint64_t* terminators,
                                                       std::uint64_t* line_breaks) {
  __m256i const wanted = _mm256_set1_epi8(terminator);
  __m256i const cr = _mm256_set1_epi8('\r');
  __m256i const lf = _mm256_set1_epi8('\n');
  for (std::size_t k = 0; k < blocks; ++k) {
    char const* const block = data + k * index_block_bytes;
    __m256i const low = _mm256_loadu_si256(reinterpret_cast<__m256i const*>(block));
    __m256i const high = _mm256_loadu_si256(reinterpret_cast<__m256i const*>(block + 32));
    // Lambdas would not inherit the target attribute, so the two halves are spelled out.
    auto const found_low =
        static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, wanted)));
    auto const found_high =
        static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, wanted)));
    auto const wrapped_low = static_cast<std::uint32_t>(_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_cmpeq_epi8(low, cr), _mm256_cmpeq_epi8(low, lf))));
    auto const wrapped_high = static_cast<std::uint32_t>(_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_cmpeq_epi8(high, cr), _mm256_cmpeq_epi8(high, lf))));
    terminators[k] = std::uint64_t{found_low} | std::uint64_t{found_high} << 32;
    line_breaks[k] = std::uint64_t{wrapped_low} | std::uint64_t{wrapped_high} << 32;
  }
}

}  // namespace

index_blocks_function sse2_index_blocks() { return index_blocks_sse2; }

index_blocks_function avx2_index_blocks() {
  __builtin_cpu_init();  // may run before the constructors that would otherwise do it
  return __builtin_cpu_supports("avx2") ? index_blocks_avx2 : nullptr;
}

#else

index_blocks_function sse2_index_blocks() { return nullptr; }
index_blocks_function avx2_index_blocks() { return nullptr; }

#endif

index_blocks_function best_index_blocks() {
  static index_blocks_function const best = [] {
    if (auto const avx2 = avx2_index_blocks()) return avx2;
    if (auto const sse2 = sse2_index_blocks()) return sse2;
    return &index_blocks_portable;
  }();
  return best;
}

}  // namespace x12kx::x12
