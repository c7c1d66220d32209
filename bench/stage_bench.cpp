// Throughput of each scan stage against a reference in the same run: a plain memchr count of
// segment terminators over the same bytes. Inputs come from the workload generator (src/gen)
// and are made once, outside every timed loop; each case checks its result against a
// known answer before it times anything. bench/run turns the output into one table of
// ratios to the memchr rate.
//
// X12KX_BENCH_CLAIMS sets the workload size (default 150000 claims, about 60 MB of 837P).
#include "checks/accrual.hpp"
#include "checks/line_checks.hpp"
#include "claims/claim_archive.hpp"
#include "claims/claim_builder.hpp"
#include "findings/json_writer.hpp"
#include "gen/x12_writer.hpp"
#include "grammar/x12_grammar.hpp"
#include "linking/linker.hpp"
#include "pipeline/run_linking.hpp"
#include "pipeline/scan_job.hpp"
#include "remits/remit_archive.hpp"
#include "remits/remit_builder.hpp"
#include "rules/rule_set.hpp"
#include "x12/elements.hpp"
#include "x12/segment_reader.hpp"
#include "x12/terminator_scan.hpp"
#include "x12/transaction_framer.hpp"

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <oneapi/tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace x12kx {
namespace {

using x12::transaction_unit;

/// Aborts the benchmark run when a stage does not produce the known answer.
void require(bool condition, char const* what) {
  if (!condition) throw std::runtime_error(std::string("bench check failed: ") + what);
}

std::uint64_t workload_claims() {
  char const* text = std::getenv("X12KX_BENCH_CLAIMS");
  return text != nullptr ? std::strtoull(text, nullptr, 10) : 150000;
}

std::string generate(gen::file_kind kind, std::uint64_t claims,
                     gen::generate_result* result = nullptr) {
  gen::generate_request request;
  request.kind = kind;
  request.claims = claims;
  request.seed = 2024;
  std::string text;
  auto const r = gen::generate(request, [&](std::string_view b) { text.append(b); });
  if (result != nullptr) *result = r;
  return text;
}

std::uint64_t memchr_count(std::string_view bytes, char terminator) {
  std::uint64_t count = 0;
  char const* p = bytes.data();
  char const* const end = p + bytes.size();
  while (auto const* hit = static_cast<char const*>(std::memchr(p, terminator, end - p))) {
    ++count;
    p = hit + 1;
  }
  return count;
}

/// Frames a whole file into transaction units, as stage one of the pipeline does.
std::vector<std::unique_ptr<transaction_unit>> frame(std::string_view bytes) {
  x12::memory_source source(bytes);
  x12::segment_reader reader(source);
  x12::transaction_framer framer("bench", 0);
  std::vector<std::unique_ptr<transaction_unit>> units;
  x12::raw_segment segment;
  while (reader.next(segment)) {
    framer.on_segment(segment, reader.current_delimiters());
    if (framer.ready().empty()) continue;  // as the pipeline's stage one asks
    for (auto& unit : framer.ready()) units.push_back(std::move(unit));
    framer.ready().clear();
  }
  framer.finish(bytes.size());
  for (auto& unit : framer.ready()) units.push_back(std::move(unit));
  return units;
}

/// The units of one file with what stage one put in them, so stage two can run again.
struct framed_file {
  std::vector<std::unique_ptr<transaction_unit>> units;
  std::vector<x12::unit_counts> counts;
  std::vector<std::size_t> findings;

  explicit framed_file(std::string_view bytes) : units(frame(bytes)) {
    for (auto const& unit : units) {
      counts.push_back(unit->counts);
      findings.push_back(unit->findings.size());
    }
  }
  void reset() {
    for (std::size_t i = 0; i < units.size(); ++i) {
      units[i]->claims.clear();
      units[i]->remits.clear();
      units[i]->findings.resize(findings[i]);
      units[i]->counts = counts[i];
    }
  }
};

/// Inputs shared by all cases, made on first use (outside every timed loop).
struct inputs {
  gen::generate_result made;
  std::string claims_837;
  std::string remits_835;
  std::string tiny_segments;  // one-element segments (K3~) inside a claim
  std::string error_heavy;    // every claim rejected for a bad service date
  rule_set rules;
  std::vector<claim> claims;
  std::vector<remit> remits;
  std::vector<finding> findings;
  std::filesystem::path directory;

  inputs() {
    std::uint64_t const n = workload_claims();
    claims_837 = generate(gen::file_kind::claims_837p, n, &made);
    remits_835 = generate(gen::file_kind::remits_835, n);
    tiny_segments = make_tiny_segments();
    error_heavy = claims_837;
    for (auto at = error_heavy.find("DTP*472*D8*2024"); at != std::string::npos;
         at = error_heavy.find("DTP*472*D8*2024", at + 1)) {
      error_heavy[at + 12] = 'O';  // 2O24: not a date
    }
    rules = load_rules(X12KX_SOURCE_DIR "/rules");
    collect();
    directory =
        std::filesystem::temp_directory_path() / ("x12kx-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    for (auto const& [name, text] :
         {std::pair<char const*, std::string const*>{"837p", &claims_837},
          {"835", &remits_835},
          {"tiny", &tiny_segments},
          {"errors", &error_heavy}}) {
      std::ofstream(directory / name, std::ios::binary) << *text;
    }
  }
  ~inputs() { std::filesystem::remove_all(directory); }
  inputs(inputs const&) = delete;
  inputs& operator=(inputs const&) = delete;

  std::string path(char const* name) const { return (directory / name).string(); }

  /// A one-claim 837P with 2 million empty K3 segments after its HI segment.
  static std::string make_tiny_segments() {
    std::string text = generate(gen::file_kind::claims_837p, 1);
    constexpr std::size_t count = 2'000'000;
    auto const hi = text.find("~HI*") + 1;
    auto const after = text.find('~', hi) + 1;
    std::string block;
    block.reserve(count * 3);
    for (std::size_t i = 0; i < count; ++i) block += "K3~";
    text.insert(after, block);
    auto const se = text.find("~SE*") + 4;
    auto const star = text.find('*', se);
    auto const old = std::stoull(text.substr(se, star - se));
    text.replace(se, star - se, std::to_string(old + count));
    return text;
  }

  /// Claims, remits and all findings of the workload, for the run-wide and writer cases.
  void collect() {
    framed_file c(claims_837);
    for (auto& unit : c.units) {
      build_claims(*unit);
      for (auto const& one : unit->claims) check_claim(one, rules, findings);
      std::move(unit->claims.begin(), unit->claims.end(), std::back_inserter(claims));
    }
    framed_file r(remits_835);
    for (auto& unit : r.units) {
      build_remits(*unit);
      std::move(unit->remits.begin(), unit->remits.end(), std::back_inserter(remits));
    }
    auto thresholds = check_thresholds(claims, rules);
    auto links = link_remits(claims, remits, rules);
    std::move(thresholds.begin(), thresholds.end(), std::back_inserter(findings));
    std::move(links.begin(), links.end(), std::back_inserter(findings));
    require(claims.size() == made.expected.claims, "claims built");
    require(remits.size() == made.expected.remits, "remits built");
  }
};

inputs& data() {
  static inputs shared;
  return shared;
}

void set_rates(benchmark::State& state, std::uint64_t bytes, std::uint64_t claims) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.counters["claims/s"] = benchmark::Counter(static_cast<double>(claims),
                                                  benchmark::Counter::kIsIterationInvariantRate);
}

// --- The reference ----------------------------------------------------------------------

void memchr_terminators(benchmark::State& state) {
  auto const& in = data().claims_837;
  require(memchr_count(in, '~') > 0, "terminators found");
  for (auto _ : state) benchmark::DoNotOptimize(memchr_count(in, '~'));
  set_rates(state, in.size(), data().made.claims);
}
BENCHMARK(memchr_terminators)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- Stage one --------------------------------------------------------------------------

std::uint64_t read_segments(std::string_view bytes, x12::reader_options options = {}) {
  x12::memory_source source(bytes);
  x12::segment_reader reader(source, options);
  x12::raw_segment segment;
  std::uint64_t count = 0;
  while (reader.next(segment)) ++count;
  return count;
}

/// Terminators counted from the block index alone (the reader's kernel, 4 KiB at a time), with
/// the last partial block counted byte by byte: the floor under segment scanning.
std::uint64_t index_count(std::string_view bytes, char terminator) {
  constexpr std::size_t window = 64;
  std::uint64_t found[window];
  std::uint64_t wrapped[window];
  auto const kernel = x12::best_index_blocks();
  std::size_t const blocks = bytes.size() / x12::index_block_bytes;
  std::uint64_t count = 0;
  for (std::size_t first = 0; first < blocks; first += window) {
    std::size_t const n = std::min(window, blocks - first);
    kernel(bytes.data() + first * x12::index_block_bytes, n, terminator, found, wrapped);
    for (std::size_t k = 0; k < n; ++k)
      count += static_cast<std::uint64_t>(__builtin_popcountll(found[k]));
  }
  for (std::size_t i = blocks * x12::index_block_bytes; i < bytes.size(); ++i) {
    count += bytes[i] == terminator ? 1 : 0;
  }
  return count;
}

void block_index_837p(benchmark::State& state) {
  auto const& in = data().claims_837;
  require(index_count(in, '~') == memchr_count(in, '~'), "index count equals memchr count");
  for (auto _ : state) benchmark::DoNotOptimize(index_count(in, '~'));
  set_rates(state, in.size(), data().made.claims);
}
BENCHMARK(block_index_837p)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Segment scanning with the block index off: every segment takes the careful path.
void segment_scan_careful_837p(benchmark::State& state) {
  auto const& in = data().claims_837;
  x12::reader_options careful;
  careful.block_index = false;
  require(read_segments(in, careful) == memchr_count(in, '~'), "careful count equals memchr");
  for (auto _ : state) benchmark::DoNotOptimize(read_segments(in, careful));
  set_rates(state, in.size(), data().made.claims);
}
BENCHMARK(segment_scan_careful_837p)->Unit(benchmark::kMillisecond)->UseRealTime();

void segment_scan(benchmark::State& state, std::string const& in, std::uint64_t claims) {
  require(read_segments(in) == memchr_count(in, '~'), "segment count equals memchr count");
  for (auto _ : state) benchmark::DoNotOptimize(read_segments(in));
  set_rates(state, in.size(), claims);
}
void segment_scan_837p(benchmark::State& state) {
  segment_scan(state, data().claims_837, data().made.claims);
}
void segment_scan_tiny_segments(benchmark::State& state) {
  segment_scan(state, data().tiny_segments, 1);
}
BENCHMARK(segment_scan_837p)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(segment_scan_tiny_segments)->Unit(benchmark::kMillisecond)->UseRealTime();

std::uint64_t split_elements(std::string_view bytes) {
  x12::memory_source source(bytes);
  x12::segment_reader reader(source);
  x12::raw_segment segment;
  std::uint64_t count = 0;
  while (reader.next(segment)) {
    x12::elements const fields(segment.bytes, reader.current_delimiters().element);
    count += fields.size();
  }
  return count;
}

void segment_scan_and_split_837p(benchmark::State& state) {
  auto const& in = data().claims_837;
  require(split_elements(in) > memchr_count(in, '*') / 2, "elements split");
  for (auto _ : state) benchmark::DoNotOptimize(split_elements(in));
  set_rates(state, in.size(), data().made.claims);
}
BENCHMARK(segment_scan_and_split_837p)->Unit(benchmark::kMillisecond)->UseRealTime();

void framing_837p(benchmark::State& state) {
  auto const& in = data().claims_837;
  std::uint64_t transactions = 0;
  for (auto const& unit : frame(in)) transactions += unit->counts.transactions;
  require(transactions == (data().made.claims + 199) / 200, "transactions framed");
  for (auto _ : state) benchmark::DoNotOptimize(frame(in).size());
  set_rates(state, in.size(), data().made.claims);
}
BENCHMARK(framing_837p)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- Grammars, one element kind at a time -------------------------------------------------

/// Copies sampled texts into one owned arena so the views outlive the readers.
struct owned_sample {
  std::string arena;
  std::vector<std::string_view> texts;
  std::uint64_t bytes = 0;
};

owned_sample own(std::string_view segment_id, std::size_t position) {
  owned_sample out;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::string_view file :
       {std::string_view(data().claims_837), std::string_view(data().remits_835)}) {
    x12::memory_source source(file);
    x12::segment_reader reader(source);
    x12::raw_segment segment;
    while (reader.next(segment)) {
      x12::elements const fields(segment.bytes, '*');
      if (fields.id() != segment_id || fields[position].empty()) continue;
      spans.emplace_back(out.arena.size(), fields[position].size());
      out.arena.append(fields[position]);
    }
  }
  for (auto const& [begin, size] : spans) out.texts.emplace_back(out.arena.data() + begin, size);
  out.bytes = out.arena.size();
  return out;
}

