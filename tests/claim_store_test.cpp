// The claim store: schema versions and migration, one writer at a time, idempotent
// re-reads, replacements and voids, and linking remits against claims of earlier runs.
#include "link_support.hpp"
#include "store_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace x12kx {
namespace {

using testing::bundled_rules;
using testing::linking_fixture;
using testing::source_path;
using testing::split_lines;

class claim_store_test : public testing::store_fixture {
 protected:
  std::int64_t count(char const* sql) {
    claim_store store(path_, claim_store::mode::reader);
    return store.database().scalar(sql);
  }
};

TEST_F(claim_store_test, a_new_store_is_at_the_current_version_in_wal_mode) {
  claim_store store(path_, claim_store::mode::writer);
  EXPECT_EQ(store.version(), claim_store::schema_version);
  auto mode = store.database().prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.text(0), "wal");
}

TEST_F(claim_store_test, an_older_store_is_migrated_on_open_and_keeps_its_rows) {
  {
    sqlite::database old(path_, /*create=*/true);
    old.execute(store_migrations()[0]);
    old.execute("PRAGMA user_version = 1");
    old.execute(
        "INSERT INTO transaction_sets VALUES (1, 'S', '1', '1', '1', 'h', '837', 'v', 'f', "
        "20241001);"
        "INSERT INTO claims VALUES (1, 1, 'OLDCLAIMIDLONGERTHAN20X', 'M', 'MB', '', '11', '1', "
        "'', 100, 0, 0, 0);");
  }
  claim_store store(path_, claim_store::mode::writer);
  EXPECT_EQ(store.version(), 2);
  auto const claims = store.all_claims();
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].status, claim_status::open);
  // Migration 2 filled the 20-character prefix, so payers' shortened CLP01 finds it.
  EXPECT_EQ(store.claims_for({"OLDCLAIMIDLONGERTHAN"}).size(), 1u);
}

TEST_F(claim_store_test, a_reader_refuses_an_older_store_and_leaves_it_unmigrated) {
  {
    sqlite::database old(path_, /*create=*/true);
    old.execute(store_migrations()[0]);
    old.execute("PRAGMA user_version = 1");
  }
  try {
    claim_store store(path_, claim_store::mode::reader);
    FAIL() << "a reader opened a store needing migration";
  } catch (store_error const& error) {
    EXPECT_NE(std::string(error.what()).find("schema version 1"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("scan --store"), std::string::npos) << error.what();
  }
  EXPECT_EQ(sqlite::database(path_, false).scalar("PRAGMA user_version"), 1);
  EXPECT_EQ(claim_store(path_, claim_store::mode::writer).version(), claim_store::schema_version);
}

TEST_F(claim_store_test, a_store_newer_than_this_build_is_refused) {
  {
    sqlite::database future(path_, /*create=*/true);
    future.execute("PRAGMA user_version = 99");
  }
  try {
    claim_store store(path_, claim_store::mode::reader);
    FAIL() << "opened a newer store";
  } catch (store_error const& error) {
    EXPECT_NE(std::string(error.what()).find("newer"), std::string::npos);
  }
}

TEST_F(claim_store_test, a_second_writer_is_refused_while_readers_still_open) {
  claim_store first(path_, claim_store::mode::writer);
  try {
    claim_store second(path_, claim_store::mode::writer);
    FAIL() << "two writers";
  } catch (store_error const& error) {
    EXPECT_NE(std::string(error.what()).find("one writer at a time"), std::string::npos);
  }
  claim_store reader(path_, claim_store::mode::reader);
  EXPECT_EQ(reader.version(), claim_store::schema_version);
}

TEST_F(claim_store_test, the_command_line_names_the_second_writer) {
  claim_store holder(path_, claim_store::mode::writer);
  std::string const command = std::string(X12KX_BINARY) + " scan -q --store " + path_ + " " +
                              linking_fixture("days-837p.x12") + " 2>&1 >/dev/null";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[512] = {};
  std::string text;
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) text += buffer;
  int const status = ::pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(text.find("one writer at a time"), std::string::npos) << text;
}

