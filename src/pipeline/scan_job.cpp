#include "pipeline/scan_job.hpp"

#include "checks/accrual.hpp"
#include "checks/line_checks.hpp"
#include "claims/claim_builder.hpp"
#include "linking/linker.hpp"
#include "pipeline/ordered_blocks.hpp"
#include "pipeline/run_linking.hpp"
#include "remits/remit_archive.hpp"
#include "remits/remit_builder.hpp"
#include "store/claim_store.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <algorithm>
#include <cassert>
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

/// A polynomial digest of the unit's own segments (not the loop context replayed at its
/// head), each segment hashed whole so boundaries count: D = sum of h(segment i) * K^(m-1-i).
/// Taken on a worker thread; open_set chains the units of a set as D_set * K^m + D_unit,
/// which gives the same digest however the set was cut into units.
struct digest {
  static constexpr std::uint64_t multiplier = 0x100000001b3ull;
  std::uint64_t value = 0;
  std::uint64_t scale = 1;  // multiplier to the number of segments

  void add(std::string_view segment) {
    value = value * multiplier + std::hash<std::string_view>{}(segment);
    scale *= multiplier;
  }
  void append(digest const& next) { value = value * next.scale + next.value; }
};

digest unit_digest(transaction_unit const& unit) {
  digest out;
  for (auto const& segment : unit.segments) {
    if (!segment.replayed) out.add(unit.segment_bytes(segment));
  }
  return out;
}

/// A unit on its way through the pipeline, with what stage two prepared of its claims for
/// the run-wide state, so that stage three only appends it.
struct work_item {
  std::unique_ptr<transaction_unit> unit;
  claim_archive::batch packed;
  accrual_notes accruing;
  remit_archive::batch packed_remits;
  digest of_unit;
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

void process(work_item& item, rule_set const& rules) {
  process(*item.unit, rules);
  auto const& claims = item.unit->claims;
  for (auto const& claim : claims) item.packed.add(claim);
  item.accruing = note_accruing(claims, rules);
  for (auto const& remit : item.unit->remits) item.packed_remits.add(remit);
  item.of_unit = unit_digest(*item.unit);
}

/// One transaction set as stage three sees it: its units come one after another and share
/// their envelope, so a new envelope (or the end of input) closes the set. Its claims and
/// remits are the tail of the run's vectors from claims_begin / remits_begin on; its
/// findings wait here until the set is closed, so a repeated set can still be taken back.
struct open_set {
  envelope_ptr envelope;
  content_hasher hasher;  // the store's content hash: kept only with a store
  digest bytes_digest;    // of the set's segments: tells repeats within a run
  bool rejected = false;  // an error skipped the transaction
  bool ended = false;     // the last segment seen is the SE
  std::uint64_t st_offset = 0;
  std::size_t claims_begin = 0;
  std::size_t remits_begin = 0;
  std::vector<finding> findings;
  // The set's charges and payments, added to the run's totals once it is accepted (a
  // saturated run total cannot take a repeat back by subtracting).
  cents billed = 0;
  cents paid = 0;

  /// A set that reached its SE and was accepted: the only kind the store records, and the
  /// only kind whose repetition is recognised (a cut copy read later is not the same set).
  [[nodiscard]] bool whole() const { return envelope && ended && !rejected; }

  /// The store's key of the set.
  [[nodiscard]] transaction_key key() const {
    return {envelope->sender, envelope->isa13, envelope->gs06, envelope->st02, hasher.hex()};
  }

  /// The key that tells a repeated set within a run.
  [[nodiscard]] transaction_key run_key() const {
    return {envelope->sender, envelope->isa13, envelope->gs06, envelope->st02,
            std::to_string(bytes_digest.value)};
  }

  /// Takes the next unit of the set, with its digest (unit_digest). `for_store`: also feed
  /// the store's content hash, which is byte by byte and so costs a serial pass.
  void take(transaction_unit const& unit, digest const& of_unit, bool for_store) {
    if (!envelope) envelope = unit.envelope;
    if (unit.counts.transactions_rejected > 0) rejected = true;
    bytes_digest.append(of_unit);
    x12::segment_record const* last = nullptr;
    for (auto const& segment : unit.segments) {
      if (segment.replayed) continue;
      if (segment.position == 1) st_offset = segment.offset;
      if (for_store) hasher.add(unit.segment_bytes(segment));
      last = &segment;
      if (!for_store && segment.position > 1) break;  // only the first and last matter
    }
    if (!unit.segments.empty() && !unit.segments.back().replayed) last = &unit.segments.back();
    if (last != nullptr) {
      auto const bytes = unit.segment_bytes(*last);
      ended = bytes.size() > 2 && bytes.substr(0, 2) == "SE" && bytes[2] == unit.delims.element;
    }
  }
};

/// The keys of the whole transaction sets read so far: a set read again in the same run
/// (the same file named twice, or the same interchange in two files) is not counted twice.
class seen_sets {
 public:
  /// True when an identical set was read before; remembers the set otherwise.
  bool repeated(transaction_key const& key) {
    std::string joined;
    for (auto const* part : {&key.sender, &key.isa13, &key.gs06, &key.st02, &key.content_hash}) {
      joined += *part;
      joined += '\x1f';  // no element of an ISA/GS/ST key contains a unit separator
    }
    return !keys_.insert(std::move(joined)).second;
  }

