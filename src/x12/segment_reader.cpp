#include "x12/segment_reader.hpp"

#include "x12/elements.hpp"
#include "x12/terminator_scan.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cstring>

namespace x12kx::x12 {
namespace {

constexpr std::size_t isa_length = 106;
// An ISA that is wider than this is not an ISA we can trust to hold delimiters.
constexpr std::size_t isa_search_limit = 256;

constexpr bool is_layout(char c) { return c == '\r' || c == '\n' || c == ' ' || c == '\t'; }

/// ASCII letters and digits: what the <cctype> test answers in the "C" locale x12kx runs in,
/// without a library call per segment.
constexpr bool is_alnum(char c) {
  auto const byte = static_cast<unsigned char>(c);
  return (byte >= '0' && byte <= '9') || ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z');
}

/// What the first byte of a segment tells the indexed path: a plain id it may take (a letter
/// or digit, but not the 'I' of ISA and IEA, which need the careful path), layout to skip, or
/// anything else, left to the careful path. A table, as it is asked once per segment.
enum class lead : std::uint8_t { other, plain_id, layout };

constexpr std::array<lead, 256> lead_table = [] {
  std::array<lead, 256> table{};
  for (int c = 0; c < 256; ++c) {
    auto const byte = static_cast<char>(c);
    if (is_layout(byte)) table[c] = lead::layout;
    if (is_alnum(byte) && byte != 'I') table[c] = lead::plain_id;
  }
  return table;
}();

lead lead_of(char c) { return lead_table[static_cast<unsigned char>(c)]; }

bool is_line_break(char c) { return c == '\r' || c == '\n'; }

bool is_binary(char c) {
  auto const byte = static_cast<unsigned char>(c);
  return byte < 0x20 && !is_layout(c) && byte != 0x0c && byte != 0x0b;
}

/// "ISA" followed by a character that can be an element separator.
bool looks_like_isa(char const* p, std::size_t n) {
  return n >= 4 && p[0] == 'I' && p[1] == 'S' && p[2] == 'A' && !is_alnum(p[3]) && !is_layout(p[3]);
}

/// "ST" followed by an element separator: a transaction set sent without ISA and GS.
bool looks_like_st(char const* p, std::size_t n) {
  return n >= 3 && p[0] == 'S' && p[1] == 'T' && !is_alnum(p[2]) && !is_layout(p[2]);
}

/// Removes CR and LF inside a segment, in place. When they are not the terminator they are
/// line wrapping added by a mail gateway or editor, never data. Returns the new length.
std::size_t remove_line_breaks(char* bytes, std::size_t length) {
  // Almost every segment has none: two memchr passes find that at memory speed.
  auto* const lf = static_cast<char*>(std::memchr(bytes, '\n', length));
  auto* const cr = static_cast<char*>(std::memchr(bytes, '\r', length));
  if (lf == nullptr && cr == nullptr) return length;
  char* const end = bytes + length;
  char* out = lf == nullptr ? cr : cr == nullptr ? lf : std::min(lf, cr);
  for (char const* in = out; in != end; ++in) {
    if (!is_line_break(*in)) *out++ = *in;
  }
  return static_cast<std::size_t>(out - bytes);
}

}  // namespace

segment_reader::segment_reader(byte_source& source, reader_options options)
    : source_(source),
      options_(options),
      buffer_bytes_(options.chunk_bytes + options.max_segment_bytes + isa_search_limit),
      // Not zeroed: only bytes below end_ (all written by reads) are ever looked at, so
      // zeroing the buffer of every file would be wasted work.
      buffer_(std::make_unique_for_overwrite<char[]>(buffer_bytes_)) {}

void segment_reader::report(error_code code, std::uint64_t offset, skipped what,
                            std::string segment, std::string detail) {
  errors_.push_back({code, offset, what, std::move(segment), std::move(detail)});
}

void segment_reader::report_too_long(std::uint64_t offset) {
  report(error_code::segment_too_long, offset, skipped::segment, "",
         fmt::format("segment longer than {} bytes", options_.max_segment_bytes));
}

void segment_reader::compact() {
  if (begin_ == 0) return;
  forget_index();
  std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
  base_offset_ += begin_;
  end_ -= begin_;
  begin_ = 0;
}

bool segment_reader::fill(std::size_t wanted) {
  if (available() >= wanted) return true;
  compact();
  while (!eof_ && end_ < wanted) {
    std::size_t const room = std::min(buffer_bytes_ - end_, options_.chunk_bytes);
    if (room == 0) break;
    std::size_t const got = source_.read(buffer_.get() + end_, room);
    if (got == 0) eof_ = true;
    end_ += got;
  }
  return available() >= wanted;
}

void segment_reader::skip_layout() {
  while (true) {
    while (begin_ < end_ && is_layout(buffer_[begin_])) ++begin_;
    if (begin_ < end_ || !fill(1)) return;
  }
}

bool segment_reader::index_window(std::size_t first) {
  index_first_ = first;
  index_blocks_ =
      end_ > first ? std::min((end_ - first) / index_block_bytes, index_window_blocks) : 0;
  if (index_blocks_ == 0) return false;
  index_kernel_(buffer_.get() + first, index_blocks_, delimiters_.segment, terminator_masks_.data(),
                line_break_masks_.data());
  return true;
}

/// The buffer position of the terminator that ends the segment starting at `from`, from the
/// block index; npos when the index cannot answer: the segment holds CR or LF, is longer than
/// a segment may be, or ends in the last partial block of the buffer.
[[gnu::always_inline]] inline std::size_t segment_reader::find_indexed(std::size_t from) {
  constexpr auto unknown = std::string_view::npos;
  // Unsigned: also true when `from` lies before the window or there is no window.
  if (from - index_first_ >= index_blocks_ * index_block_bytes &&
      !index_window(from & ~(index_block_bytes - 1))) {
    return unknown;
  }
  std::size_t block = (from - index_first_) / index_block_bytes;
  std::uint64_t keep = ~std::uint64_t{0} << (from % index_block_bytes);
  while (true) {
    std::uint64_t const found = terminator_masks_[block] & keep;
    std::uint64_t const before = found == 0 ? keep : keep & ((found & -found) - 1);
    if ((line_break_masks_[block] & before) != 0) return unknown;
    if (found != 0) {
      return index_first_ + block * index_block_bytes +
             static_cast<std::size_t>(__builtin_ctzll(found));
    }
    keep = ~std::uint64_t{0};
    if (++block < index_blocks_) continue;
    std::size_t const next = index_first_ + index_blocks_ * index_block_bytes;
    if (next - from > options_.max_segment_bytes || !index_window(next)) return unknown;
    block = 0;
  }
}

/// The common case, taken from the block index without touching the careful path.
[[gnu::always_inline]] inline bool segment_reader::next_indexed(raw_segment& out) {
  char const* const data = buffer_.get();
  std::size_t start = begin_;
  while (true) {
    if (start == end_) return false;
    lead const kind = lead_of(data[start]);
    if (kind == lead::plain_id) break;
    if (kind != lead::layout) return false;
    ++start;
  }
  std::size_t const stop = find_indexed(start);
  if (stop == std::string_view::npos || stop - start > options_.max_segment_bytes) return false;
  out.bytes = std::string_view(data + start, stop - start);
  out.offset = base_offset_ + start;
  begin_ = stop + 1;
  return true;
}

bool segment_reader::next(raw_segment& out) {
  return (in_interchange_ && options_.block_index && next_indexed(out)) || next_careful(out);
}

bool segment_reader::next_careful(raw_segment& out) {
  while (true) {
    if (in_interchange_) {
      if (next_in_interchange(out)) return true;
      if (in_interchange_) return false;  // end of input inside an interchange
      continue;
    }
    if (at_file_start_) {
      at_file_start_ = false;
      // A UTF-8 byte-order mark some Windows tools write before the ISA.
      if (fill(3) && std::memcmp(buffer_.get() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
    }
    skip_layout();
    if (available() == 0) return false;
    fill(4);
    if (looks_like_isa(buffer_.get() + begin_, available())) {
      if (read_isa(out)) return true;
      continue;
    }
    if (!rejected_isa_ && looks_like_st(buffer_.get() + begin_, available()) &&
        start_bare_transaction()) {
      continue;
    }
    skip_to_next_isa();
  }
}

void segment_reader::skip_to_next_isa() {
  std::uint64_t const start = base_offset_ + begin_;
  bool binary = false;
  // buffer_[begin_] is the first byte of the damaged region until a chunk edge is crossed;
  // after that it is the byte before the next one to look at, kept so that an ISA right after
  // the edge is judged by the byte in front of it, as it would be in one read.
  bool at_region_start = true;
  bool saw_isa = false;
  while (true) {
    char const* const data = buffer_.get();
    std::size_t i = at_region_start ? begin_ : begin_ + 1;
    for (; i + 4 <= end_; ++i) {
      binary = binary || is_binary(data[i]);
      // An ISA only starts after layout or a terminator, or at the start of the damaged region.
      bool const region_start = at_region_start && i == begin_;
      if (looks_like_isa(data + i, end_ - i) &&
          (region_start || is_layout(data[i - 1]) || data[i - 1] == delimiters_.segment)) {
        break;
      }
      // A bare ST after a line break also ends the damaged region, unless the region is the
      // rest of an interchange whose ISA could not be used (its transactions go with it).
      saw_isa = saw_isa || looks_like_isa(data + i, end_ - i);
      if (!saw_isa && !rejected_isa_ && !region_start && is_line_break(data[i - 1]) &&
          looks_like_st(data + i, end_ - i)) {
        break;
      }
    }
    if (i + 4 <= end_) {
      begin_ = i;
      break;
    }
    // Keep the last three bytes, which may start an ISA cut by the chunk edge, and the byte
    // before them.
    if (end_ >= begin_ + 4) {
      begin_ = end_ - 4;
      at_region_start = false;
    }
    if (!fill(available() + 1)) {
      for (std::size_t j = begin_; j < end_; ++j) binary = binary || is_binary(buffer_[j]);
      begin_ = end_;
      break;
    }
  }
  std::uint64_t const skipped_bytes = base_offset_ + begin_ - start;
  report(binary ? error_code::binary_data : error_code::data_outside_envelope, start,
         skipped::bytes, "", fmt::format("{} bytes outside an interchange skipped", skipped_bytes));
}

bool segment_reader::read_isa(raw_segment& out) {
  fill(isa_search_limit);
  char const* const isa = buffer_.get() + begin_;
  std::size_t const limit = std::min(available(), isa_search_limit);
  std::uint64_t const offset = base_offset_ + begin_;
  char const element = isa[3];
  // ISA has exactly 16 elements; its component separator is the one character of ISA16 and
  // the terminator follows it. Walking the separators tolerates an ISA of the wrong width.
  // CR and LF before ISA16 are line wrapping (files hard-wrapped at 80 columns always wrap
  // inside the 106-byte ISA) and are left out of the segment; after ISA16 they terminate it.
  isa_text_.clear();
  std::size_t separators = 0;
  std::size_t position = 0;
  for (; position < limit && separators < 16; ++position) {
    if (is_line_break(isa[position])) continue;
    if (isa[position] == element && position >= 3) ++separators;
    isa_text_.push_back(isa[position]);
  }
  while (position < limit && is_line_break(isa[position]) && position + 2 < limit &&
         !is_line_break(isa[position + 1])) {
    ++position;  // a wrap between the last separator and ISA16
  }
  if (separators < 16 || position + 1 >= limit) {
    report(error_code::isa_malformed, offset, skipped::interchange, "ISA",
           "ISA does not have 16 elements followed by a terminator");
    ++begin_;  // look for the next ISA after this one
    rejected_isa_ = true;
    return false;
  }
  delimiters found;
  found.element = element;
  found.component = isa[position];
  found.segment = isa[position + 1];
  isa_text_.push_back(found.component);
  elements const fields(isa_text_, element);
  std::string_view const isa11 = fields[11];
  std::string_view const isa12 = fields[12];
  bool const has_repetition = isa12 >= "00402" && isa11.size() == 1;
  if (has_repetition && !is_alnum(isa11[0])) {
    found.repetition = isa11[0];
  }
  if (!found.distinct() || is_alnum(found.segment)) {
    report(error_code::delimiter_conflict, offset, skipped::interchange, "ISA",
           "ISA declares delimiters that collide with each other or with data characters");
    ++begin_;
    rejected_isa_ = true;
    return false;
  }
  if (isa_text_.size() + 1 != isa_length) {
    report(error_code::isa_malformed, offset, skipped::nothing, "ISA",
           fmt::format("ISA is {} bytes, expected {}", isa_text_.size() + 1, isa_length));
  }
  delimiters_ = found;
  forget_index();
  in_interchange_ = true;
  rejected_isa_ = false;
  out.bytes = isa_text_;
  out.offset = offset;
  begin_ += position + 2;
  return true;
}

bool segment_reader::start_bare_transaction() {
  fill(isa_search_limit);
  char const* const st = buffer_.get() + begin_;
  std::size_t const limit = std::min(available(), isa_search_limit);
  // ST01..ST03 are letters and digits, so the first other byte after "ST" and its element
  // separator ends the segment.
  std::size_t position = 3;
  while (position < limit && (is_alnum(st[position]) || st[position] == st[2])) {
    ++position;
  }
  if (position == limit) return false;
  delimiters found;
  found.element = st[2];
  found.segment = st[position];
  found.repetition = '\0';
  found.component = found.element == ':' || found.segment == ':' ? '>' : ':';
  if (!found.distinct()) return false;
  delimiters_ = found;
  forget_index();
  in_interchange_ = true;
  return true;
}

bool segment_reader::next_in_interchange(raw_segment& out) {
  bool too_long = false;
  std::uint64_t too_long_offset = 0;
  while (true) {
    // Inside an over-long segment the next byte may be its terminator even when that is
    // layout (a newline terminator), so it must not be skipped.
    if (too_long) {
      fill(1);
    } else {
      skip_layout();
    }
    if (available() == 0) {
      // End of input inside an over-long segment that never found its terminator.
      if (too_long) report_too_long(too_long_offset);
      return false;
    }
    if (!too_long && looks_like_isa(buffer_.get() + begin_, available())) {
      // A new ISA before the IEA of the current one: read its own delimiters.
      in_interchange_ = false;
      return false;
    }
    char const* const start = buffer_.get() + begin_;
    void const* hit = find_terminator(start, start + available(), delimiters_.segment);
    if (hit == nullptr && !eof_) {
      if (available() > options_.max_segment_bytes) {
        if (!too_long) too_long_offset = base_offset_ + begin_;
        too_long = true;
        begin_ = end_;  // drop what cannot be a segment; keep looking for its terminator
      }
      fill(available() + 1);
      continue;
    }
    auto const length =
        hit ? static_cast<std::size_t>(static_cast<char const*>(hit) - start) : available();
    if (too_long) {
      report_too_long(too_long_offset);
      begin_ += length + (hit ? 1 : 0);
      too_long = false;
      continue;
    }
    if (length > options_.max_segment_bytes) {
      report_too_long(base_offset_ + begin_);
      begin_ += length + (hit ? 1 : 0);
      continue;
    }
    // Also drops the CR that files written on Windows leave before a newline terminator.
    std::string_view const bytes(start, remove_line_breaks(buffer_.get() + begin_, length));
    out.bytes = bytes;
    out.offset = base_offset_ + begin_;
    begin_ += length + (hit ? 1 : 0);
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "IEA" &&
        (bytes.size() == 3 || bytes[3] == delimiters_.element)) {
      in_interchange_ = false;
    }
    if (bytes.empty()) continue;
    if (!is_alnum(bytes[0])) {
      // A segment id is letters and digits; control bytes here mean binary data in the file.
      auto const id = bytes.substr(0, 3);
      bool const binary = std::any_of(id.begin(), id.end(), is_binary);
      report(binary ? error_code::binary_data : error_code::segment_out_of_place, out.offset,
             skipped::segment, "",
             binary ? "control bytes where a segment id should be" : "segment without a valid id");
      continue;
    }
    return true;
  }
}

}  // namespace x12kx::x12