template <typename Parse>
void grammar_case(benchmark::State& state, std::string_view id, std::size_t position, Parse parse) {
  static std::map<std::string, owned_sample> samples;
  auto const key = std::string(id) + std::to_string(position);
  if (!samples.contains(key)) samples.emplace(key, own(id, position));
  auto const& s = samples.at(key);
  std::size_t parsed = 0;
  for (auto text : s.texts) parsed += parse(text) ? 1 : 0;
  require(!s.texts.empty() && parsed == s.texts.size(), "every sampled element parses");
  for (auto _ : state) {
    std::size_t ok = 0;
    for (auto text : s.texts) ok += parse(text) ? 1 : 0;
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(s.bytes) * state.iterations());
  state.counters["elements/s"] = benchmark::Counter(static_cast<double>(s.texts.size()),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}

void grammar_amount_sv102(benchmark::State& state) {
  grammar_case(state, "SV1", 2, [](std::string_view t) { return grammar::parse_amount(t); });
}
void grammar_quantity_sv104(benchmark::State& state) {
  grammar_case(state, "SV1", 4, [](std::string_view t) { return grammar::parse_quantity(t); });
}
void grammar_count_lx01(benchmark::State& state) {
  grammar_case(state, "LX", 1, [](std::string_view t) { return grammar::parse_count(t); });
}
void grammar_date8_dtm02(benchmark::State& state) {
  grammar_case(state, "DTM", 2, [](std::string_view t) { return grammar::parse_date8(t); });
}
void grammar_date_period_dtp03(benchmark::State& state) {
  grammar_case(state, "DTP", 3,
               [](std::string_view t) { return grammar::parse_date_period("D8", t); });
}
void grammar_procedure_sv101(benchmark::State& state) {
  grammar_case(state, "SV1", 1,
               [](std::string_view t) { return grammar::parse_procedure(t, ':'); });
}
void grammar_procedure_svc01(benchmark::State& state) {
  grammar_case(state, "SVC", 1,
               [](std::string_view t) { return grammar::parse_procedure(t, ':'); });
}
void grammar_service_location_clm05(benchmark::State& state) {
  grammar_case(state, "CLM", 5,
               [](std::string_view t) { return grammar::parse_service_location(t, ':'); });
}
BENCHMARK(grammar_amount_sv102)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(grammar_quantity_sv104)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(grammar_count_lx01)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(grammar_date8_dtm02)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(grammar_date_period_dtp03)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(grammar_procedure_sv101)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(grammar_procedure_svc01)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(grammar_service_location_clm05)->Unit(benchmark::kMicrosecond)->UseRealTime();

// --- Stage two --------------------------------------------------------------------------

/// Runs one stage-two builder over every framed unit of a file; `build` returns how many
/// claims or remits the unit gave.
template <typename Build>
void building_case(benchmark::State& state, framed_file& file, std::string const& text,
                   std::uint64_t expected, Build build) {
  auto const run = [&] {
    file.reset();
    std::uint64_t made = 0;
    for (auto& unit : file.units) made += build(*unit);
    return made;
  };
  require(run() == expected, "claims or remits built");
  for (auto _ : state) benchmark::DoNotOptimize(run());
  set_rates(state, text.size(), data().made.claims);
}

void claim_building(benchmark::State& state) {
  static framed_file file(data().claims_837);
  building_case(state, file, data().claims_837, data().made.expected.claims,
                [](transaction_unit& unit) {
                  build_claims(unit);
                  return unit.claims.size();
                });
}
BENCHMARK(claim_building)->Unit(benchmark::kMillisecond)->UseRealTime();

void remit_building(benchmark::State& state) {
  static framed_file file(data().remits_835);
  building_case(state, file, data().remits_835, data().made.expected.remits,
                [](transaction_unit& unit) {
                  build_remits(unit);
                  return unit.remits.size();
                });
}
BENCHMARK(remit_building)->Unit(benchmark::kMillisecond)->UseRealTime();

void kx_line_checks(benchmark::State& state) {
  auto const& in = data();
  std::vector<finding> out;
  for (auto _ : state) {
    out.clear();
    for (auto const& one : in.claims) check_claim(one, in.rules, out);
    benchmark::DoNotOptimize(out.data());
  }
  require(!out.empty(), "line checks found something");
  set_rates(state, in.claims_837.size(), in.claims.size());
}
BENCHMARK(kx_line_checks)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The run-wide state as stage three leaves it: claims and remits packed, accruing lines
/// noted. Made once, outside the timed loops.
struct run_state {
  claim_archive claims;
  accrual_ledger ledger;
  remit_archive remits;

  run_state() {
    auto const& in = data();
    for (std::size_t i = 0; i < in.claims.size(); ++i) {
      ledger.add(in.claims[i], i, in.rules);
      claims.append(in.claims[i]);
    }
    for (auto const& r : in.remits) remits.append(r);
  }
};

run_state& state_of_run() {
  static run_state shared;
  return shared;
}

/// Threshold accrual as the pipeline runs it after the input (one thread here): price, sort
/// and judge the accruing lines, then make every finding from the packed claims.
std::uint64_t accrue(run_state& run, rule_set const& rules) {
  accrual_ledger ledger = run.ledger;  // accrual sorts its ledger in place
  auto const found = check_thresholds(run.claims, ledger, rules, {});
  claim_reader reader(run.claims);
  std::uint64_t missing = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    missing += found.make(i, reader).kind == finding_kind::therapy_kx_missing ? 1 : 0;
  }
  return missing;
}