TEST_F(claim_store_test, reading_the_same_interchange_again_adds_nothing) {
  scan({linking_fixture("days-837p.x12"), linking_fixture("days1-835.x12")});
  EXPECT_EQ(count("SELECT count(*) FROM transaction_sets"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM claims"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM claim_lines"), 4);
  EXPECT_EQ(count("SELECT count(*) FROM remits"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM remit_lines"), 3);
  scan({linking_fixture("days1-835.x12"), linking_fixture("days-837p.x12")});
  EXPECT_EQ(count("SELECT count(*) FROM transaction_sets"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM claims"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM remits"), 2);
}

TEST_F(claim_store_test, a_set_cut_into_many_units_is_one_set_with_one_hash) {
  scan({linking_fixture("split-837p.x12")}, {20241020}, /*unit_bytes=*/64);
  EXPECT_EQ(count("SELECT count(*) FROM transaction_sets"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM claims"), 5);
  scan({linking_fixture("split-837p.x12")});
  EXPECT_EQ(count("SELECT count(*) FROM transaction_sets"), 1);
}

TEST_F(claim_store_test, a_transaction_cut_off_before_its_se_is_not_stored) {
  scan({source_path("fixtures/truncated-835.x12")}, {20241020}, /*unit_bytes=*/64);
  EXPECT_EQ(count("SELECT count(*) FROM transaction_sets"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM remits"), 0);
}

TEST_F(claim_store_test, same_control_numbers_with_other_content_is_a_new_set) {
  scan({linking_fixture("days-837p.x12")});
  auto text = testing::read_file(linking_fixture("days-837p.x12"));
  auto const at = text.find("DAYS0003");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 8, "DAYS0004");
  std::string const changed = dir_ + "/changed.x12";
  std::FILE* f = std::fopen(changed.c_str(), "wb");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  scan({changed});
  EXPECT_EQ(count("SELECT count(*) FROM transaction_sets"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM claims"), 6);
}

TEST_F(claim_store_test, a_replacement_supersedes_and_a_void_closes_the_original) {
  scan({linking_fixture("days-837p.x12"), linking_fixture("days1-835.x12")});
  scan({linking_fixture("days-replace-837p.x12")});
  claim_store store(path_, claim_store::mode::reader);
  std::map<std::string, std::string> status;
  for (auto const& c : store.all_claims()) {
    status[c.billed.claim_id + "/" + c.billed.frequency] = std::string(name_of(c.status));
  }
  // DAYS0002R (new CLM01) replaces DAYS0002 through REF*F8 = its payment's CLP07.
  EXPECT_EQ(status["DAYS0002/1"], "superseded");
  EXPECT_EQ(status["DAYS0002R/7"], "open");
  EXPECT_EQ(status["DAYS0003/1"], "voided");
  EXPECT_EQ(status["DAYS0003/8"], "void");
  EXPECT_EQ(status["DAYS0001/1"], "open");
}

TEST_F(claim_store_test, claims_and_remits_read_back_as_they_were_built) {
  scan({linking_fixture("ladder-837p.x12"), linking_fixture("ladder-835.x12")});
  auto const built =
      testing::read_inputs({linking_fixture("ladder-837p.x12"), linking_fixture("ladder-835.x12")});
  claim_store store(path_, claim_store::mode::reader);
  auto const claims = store.all_claims();
  ASSERT_EQ(claims.size(), built.claims.size());
  for (std::size_t i = 0; i < claims.size(); ++i) {
    auto const& a = claims[i].billed;
    auto const& b = built.claims[i];
    EXPECT_EQ(a.claim_id, b.claim_id);
    EXPECT_EQ(a.member_id, b.member_id);
    EXPECT_EQ(a.total_charge, b.total_charge);
    EXPECT_EQ(a.source.offset, b.source.offset);
    EXPECT_EQ(a.source.envelope->isa13, b.source.envelope->isa13);
    ASSERT_EQ(a.lines.size(), b.lines.size());
    for (std::size_t k = 0; k < a.lines.size(); ++k) {
      EXPECT_EQ(a.lines[k].procedure, b.lines[k].procedure);
      EXPECT_TRUE(a.lines[k].modifiers.same_set(b.lines[k].modifiers));
      EXPECT_EQ(a.lines[k].charge, b.lines[k].charge);
      EXPECT_EQ(a.lines[k].units_milli, b.lines[k].units_milli);
      EXPECT_EQ(a.lines[k].service_date, b.lines[k].service_date);
      EXPECT_EQ(a.lines[k].line_ref, b.lines[k].line_ref);
    }
  }
  auto const remits = store.all_remits();
  ASSERT_EQ(remits.size(), built.remits.size());
  auto const a = testing::link_table(built.claims, remits, bundled_rules());
  auto const b = testing::link_table(built.claims, built.remits, bundled_rules());
  EXPECT_EQ(a, b);
  EXPECT_EQ(remits[2].adjustments.size(), 1u);
  EXPECT_EQ(remits[2].remarks, std::vector<std::string>{"MA130"});
}

TEST_F(claim_store_test, remits_read_on_a_later_day_link_like_remits_read_with_their_claims) {
  std::string together = testing::scan_to_string(
      {linking_fixture("split-837p.x12"), linking_fixture("split-835.x12")});
  scan({linking_fixture("split-837p.x12")});
  std::string const day_two = scan({linking_fixture("split-835.x12")});
  auto const keep = [](std::string const& text) {
    std::vector<std::string> out;
    for (auto const& line : split_lines(text)) {
      if (line.find("\"kind\":\"denial\"") != std::string::npos ||
          line.find("\"kind\":\"remit_") != std::string::npos) {
        out.push_back(line);
      }
    }
    return out;
  };
  EXPECT_EQ(keep(day_two), keep(together));
  EXPECT_EQ(keep(day_two).size(), 3u);
}

TEST_F(claim_store_test, output_and_store_do_not_depend_on_thread_count) {
  std::vector<std::string> const files = {linking_fixture("split-837p.x12"),
                                          linking_fixture("days-837p.x12"),
                                          linking_fixture("split-835.x12")};
  std::string const one = scan(files, {20241020}, 512u << 10, /*threads=*/1);
  auto const first = claim_store(path_, claim_store::mode::reader).all_claims().size();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directory(dir_);
  EXPECT_EQ(scan(files, {20241020}, /*unit_bytes=*/64, /*threads=*/2), one);
  EXPECT_EQ(claim_store(path_, claim_store::mode::reader).all_claims().size(), first);
  EXPECT_EQ(first, 8u);
}

TEST_F(claim_store_test, a_reversal_on_a_later_day_nets_against_the_stored_payment) {
  scan({linking_fixture("days-837p.x12"), linking_fixture("days1-835.x12")});
  std::string const day_two = scan({linking_fixture("days2-835.x12")});
  EXPECT_EQ(day_two.find("\"kind\":\"remit_unlinked\""), std::string::npos) << day_two;
  auto const lines = split_lines(day_two);
  std::vector<std::string> kinds;
  for (auto const& line : lines) {
    if (line.find("\"kind\":\"kx_stripped\"") != std::string::npos) kinds.push_back("kx_stripped");
    if (line.find("\"kind\":\"denial\"") != std::string::npos) kinds.push_back("denial");
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"kx_stripped", "denial"}));
}

}  // namespace
}  // namespace x12kx
