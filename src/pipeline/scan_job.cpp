#include "pipeline/scan_job.hpp"

#include "checks/accrual.hpp"
#include "checks/line_checks.hpp"
#include "claims/claim_builder.hpp"
#include "linking/linker.hpp"
#include "remits/remit_builder.hpp"
#include "store/claim_store.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <algorithm>
#include <ctime>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_set>

namespace x12kx {
namespace {

using x12::transaction_unit;

// Findings are written in blocks of about this size to keep write calls few.
constexpr std::size_t output_block_bytes = 1u << 20;
// Units in flight per worker: enough to keep every thread busy while stage one reads,
// few enough that memory stays a small multiple of the unit size.
constexpr std::size_t units_per_thread = 4;

/// Adds to a run total. CLM02 and CLP04 may hold 18 digits, so a run of absurd amounts could
/// pass the range of 64-bit cents; the total then stays at the range's end (documented in
/// docs/findings.md) instead of wrapping.
void add_saturating(cents& total, cents amount) {
  if (__builtin_add_overflow(total, amount, &total)) {
    total = amount > 0 ? std::numeric_limits<cents>::max() : std::numeric_limits<cents>::min();
  }
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
      if (file_index_ == options_.files.size()) return nullptr;
      open_next();
    }
  }

  [[nodiscard]] std::uint64_t bytes() const { return bytes_done_ + current_bytes(); }

 private:
  std::uint64_t current_bytes() const { return reader_ ? reader_->bytes_consumed() : 0; }

  void open_next() {
    auto const index = static_cast<std::uint32_t>(file_index_++);
    std::string const& path = options_.files[index];
    std::string display = path == "-" ? "<stdin>" : path;
    framer_ = std::make_unique<x12::transaction_framer>(display, index, options_.framer);
    std::string reason;
    source_ = options_.open ? options_.open(path, reason) : x12::open_source(path, reason);
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
    if (!unit.rejected) {
      for (auto const& claim : unit.claims) check_claim(claim, rules, unit.findings);
    }
  } else if (unit.type == x12::transaction_type::remit_835) {
    build_remits(unit);
  }
  if (unit.rejected) unit.drop_rejected_contents();
  // Envelope errors from stage one and content findings from stage two, in file order.
  std::stable_sort(
      unit.findings.begin(), unit.findings.end(),
      [](finding const& a, finding const& b) { return a.source.offset < b.source.offset; });
}

/// Records each transaction set in the claim store once all its units have passed stage
/// three: a set's units come one after another and share their envelope, so a new envelope
/// (or the end of input) closes the set. The set's claims and remits are the tail of the
/// run's vectors, so nothing is copied until the write.
class store_recorder {
 public:
  store_recorder(claim_store& store, date8 received, std::vector<claim> const& claims,
                 std::vector<remit> const& remits)
      : store_(store), received_(received), claims_(claims), remits_(remits) {}

  /// Called before the unit's claims and remits are appended to the run's vectors.
  void take(transaction_unit const& unit) {
    if (unit.envelope != envelope_) close();
    if (unit.type == x12::transaction_type::none) return;
    if (!envelope_) {
      envelope_ = unit.envelope;
      claims_begin_ = claims_.size();
      remits_begin_ = remits_.size();
    }
    // A rejected transaction, or one that never reached its SE (a cut file), is not
    // stored: the complete file read later would otherwise store its claims twice.
    if (unit.counts.transactions_rejected > 0) rejected_ = true;
    for (auto const& segment : unit.segments) {
      if (segment.replayed) continue;
      auto const bytes = unit.segment_bytes(segment);
      hasher_.add(bytes);
      ended_ = bytes.size() > 2 && bytes.substr(0, 2) == "SE" && bytes[2] == unit.delims.element;
    }
  }

  /// Writes the open set, if it holds any claim or remit: the tail of the run's vectors.
  void close() {
    std::size_t const claims_end = claims_.size();
    std::size_t const remits_end = remits_.size();
    bool const whole = envelope_ && ended_ && !rejected_;
    if (whole && (claims_end > claims_begin_ || remits_end > remits_begin_)) {
      transaction_key const key{envelope_->sender, envelope_->isa13, envelope_->gs06,
                                envelope_->st02, hasher_.hex()};
      auto const recorded = store_.record(
          key, *envelope_,
          std::span<claim const>(claims_.data() + claims_begin_, claims_end - claims_begin_),
          std::span<remit const>(remits_.data() + remits_begin_, remits_end - remits_begin_),
          received_);
      sets_.insert(recorded.set_id);
    }
    envelope_.reset();
    rejected_ = false;
    ended_ = false;
    hasher_ = content_hasher();
  }

