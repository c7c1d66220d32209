#include "x12/segment_reader.hpp"

#include "x12/elements.hpp"
#include "x12/terminator_scan.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cstring>

namespace x12kx::x12 {
namespace {

constexpr std::size_t isa_length = 106;
// An ISA that is wider than this is not an ISA we can trust to hold delimiters.
constexpr std::size_t isa_search_limit = 256;

bool is_layout(char c) { return c == '\r' || c == '\n' || c == ' ' || c == '\t'; }

bool is_binary(char c) {
  auto const byte = static_cast<unsigned char>(c);
  return byte < 0x20 && !is_layout(c) && byte != 0x0c && byte != 0x0b;
}

/// "ISA" followed by a character that can be an element separator.
bool looks_like_isa(char const* p, std::size_t n) {
  return n >= 4 && p[0] == 'I' && p[1] == 'S' && p[2] == 'A' &&
         !std::isalnum(static_cast<unsigned char>(p[3])) && !is_layout(p[3]);
}

}  // namespace

segment_reader::segment_reader(byte_source& source, reader_options options)
    : source_(source),
      options_(options),
      buffer_(options.chunk_bytes + options.max_segment_bytes + isa_search_limit) {}

void segment_reader::report(error_code code, std::uint64_t offset, skipped what,
                            std::string segment, std::string detail) {
  errors_.push_back({code, offset, what, std::move(segment), std::move(detail)});
}

void segment_reader::compact() {
  if (begin_ == 0) return;
  std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
  base_offset_ += begin_;
  end_ -= begin_;
  begin_ = 0;
}

bool segment_reader::fill(std::size_t wanted) {
  if (available() >= wanted) return true;
  compact();
  while (!eof_ && end_ < wanted) {
    std::size_t const room = std::min(buffer_.size() - end_, options_.chunk_bytes);
    if (room == 0) break;
    std::size_t const got = source_.read(buffer_.data() + end_, room);
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

bool segment_reader::next(raw_segment& out) {
  while (true) {
    if (in_interchange_) {
      if (next_in_interchange(out)) return true;
      if (in_interchange_) return false;  // end of input inside an interchange
      continue;
    }
    if (at_file_start_) {
      at_file_start_ = false;
      // A UTF-8 byte-order mark some Windows tools write before the ISA.
      if (fill(3) && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
    }
    skip_layout();
    if (available() == 0) return false;
    fill(4);
    if (looks_like_isa(buffer_.data() + begin_, available())) {
      if (read_isa(out)) return true;
      continue;
    }
    skip_to_next_isa();
  }
}

void segment_reader::skip_to_next_isa() {
  std::uint64_t const start = base_offset_ + begin_;
  bool binary = false;
  while (true) {
    char const* const data = buffer_.data();
    std::size_t i = begin_;
    for (; i + 4 <= end_; ++i) {
      binary = binary || is_binary(data[i]);
      // An ISA only starts after layout or at the start of the damaged region.
      if (looks_like_isa(data + i, end_ - i) &&
          (i == begin_ || is_layout(data[i - 1]) || data[i - 1] == delimiters_.segment)) {
        break;
      }
    }
    if (i + 4 <= end_) {
      begin_ = i;
      break;
    }
    // Keep the last three bytes: they may be the start of an ISA cut by the chunk edge.
    begin_ = end_ > begin_ + 3 ? end_ - 3 : begin_;
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
  char const* const isa = buffer_.data() + begin_;
  std::size_t const limit = std::min(available(), isa_search_limit);
  std::uint64_t const offset = base_offset_ + begin_;
  char const element = isa[3];
  // ISA has exactly 16 elements; its component separator is the one character of ISA16 and
  // the terminator follows it. Walking the separators tolerates an ISA of the wrong width.
  std::size_t separators = 0;
  std::size_t position = 3;
  for (; position < limit && separators < 16; ++position) {
    if (isa[position] == element) ++separators;
  }
  if (separators < 16 || position + 1 >= limit) {
    report(error_code::isa_malformed, offset, skipped::interchange, "ISA",
           "ISA does not have 16 elements followed by a terminator");
    ++begin_;  // look for the next ISA after this one
    return false;
  }
  delimiters found;
  found.element = element;
  found.component = isa[position];
  found.segment = isa[position + 1];
  std::size_t const length = position + 2;
  elements const fields(std::string_view(isa, position + 1), element);
  std::string_view const isa11 = fields[11];
  std::string_view const isa12 = fields[12];
  bool const has_repetition = isa12 >= "00402" && isa11.size() == 1;
  if (has_repetition && !std::isalnum(static_cast<unsigned char>(isa11[0]))) {
    found.repetition = isa11[0];
  }
  if (!found.distinct() || std::isalnum(static_cast<unsigned char>(found.segment))) {
    report(error_code::delimiter_conflict, offset, skipped::interchange, "ISA",
           "ISA declares delimiters that collide with each other or with data characters");
    ++begin_;
    return false;
  }
  if (length != isa_length) {
    report(error_code::isa_malformed, offset, skipped::nothing, "ISA",
           fmt::format("ISA is {} bytes, expected {}", length, isa_length));
  }
  delimiters_ = found;
  in_interchange_ = true;
  out.bytes = std::string_view(isa, length - 1);
  out.offset = offset;
  // No skip_layout() here: a refill would move the bytes out.bytes points at.
  begin_ += length;
  return true;
}

bool segment_reader::next_in_interchange(raw_segment& out) {
  bool too_long = false;
  std::uint64_t too_long_offset = 0;
  while (true) {
    skip_layout();
    if (available() == 0) return false;
    if (!too_long && looks_like_isa(buffer_.data() + begin_, available())) {
      // A new ISA before the IEA of the current one: read its own delimiters.
      in_interchange_ = false;
      return false;
    }
    char const* const start = buffer_.data() + begin_;
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
      report(error_code::segment_too_long, too_long_offset, skipped::segment, "",
             fmt::format("segment longer than {} bytes", options_.max_segment_bytes));
      begin_ += length + (hit ? 1 : 0);
      too_long = false;
      continue;
    }
    if (length > options_.max_segment_bytes) {
      report(error_code::segment_too_long, base_offset_ + begin_, skipped::segment, "",
             fmt::format("segment longer than {} bytes", options_.max_segment_bytes));
      begin_ += length + (hit ? 1 : 0);
      continue;
    }
    std::string_view bytes(start, length);
    // With a newline terminator, files written on Windows leave a CR at each segment's end.
    while (!bytes.empty() && (bytes.back() == '\r' || bytes.back() == '\n')) {
      bytes.remove_suffix(1);
    }
    out.bytes = bytes;
    out.offset = base_offset_ + begin_;
    begin_ += length + (hit ? 1 : 0);
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "IEA" &&
        (bytes.size() == 3 || bytes[3] == delimiters_.element)) {
      in_interchange_ = false;
    }
    if (bytes.empty()) continue;
    if (!std::isalnum(static_cast<unsigned char>(bytes[0]))) {
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