 private:
  std::unordered_set<std::string> keys_;
};

/// The error record that rejects a repeated transaction set.
finding duplicate_of_earlier(open_set const& set) {
  auto f = error_finding(
      {set.envelope, set.st_offset},
      error_detail{error_code::duplicate_transaction, "ST", 1, std::nullopt, skipped::transaction,
                   "the same transaction set (ISA06, ISA13, GS06, ST02 and bytes) was read "
                   "earlier in this run"});
  f.message = "transaction set repeated in this run: its claims and remits are not counted again";
  return f;
}

/// The CLP01 values of the remits, each once.
std::vector<std::string> remit_claim_ids(remit_archive const& remits) {
  std::set<std::string, std::less<>> ids;
  for (std::size_t r = 0; r < remits.size(); ++r) ids.emplace(remits.claim_id(r));
  return {ids.begin(), ids.end()};
}

/// Records [begin, end) of an archive, unpacked.
template <typename Record>
std::vector<Record> unpacked(packed_archive<Record> const& archive, std::size_t begin,
                             std::size_t end) {
  std::vector<Record> out;
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) out.push_back(archive.get(i));
  return out;
}

/// Stage three and the run-wide checks: writes findings and keeps the totals.
class run_collector {
 public:
  run_collector(output_sink const& out, scan_progress* progress, scan_options const& options)
      : out_(out), progress_(progress) {
    if (options.store != nullptr) {
      received_ = options.received_on.empty() ? today_utc() : options.received_on;
      store_ = options.store;
    }
  }

  void take(work_item& item) {
    auto& unit = *item.unit;
    if (unit.envelope != set_.envelope) close_set();
    bool const in_set = unit.type != x12::transaction_type::none || set_.envelope;
    if (unit.type != x12::transaction_type::none) {
      if (!set_.envelope) {
        set_.claims_begin = claims_.size();
        set_.remits_begin = remits_.size();
      }
      set_.take(unit, item.of_unit, store_ != nullptr);
    }
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
    if (in_set) {
      std::move(unit.findings.begin(), unit.findings.end(), std::back_inserter(set_.findings));
    } else {
      write(unit.findings);
    }
    if (progress_ != nullptr) progress_->claims += unit.claims.size();
    // Claims and remits only come in transaction sets, which always have an envelope.
    assert(set_.envelope || (unit.claims.empty() && unit.remits.empty()));
    for (auto const& claim : unit.claims) add_saturating(set_.billed, claim.total_charge);
    ledger_.add(item.accruing, unit.claims, claims_.size());
    claims_.append(std::move(item.packed));
    for (auto const& remit : unit.remits) add_saturating(set_.paid, remit.paid);
    remits_.append(std::move(item.packed_remits));
  }

