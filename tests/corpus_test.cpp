// Walks ../shared/corpus (public samples by other people) when it is present: every file is
// read without a crash, yields the claims, remits and errors written down here after
// reading each file, and the summary reconciles. Skipped when the corpus is absent.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace x12kx {
namespace {

namespace fs = std::filesystem;

struct expected_counts {
  std::uint64_t transactions;
  std::uint64_t claims;
  std::uint64_t remits;
  bool has_errors;
};

// Counts per file, cross-checked against the notes in PROVENANCE.md where they give them:
// transactions (ST), claims (CLM), remits (CLP), and
// whether the file carries defects (wrong SE/GE/IEA counts, text outside the envelope,
// delimiters the data does not use, missing amounts).
std::map<std::string, expected_counts> const expected = {
    {"LinuxForHealth__x12/cob-contractural-adjustment.835", {1, 0, 1, true}},
    {"LinuxForHealth__x12/coordination-of-benefits.837", {1, 1, 0, false}},
    {"LinuxForHealth__x12/demo.ambulance.example5.837", {1, 1, 0, false}},
    {"LinuxForHealth__x12/demo.cob.example3.C.837", {1, 1, 0, false}},
    {"LinuxForHealth__x12/demo.drug.example10.3.837", {1, 1, 0, false}},
    {"LinuxForHealth__x12/demo.example1.837", {1, 1, 0, false}},
    {"LinuxForHealth__x12/institutional.837", {1, 1, 0, false}},
    {"LinuxForHealth__x12/managed-care.835", {1, 0, 2, false}},
    {"LinuxForHealth__x12/medicare-part-a.835", {1, 0, 2, false}},
    {"LinuxForHealth__x12/ppo-repriced-claim.837i", {1, 1, 0, true}},
    {"LinuxForHealth__x12/secondary-payment.835", {1, 0, 2, true}},
    {"LinuxForHealth__x12/tertiary-payment.835", {1, 0, 1, true}},
    {"LinuxForHealth__x12/two-claims-single-provider.837i", {1, 2, 0, false}},
    {"UHIN__x12-parser-library/837.edi", {1, 1, 0, false}},
    {"azoner__pyx12/835_mult_loops.txt", {1, 0, 1, false}},
    {"azoner__pyx12/835_simple.txt", {1, 0, 3, false}},
    {"azoner__pyx12/mult_isa.txt", {12, 0, 0, true}},
    {"azoner__pyx12/simple_837i.txt", {1, 2, 0, false}},
    {"azoner__pyx12/simple_837p.txt", {1, 2, 0, false}},
    {"azoner__pyx12/trailer_errors.txt", {2, 2, 0, true}},
    {"imsweb__x12-parser/x12_many_claims.txt", {1, 820, 0, true}},
    {"imsweb__x12-parser/x12_multiple_gs.txt", {3, 6, 0, true}},
    {"imsweb__x12-parser/x12_multiple_isa.txt", {2, 4, 0, true}},
    {"irobayna__stupidedi/multiple-claims-single-check.edi", {1, 0, 9, false}},
    {"irobayna__stupidedi/X221/1.edi", {1, 0, 2, true}},
    {"moov-io__x12/837p/sample.txt", {1, 8, 0, false}},
    {"moov-io__x12/835/sample1.txt", {2, 0, 2, false}},
    {"tastypackets__x12-parser/profee-multiple.edi", {156, 0, 468, false}},
    {"tastypackets__x12-parser/oneLine-2-ISA.edi", {2, 0, 4, false}},
    {"cybernescens__X12Parser/08.Unicode.x12", {0, 0, 0, true}},
};

fs::path corpus_root() { return fs::path(X12KX_SOURCE_DIR) / ".." / "shared" / "corpus"; }

TEST(corpus, every_file_reads_without_crash_and_reconciles) {
  if (!fs::is_directory(corpus_root())) GTEST_SKIP() << "no ../shared/corpus beside the checkout";
  std::size_t files = 0;
  for (auto const& entry : fs::recursive_directory_iterator(corpus_root())) {
    if (!entry.is_regular_file()) continue;
    auto const name = entry.path().filename().string();
    if (name == "PROVENANCE.md" || name == ".gitattributes") continue;
    ++files;
    std::string const relative = fs::relative(entry.path(), corpus_root()).string();
    scan_result result;
    auto const lines =
        testing::split_lines(testing::scan_to_string({entry.path().string()}, 2, &result));
    ASSERT_FALSE(lines.empty()) << relative;
    EXPECT_NE(lines.back().find("\"kind\":\"summary\""), std::string::npos) << relative;
    auto const& s = result.summary;
    EXPECT_LE(s.claims_rejected, s.claims) << relative;
    EXPECT_LE(s.remits_rejected, s.remits) << relative;
    EXPECT_LE(s.transactions_rejected, s.transactions) << relative;
    auto const known = expected.find(relative);
    if (known == expected.end()) continue;
    EXPECT_EQ(s.transactions, known->second.transactions) << relative;
    EXPECT_EQ(s.claims, known->second.claims) << relative;
    EXPECT_EQ(s.remits, known->second.remits) << relative;
    auto const errors = s.findings[static_cast<std::size_t>(finding_kind::error)];
    EXPECT_EQ(errors > 0, known->second.has_errors) << relative;
  }
  EXPECT_GE(files, 70u);
}

}  // namespace
}  // namespace x12kx
