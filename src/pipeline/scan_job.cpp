#include "pipeline/scan_job.hpp"

#include "checks/accrual.hpp"
#include "checks/line_checks.hpp"
#include "claims/claim_builder.hpp"
#include "linking/linker.hpp"
#include "remits/remit_builder.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace x12kx {
namespace {

using x12::transaction_unit;

// Findings are written in blocks of about this size to keep write calls few.
constexpr std::size_t output_block_bytes = 1u << 20;
// Units in flight per worker: enough to keep every thread busy while stage one reads,
// few enough that memory stays a small multiple of the unit size.
constexpr std::size_t units_per_thread = 4;

std::size_t input_count(scan_options const& options) {
  return options.files.size() + options.inputs.size();
}

/// Stage one: opens each file in turn and hands out its transaction units in order.
class unit_source {
 public:
  unit_source(scan_options const& options, scan_progress* progress)
      : options_(options), progress_(progress) {}

  std::unique_ptr<transaction_unit> next() {
    while (true) {
      if (framer_ && !framer_->ready().empty()) {
        auto unit = std::move(framer_->ready().front());
        framer_->ready().pop_front();
        unit->sequence = sequence_++;
        return unit;
      }
      if (reader_) {
        pump();
        continue;
      }
      if (file_index_ == input_count(options_)) return nullptr;
      open_next();
    }
  }

  [[nodiscard]] std::uint64_t bytes() const { return bytes_done_ + current_bytes(); }

 private:
  std::uint64_t current_bytes() const { return reader_ ? reader_->bytes_consumed() : 0; }

  void open_next() {
    auto const index = static_cast<std::uint32_t>(file_index_++);
    if (index >= options_.files.size()) {
      auto const& input = options_.inputs[index - options_.files.size()];
      framer_ = std::make_unique<x12::transaction_framer>(input.name, index, options_.framer);
      source_ = std::make_unique<x12::memory_source>(input.bytes);
      reader_ = std::make_unique<x12::segment_reader>(*source_, options_.reader);
      return;
    }
    std::string const& path = options_.files[index];
    std::string display = path == "-" ? "<stdin>" : path;
    framer_ = std::make_unique<x12::transaction_framer>(display, index, options_.framer);
    std::string reason;
    source_ = x12::open_source(path, reason);
    if (!source_) {
      framer_->on_reader_error(
          {error_code::input_unreadable, 0, skipped::file, "", "cannot open: " + reason});
      framer_->finish(0);
      return;
    }
    reader_ = std::make_unique<x12::segment_reader>(*source_, options_.reader);
  }

  /// Reads segments until the framer has a unit ready or the file ends.
  void pump() {
    x12::raw_segment segment;
    std::uint64_t const before = current_bytes();
    try {
      while (framer_->ready().empty()) {
        bool const more = reader_->next(segment);
        drain_reader_errors();
        if (!more) {
          close_file();
          break;
        }
        framer_->on_segment(segment, reader_->current_delimiters());
      }
    } catch (x12::read_error const& failure) {
      drain_reader_errors();
      framer_->on_reader_error({error_code::input_unreadable, current_bytes(), skipped::file, "",
                                "read failed: " + failure.reason});
      close_file();
    }
    if (progress_ != nullptr && reader_) progress_->bytes += current_bytes() - before;
  }

  void drain_reader_errors() {
    for (auto const& error : reader_->errors()) framer_->on_reader_error(error);
    reader_->errors().clear();
  }

  void close_file() {
    std::uint64_t const end = current_bytes();
    framer_->finish(end);
    bytes_done_ += end;
    reader_.reset();
    source_.reset();
  }