  /// The store rows of every set this run read, new or already stored.
  [[nodiscard]] std::unordered_set<std::int64_t> const& sets() const { return sets_; }

 private:
  claim_store& store_;
  date8 received_;
  std::vector<claim> const& claims_;
  std::vector<remit> const& remits_;
  envelope_ptr envelope_;
  content_hasher hasher_;
  bool rejected_ = false;
  bool ended_ = false;  // the last segment seen is the SE
  std::size_t claims_begin_ = 0;
  std::size_t remits_begin_ = 0;
  std::unordered_set<std::int64_t> sets_;
};

/// The CLP01 values of the remits, each once.
std::vector<std::string> remit_claim_ids(std::vector<remit> const& remits) {
  std::set<std::string> ids;
  for (auto const& r : remits) ids.insert(r.claim_id);
  return {ids.begin(), ids.end()};
}

/// Stage three and the run-wide checks: writes findings and keeps the totals.
class run_collector {
 public:
  run_collector(output_sink const& out, scan_progress* progress, scan_options const& options)
      : out_(out), progress_(progress) {
    if (options.store != nullptr) {
      date8 const received = options.received_on.empty() ? today_utc() : options.received_on;
      recorder_.emplace(*options.store, received, claims_, remits_);
      store_ = options.store;
    }
  }

  void take(transaction_unit& unit) {
    if (recorder_) recorder_->take(unit);
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
    for (auto const& claim : unit.claims) add_saturating(summary_.billed, claim.total_charge);
    for (auto const& remit : unit.remits) add_saturating(summary_.paid, remit.paid);
    std::move(unit.claims.begin(), unit.claims.end(), std::back_inserter(claims_));
    std::move(unit.remits.begin(), unit.remits.end(), std::back_inserter(remits_));
  }

  scan_result finish(scan_options const& options, rule_set const& rules, std::uint64_t files,
                     std::uint64_t bytes) {
    // Linking runs first so accrual can use the allowed amount of each line the run's remits
    // answer; the threshold findings are still written before the remit findings. With a
    // store, the findings come from linking against every stored claim, while accrual (over
    // the run's claims) takes the links among the run's own claims and remits.
    auto run_links = link_remits_detailed(claims_, remits_, rules);
    auto const answers = answers_of(run_links.links, remits_);
    accrual_inputs const inputs{&answers, options.fees.empty() ? nullptr : &options.fees,
                                &options.opening};
    write(check_thresholds(claims_, rules, inputs));
    if (store_ != nullptr) {
      recorder_->close();
      write(link_with_store(rules));
    } else {
      write(run_links.findings);
    }
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

  /// Links the run's remits against every claim in the store with their CLP01, after the
  /// store's earlier payments for those claims (history: netted and holding their lines,
  /// but not reported again).
  std::vector<finding> link_with_store(rule_set const& rules) {
    auto const ids = remit_claim_ids(remits_);
    auto const claims = store_->claims_for(ids);
    auto all = store_->remits_for(ids, recorder_->sets());
    std::size_t const history = all.size();
    all.insert(all.end(), remits_.begin(), remits_.end());
    return link_remits_detailed(claims, all, rules, history).findings;
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
  claim_store* store_ = nullptr;
  std::optional<store_recorder> recorder_;
};

}  // namespace

date8 today_utc() {
  std::time_t const now = std::time(nullptr);
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  return date8{static_cast<std::uint32_t>((parts.tm_year + 1900) * 10000 +
                                          (parts.tm_mon + 1) * 100 + parts.tm_mday)};
}

scan_result run_scan(scan_options const& options, rule_set const& rules, output_sink const& out,
                     scan_progress* progress) {
  std::unique_lock<std::mutex> store_turn;
  if (options.store != nullptr) store_turn = std::unique_lock(options.store->run_turn());
  unsigned const threads = std::max(1u, options.threads);
  tbb::global_control const limit(tbb::global_control::max_allowed_parallelism, threads);
  unit_source source(options, progress);
  run_collector collector(out, progress, options);

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

  return collector.finish(options, rules, options.files.size(), source.bytes());
}

}  // namespace x12kx
