// Stage one, envelope side: follows ISA/GS/ST and their trailers, checks counts and control
// numbers, and packs the segments of each transaction into transaction_units.
#pragma once

#include "x12/segment_reader.hpp"
#include "x12/transaction_unit.hpp"

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace x12kx::x12 {

struct framer_options {
  /// A transaction larger than this is cut into several units at claim (CLM) or remit (CLP)
  /// boundaries so that one huge ST..SE still spreads over all worker threads.
  std::size_t unit_target_bytes = 512u << 10;
  /// Reject a whole transaction on any fault of its envelope (ISA width, missing GS/ISA, SE
  /// count or control number, missing SE). Such a transaction is kept in one unit until its SE.
  bool strict = false;
};

class transaction_framer {
 public:
  transaction_framer(std::string file_name, std::uint32_t file_index, framer_options options = {});

  void on_segment(raw_segment const& segment, delimiters const& delims);
  void on_reader_error(reader_error const& error);
  /// End of the file: reports the trailers that never came and flushes the last unit.
  void finish(std::uint64_t end_offset);

  /// Units ready for stage two, in input order.
  std::deque<std::unique_ptr<transaction_unit>>& ready() { return ready_; }

 private:
  void open_transaction(raw_segment const& segment, delimiters const& delims, std::string_view st01,
                        std::string_view st02, std::string_view st03);
  void close_transaction(raw_segment const* se);
  /// Closes a transaction whose SE never came, reporting what ended it.
  void close_open_transaction(std::uint64_t offset, std::string_view by);
  void append(raw_segment const& segment, bool replayed, std::uint32_t position);
  void track_loop_context(std::string_view id, raw_segment const& segment);
  void maybe_cut(std::string_view id, delimiters const& delims);
  /// An envelope fault of the open transaction: reported, and with --strict it rejects it.
  void transaction_fault(error_code code, std::uint64_t offset, std::string segment,
                         std::string detail, std::optional<std::uint32_t> position = std::nullopt,
                         std::optional<std::uint32_t> element = std::nullopt);
  void add_error(error_code code, std::uint64_t offset, skipped what, std::string segment,
                 std::string detail, std::optional<std::uint32_t> position = std::nullopt,
                 std::optional<std::uint32_t> element = std::nullopt);
  transaction_unit& loose_unit();
  void flush_current();
  void close_group(raw_segment const* ge);
  void close_interchange(raw_segment const* iea);

  std::string file_name_;
  std::uint32_t file_index_;
  framer_options options_;
  std::deque<std::unique_ptr<transaction_unit>> ready_;
  std::unique_ptr<transaction_unit> current_;

  bool in_interchange_ = false;
  std::string isa13_;
  std::string isa06_;  // interchange sender id, part of the store's idempotency key
  std::uint64_t groups_in_interchange_ = 0;
  bool isa_fault_pending_ = false;  // the reader reported the next ISA's width
  bool isa_faulted_ = false;        // the current interchange's ISA is malformed

  bool in_group_ = false;
  std::string gs06_;
  std::string gs08_;
  std::uint64_t transactions_in_group_ = 0;

  bool in_transaction_ = false;
  bool skipping_transaction_ = false;  // an unknown type: read to its SE, keep nothing
  bool transaction_rejected_ = false;  // --strict: an envelope fault rejected it
  transaction_type type_ = transaction_type::none;
  std::string st02_;
  std::uint32_t segment_count_ = 0;
  envelope_ptr envelope_;
  delimiters delims_;

  // 837 loop context (the HL, SBR and NM1 segments of 2000A/B/C before the first CLM) kept
  // so that a slice starting at a later CLM still knows its subscriber.
  struct context_segment {
    std::string bytes;
    std::uint64_t offset;
    std::uint32_t position;
  };
  std::vector<context_segment> loop_context_;
  bool recording_context_ = false;
};

}  // namespace x12kx::x12
