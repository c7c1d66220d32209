// A scratch directory with a claim store path, and scans into that store, for the store,
// reconcile and crash tests.
#pragma once

#include "store/claim_store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace x12kx::testing {

inline std::string linking_fixture(std::string const& name) {
  return source_path("fixtures/linking/" + name);
}

/// Each test gets a fresh directory (removed afterwards) and a store path inside it.
class store_fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/x12kx-store-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/claims.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Scans files into the store as one `scan --store` run; returns the JSON lines.
  std::string scan(std::vector<std::string> const& files, date8 received = {20241020},
                   std::size_t unit_bytes = 512u << 10, unsigned threads = 2) {
    claim_store store(path_, claim_store::mode::writer);
    scan_options options;
    options.files = files;
    options.store = &store;
    options.received_on = received;
    options.framer.unit_target_bytes = unit_bytes;
    options.threads = threads;
    std::string text;
    run_scan(options, bundled_rules(), [&](std::string_view bytes) { text.append(bytes); });
    return text;
  }

  std::string dir_;
  std::string path_;
};

}  // namespace x12kx::testing
