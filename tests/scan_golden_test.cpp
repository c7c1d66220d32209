// End-to-end: the bundled fixtures produce exactly the golden JSON lines, for any thread
// count, and the summary reconciles.
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>
#include <map>
#include <set>

namespace x12kx {
namespace {

using testing::read_file;
using testing::scan_to_string;
using testing::source_path;
using testing::split_lines;

// Relative paths keep the golden file independent of where the checkout lives.
std::vector<std::string> const all_fixtures = {
    "fixtures/therapy-837p.x12", "fixtures/therapy-837i.x12", "fixtures/remits-835.x12",
    "fixtures/malformed-837p.x12", "fixtures/truncated-835.x12"};

class scan_golden : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::chdir(X12KX_SOURCE_DIR), 0); }
};

std::string field(std::string const& line, char const* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(line);
  simdjson::dom::element value;
  if (doc.at_key(key).get(value)) return "<absent>";
  if (value.is_null()) return "null";
  if (value.is_string()) return std::string(std::string_view(value));
  return simdjson::minify(value);
}

TEST_F(scan_golden, fixtures_match_the_golden_json_lines) {
  std::string const out = scan_to_string(all_fixtures);
  std::string const golden = read_file(source_path("tests/golden/all-fixtures.jsonl"));
  ASSERT_FALSE(golden.empty());
  auto const got = split_lines(out);
  auto const want = split_lines(golden);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << "line " << i + 1;
}

TEST_F(scan_golden, output_bytes_do_not_depend_on_thread_count) {
  std::string const one = scan_to_string(all_fixtures, 1);
  EXPECT_EQ(scan_to_string(all_fixtures, 2), one);
  EXPECT_EQ(scan_to_string(all_fixtures, 4), one);
  // Tiny units force every transaction, and the large 837P, through many parallel slices.
  scan_options sliced;
  sliced.framer.unit_target_bytes = 64;
  EXPECT_EQ(scan_to_string(all_fixtures, 2, nullptr, sliced), one);
}

TEST_F(scan_golden, inputs_in_memory_give_the_same_bytes_as_files) {
  // Service mode scans request bodies held in memory, named like the files they came from.
  std::vector<std::string> bodies;
  scan_options options;
  for (auto const& path : all_fixtures) bodies.push_back(read_file(path));
  for (std::size_t i = 0; i < all_fixtures.size(); ++i) {
    options.inputs.push_back({all_fixtures[i], bodies[i]});
  }
  scan_result from_memory;
  std::string const out = scan_to_string({}, 2, &from_memory, options);
  EXPECT_EQ(out, scan_to_string(all_fixtures));
  EXPECT_EQ(from_memory.summary.files, all_fixtures.size());
  EXPECT_TRUE(from_memory.input_lost);
}

TEST_F(scan_golden, every_finding_kind_appears_in_the_fixtures) {
  auto const lines = split_lines(scan_to_string(all_fixtures));
  std::set<std::string> kinds;
  for (auto const& line : lines) kinds.insert(field(line, "kind"));
  for (std::size_t k = 0; k < finding_kind_count; ++k) {
    EXPECT_TRUE(kinds.count(std::string(name_of(static_cast<finding_kind>(k)))))
        << name_of(static_cast<finding_kind>(k));
  }
}

TEST_F(scan_golden, threshold_findings_carry_exact_year_to_date_amounts) {
  auto const lines = split_lines(scan_to_string({"fixtures/therapy-837p.x12"}));
  std::map<std::string, std::string> crossing;
  for (auto const& line : lines) {
    if (field(line, "kind") != "therapy_kx_missing") continue;
    crossing[field(line, "claim_id") + "/" + field(line, "line_number")] =
        field(line, "ytd_before") + ".." + field(line, "ytd_after");
  }
  // Member B lands exactly on 2330.00 (no finding), then one cent over it.
  EXPECT_EQ(crossing["PCN24B0001/2"], "2330.0..2330.01");  // numbers as simdjson re-prints them
  EXPECT_EQ(crossing["PCN24A0002/3"], "2250.0..2450.0");
  EXPECT_EQ(crossing.size(), 2u);
}

TEST_F(scan_golden, summary_is_last_and_reconciles_with_error_records) {
  for (auto const& file : all_fixtures) {
    scan_result result;
    auto const lines = split_lines(scan_to_string({file}, 2, &result));
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(field(lines.back(), "kind"), "summary") << file;
    auto const& s = result.summary;
    std::set<std::string> rejected_claims;
    std::uint64_t rejected_records = 0;
    for (auto const& line : lines) {
      if (field(line, "kind") != "error") continue;
      std::string const what = field(line, "skipped");
      if (what == "claim" || what == "remit") {
        rejected_claims.insert(what + ":" + field(line, "claim_id"));
      }
      if (what == "transaction") ++rejected_records;
    }
    EXPECT_EQ(rejected_claims.size(), s.claims_rejected + s.remits_rejected) << file;
    EXPECT_EQ(rejected_records, s.transactions_rejected) << file;
    EXPECT_EQ(std::stoull(field(lines.back(), "claims")), s.claims);
  }
}

TEST_F(scan_golden, malformed_claim_is_rejected_and_the_next_transaction_still_read) {
  scan_result result;
  auto const lines = split_lines(scan_to_string({"fixtures/malformed-837p.x12"}, 1, &result));
  EXPECT_EQ(result.summary.transactions, 2u);
  EXPECT_EQ(result.summary.claims_rejected, 1u);
  EXPECT_GE(result.summary.claims, 2u);
  EXPECT_TRUE(result.input_lost);
  std::set<std::string> codes;
  for (auto const& line : lines) {
    if (field(line, "kind") == "error") codes.insert(field(line, "code"));
  }
  EXPECT_TRUE(codes.count("element_invalid"));
  EXPECT_TRUE(codes.count("se_mismatch"));
}

int run_binary(std::string const& arguments) {
  std::string const command = std::string(X12KX_BINARY) + " " + arguments + " >/dev/null 2>&1";
  int const status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(scan_golden, exit_status_tells_clean_rejected_and_usage) {
  EXPECT_EQ(run_binary("scan fixtures/therapy-837p.x12 fixtures/remits-835.x12"), 0);
  EXPECT_EQ(run_binary("scan fixtures/malformed-837p.x12"), 3);
  EXPECT_EQ(run_binary("scan fixtures/no-such-file.x12"), 3);
  EXPECT_EQ(run_binary("scan"), 2);
  EXPECT_EQ(run_binary("scan --threads 0 fixtures/therapy-837p.x12"), 2);
  EXPECT_EQ(run_binary("--version"), 0);
  EXPECT_EQ(run_binary("scan --help"), 0);
}

TEST_F(scan_golden, standard_input_reads_like_a_file) {
  std::string const command = std::string(X12KX_BINARY) +
                              " scan -q - < fixtures/therapy-837p.x12"
                              " | grep -c 'kind.:.therapy_kx_missing'";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[32] = {};
  ASSERT_NE(std::fgets(buffer, sizeof buffer, pipe), nullptr);
  ::pclose(pipe);
  EXPECT_EQ(std::string(buffer), "2\n");
}

}  // namespace
}  // namespace x12kx
