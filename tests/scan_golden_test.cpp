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

using testing::bundled_rules;
using testing::read_file;
using testing::scan_to_string;
using testing::source_path;
using testing::split_lines;

// Relative paths keep the golden file independent of where the checkout lives.
std::vector<std::string> const all_fixtures = {
    "fixtures/therapy-837p.x12",   "fixtures/therapy-837i.x12",  "fixtures/remits-835.x12",
    "fixtures/malformed-837p.x12", "fixtures/truncated-835.x12", "fixtures/accrual-837p.x12",
    "fixtures/accrual-835.x12"};

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
  std::map<std::string, std::string> bodies;
  for (auto const& path : all_fixtures) bodies[path] = read_file(path);
  scan_options options;
  options.open = [&bodies](std::string const& name, std::string&) {
    return std::make_unique<x12::memory_source>(bodies.at(name));
  };
  scan_result from_memory;
  std::string const out = scan_to_string(all_fixtures, 2, &from_memory, options);
  EXPECT_EQ(out, scan_to_string(all_fixtures));
  EXPECT_EQ(from_memory.summary.files, all_fixtures.size());
  EXPECT_TRUE(from_memory.input_lost);
}

TEST_F(scan_golden, every_finding_kind_appears_in_the_fixtures) {
  auto const lines = split_lines(scan_to_string(all_fixtures));
  std::set<std::string> kinds;
  for (auto const& line : lines) kinds.insert(field(line, "kind"));
  for (std::size_t k = 0; k < finding_kind_count; ++k) {
    auto const kind = static_cast<finding_kind>(k);
    if (kind == finding_kind::remit_missing) continue;  // only reconcile writes it
    EXPECT_TRUE(kinds.count(std::string(name_of(kind)))) << name_of(kind);
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

std::vector<std::string> const accrual_fixtures = {"fixtures/accrual-837p.x12",
                                                   "fixtures/accrual-835.x12"};

/// Threshold records as "kind basis ytd_before..ytd_after", keyed by claim/line.
std::map<std::string, std::string> threshold_records(std::vector<std::string> const& lines) {
  std::map<std::string, std::string> out;
  for (auto const& line : lines) {
    if (field(line, "basis") == "<absent>") continue;
    out[field(line, "claim_id") + "/" + field(line, "line_number")] =
        field(line, "kind") + " " + field(line, "basis") + " " + field(line, "ytd_before") + ".." +
        field(line, "ytd_after");
  }
  return out;
}

TEST_F(scan_golden, accrual_fixture_boundaries_years_buckets_and_remit_amounts) {
  auto const got = threshold_records(split_lines(scan_to_string(accrual_fixtures)));
  std::map<std::string, std::string> const want = {
      // H 2025: 2410.00 exactly is clean, one cent over is not; GA past it; review crossing.
      {"PCN25H0002/1", "therapy_kx_missing charge 2410.0..2410.01"},
      {"PCN25H0002/2", "therapy_liability_modifier charge 2410.01..2510.01"},
      {"PCN25H0002/3", "therapy_review_threshold charge 2510.01..3110.01"},
      // H 2026 starts again at 0.
      {"PCN26H0001/1", "therapy_kx_early charge 0.0..150.0"},
      // K: AMT*B6 400, then 1000 - CO-45 800 (CO-253 and PR left out) = 200, then denied = 0.
      {"PCN25K0001/2", "therapy_kx_early remit_allowed 400.0..600.0"},
      {"PCN25K0001/3", "therapy_kx_early remit_allowed 600.0..600.0"},
      {"PCN25K0004/1", "therapy_kx_early charge 600.0..900.0"},
      {"PCN25K0004/2", "therapy_kx_early charge 900.0..910.0"},
      {"PCN25K0004/3", "therapy_kx_early charge 910.0..930.0"},
  };
  EXPECT_EQ(got, want);
}

TEST_F(scan_golden, fee_schedule_and_year_to_date_set_the_amounts) {
  scan_options options;
  options.fees = load_fee_schedule("fixtures/accrual-fees.csv");
  options.opening = load_year_to_date("fixtures/accrual-ytd.jsonl");
  auto const got =
      threshold_records(split_lines(scan_to_string(accrual_fixtures, 2, nullptr, options)));
  std::map<std::string, std::string> const want = {
      {"PCN25H0002/3", "therapy_kx_early fee_schedule 251.76..314.26"},
      // The year-to-date file starts H's 2026 at 2500.00, past 2480.00: KX is right on line 1.
      {"PCN26H0001/2", "therapy_kx_missing fee_schedule 2531.25..2562.5"},
      {"PCN25K0001/2", "therapy_kx_early remit_allowed 400.0..600.0"},  // remit beats the fee
      {"PCN25K0001/3", "therapy_kx_early remit_allowed 600.0..600.0"},
      {"PCN25K0004/1", "therapy_kx_early fee_schedule 600.0..653.13"},      // 31.25 x 2 x 0.85
      {"PCN25K0004/2", "therapy_kx_early fee_schedule 653.13..663.13"},     // 45.00 capped at 10
      {"PCN25K0004/3", "therapy_kx_early charge 663.13..683.13"},           // not in the schedule
      {"PCN25K0002/2", "therapy_kx_missing fee_schedule 2400.0..2426.56"},  // 26.5625 -> 26.56
      {"PCN25K0002/4", "therapy_kx_missing charge 2426.56..2536.56"},
  };
  EXPECT_EQ(got, want);
}

TEST_F(scan_golden, every_rule_finding_carries_rule_source_and_guidance) {
  for (auto const& line : split_lines(scan_to_string(all_fixtures))) {
    std::string const kind = field(line, "kind");
    if (kind == "error" || kind == "summary") continue;
    for (char const* key : {"rule", "policy_source", "guidance"}) {
      std::string const value = field(line, key);
      EXPECT_TRUE(value != "<absent>" && value != "null" && !value.empty()) << kind << " " << key;
    }
  }
}

TEST_F(scan_golden, new_kinds_name_the_conflict_and_the_policy) {
  std::map<std::string, std::string> got;
  for (auto const& line : split_lines(scan_to_string(accrual_fixtures))) {
    std::string const kind = field(line, "kind");
    if (kind != "therapy_discipline_mismatch" && kind != "kx_wrong_modifier") continue;
    got[field(line, "claim_id") + "/" + field(line, "line_number")] =
        kind + " " + field(line, "rule") + " " + field(line, "policy_source");
  }
  std::string const therapy_source =
      bundled_rules().text(finding_kind::therapy_discipline_mismatch).policy_source;
  std::map<std::string, std::string> const want = {
      {"PCN25K0002/1", "therapy_discipline_mismatch therapy.discipline " + therapy_source},
      {"PCN25K0002/2", "therapy_discipline_mismatch therapy.discipline " + therapy_source},
      {"PCN25K0002/3", "therapy_discipline_mismatch therapy.discipline " + therapy_source},
      {"PCN25K0002/4", "therapy_discipline_mismatch therapy.discipline " + therapy_source},
      {"PCN25K0003/1",
       "kx_wrong_modifier dmepos.oxygen https://www.cgsmedicare.com/jb/pubs/news/2023/08/"
       "cope142836.html ; https://med.noridianmedicare.com/web/jadme/policies/dmd-articles/"
       "2023/oxygen-modifiers-billing-reminder"},
      {"PCN25K0003/2",
       "kx_wrong_modifier dmepos.glucose_monitors https://cgsmedicare.com/jb/help/kx_table.html "
       "; https://www.cgsmedicare.com/jc/pubs/news/2018/0118/cope5900.html"},
  };
  EXPECT_EQ(got, want);
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
  EXPECT_EQ(run_binary("rules check rules"), 0);
  EXPECT_EQ(run_binary("rules check fixtures"), 2);  // no rule files there
  EXPECT_EQ(run_binary("scan --fee-schedule fixtures/README.md fixtures/accrual-837p.x12"), 2);
  EXPECT_EQ(run_binary("scan --year-to-date fixtures/accrual-fees.csv fixtures/accrual-837p.x12"),
            2);
  EXPECT_EQ(run_binary("scan --fee-schedule fixtures/accrual-fees.csv --year-to-date "
                       "fixtures/accrual-ytd.jsonl fixtures/accrual-837p.x12"),
            0);
}

TEST_F(scan_golden, output_naming_an_input_is_refused_and_the_input_kept) {
  auto const dir = ::testing::TempDir() + "same_io/";
  ASSERT_EQ(std::system(("rm -rf " + dir + " && mkdir -p " + dir + "sub").c_str()), 0);
  auto const input = dir + "in.x12";
  auto const original = read_file("fixtures/therapy-837p.x12");
  ASSERT_FALSE(original.empty());
  {
    std::FILE* file = std::fopen(input.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fwrite(original.data(), 1, original.size(), file);
    std::fclose(file);
  }
  ASSERT_EQ(::link(input.c_str(), (dir + "hard.x12").c_str()), 0);
  // The same file spelled three ways, as the first or the second input.
  EXPECT_EQ(run_binary("scan -q -o " + input + " " + input), 2);
  EXPECT_EQ(run_binary("scan -q -o " + dir + "sub/../in.x12 fixtures/remits-835.x12 " + input), 2);
  EXPECT_EQ(run_binary("scan -q -o " + dir + "hard.x12 " + input), 2);
  EXPECT_EQ(read_file(input), original);
  // A new output file, and standard output, are fine.
  EXPECT_EQ(run_binary("scan -q -o " + dir + "out.jsonl " + input), 0);
  EXPECT_EQ(read_file(dir + "out.jsonl"), scan_to_string({input}));
  EXPECT_EQ(run_binary("scan -q -o - " + input), 0);
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
