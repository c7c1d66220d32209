// Stage one of reading: finds segments in a byte stream, with the delimiters of each
// interchange taken from its ISA. Bytes arrive in large chunks through a byte_source; a
// segment that straddles two chunks is carried to the front of the buffer before the next
// read, so memory stays at one chunk plus one segment whatever the file size.
//
// Stage one is serial and caps how far a scan scales, so its common case is kept to a few
// instructions a segment: the buffer is indexed a window of 64-byte blocks at a time
// (terminator_scan.hpp), and a segment that starts with a plain id and holds no line break is
// answered from the bitmasks. Everything else (ISA, IEA, layout the index cannot vouch for,
// line wrapping, chunk edges, damaged input) takes the careful path, which decides alone.
#pragma once

#include "findings/finding.hpp"
#include "x12/byte_source.hpp"
#include "x12/delimiters.hpp"
#include "x12/terminator_scan.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx::x12 {

struct reader_options {
  /// Bytes asked of the source per read: large enough that syscalls and the carry of a
  /// partial segment are rare (one per ~40,000 segments), small enough to keep memory flat and
  /// the chunk just read in L2 while it is indexed (4 MiB measured 3% slower than 1 MiB).
  std::size_t chunk_bytes = 1u << 20;
  /// A segment longer than this is reported as segment_too_long and skipped; real 5010
  /// segments are a few hundred bytes at most.
  std::size_t max_segment_bytes = 64u << 10;
  /// Answer plain segments from the block index. Off, every segment takes the careful path:
  /// tests and the fuzz target compare the two, which must agree byte for byte.
  bool block_index = true;
};

/// A segment as found: bytes without terminator and without CR/LF (unless one of them is the
/// terminator, CR and LF inside a segment are line wrapping), valid until the next call to next().
struct raw_segment {
  std::string_view bytes;
  std::uint64_t offset = 0;
};

/// A defect found while looking for segments.
struct reader_error {
  error_code code = error_code::isa_malformed;
  std::uint64_t offset = 0;
  skipped what = skipped::nothing;
  std::string segment;
  std::string detail;
};

class segment_reader {
 public:
  segment_reader(byte_source& source, reader_options options = {});

  /// Finds the next segment; false at end of input. Errors found on the way are appended to
  /// errors() before the segment they precede.
  bool next(raw_segment& out);

  [[nodiscard]] delimiters const& current_delimiters() const { return delimiters_; }
  [[nodiscard]] std::vector<reader_error>& errors() { return errors_; }
  [[nodiscard]] std::uint64_t bytes_consumed() const { return base_offset_ + begin_; }

 private:
  std::size_t available() const { return end_ - begin_; }
  bool fill(std::size_t wanted);
  void compact();
  void skip_layout();
  bool read_isa(raw_segment& out);
  bool start_bare_transaction();
  void skip_to_next_isa();
  bool next_in_interchange(raw_segment& out);
  bool next_careful(raw_segment& out);
  bool next_indexed(raw_segment& out);
  std::size_t find_indexed(std::size_t from);
  bool index_window(std::size_t first);
  void forget_index() { index_blocks_ = 0; }
  void report(error_code code, std::uint64_t offset, skipped what, std::string segment,
              std::string detail);
  void report_too_long(std::uint64_t offset);

  byte_source& source_;
  reader_options options_;
  std::size_t buffer_bytes_;
  std::unique_ptr<char[]> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::uint64_t base_offset_ = 0;  // file offset of buffer_[0]
  bool eof_ = false;
  bool at_file_start_ = true;
  bool in_interchange_ = false;
  bool rejected_isa_ = false;  // the bytes being skipped belong to an interchange not read
  delimiters delimiters_;
  std::string isa_text_;  // the last ISA without line wrapping, returned by read_isa
  std::vector<reader_error> errors_;

  // The block index: masks of the index_blocks_ whole blocks from buffer_[index_first_], for
  // the current terminator. Bytes below end_ never change until compact(), which forgets it,
  // as does a change of delimiters. A window of 4 KiB keeps the masks in L1 and the kernel
  // call rare (once per ~170 segments of 837P).
  static constexpr std::size_t index_window_blocks = 64;
  index_blocks_function index_kernel_ = best_index_blocks();
  std::size_t index_first_ = 0;
  std::size_t index_blocks_ = 0;
  std::array<std::uint64_t, index_window_blocks> terminator_masks_;
  std::array<std::uint64_t, index_window_blocks> line_break_masks_;
};

}  // namespace x12kx::x12
