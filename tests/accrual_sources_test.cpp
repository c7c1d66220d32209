// --fee-schedule and --year-to-date files: what is read, and each bad line refused with its
// line number and reason, never the member id.
#include "checks/accrual_sources.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {
namespace {

namespace fs = std::filesystem;

class accrual_sources : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fs::temp_directory_path() /
        ("x12kx-accrual-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::string write(std::string_view name, std::string_view text) {
    auto const path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path directory_;
};

/// The problems a loader reports, or none when it succeeds.
template <typename Load>
std::vector<std::string> problems_of(Load load) {
  try {
    load();
  } catch (accrual_input_error const& error) {
    return error.problems;
  }
  return {};
}

/// Expected problems: each reason prefixed with the file's path.
std::vector<std::string> at(std::string const& path, std::initializer_list<std::string> reasons) {
  std::vector<std::string> out;
  for (auto const& reason : reasons) out.push_back(path + ": " + reason);
  return out;
}

TEST_F(accrual_sources, fee_schedule_reads_amounts_per_unit_in_cents) {
  auto const schedule =
      load_fee_schedule(write("fees.csv", "code,amount\r\n97110,31.25\r\n\r\ng0283,12\r\n"));
  EXPECT_EQ(schedule.per_unit.size(), 2u);
  EXPECT_EQ(schedule.per_unit.at("97110"), cents{3125});
  EXPECT_EQ(schedule.per_unit.at("G0283"), cents{1200});
}

TEST_F(accrual_sources, fee_schedule_names_every_bad_line) {
  auto const path =
      write("fees.csv", "code,amount\n97110,abc\n,1\n97110,2\n97110,3\n97140,-1\nx\n");
  auto const problems = problems_of([&] { (void)load_fee_schedule(path); });
  EXPECT_EQ(problems, at(path, {"line 2: amount for 97110 is not a non-negative decimal",
                                "line 3: code is empty or not letters and digits",
                                "line 5: code 97110 appears twice",
                                "line 6: amount for 97140 is not a non-negative decimal",
                                "line 7: not two fields code,amount"}));
}

TEST_F(accrual_sources, fee_schedule_needs_its_header) {
  EXPECT_EQ(problems_of([&] { (void)load_fee_schedule(write("a.csv", "97110,31.25\n")); }).size(),
            1u);
  EXPECT_EQ(problems_of([&] { (void)load_fee_schedule(write("b.csv", "")); }).size(), 1u);
  EXPECT_EQ(
      problems_of([&] { (void)load_fee_schedule((directory_ / "none.csv").string()); }).size(), 1u);
}

TEST_F(accrual_sources, year_to_date_sums_amounts_per_member_year_and_bucket) {
  auto const totals = load_year_to_date(
      write("ytd.jsonl",
            "{\"member_id\": \"M1\", \"year\": 2025, \"bucket\": \"pt_slp\", \"amount\": 1200.10}\n"
            "\n"
            "{\"member_id\": \"M1\", \"year\": 2025, \"bucket\": \"pt_slp\", \"amount\": 0.05}\n"
            "{\"member_id\": \"M1\", \"year\": 2025, \"bucket\": \"ot\", \"amount\": 7}\n"));
  EXPECT_EQ(totals.amount("M1", 2025, bucket::pt_slp), cents{120015});
  EXPECT_EQ(totals.amount("M1", 2025, bucket::ot), cents{700});
  EXPECT_EQ(totals.amount("M1", 2024, bucket::pt_slp), cents{0});
  EXPECT_EQ(totals.amount("M2", 2025, bucket::pt_slp), cents{0});
}

TEST_F(accrual_sources, year_to_date_names_every_bad_line_without_the_member) {
  auto const path = write(
      "ytd.jsonl",
      "{\"member_id\": \"SECRET1\", \"year\": 2025, \"bucket\": \"pt\", \"amount\": 1}\n"
      "not json\n"
      "{\"member_id\": \"SECRET2\", \"year\": 2025, \"bucket\": \"ot\", \"amount\": -1}\n"
      "{\"member_id\": \"SECRET3\", \"year\": 1850, \"bucket\": \"ot\", \"amount\": 1}\n"
      "{\"year\": 2025, \"bucket\": \"ot\", \"amount\": 1}\n"
      "{\"member_id\": \"SECRET4\", \"year\": 2025, \"bucket\": \"ot\", \"amount\": 1.005}\n");
  auto const problems = problems_of([&] { (void)load_year_to_date(path); });
  EXPECT_EQ(problems, at(path, {"line 1: bucket missing or not \"pt_slp\" or \"ot\"",
                                "line 2: not a JSON object",
                                "line 3: amount missing or not a non-negative number",
                                "line 4: year missing or not a year from 1990 to 2100",
                                "line 5: member_id missing or not text",
                                "line 6: amount has more than two decimals"}));
  for (auto const& problem : problems) EXPECT_EQ(problem.find("SECRET"), std::string::npos);
}

}  // namespace
}  // namespace x12kx
