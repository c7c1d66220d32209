// Nightly reconciliation over the claim store: per claim what was billed, paid and
// adjusted, which lines were denied and how each denial was linked; lines still without
// an 835 after a waiting period (remit_missing); remit lines that answer nothing.
#pragma once

#include "pipeline/scan_job.hpp"
#include "rules/rule_set.hpp"
#include "store/claim_store.hpp"

#include <cstdint>

namespace x12kx {

struct reconcile_options {
  date8 as_of;                        // the day to count waiting days to
  std::int64_t open_after_days = 30;  // a line waits this long for its 835 before remit_missing
};

struct reconcile_counts {
  std::uint64_t claims = 0;
  std::uint64_t remits = 0;
  std::uint64_t remit_missing = 0;
  std::uint64_t remit_unlinked = 0;
};

/// Links every remit in the store against every claim in it (the same ladder as scan, in
/// the order recorded) and writes the report as JSON lines: each claim's
/// claim_reconciliation record followed by its remit_missing lines, then the remit_unlinked
/// and remit_ambiguous records in remit order.
reconcile_counts run_reconcile(claim_store& store, rule_set const& rules,
                               reconcile_options const& options, output_sink const& out);

/// Whole days from `from` to `to` (negative when `to` is earlier).
std::int64_t days_between(date8 from, date8 to);

}  // namespace x12kx