  scan_result finish(scan_options const& options, rule_set const& rules, std::uint64_t files,
                     std::uint64_t bytes) {
    close_set();
    // Linking runs first so accrual can use the allowed amount of each line the run's remits
    // answer; the threshold findings are still written before the remit findings. With a
    // store, the findings come from linking against every stored claim, while accrual (over
    // the run's claims) takes the links among the run's own claims and remits.
    std::vector<finding> store_findings;
    if (store_ != nullptr) store_findings = link_with_store(rules);
    run_linking const linked(claims_, remits_, rules);
    accrual_inputs inputs;
    inputs.allowed = &linked.allowed();
    inputs.fees = options.fees.empty() ? nullptr : &options.fees;
    inputs.opening = &options.opening;
    write_made(check_thresholds(claims_, ledger_, rules, inputs), options.threads);
    if (store_ != nullptr) {
      write(store_findings);
    } else {
      linked.for_each_finding([&](run_linking::written const& w) { write_text(w); });
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
    for (auto const& f : findings) write_one(f);
  }

  /// Writes the threshold findings in order; making each (unpacking its claim) and its
  /// JSON run on all threads, a block of findings at a time.
  void write_made(threshold_findings const& found, unsigned threads) {
    constexpr std::size_t block_findings = 1024;
    fill_in_order(
        found.size(), block_findings, threads,
        [&](std::size_t begin, std::size_t end, json_block& block) {
          claim_reader claims(claims_);
          for (std::size_t i = begin; i < end; ++i) block.add(found.make(i, claims));
        },
        [&](json_block const& block) {
          for (std::size_t k = 0; k < finding_kind_count; ++k) {
            summary_.findings[k] += block.counts[k];
          }
          input_lost_ = input_lost_ || block.input_lost;
          buffer_ += block.json;
          if (buffer_.size() >= output_block_bytes) flush();
        });
  }

  /// A finding already written as JSON.
  void write_text(run_linking::written const& w) {
    ++summary_.findings[static_cast<std::size_t>(w.kind)];
    if (w.input_lost) input_lost_ = true;
    buffer_ += w.json;
    if (buffer_.size() >= output_block_bytes) flush();
  }

  void write_one(finding const& f) {
    ++summary_.findings[static_cast<std::size_t>(f.kind)];
    if (f.error && is_input_loss(f.error->what)) input_lost_ = true;
    append_json(buffer_, f);
    if (buffer_.size() >= output_block_bytes) flush();
  }

  /// Ends the open set: a repeat of a set read earlier is rejected and taken back (its
  /// rule findings dropped, its claims and remits counted as rejected); any other set's
  /// findings are written and, with a store, the set is recorded.
  void close_set() {
    if (!set_.envelope) return;
    open_set set = std::move(set_);
    set_ = open_set{};
    if (set.whole() && seen_.repeated(set.run_key())) return take_back(set);
    add_saturating(summary_.billed, set.billed);
    add_saturating(summary_.paid, set.paid);
    write(set.findings);
    if (store_ != nullptr && set.whole()) record(set);
  }

  void take_back(open_set const& set) {
    write({duplicate_of_earlier(set)});
    std::vector<finding> errors;
    for (auto const& f : set.findings) {
      if (f.kind == finding_kind::error) errors.push_back(f);
    }
    write(errors);
    summary_.transactions_rejected += 1;
    summary_.claims_rejected += claims_.size() - set.claims_begin;
    summary_.remits_rejected += remits_.size() - set.remits_begin;
    claims_.truncate(set.claims_begin);
    ledger_.truncate(set.claims_begin);
    remits_.truncate(set.remits_begin);
  }

  /// Records a set that holds any claim or remit in the store: the tail of the run's vectors.
  void record(open_set const& set) {
    std::size_t const claims_end = claims_.size();
    std::size_t const remits_end = remits_.size();
    if (claims_end == set.claims_begin && remits_end == set.remits_begin) return;
    auto const claims = unpacked(claims_, set.claims_begin, claims_end);
    auto const remits = unpacked(remits_, set.remits_begin, remits_end);
    auto const recorded = store_->record(set.key(), *set.envelope, std::span<claim const>(claims),
                                         std::span<remit const>(remits), received_);
    stored_sets_.insert(recorded.set_id);
  }

  /// Links the run's remits against every claim in the store with their CLP01, after the
  /// store's earlier payments for those claims (history: netted and holding their lines,
  /// but not reported again).
  std::vector<finding> link_with_store(rule_set const& rules) {
    auto const ids = remit_claim_ids(remits_);
    auto const claims = store_->claims_for(ids);
    auto all = store_->remits_for(ids, stored_sets_);
    std::size_t const history = all.size();
    auto run = unpacked(remits_, 0, remits_.size());
    all.insert(all.end(), std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
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
  // What the run-wide checks keep: every claim and remit packed, and the accruing therapy
  // lines of the claims.
  claim_archive claims_;
  accrual_ledger ledger_;
  remit_archive remits_;
  claim_store* store_ = nullptr;
  date8 received_;
  open_set set_;
  seen_sets seen_;
  std::unordered_set<std::int64_t> stored_sets_;  // store rows of every set this run read
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
      tbb::make_filter<void, work_item*>(tbb::filter_mode::serial_in_order,
                                         [&](tbb::flow_control& control) -> work_item* {
                                           auto unit = source.next();
                                           if (!unit) {
                                             control.stop();
                                             return nullptr;
                                           }
                                           return new work_item{std::move(unit), {}, {}, {}, {}};
                                         }) &
          tbb::make_filter<work_item*, work_item*>(tbb::filter_mode::parallel,
                                                   [&](work_item* item) {
                                                     if (item != nullptr) process(*item, rules);
                                                     return item;
                                                   }) &
          tbb::make_filter<work_item*, void>(tbb::filter_mode::serial_in_order,
                                             [&](work_item* item) {
                                               std::unique_ptr<work_item> owned(item);
                                               if (owned) collector.take(*owned);
                                             }));

  return collector.finish(options, rules, options.files.size(), source.bytes());
}

}  // namespace x12kx
