// The claims a run keeps for its run-wide checks (threshold accrual and remit linking),
// packed into bytes. A built `claim` costs about 400 bytes of heap and struct per claim
// plus 150 per line, mostly empty or short std::strings and pointers; the same claim
// encoded with variable-length integers and length-prefixed strings takes about a fifth of
// that. Claims are appended once in input order and read back whole by index, which is all
// the run-wide checks need: accrual reads the claims it makes findings for, linking the
// claims a remit names.
#pragma once

#include "claims/claim.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {

class claim_archive {
 public:
  /// Claims packed apart from the archive, by a worker thread, and appended in one piece:
  /// the packing runs in parallel, the append is one copy.
  class batch {
   public:
    void add(claim const& value);
    [[nodiscard]] std::size_t size() const { return starts_.size(); }

   private:
    friend class claim_archive;
    std::string bytes_;
    std::vector<std::uint32_t> starts_;
    std::vector<envelope_ptr> envelopes_{nullptr};
  };

  /// Appends a claim; its index is the number of claims appended before it.
  void append(claim const& value);

  /// Appends the claims of a batch, in their order.
  void append(batch&& packed);

  /// The claim at `index`, as it was appended.
  [[nodiscard]] claim get(std::size_t index) const;

  /// CLM01 of the claim at `index`, without decoding the rest.
  [[nodiscard]] std::string_view claim_id(std::size_t index) const;

  /// Forgets the claims from `count` on (a transaction set taken back).
  void truncate(std::size_t count);

  [[nodiscard]] std::size_t size() const { return starts_.size(); }
  [[nodiscard]] bool empty() const { return starts_.empty(); }

  /// Bytes of memory the archive holds, for the retained-state figures.
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  /// Where a claim's bytes start: block number and offset in it.
  struct position {
    std::uint32_t block;
    std::uint32_t offset;
  };
  struct block {
    std::unique_ptr<char[]> bytes;
    std::size_t capacity = 0;
    std::size_t used = 0;
  };

  /// The envelopes the claims from `first_claim` on refer to by number (0 is "none"):
  /// each transaction's envelope is shared by all its claims, so it is stored once. Every
  /// batch brings its own table.
  struct envelope_table {
    std::size_t first_claim = 0;
    std::vector<envelope_ptr> envelopes{nullptr};
  };

  char const* start_of(std::size_t index) const;
  envelope_table const& table_of(std::size_t index) const;
  /// Room for `bytes` more in the last block, starting a new block when needed.
  block& room_for(std::size_t bytes);

  std::vector<block> blocks_;
  std::deque<position> starts_;  // grows without moving what it holds
  std::vector<envelope_table> tables_;
};

/// Reads claims from an archive one at a time, keeping the last one decoded: readers ask
/// for the same claim several times in a row (its lines sort next to each other). One
/// reader per thread.
class claim_reader {
 public:
  explicit claim_reader(claim_archive const& archive) : archive_(archive) {}

  claim const& at(std::size_t index) {
    if (index != index_) {
      current_ = archive_.get(index);
      index_ = index;
    }
    return current_;
  }

 private:
  claim_archive const& archive_;
  std::size_t index_ = static_cast<std::size_t>(-1);
  claim current_;
};

}  // namespace x12kx
