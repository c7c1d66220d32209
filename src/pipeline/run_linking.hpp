// Links a run's remits to the run's packed claims, in parallel. The linker looks claims up
// by CLP01 alone (the whole CLM01, or its first 20 characters), so remits and claims that
// share those 20 characters never interact with any others: they are split into partitions
// by a hash of them, and the partitions are linked on all threads. Each partition unpacks
// its remits and the claims they name and lets them go when it is done, keeping its
// findings as JSON (a fraction of their size as structs) and, for accrual, the allowed
// amount of each line its remits answer. The findings come out in the
// order one linker over everything would give, whatever the number of partitions or threads.
#pragma once

#include "checks/accrual.hpp"
#include "claims/claim_archive.hpp"
#include "findings/finding.hpp"
#include "pipeline/spill_file.hpp"
#include "remits/remit_archive.hpp"
#include "rules/rule_set.hpp"

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {

class run_linking {
 public:
  /// Findings kept in memory up to this many bytes of JSON; the rest wait in a temporary
  /// file, so a large 835 run does not hold its whole output.
  static constexpr std::size_t default_memory_bytes = 64u << 20;

  /// Links the remits of `remits` (in input order) against the claims of `claims`.
  /// `partitions` 0 picks a number from the input size; any number, and any `memory_bytes`,
  /// gives the same result.
  run_linking(claim_archive const& claims, remit_archive const& remits, rule_set const& rules,
              std::size_t partitions = 0, std::size_t memory_bytes = default_memory_bytes);

  /// The allowed amount of every line a remit answers, claim indexes into the archive; the
  /// amounts of one claim line are in input order.
  [[nodiscard]] std::vector<line_allowed> const& allowed() const { return allowed_; }

  /// One finding as written.
  struct written {
    finding_kind kind;
    bool input_lost;  // an error record that skipped input
    std::string_view json;
  };

  /// Calls `out(written)` for each finding, in linking order.
  template <typename Out>
  void for_each_finding(Out&& out) const {
    finding_texts texts(*this);
    for (auto const& at : order_) {
      auto const& f = partitions_[at.partition].findings[at.finding];
      out(written{f.kind, f.input_lost, texts.of(at)});
    }
  }

 private:
  struct partition {
    std::vector<std::size_t> remit_index;  // in the archive, per remit
    std::vector<std::size_t> claim_index;  // in the archive, per claim it may link to
    struct finding_text {
      finding_origin origin;  // remit index in the run
      finding_kind kind;
      bool input_lost;
      std::size_t begin;
      std::size_t end;
    };
    std::vector<finding_text> findings;
    std::string json;  // empty once moved to the spill file
    std::size_t json_bytes = 0;
    std::optional<std::uint64_t> spilled_at;  // where `json` went in the spill file
    std::vector<line_allowed> allowed;
  };
  struct position {
    std::size_t partition;
    std::size_t finding;
  };

  /// The texts of the findings, read in output order: from memory, or from the spill file
  /// through a window per partition (a partition's findings are read in the order they were
  /// written, so each window only moves forward).
  class finding_texts {
   public:
    explicit finding_texts(run_linking const& run) : run_(run), windows_(run.partitions_.size()) {}
    std::string_view of(position const& at);

   private:
    struct window {
      std::size_t begin = 0;  // in the partition's JSON
      std::string bytes;
    };
    run_linking const& run_;
    std::vector<window> windows_;
  };

  /// Claims and remits a thread unpacks into, reused from partition to partition.
  struct unpacked_pool {
    std::vector<claim> claims;
    std::vector<remit> remits;
  };

  void link(partition& part, claim_archive const& claims, remit_archive const& remits,
            rule_set const& rules, unpacked_pool& pool);

  std::vector<partition> partitions_;
  std::vector<position> order_;
  std::unique_ptr<spill_file> spill_;
  std::size_t memory_bytes_;
  std::atomic<std::size_t> kept_bytes_{0};
  std::vector<line_allowed> allowed_;
};

}  // namespace x12kx
