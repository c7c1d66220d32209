// Claim store throughput: how fast `scan --store` can record claim lines (one SQLite
// transaction per transaction set, as scan does), and how fast remits are linked against
// the store (load the claims and earlier remits for the remits' CLP01, then link).
// Data is made before timing; each benchmark checks its result before it times.
#include "linking/linker.hpp"
#include "rules/rule_set.hpp"
#include "store/claim_store.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <set>

namespace x12kx {
namespace {

constexpr std::size_t claims_per_set = 50;  // a typical clearinghouse batch per ST..SE
constexpr std::size_t lines_per_claim = 4;

std::string const codes[] = {"97110", "97112", "97140", "97530"};

/// Invented claims: distinct CLM01, four therapy lines each, half with REF*6R.
std::vector<claim> make_claims(std::size_t count) {
  auto envelope = std::make_shared<envelope_info>();
  envelope->file = "bench.837";
  envelope->version = "005010X222A1";
  std::vector<claim> out(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto& c = out[i];
    c.claim_id = fmt::format("BENCH{:010}", i);
    c.member_id = fmt::format("9BN{:08}", i % 5000);
    c.filing_indicator = "MB";
    c.source = {envelope, i * 900};
    for (std::size_t k = 0; k < lines_per_claim; ++k) {
      claim_line line;
      line.line_number = static_cast<std::uint32_t>(k + 1);
      line.procedure = codes[k];
      line.modifiers.add("GP");
      line.charge = 10000 + static_cast<cents>(k) * 500;
      line.units_milli = 1000;
      line.service_date = date8{20240101 + static_cast<std::uint32_t>(i % 28)};
      if (i % 2 == 0) line.line_ref = fmt::format("{}-{}", c.claim_id, k + 1);
      line.offset = i * 900 + k * 100;
      c.lines.push_back(std::move(line));
      c.total_charge += c.lines.back().charge;
    }
  }
  return out;
}

/// One payment per claim answering every line; the last line denied CO-119.
std::vector<remit> make_remits(std::vector<claim> const& claims) {
  auto envelope = std::make_shared<envelope_info>();
  envelope->file = "bench.835";
  std::vector<remit> out;
  out.reserve(claims.size());
  for (auto const& c : claims) {
    remit r;
    r.claim_id = c.claim_id;
    r.status.assign(1, '1');  // "1": processed as primary
    r.charge = c.total_charge;
    r.payer_claim_id = fmt::format("P{}", c.claim_id);
    r.source = {envelope, c.source.offset};
    for (auto const& line : c.lines) {
      remit_line paid;
      paid.procedure = line.procedure;
      paid.modifiers = line.modifiers;
      paid.charge = line.charge;
      paid.units_milli = line.units_milli;
      paid.service_date = line.service_date;
      paid.line_ref = line.line_ref;
      bool const denied = line.line_number == lines_per_claim;
      paid.paid = denied ? 0 : line.charge - 2000;
      paid.adjustments.push_back({"CO", denied ? "119" : "45", denied ? line.charge : 2000, 0});
      r.paid += paid.paid;
      r.lines.push_back(std::move(paid));
    }
    out.push_back(std::move(r));
  }
  return out;
}

rule_set const& rules() {
  static rule_set const loaded = load_rules(default_rules_directory());
  return loaded;
}

/// A fresh store file in a temporary directory, removed with the object.
struct scratch_store {
  std::string dir;
  std::string path;
  scratch_store() {
    char pattern[] = "/tmp/x12kx-bench-XXXXXX";
    dir = ::mkdtemp(pattern);
    path = dir + "/claims.db";
  }
  ~scratch_store() { std::filesystem::remove_all(dir); }
};

/// Records the claims as scan does: one call (one SQLite transaction) per set.
void ingest(claim_store& store, std::vector<claim> const& claims, std::size_t set_base) {
  for (std::size_t begin = 0, set = 0; begin < claims.size(); begin += claims_per_set, ++set) {
    auto const end = std::min(claims.size(), begin + claims_per_set);
    transaction_key const key{"BENCHSENDER", fmt::format("{:09}", set_base + set), "1", "0001",
                              "0"};
    store.record(key, *claims[begin].source.envelope,
                 std::span<claim const>(claims.data() + begin, end - begin), {}, date8{20241020});
  }
}

void store_ingest(benchmark::State& state) {
  auto const claims = make_claims(static_cast<std::size_t>(state.range(0)));
  std::int64_t const lines = static_cast<std::int64_t>(claims.size() * lines_per_claim);
  {
    scratch_store scratch;
    claim_store store(scratch.path, claim_store::mode::writer);
    ingest(store, claims, 0);
    if (store.database().scalar("SELECT count(*) FROM claim_lines") != lines) {
      state.SkipWithError("ingest lost lines");
      return;
    }
  }
  for (auto _ : state) {
    state.PauseTiming();
    {
      scratch_store scratch;
      claim_store store(scratch.path, claim_store::mode::writer);
      state.ResumeTiming();
      ingest(store, claims, 0);
      state.PauseTiming();
    }
    state.ResumeTiming();
  }
  state.counters["claim_lines/s"] = benchmark::Counter(
      static_cast<double>(lines * state.iterations()), benchmark::Counter::kIsRate);
}

/// The store-side linking of scan --store: claims and earlier remits for the remits'
/// CLP01 values, then the ladder.
link_result link_against(claim_store& store, std::vector<remit> const& remits) {
  std::set<std::string> unique;
  for (auto const& r : remits) unique.insert(r.claim_id);
  std::vector<std::string> const ids(unique.begin(), unique.end());
  auto const claims = store.claims_for(ids);
  auto all = store.remits_for(ids, {});
  std::size_t const history = all.size();
  all.insert(all.end(), remits.begin(), remits.end());
  return link_remits_detailed(claims, all, rules(), history);
}

void store_link(benchmark::State& state) {
  auto const claims = make_claims(static_cast<std::size_t>(state.range(0)));
  auto const remits = make_remits(claims);
  scratch_store scratch;
  claim_store store(scratch.path, claim_store::mode::writer);
  ingest(store, claims, 0);
  std::size_t const lines = claims.size() * lines_per_claim;
  auto const check = link_against(store, remits);
  if (check.links.size() != lines || check.findings.size() != claims.size()) {
    state.SkipWithError("not every remit line linked, or denials missing");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(link_against(store, remits));
  state.counters["remit_lines/s"] = benchmark::Counter(
      static_cast<double>(lines * state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(store_ingest)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(store_link)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace
}  // namespace x12kx

BENCHMARK_MAIN();