  scan_options const& options_;
  scan_progress* progress_;
  std::size_t file_index_ = 0;
  std::uint64_t sequence_ = 0;
  std::uint64_t bytes_done_ = 0;
  std::unique_ptr<x12::byte_source> source_;
  std::unique_ptr<x12::segment_reader> reader_;
  std::unique_ptr<x12::transaction_framer> framer_;
};

/// Stage two: parse and run the single-claim checks.
void process(transaction_unit& unit, rule_set const& rules) {
  if (unit.type == x12::transaction_type::claim_837) {
    build_claims(unit);
    for (auto const& claim : unit.claims) check_claim(claim, rules, unit.findings);
  } else if (unit.type == x12::transaction_type::remit_835) {
    build_remits(unit);
  }
  // Envelope errors from stage one and content findings from stage two, in file order.
  std::stable_sort(
      unit.findings.begin(), unit.findings.end(),
      [](finding const& a, finding const& b) { return a.source.offset < b.source.offset; });
}

/// Stage three and the run-wide checks: writes findings and keeps the totals.
class run_collector {
 public:
  run_collector(output_sink const& out, scan_progress* progress) : out_(out), progress_(progress) {}

  void take(transaction_unit& unit) {
    auto const& c = unit.counts;
    summary_.interchanges += c.interchanges;
    summary_.transactions += c.transactions;
    summary_.transactions_rejected += c.transactions_rejected;
    summary_.claims += c.claims;
    summary_.claims_rejected += c.claims_rejected;
    summary_.lines += c.lines;
    summary_.remits += c.remits;
    summary_.remits_rejected += c.remits_rejected;
    summary_.remit_lines += c.remit_lines;
    write(unit.findings);
    if (progress_ != nullptr) progress_->claims += unit.claims.size();
    std::move(unit.claims.begin(), unit.claims.end(), std::back_inserter(claims_));
    std::move(unit.remits.begin(), unit.remits.end(), std::back_inserter(remits_));
  }

  scan_result finish(rule_set const& rules, std::uint64_t files, std::uint64_t bytes) {
    write(check_thresholds(claims_, rules));
    write(link_remits(claims_, remits_, rules));
    summary_.files = files;
    summary_.bytes = bytes;
    summary_.rules_version = rules.version;
    append_json(buffer_, summary_);
    flush();
    scan_result result;
    result.summary = summary_;
    result.input_lost = input_lost_ || summary_.transactions_rejected > 0 ||
                        summary_.claims_rejected > 0 || summary_.remits_rejected > 0;
    return result;
  }

 private:
  void write(std::vector<finding> const& findings) {
    for (auto const& f : findings) {
      ++summary_.findings[static_cast<std::size_t>(f.kind)];
      if (f.error && is_input_loss(f.error->what)) input_lost_ = true;
      append_json(buffer_, f);
      if (buffer_.size() >= output_block_bytes) flush();
    }
  }

  void flush() {
    if (buffer_.empty()) return;
    out_(buffer_);
    buffer_.clear();
  }

  output_sink const& out_;
  scan_progress* progress_;
  run_summary summary_;
  bool input_lost_ = false;
  std::string buffer_;
  std::vector<claim> claims_;
  std::vector<remit> remits_;
};

}  // namespace

scan_result run_scan(scan_options const& options, rule_set const& rules, output_sink const& out,
                     scan_progress* progress) {
  unsigned const threads = std::max(1u, options.threads);
  tbb::global_control const limit(tbb::global_control::max_allowed_parallelism, threads);
  unit_source source(options, progress);
  run_collector collector(out, progress);

  tbb::parallel_pipeline(
      threads * units_per_thread,
      tbb::make_filter<void, transaction_unit*>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& control) -> transaction_unit* {
            auto unit = source.next();
            if (!unit) control.stop();
            return unit.release();
          }) &
          tbb::make_filter<transaction_unit*, transaction_unit*>(tbb::filter_mode::parallel,
                                                                 [&](transaction_unit* unit) {
                                                                   if (unit != nullptr)
                                                                     process(*unit, rules);
                                                                   return unit;
                                                                 }) &
          tbb::make_filter<transaction_unit*, void>(tbb::filter_mode::serial_in_order,
                                                    [&](transaction_unit* unit) {
                                                      std::unique_ptr<transaction_unit> owned(unit);
                                                      if (owned) collector.take(*owned);
                                                    }));

  return collector.finish(rules, input_count(options), source.bytes());
}

}  // namespace x12kx
