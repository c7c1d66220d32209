// The scan pipeline on oneTBB: stage one reads and frames transactions in input order,
// stage two parses and checks them in parallel, stage three writes their findings in input
// order and keeps claims and remits for the run-wide checks (remit linking, then threshold
// accrual, which uses the allowed amounts of the lines the remits answer).
// Output is the same bytes for any thread count because stages one and three are serial
// and in order, and the run-wide checks sort by input position.
#pragma once

#include "checks/accrual_sources.hpp"
#include "findings/json_writer.hpp"
#include "rules/rule_set.hpp"
#include "x12/segment_reader.hpp"
#include "x12/transaction_framer.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {

class claim_store;
struct scan_options {
  std::vector<std::string> files;  // "-" is standard input
  unsigned threads = 1;
  x12::reader_options reader;
  x12::framer_options framer;
  fee_schedule fees;     // --fee-schedule; empty = none
  year_to_date opening;  // --year-to-date; empty = none
  /// When set (opened as writer), every transaction set read is recorded in it, one SQLite
  /// transaction each, and remits are linked against every claim in the store.
  claim_store* store = nullptr;
  /// The day recorded as the receipt date in the store; empty means today (UTC).
  date8 received_on;
  /// Opens an input by name (returns null with a reason on failure); empty means files on
  /// disk through x12::open_source. Service mode feeds request bodies through it, tests
  /// feed bytes from memory in chosen read sizes.
  std::function<std::unique_ptr<x12::byte_source>(std::string const&, std::string&)> open;
};

/// Today's date in UTC.
date8 today_utc();

/// Live counters for a progress display, written by the pipeline, read by anyone.
struct scan_progress {
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> claims{0};
};

/// Receives output bytes in order; throws on a failed write.
using output_sink = std::function<void(std::string_view)>;

struct scan_result {
  run_summary summary;
  bool input_lost = false;  // some input was skipped or rejected: exit status 3
};

scan_result run_scan(scan_options const& options, rule_set const& rules, output_sink const& out,
                     scan_progress* progress = nullptr);

}  // namespace x12kx
