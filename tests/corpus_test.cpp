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

// Every file of the corpus (PROVENANCE.md: 71 files), with its transactions (every ST, 278
// and the like included), claims (CLM inside an ST*837) and remits (CLP inside an ST*835),
// and whether x12kx reports defects in it (wrong SE/GE/IEA counts, text outside the
// envelope, a bare ST..SE, wrong ISA width, delimiters the data does not use, missing amounts).
//
// How the counts were checked (not copied from x12kx's output): a separate Python script
// (kept out of the tree) split each file by hand-made rules -- delimiters from each ISA by
// walking its 16 element separators, or for a bare ST from the byte after "ST" and the first
// byte after ST01..ST03 that is not a letter, digit or that separator; CR/LF dropped; segments
// counted by id -- and the result was cross-checked with grep -c of "ST*", "CLM*" and "CLP*"
// on the files with '*' separators (e.g. x12_many_claims 820 CLM, profee-multiple 156 ST and
// 468 CLP, Example1 10 CLP, nevada_medicaid 3 ST and 3 CLP) and against the notes in
// PROVENANCE.md (mult_isa 12 ST, split.edi 3 ST, moov-io 837p 8 claims). has_errors was read
// against the defects PROVENANCE.md lists for each file.
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
    {"Silvenga__vscode-edi-x12-support/bad-header.edi", {1, 1, 0, true}},
    {"Silvenga__vscode-edi-x12-support/odd-separator.edi", {1, 2, 0, true}},
    {"UHIN__x12-parser-library/837.edi", {1, 1, 0, false}},
    {"affect-therapeutics__edi-835-parser/nevada_medicaid.txt", {3, 0, 3, true}},
    {"albmarin__badX12/error_validation.edi", {1, 0, 2, true}},
    {"azoner__pyx12/835_mult_loops.txt", {1, 0, 1, false}},
    {"azoner__pyx12/835_simple.txt", {1, 0, 3, false}},
    {"azoner__pyx12/bad_2010AA_bug.txt", {1, 1, 0, false}},
    {"azoner__pyx12/bad_elements.txt", {1, 1, 0, true}},
    {"azoner__pyx12/bad_header_looping.txt", {1, 0, 2, true}},
    {"azoner__pyx12/explicit_missing.txt", {1, 0, 0, true}},
    {"azoner__pyx12/fail_no_IEA.txt", {1, 0, 0, true}},
    {"azoner__pyx12/loop_counting.txt", {1, 1, 0, true}},  // 54 lines: loop_limit_exceeded
    {"azoner__pyx12/mult_isa.txt", {12, 0, 0, true}},
    {"azoner__pyx12/simple_837i.txt", {1, 2, 0, false}},
    {"azoner__pyx12/simple_837p.txt", {1, 2, 0, false}},
    {"azoner__pyx12/trailer_errors.txt", {2, 2, 0, true}},
    {"azoner__pyx12/trailing_terms.txt", {1, 1, 0, false}},
    {"cybernescens__X12Parser/07.St1309.x12", {1, 1, 0, false}},
    {"cybernescens__X12Parser/08.Unicode.x12", {0, 0, 0, true}},
    {"cybernescens__X12Parser/Example1.txt", {1, 0, 10, true}},
    {"cybernescens__X12Parser/Spec_3.1.2_TwoClaimsForTheSameProvider.txt", {1, 2, 0, false}},
    {"diasks2__era_835_parser/example_1.835", {1, 0, 1, true}},
    {"diasks2__era_835_parser/example_4.835", {1, 0, 1, true}},
    {"imsweb__x12-parser/x12_bad_first_line.txt", {1, 2, 0, true}},
    {"imsweb__x12-parser/x12_bad_segment_identifier.txt", {1, 2, 0, true}},
    {"imsweb__x12-parser/x12_complex.txt", {2, 6, 0, true}},
    {"imsweb__x12-parser/x12_many_claims.txt", {1, 820, 0, true}},
    {"imsweb__x12-parser/x12_missing_elements.txt", {1, 2, 0, true}},
    {"imsweb__x12-parser/x12_multiple_gs.txt", {3, 6, 0, true}},
    {"imsweb__x12-parser/x12_multiple_isa.txt", {2, 4, 0, true}},
    {"imsweb__x12-parser/x12_multiple_st.txt", {2, 4, 0, true}},
    {"imsweb__x12-parser/x12_segment_errors.txt", {1, 1, 0, true}},
    {"imsweb__x12-parser/x12_segments_out_of_order.txt", {1, 2, 0, true}},
    {"imsweb__x12-parser/x12_valid.txt", {1, 2, 0, true}},
    {"imsweb__x12-parser/x12_valid_different_separators.txt", {1, 2, 0, true}},
    {"imsweb__x12-parser/x223-test.txt", {1, 1, 0, true}},
    {"irobayna__stupidedi/multiple-claims-single-check.edi", {1, 0, 9, false}},
    {"irobayna__stupidedi/multiple-tooth-numbers.edi", {1, 1, 0, true}},
    {"irobayna__stupidedi/oxygen.edi", {1, 1, 0, false}},
    {"irobayna__stupidedi/split.edi", {3, 0, 1, true}},
    {"irobayna__stupidedi/two-claims-for-the-same-provider.edi", {1, 2, 0, false}},
    {"irobayna__stupidedi/wheelchair.edi", {1, 1, 0, false}},
    {"irobayna__stupidedi/X091A1/1.edi", {1, 0, 1, true}},
    {"irobayna__stupidedi/X221/1.edi", {1, 0, 2, true}},
    {"irobayna__stupidedi/X222/1.edi", {1, 1, 0, true}},
    {"keironstoddart__edi-835-parser/united_healthcare_legacy_sample.txt", {1, 0, 2, false}},
    {"moov-io__x12/835/sample1.txt", {2, 0, 2, false}},
    {"moov-io__x12/835/sample2.txt", {1, 0, 1, false}},
    {"moov-io__x12/837p/sample.txt", {1, 8, 0, false}},
    {"tastypackets__x12-parser/errorISA.edi", {1, 0, 2, true}},
    {"tastypackets__x12-parser/multi-line-not-delimited.edi", {1, 0, 3, false}},
    {"tastypackets__x12-parser/oneLine-2-ISA.edi", {2, 0, 4, true}},        // 2nd: duplicate
    {"tastypackets__x12-parser/profee-multiple.edi", {156, 0, 468, true}},  // 155 duplicates
    {"tastypackets__x12-parser/profee-one-line.edi", {1, 0, 3, false}},
    {"xlate__staedi/837-header-ref-only.edi", {1, 0, 0, false}},
    {"xlate__staedi/sample837-HL-nested.edi", {2, 0, 0, false}},
    {"xlate__staedi/sample837-small.edi", {2, 0, 0, false}},
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
    ASSERT_NE(known, expected.end()) << relative << " is not in the table";
    EXPECT_EQ(s.transactions, known->second.transactions) << relative;
    EXPECT_EQ(s.claims, known->second.claims) << relative;
    EXPECT_EQ(s.remits, known->second.remits) << relative;
    auto const errors = s.findings[static_cast<std::size_t>(finding_kind::error)];
    EXPECT_EQ(errors > 0, known->second.has_errors) << relative;
    // --strict sees the same input and only rejects more of it.
    scan_options strict;
    strict.framer.strict = true;
    scan_result strict_result;
    testing::scan_to_string({entry.path().string()}, 2, &strict_result, strict);
    auto const& t = strict_result.summary;
    EXPECT_EQ(t.transactions, s.transactions) << relative;
    EXPECT_EQ(t.claims, s.claims) << relative;
    EXPECT_EQ(t.remits, s.remits) << relative;
    EXPECT_GE(t.transactions_rejected, s.transactions_rejected) << relative;
    EXPECT_GE(t.claims_rejected + t.remits_rejected, s.claims_rejected + s.remits_rejected)
        << relative;
  }
  EXPECT_EQ(files, expected.size());
}

}  // namespace
}  // namespace x12kx
