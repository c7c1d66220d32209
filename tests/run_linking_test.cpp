// Linking a run in partitions by claim id, on several threads, gives exactly what one linker
// over all claims and remits gives: the same findings in the same order, the same links.
#include "pipeline/run_linking.hpp"

#include "findings/json_writer.hpp"
#include "gen/x12_writer.hpp"
#include "link_support.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <tuple>

namespace x12kx {
namespace {

/// A generated 837P and its 835 (denials, reversals, ties, split claims), read as scan reads.
testing::parsed_inputs generated_pair(std::uint64_t claims, std::uint64_t seed) {
  auto const directory =
      std::filesystem::temp_directory_path() / ("x12kx-run-linking-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  std::vector<std::string> files;
  for (auto kind : {gen::file_kind::claims_837p, gen::file_kind::remits_835}) {
    gen::generate_request request;
    request.kind = kind;
    request.claims = claims;
    request.seed = seed;
    files.push_back((directory / (kind == gen::file_kind::remits_835 ? "835" : "837")).string());
    std::ofstream out(files.back(), std::ios::binary);
    gen::generate(request, [&](std::string_view bytes) { out << bytes; });
  }
  auto inputs = testing::read_inputs(files);
  std::filesystem::remove_all(directory);
  return inputs;
}

/// Claims and remits that only meet through the 20-character prefix of a long CLM01, and a
/// reversal of a payment that is not in the run (reported in the reversal pass).
void add_prefix_and_lone_reversal(testing::parsed_inputs& in) {
  claim long_id = in.claims.front();
  long_id.claim_id = "LONGCLAIMIDENTIFIER-0001-EXTRA";
  in.claims.push_back(long_id);
  remit by_prefix = in.remits.front();
  by_prefix.claim_id = long_id.claim_id.substr(0, payer_claim_id_length);
  by_prefix.status = "4";  // denied, without service lines: a denial on every line
  by_prefix.lines.clear();
  in.remits.push_back(by_prefix);
  remit lone = in.remits.front();
  lone.claim_id = "NOSUCHCLAIM";
  lone.status = "22";
  in.remits.insert(in.remits.begin() + static_cast<std::ptrdiff_t>(in.remits.size() / 2), lone);
}

/// What accrual reads of one answer: the claim line and the allowed amount.
using allowed_key = std::tuple<std::size_t, std::size_t, cents>;

/// Sorted by claim line, keeping each line's amounts in input order (the last decides).
std::vector<allowed_key> by_line(std::vector<allowed_key> keys) {
  std::stable_sort(keys.begin(), keys.end(), [](auto const& a, auto const& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  return keys;
}

TEST(run_linking, partitions_and_threads_give_what_one_linker_gives) {
  auto in = generated_pair(3000, 17);
  add_prefix_and_lone_reversal(in);
  auto const& rules = testing::bundled_rules();

  auto const whole = link_remits_detailed(in.claims, in.remits, rules);
  std::string expected;
  for (auto const& f : whole.findings) append_json(expected, f);
  std::vector<allowed_key> expected_allowed;
  for (auto const& a : answers_of(whole.links, in.remits)) {
    if (auto const allowed = remit_allowed(a, rules.adjustments)) {
      expected_allowed.emplace_back(a.claim_index, a.line_index, *allowed);
    }
  }
  ASSERT_GT(expected_allowed.size(), 3000u);
  ASSERT_GT(whole.findings.size(), 500u);
  ASSERT_NE(expected.find("\"remit_ambiguous\""), std::string::npos);
  ASSERT_NE(expected.find("LONGCLAIMIDENTIFIER-0001-EXTRA"), std::string::npos);
  ASSERT_NE(expected.find("of a payment not in this run"), std::string::npos);

  claim_archive archive;
  for (auto const& c : in.claims) archive.append(c);
  remit_archive remits;
  for (auto const& r : in.remits) remits.append(r);
  for (std::size_t partitions : {1, 2, 7, 64, 0}) {
    for (std::size_t threads : {1, 2}) {
      tbb::global_control const limit(tbb::global_control::max_allowed_parallelism, threads);
      // Up to 20 KB of findings kept in memory with 7 partitions (most partitions go to the
      // spill file, read back through windows), none with 64; the default elsewhere.
      std::size_t const memory = partitions == 7    ? 20000
                                 : partitions == 64 ? 0
                                                    : run_linking::default_memory_bytes;
      run_linking const linked(archive, remits, rules, partitions, memory);
      std::string written;
      linked.for_each_finding([&](run_linking::written const& w) { written += w.json; });
      EXPECT_EQ(written, expected) << partitions << " partitions, " << threads << " threads";
      // Partitions hand back their amounts one after another: those of each claim line keep
      // their order; how different claims interleave does not matter to accrual.
      std::vector<allowed_key> allowed;
      for (auto const& a : linked.allowed()) {
        allowed.emplace_back(a.claim_index, a.line_index, a.allowed);
      }
      EXPECT_EQ(by_line(allowed), by_line(expected_allowed))
          << partitions << " partitions, " << threads << " threads";
    }
  }
}

TEST(run_linking, no_remits_decode_no_claims_and_write_nothing) {
  claim_archive archive;
  claim c;
  c.claim_id = "ONLYCLAIM";
  archive.append(c);
  run_linking const linked(archive, remit_archive{}, testing::bundled_rules());
  std::size_t count = 0;
  linked.for_each_finding([&](run_linking::written const&) { ++count; });
  EXPECT_EQ(count, 0u);
  EXPECT_TRUE(linked.allowed().empty());
}

}  // namespace
}  // namespace x12kx
