// Crash safety: a scan killed with SIGKILL in the middle of ingesting leaves a store that
// opens, holds only whole transaction sets, and that a rerun completes without duplicates.
#include "store_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace x12kx {
namespace {

// Enough interchanges that ingest takes far longer than the poll below needs to see it
// start; each is the days-837p fixture (3 claims, 4 lines) with fresh control numbers.
constexpr int interchanges = 20000;
constexpr int kill_after_sets = 200;

/// The fixture repeated with ISA13, GS06, ST02 and CLM01 made unique per copy.
std::string large_input() {
  std::string const one =
      testing::read_file(testing::source_path("fixtures/linking/days-837p.x12"));
  std::string out;
  out.reserve(one.size() * interchanges);
  for (int i = 1; i <= interchanges; ++i) {
    std::string copy = one;
    auto replace_all = [&](std::string const& from, std::string const& to) {
      for (auto at = copy.find(from); at != std::string::npos;
           at = copy.find(from, at + to.size())) {
        copy.replace(at, from.size(), to);
      }
    };
    replace_all("000000503", fmt::format("{:09}", i));
    replace_all("*503*X*", fmt::format("*{}*X*", i));
    replace_all("GE*1*503~", fmt::format("GE*1*{}~", i));
    replace_all("503001", fmt::format("{:04}", i % 10000));
    replace_all("CLM*DAYS", fmt::format("CLM*K{:06}D", i));
    out += copy;
  }
  return out;
}

std::int64_t count_or_zero(std::string const& path, char const* sql) {
  try {
    sqlite::database db(path, /*create=*/false);
    sqlite3_busy_timeout(db.handle(), 1000);
    return db.scalar(sql);
  } catch (store_error const&) {
    return 0;  // not created yet
  }
}

pid_t start_scan(std::string const& store, std::string const& input) {
  pid_t const pid = ::fork();
  if (pid == 0) {
    ::execl(X12KX_BINARY, X12KX_BINARY, "scan", "-q", "--threads", "2", "--store", store.c_str(),
            "-o", "/dev/null", input.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

TEST(store_crash, killed_mid_ingest_keeps_whole_sets_and_a_rerun_completes_without_duplicates) {
  char pattern[] = "/tmp/x12kx-crash-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  std::string const dir = pattern;
  std::string const input = dir + "/large.x12";
  std::string const store = dir + "/claims.db";
  {
    std::string const text = large_input();
    std::FILE* f = std::fopen(input.c_str(), "wb");
    ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
    std::fclose(f);
  }

  pid_t const pid = start_scan(store, input);
  ASSERT_GT(pid, 0);
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (count_or_zero(store, "SELECT count(*) FROM transaction_sets") < kill_after_sets &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the scan ended before it could be killed";

  std::int64_t sets_before = 0;
  {
    claim_store opened(store, claim_store::mode::writer);  // the lock died with the process
    auto& db = opened.database();
    auto check = db.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.text(0), "ok");
    sets_before = db.scalar("SELECT count(*) FROM transaction_sets");
    EXPECT_GE(sets_before, kill_after_sets);
    EXPECT_LT(sets_before, interchanges);
    // Whole sets only: every set has its 3 claims and 4 lines, nothing is orphaned.
    EXPECT_EQ(db.scalar("SELECT count(*) FROM transaction_sets t WHERE "
                        "(SELECT count(*) FROM claims WHERE set_id = t.id) <> 3"),
              0);
    EXPECT_EQ(db.scalar("SELECT count(*) FROM claims"), 3 * sets_before);
    EXPECT_EQ(db.scalar("SELECT count(*) FROM claim_lines"), 4 * sets_before);
    EXPECT_EQ(db.scalar("SELECT count(*) FROM claims WHERE set_id NOT IN "
                        "(SELECT id FROM transaction_sets)"),
              0);
  }

  pid_t const rerun = start_scan(store, input);
  ASSERT_EQ(::waitpid(rerun, &status, 0), rerun);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  {
    claim_store done(store, claim_store::mode::reader);
    auto& db = done.database();
    EXPECT_EQ(db.scalar("SELECT count(*) FROM transaction_sets"), interchanges);
    EXPECT_EQ(db.scalar("SELECT count(DISTINCT isa13) FROM transaction_sets"), interchanges);
    EXPECT_EQ(db.scalar("SELECT count(*) FROM claims"), 3 * interchanges);
    EXPECT_EQ(db.scalar("SELECT count(DISTINCT claim_id) FROM claims"), 3 * interchanges);
    EXPECT_EQ(db.scalar("SELECT count(*) FROM claim_lines"), 4 * interchanges);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace x12kx
