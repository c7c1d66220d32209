// reconcile: per-claim totals net of reversals, denied lines with their links, remit_missing
// only for open claims past the waiting period, remit_unlinked for remits of unknown claims.
#include "store/reconcile.hpp"
#include "store_support.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>

namespace x12kx {
namespace {

using testing::bundled_rules;
using testing::source_path;
using testing::split_lines;

using testing::linking_fixture;

class reconcile_test : public testing::store_fixture {
 protected:
  void SetUp() override {
    store_fixture::SetUp();
    // Day one (2024-10-20): claims and the first payments. Day two: reversal and
    // correction, the replacement and the void, and an 835 for claims never sent.
    scan({linking_fixture("days-837p.x12"), linking_fixture("days1-835.x12")}, {20241020});
    scan({linking_fixture("days2-835.x12"), linking_fixture("days-replace-837p.x12"),
          linking_fixture("ladder-835.x12")},
         {20241101});
  }

  std::vector<std::string> report(date8 as_of, std::int64_t open_after = 30) {
    claim_store store(path_, claim_store::mode::reader);
    std::string out;
    run_reconcile(store, bundled_rules(), {as_of, open_after},
                  [&](std::string_view bytes) { out.append(bytes); });
    return split_lines(out);
  }
};

/// Re-parses a line and returns one value as compact JSON text (strings without quotes).
std::string value(std::string const& line, std::string_view pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(line);
  simdjson::dom::element found;
  if (doc.at_pointer(pointer).get(found)) return "<absent>";
  if (found.is_string()) return std::string(std::string_view(found));
  return simdjson::minify(found);
}

std::map<std::string, std::string> claim_records(std::vector<std::string> const& lines) {
  std::map<std::string, std::string> out;
  for (auto const& line : lines) {
    if (value(line, "/kind") != "claim_reconciliation") continue;
    out[value(line, "/claim_id") + "/" + value(line, "/received")] = line;
  }
  return out;
}

TEST_F(reconcile_test, paid_and_adjusted_are_net_of_the_reversal) {
  auto const claims = claim_records(report({20241101}));
  auto const& days1 = claims.at("DAYS0001/2024-10-20");
  EXPECT_EQ(value(days1, "/status"), "open");
  EXPECT_EQ(value(days1, "/billed"), "210.0");
  // 170.00 paid, reversed (-170.00), then corrected to 80.00.
  EXPECT_EQ(value(days1, "/paid"), "80.0");
  // CO: 20 + 20, reversed, then 20 + 110.
  EXPECT_EQ(value(days1, "/adjusted/CO"), "130.0");
  EXPECT_EQ(value(days1, "/adjusted/PR"), "0.0");
  EXPECT_EQ(value(days1, "/remits"), "3");
  EXPECT_EQ(value(days1, "/lines_answered"), "2");
  EXPECT_EQ(value(days1, "/denied_lines/0/line_number"), "2");
  EXPECT_EQ(value(days1, "/denied_lines/0/link"), "line_ref");
  EXPECT_EQ(value(days1, "/denied_lines/0/action"), "appeal");
  EXPECT_EQ(value(days1, "/denied_lines/0/rule"), "denial.kx_not_supported");
  EXPECT_EQ(value(days1, "/denied_lines/0/remit/status"), "1");
  EXPECT_EQ(value(days1, "/denied_lines/1"), "<absent>");
}

TEST_F(reconcile_test, replaced_and_voided_claims_carry_their_standing) {
  auto const claims = claim_records(report({20241101}));
  EXPECT_EQ(value(claims.at("DAYS0002/2024-10-20"), "/status"), "superseded");
  EXPECT_EQ(value(claims.at("DAYS0002/2024-10-20"), "/paid"), "70.0");
  EXPECT_EQ(value(claims.at("DAYS0002R/2024-11-01"), "/status"), "open");
  EXPECT_EQ(value(claims.at("DAYS0003/2024-10-20"), "/status"), "voided");
  EXPECT_EQ(value(claims.at("DAYS0003/2024-11-01"), "/status"), "void");
}

TEST_F(reconcile_test, remit_missing_only_for_open_claims_past_the_waiting_period) {
  auto const missing = [&](date8 as_of) {
    std::vector<std::string> out;
    for (auto const& line : report(as_of)) {
      if (value(line, "/kind") != "remit_missing") continue;
      out.push_back(value(line, "/claim_id") + "/LX" + value(line, "/line_number") + " " +
                    value(line, "/days_waiting"));
    }
    return out;
  };
  // Day two's replacement waits 30 days from 2024-11-01; day one's voided DAYS0003 and
  // the superseded DAYS0002 never count; DAYS0001 is answered.
  EXPECT_EQ(missing({20241130}), std::vector<std::string>{});
  EXPECT_EQ(missing({20241201}), (std::vector<std::string>{"DAYS0002R/LX1 30"}));
}

TEST_F(reconcile_test, remits_for_claims_never_stored_are_unlinked) {
  std::vector<std::string> unlinked;
  for (auto const& line : report({20241101})) {
    if (value(line, "/kind") == "remit_unlinked") unlinked.push_back(value(line, "/claim_id"));
  }
  EXPECT_EQ(unlinked,
            (std::vector<std::string>{"LADDERLONGCLAIMID000", "LADDERMATCH01", "LADDERCLAIMDENY"}));
}

TEST_F(reconcile_test, the_command_reads_the_store_and_exits_zero) {
  std::string const command = std::string(X12KX_BINARY) + " reconcile -q --store " + path_ +
                              " --as-of 2024-12-01 --open-after 30 | grep -c remit_missing";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[32] = {};
  ASSERT_NE(std::fgets(buffer, sizeof buffer, pipe), nullptr);
  EXPECT_EQ(::pclose(pipe), 0);
  EXPECT_EQ(std::string(buffer), "1\n");
}

std::string command_output(std::string const& command, int& status) {
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  int const raw = ::pclose(pipe);
  status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

TEST_F(reconcile_test, a_read_only_store_in_a_read_only_directory_is_read_and_left_as_it_was) {
  namespace fs = std::filesystem;
  std::string const arguments = " reconcile -q --as-of 2024-12-01 --store ";
  int status = -1;
  auto const expected = command_output(X12KX_BINARY + arguments + path_, status);
  ASSERT_EQ(status, 0);
  ASSERT_FALSE(expected.empty());
  // A directory other users may enter (the fixture's is 0700), holding a 0444 copy; 0555.
  char pattern[] = "/tmp/x12kx-rostore-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  std::string const dir = pattern;
  std::string const copy = dir + "/s.db";
  fs::copy_file(path_, copy);
  fs::permissions(copy, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                           fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  auto const bytes = testing::read_file(copy);
  auto const modified = fs::last_write_time(copy);
  auto const unchanged = [&](std::string const& who) {
    EXPECT_EQ(testing::read_file(copy), bytes) << who;
    EXPECT_EQ(fs::last_write_time(copy), modified) << who;
  };
  // As a user whom the permissions stop (nobody when the tests run as root): it reads and
  // creates nothing (the directory takes no -wal or -shm, so the store is opened immutable).
  std::string const as_user = ::geteuid() == 0 ? "runuser -u nobody -- " : "";
  ASSERT_TRUE(as_user.empty() || std::system("runuser -u nobody -- true 2>/dev/null") == 0);
  EXPECT_EQ(command_output(as_user + X12KX_BINARY + arguments + copy + " 2>&1", status), expected);
  EXPECT_EQ(status, 0);
  EXPECT_FALSE(fs::exists(copy + "-wal"));
  EXPECT_FALSE(fs::exists(copy + "-shm"));
  unchanged("a user without write permission");
  // As root, whom permissions do not stop: SQLite may add its -shm, the store stays as it was.
  EXPECT_EQ(command_output(X12KX_BINARY + arguments + copy + " 2>&1", status), expected);
  EXPECT_EQ(status, 0);
  unchanged("root");
  // -o naming the store is refused before anything is written.
  command_output(X12KX_BINARY + arguments + copy + " -o " + dir + "/../" +
                     fs::path(dir).filename().string() + "/s.db 2>&1",
                 status);
  EXPECT_EQ(status, 2);
  unchanged("-o over the store");
  fs::permissions(dir, fs::perms::owner_all);
  fs::remove_all(dir);
}

TEST(reconcile_days, days_between_counts_calendar_days) {
  EXPECT_EQ(days_between({20241101}, {20241201}), 30);
  EXPECT_EQ(days_between({20240228}, {20240301}), 2);  // leap year
  EXPECT_EQ(days_between({20231231}, {20240101}), 1);
  EXPECT_EQ(days_between({20240301}, {20240228}), -2);
}

}  // namespace
}  // namespace x12kx
