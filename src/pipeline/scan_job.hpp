// The scan pipeline on oneTBB: stage one reads and frames transactions in input order,
// stage two parses and checks them in parallel, stage three writes their findings in input
// order and keeps claims and remits for the run-wide checks (threshold accrual, linking).
// Output is the same bytes for any thread count because stages one and three are serial
// and in order, and the run-wide checks sort by input position.
#pragma once

#include "findings/json_writer.hpp"
#include "rules/rule_set.hpp"
#include "x12/segment_reader.hpp"
#include "x12/transaction_framer.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {

/// An input already in memory (a request body in service mode), named in findings like a file.
struct named_input {
  std::string name;
  std::string_view bytes;  // the caller keeps them alive until run_scan returns
};

struct scan_options {
  std::vector<std::string> files;   // "-" is standard input
  std::vector<named_input> inputs;  // read after `files`, in order
  unsigned threads = 1;
  x12::reader_options reader;
  x12::framer_options framer;
};

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