void kx_threshold_accrual(benchmark::State& state) {
  tbb::global_control const one(tbb::global_control::max_allowed_parallelism, 1);
  auto const& in = data();
  auto& run = state_of_run();
  require(accrue(run, in.rules) == in.made.expected.kx_missing,
          "threshold findings equal the generator's answer");
  for (auto _ : state) benchmark::DoNotOptimize(accrue(run, in.rules));
  set_rates(state, in.claims_837.size(), in.claims.size());
}
BENCHMARK(kx_threshold_accrual)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Remit linking as the pipeline runs it (one thread here): partitions, unpacking of the
/// remits and the claims they name, linking, findings written as JSON.
std::uint64_t link_run(run_state const& run, rule_set const& rules) {
  run_linking const linked(run.claims, run.remits, rules);
  std::uint64_t denials = 0;
  linked.for_each_finding(
      [&](run_linking::written const& w) { denials += w.kind == finding_kind::denial ? 1 : 0; });
  return denials;
}

void remit_linking(benchmark::State& state) {
  tbb::global_control const one(tbb::global_control::max_allowed_parallelism, 1);
  auto const& in = data();
  auto const& run = state_of_run();
  require(link_run(run, in.rules) == in.made.expected.denials,
          "denials equal the generator's answer");
  for (auto _ : state) benchmark::DoNotOptimize(link_run(run, in.rules));
  set_rates(state, in.remits_835.size(), in.claims.size());
  state.counters["remit_lines/s"] =
      benchmark::Counter(static_cast<double>(in.made.expected.remit_lines),
                         benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(remit_linking)->Unit(benchmark::kMillisecond)->UseRealTime();

void json_writing(benchmark::State& state) {
  auto const& in = data();
  std::string out;
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    for (auto const& f : in.findings) {
      append_json(out, f);
      if (out.size() >= (1u << 20)) {
        bytes += out.size();
        out.clear();
      }
    }
    bytes += out.size();
    out.clear();
  }
  require(bytes > in.findings.size() * 100, "every finding written");
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.counters["findings/s"] = benchmark::Counter(static_cast<double>(in.findings.size()),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(json_writing)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- Retained state ----------------------------------------------------------------------

/// Bytes that the run-wide checks keep per billed line, the way stage three keeps them: every
/// claim packed in a claim_archive and its accruing therapy lines in an accrual_ledger. This
/// is what grows with the input; the built claims of a unit are freed once stage three has
/// taken them. Also reported: the heap a built claim would hold (the state before packing).
void retained_claim_state(benchmark::State& state) {
  auto const heap = [] { return mallinfo2().uordblks; };
  claim_archive archive;
  accrual_ledger ledger;
  std::uint64_t lines = 0;
  std::size_t built_heap = 0;
  {
    framed_file file(data().claims_837);
    for (auto& unit : file.units) {
      std::size_t const before = heap();
      build_claims(*unit);
      built_heap += heap() - before;
      for (auto const& one : unit->claims) {
        lines += one.lines.size();
        ledger.add(one, archive.size(), data().rules);
        archive.append(one);
      }
      built_heap += unit->claims.capacity() * sizeof(claim);
      unit->claims.clear();
      unit->claims.shrink_to_fit();
    }
  }
  require(lines == data().made.expected.lines, "every line kept");
  require(archive.size() == data().made.expected.claims, "every claim kept");
  for (auto _ : state) benchmark::DoNotOptimize(archive.size());
  auto const per_line = [&](std::size_t bytes) {
    return static_cast<double>(bytes) / static_cast<double>(lines);
  };
  state.counters["bytes_per_line"] = per_line(archive.memory_bytes() + ledger.memory_bytes());
  state.counters["archive_bytes_per_line"] = per_line(archive.memory_bytes());
  state.counters["ledger_bytes_per_line"] = per_line(ledger.memory_bytes());
  state.counters["built_bytes_per_line"] = per_line(built_heap);

  // The same for the remits of the workload's 835, per remit line.
  remit_archive remits;
  std::uint64_t remit_lines = 0;
  std::size_t built_remits = 0;
  {
    framed_file file(data().remits_835);
    for (auto& unit : file.units) {
      std::size_t const before = heap();
      build_remits(*unit);
      built_remits += heap() - before;
      for (auto const& one : unit->remits) {
        remit_lines += one.lines.size();
        remits.append(one);
      }
      unit->remits.clear();
      unit->remits.shrink_to_fit();
    }
  }
  require(remits.size() == data().made.expected.remits, "every remit kept");
  state.counters["remit_bytes_per_line"] =
      static_cast<double>(remits.memory_bytes()) / static_cast<double>(remit_lines);
  state.counters["built_remit_bytes_per_line"] =
      static_cast<double>(built_remits) / static_cast<double>(remit_lines);
}
BENCHMARK(retained_claim_state)->Iterations(1);

// --- The whole scan ---------------------------------------------------------------------

scan_result whole_scan(std::vector<std::string> files, unsigned threads, std::uint64_t& written) {
  scan_options options;
  options.files = std::move(files);
  options.threads = threads;
  written = 0;
  return run_scan(options, data().rules, [&](std::string_view b) { written += b.size(); });
}

void pipeline_case(benchmark::State& state, std::vector<std::string> const& files,
                   std::uint64_t bytes, std::uint64_t claims, bool expect_errors) {
  auto const threads = static_cast<unsigned>(state.range(0));
  std::uint64_t written = 0;
  auto const checked = whole_scan(files, threads, written);
  auto const errors = checked.summary.findings[static_cast<std::size_t>(finding_kind::error)];
  require(expect_errors ? errors > 0 : errors == 0, "error records as expected");
  if (!expect_errors) require(checked.summary.claims == claims, "claims scanned");
  for (auto _ : state) benchmark::DoNotOptimize(whole_scan(files, threads, written));
  set_rates(state, bytes, claims);
}

void scan_837p(benchmark::State& state) {
  auto const& in = data();
  pipeline_case(state, {in.path("837p")}, in.claims_837.size(), in.made.claims, false);
}
void scan_837p_and_835(benchmark::State& state) {
  auto const& in = data();
  pipeline_case(state, {in.path("837p"), in.path("835")},
                in.claims_837.size() + in.remits_835.size(), in.made.claims, false);
}
void scan_error_heavy(benchmark::State& state) {
  auto const& in = data();
  pipeline_case(state, {in.path("errors")}, in.error_heavy.size(), in.made.claims, true);
}
void scan_tiny_segments(benchmark::State& state) {
  auto const& in = data();
  pipeline_case(state, {in.path("tiny")}, in.tiny_segments.size(), 1, false);
}
BENCHMARK(scan_837p)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(scan_837p_and_835)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(scan_error_heavy)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(scan_tiny_segments)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace x12kx

BENCHMARK_MAIN();
