// Stage one, envelope side: follows ISA/GS/ST and their trailers, checks counts and control
// numbers, and packs the segments of each transaction into transaction_units.
//
// It runs serially for every segment of a scan, so per segment it does no allocation and no
// element splitting: the id is read once and compared as a number, a unit's buffers are sized
// like the last unit's, and the 837 loop context is kept in one reused buffer.
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
  void append(std::string_view bytes, std::uint64_t offset, bool replayed, std::uint32_t position);
  void track_loop_context(std::uint32_t id, raw_segment const& segment);
  void maybe_cut(std::uint32_t id, delimiters const& delims);
  /// Reserves room in a unit that starts a transaction or a slice, as much as the last one used.
  void reserve_like_last(transaction_unit& unit) const;
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

  // Sizes of the last unit that held segments: the next one reserves as much.
  std::size_t bytes_hint_ = 0;
  std::size_t segments_hint_ = 0;

  // 837 loop context (the HL, SBR and NM1 segments of 2000A/B/C before the first CLM) kept
  // so that a slice starting at a later CLM still knows its subscriber. Each of these segments
  // is in the current unit (read there, or replayed at its head), so the context is kept as
  // indexes of its segment records, and copied only when a slice is cut.
  enum class hl_level : std::uint8_t { none, subscriber, patient, other };
  struct context_segment {
    std::uint32_t record;  // in current_->segments
    hl_level level;        // for an HL: what a later HL replaces
  };
  std::vector<context_segment> loop_context_;
  bool recording_context_ = false;
  void clear_loop_context(std::size_t keep = 0);
};

}  // namespace x12kx::x12
