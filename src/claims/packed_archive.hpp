// Records a run keeps for its run-wide checks (claims for accrual and linking, remits for
// linking), packed into bytes. A built claim or remit is mostly short std::strings, vectors
// and pointers: hundreds of bytes of struct and heap per service line. The same record
// written with variable-length integers and length-prefixed strings takes a fraction of
// that. Records are appended once in input order and read back whole by index, which is all
// the run-wide checks need.
//
// packed_archive<Record> needs two functions found for Record:
//   void pack(Record const&, std::string& bytes, std::vector<envelope_ptr>& envelopes);
//   void unpack(char const* bytes, std::vector<envelope_ptr> const& envelopes, Record& out);
// and the packed form starts with the record's claim id (CLM01, CLP01) as a text.
#pragma once

#include "claims/modifier_set.hpp"
#include "findings/finding.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {

/// Writes integers as LEB128 (7 bits a byte) and strings with their length in front:
/// amounts, offsets and dates are small once taken as differences, so most take one to
/// three bytes.
class packer {
 public:
  explicit packer(std::string& out) : out_(out) {}

  void unsigned_value(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  /// Zig-zag: small negative numbers stay small.
  void signed_value(std::int64_t value) {
    unsigned_value((static_cast<std::uint64_t>(value) << 1) ^
                   static_cast<std::uint64_t>(value >> 63));
  }
  void text(std::string_view value) {
    unsigned_value(value.size());
    out_.append(value);
  }
  void byte(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
  /// An offset within a record, as its distance from the record's own segment.
  void offset(std::uint64_t record, std::uint64_t value) {
    signed_value(static_cast<std::int64_t>(value - record));
  }
  /// Up to four modifiers: their count, with `flag` in the top bit, then two bytes each.
  void modifiers(modifier_set const& value, bool flag = false) {
    byte(static_cast<std::uint8_t>(value.size() | (flag ? 0x80u : 0u)));
    for (std::size_t m = 0; m < value.size(); ++m) {
      byte(static_cast<std::uint8_t>(value[m][0]));
      byte(static_cast<std::uint8_t>(value[m][1]));
    }
  }

  /// The number of `envelope` in `table` (0 is none), added when new. Consecutive records
  /// share their transaction's envelope, so only the last few entries are looked at.
  void envelope(envelope_ptr const& value, std::vector<envelope_ptr>& table);

 private:
  std::string& out_;
};

/// Reads what a packer wrote, in the same order.
class unpacker {
 public:
  explicit unpacker(char const* at) : at_(at) {}

  std::uint64_t unsigned_value() {
    std::uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      auto const b = static_cast<std::uint8_t>(*at_++);
      value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
  }
  std::int64_t signed_value() {
    std::uint64_t const raw = unsigned_value();
    return static_cast<std::int64_t>(raw >> 1) ^ -static_cast<std::int64_t>(raw & 1);
  }
  std::string_view text() {
    auto const size = unsigned_value();
    std::string_view const out(at_, size);
    at_ += size;
    return out;
  }
  std::uint8_t byte() { return static_cast<std::uint8_t>(*at_++); }
  std::uint64_t offset(std::uint64_t record) {
    return record + static_cast<std::uint64_t>(signed_value());
  }
  /// What packer::modifiers wrote; returns its flag.
  bool modifiers(modifier_set& out) {
    out = modifier_set{};
    auto const head = byte();
    for (unsigned m = 0; m < (head & 0x7fu); ++m) {
      char const code[2] = {static_cast<char>(byte()), static_cast<char>(byte())};
      out.add(std::string_view(code, 2));
    }
    return (head & 0x80u) != 0;
  }

 private:
  char const* at_;
};

/// Records packed by a worker thread, appended to an archive in one piece.
struct packed_batch {
  std::string bytes;
  std::vector<std::uint32_t> starts;
  std::vector<envelope_ptr> envelopes{nullptr};
};

/// The bytes of an archive: blocks that never move once written, where each record
/// starts, and the envelope tables its records refer to.
class packed_records {
 public:
  /// The envelope table serial appends write into.
  std::vector<envelope_ptr>& open_table();
  /// Appends one packed record (made with open_table()).
  void append(std::string_view bytes);
  void append(packed_batch&& batch);

  [[nodiscard]] char const* start_of(std::size_t index) const;
  [[nodiscard]] std::vector<envelope_ptr> const& envelopes_of(std::size_t index) const;
  void truncate(std::size_t count);
  [[nodiscard]] std::size_t size() const { return starts_.size(); }
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  /// Where a record's bytes start: block number and offset in it.
  struct position {
    std::uint32_t block;
    std::uint32_t offset;
  };
  struct block {
    std::unique_ptr<char[]> bytes;
    std::size_t capacity = 0;
    std::size_t used = 0;
  };
  /// The envelopes of the records from `first` on, by number: each transaction's envelope
  /// is shared by all its records, so it is stored once. Every batch brings its own table.
  struct envelope_table {
    std::size_t first = 0;
    std::vector<envelope_ptr> envelopes{nullptr};
  };

  /// Room for `bytes` more in the last block, starting a new block when needed.
  block& room_for(std::size_t bytes);

  std::vector<block> blocks_;
  std::deque<position> starts_;  // grows without moving what it holds
  std::vector<envelope_table> tables_;
};

template <typename Record>
class packed_archive {
 public:
  /// Records packed apart from the archive, by a worker thread: the packing runs in
  /// parallel, the append is one copy.
  class batch {
   public:
    void add(Record const& value) {
      packed_.starts.push_back(static_cast<std::uint32_t>(packed_.bytes.size()));
      pack(value, packed_.bytes, packed_.envelopes);
    }
    [[nodiscard]] std::size_t size() const { return packed_.starts.size(); }

   private:
    friend class packed_archive;
    packed_batch packed_;
  };

  /// Appends a record; its index is the number of records appended before it.
  void append(Record const& value) {
    thread_local std::string scratch;
    scratch.clear();
    pack(value, scratch, records_.open_table());
    records_.append(scratch);
  }
  /// Appends the records of a batch, in their order.
  void append(batch&& packed) { records_.append(std::move(packed.packed_)); }

  /// The record at `index`, as it was appended.
  [[nodiscard]] Record get(std::size_t index) const {
    Record out;
    get(index, out);
    return out;
  }
  /// The same into `out`, every field overwritten: a record used again keeps the capacity
  /// of its strings and vectors, which saves most of the allocation of unpacking.
  void get(std::size_t index, Record& out) const {
    unpack(records_.start_of(index), records_.envelopes_of(index), out);
  }
  /// The claim id the record starts with, without unpacking the rest.
  [[nodiscard]] std::string_view claim_id(std::size_t index) const {
    return unpacker(records_.start_of(index)).text();
  }

  /// Forgets the records from `count` on (a transaction set taken back).
  void truncate(std::size_t count) { records_.truncate(count); }
  [[nodiscard]] std::size_t size() const { return records_.size(); }
  [[nodiscard]] bool empty() const { return records_.size() == 0; }
  /// Bytes of memory the archive holds, for the retained-state figures.
  [[nodiscard]] std::size_t memory_bytes() const { return records_.memory_bytes(); }

 private:
  packed_records records_;
};

/// Reads records from an archive one at a time, keeping the last one unpacked: readers
/// ask for the same record several times in a row. One reader per thread.
template <typename Record>
class packed_reader {
 public:
  explicit packed_reader(packed_archive<Record> const& archive) : archive_(archive) {}

  Record const& at(std::size_t index) {
    if (index != index_) {
      current_ = archive_.get(index);
      index_ = index;
    }
    return current_;
  }

 private:
  packed_archive<Record> const& archive_;
  std::size_t index_ = static_cast<std::size_t>(-1);
  Record current_;
};

}  // namespace x12kx
