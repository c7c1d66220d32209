// The workload generator: same seed, same bytes; every file it writes scans without input
// errors; the scan finds exactly the denials, ties and threshold findings the plans say.
#include "gen/x12_writer.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace x12kx {
namespace {

using gen::file_kind;

std::string generate_text(gen::generate_request const& request,
                          gen::generate_result* result = nullptr) {
  std::string text;
  auto const r = gen::generate(request, [&](std::string_view bytes) { text.append(bytes); });
  if (result != nullptr) *result = r;
  return text;
}

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

gen::generate_request request_for(file_kind kind, std::uint64_t claims, std::uint64_t seed) {
  gen::generate_request request;
  request.kind = kind;
  request.claims = claims;
  request.seed = seed;
  return request;
}

/// Writes files into a fresh directory and scans them together.
class gen_scan : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("x12kx-gen-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string write(std::string const& name, gen::generate_request const& request,
                    gen::generate_result* result = nullptr) {
    auto const path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << generate_text(request, result);
    return path;
  }

  run_summary scan(std::vector<std::string> files, unsigned threads = 1) {
    scan_result result;
    testing::scan_to_string(std::move(files), threads, &result);
    return result.summary;
  }

  static std::uint64_t count(run_summary const& s, finding_kind kind) {
    return s.findings[static_cast<std::size_t>(kind)];
  }

  std::filesystem::path directory_;
};

TEST(gen, same_seed_writes_the_same_bytes) {
  auto const request = request_for(file_kind::claims_837p, 300, 42);
  auto const first = generate_text(request);
  EXPECT_EQ(first, generate_text(request));
  // Pinned: a change here changes every benchmark input; update only on purpose.
  EXPECT_EQ(fnv1a(first), 0x3e50908ed600a71aULL)
      << std::hex << fnv1a(first) << " bytes " << std::dec << first.size();
  EXPECT_NE(first, generate_text(request_for(file_kind::claims_837p, 300, 43)));
}

TEST(gen, writes_a_valid_interchange_envelope) {
  auto const text = generate_text(request_for(file_kind::claims_837p, 3, 5));
  ASSERT_GE(text.size(), 106u);
  EXPECT_EQ(text.substr(0, 4), "ISA*");
  EXPECT_EQ(text[105], '~');  // ISA is 106 characters with its terminator
  EXPECT_NE(text.find("GS*HC*"), std::string::npos);
  EXPECT_NE(text.find("*005010X222A1~"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 16), "IEA*1*000001001~");
}

TEST(gen, custom_delimiters_and_newlines_are_used_throughout) {
  auto request = request_for(file_kind::claims_837i, 5, 5);
  request.format.element = '|';
  request.format.component = '>';
  request.format.segment = '!';
  request.format.after_segment = "\r\n";
  auto const text = generate_text(request);
  EXPECT_EQ(text.find('*'), std::string::npos);
  EXPECT_EQ(text.find('~'), std::string::npos);
  EXPECT_NE(text.find("SV2|0420|HC>97161>GP|"), std::string::npos);
  EXPECT_EQ(text.substr(104, 4), ">!\r\n");
}

TEST(gen, invalid_delimiters_are_refused) {
  gen::format_options format;
  EXPECT_TRUE(format.valid());
  format.component = '*';
  EXPECT_FALSE(format.valid());
  format.component = 'A';
  EXPECT_FALSE(format.valid());
}

TEST(gen, size_target_stops_at_the_first_claim_past_it) {
  gen::generate_request request;
  request.bytes = 200u << 10;
  gen::generate_result result;
  auto const text = generate_text(request, &result);
  EXPECT_GE(text.size(), request.bytes);
  EXPECT_LT(text.size(), request.bytes + 8192);
  EXPECT_EQ(result.bytes, text.size());
  // The 835 of a sized 837 answers the same claims.
  request.kind = file_kind::remits_835;
  gen::generate_result remits;
  generate_text(request, &remits);
  EXPECT_EQ(remits.claims, result.claims);
}

TEST(gen, plans_are_the_known_answers_of_the_written_files) {
  auto const request = request_for(file_kind::remits_835, 2400, 11);
  gen::expected_counts seen;
  std::uint64_t with_refs = 0;
  gen::for_each_claim(request, [&](gen::claim_plan const& claim) {
    seen.add(claim);
    with_refs += claim.line_refs ? 1 : 0;
  });
  gen::generate_result result;
  generate_text(request, &result);
  EXPECT_EQ(seen.claims, 2400u);
  EXPECT_EQ(seen.lines, result.expected.lines);
  EXPECT_EQ(seen.denials, result.expected.denials);
  EXPECT_EQ(seen.ambiguous, result.expected.ambiguous);
  // Every kind of case is present in a file of this size.
  EXPECT_GT(seen.denials, 0u);
  EXPECT_GT(seen.ambiguous, 0u);
  EXPECT_GT(seen.reversals, 0u);
  EXPECT_GT(seen.kx_missing, 0u);
  EXPECT_GT(seen.kx_early, 0u);
  EXPECT_GT(with_refs, 0u);
  EXPECT_LT(with_refs, 2400u);
}

TEST_F(gen_scan, every_generated_kind_scans_without_input_errors) {
  for (auto const kind : {file_kind::claims_837p, file_kind::claims_837i}) {
    gen::generate_result made;
    auto const path = write("claims.x12", request_for(kind, 1500, 3), &made);
    auto const summary = scan({path});
    EXPECT_EQ(count(summary, finding_kind::error), 0u);
    EXPECT_EQ(summary.claims, made.expected.claims);
    EXPECT_EQ(summary.claims_rejected, 0u);
    EXPECT_EQ(summary.lines, made.expected.lines);
    EXPECT_EQ(count(summary, finding_kind::therapy_kx_missing), made.expected.kx_missing);
    EXPECT_EQ(count(summary, finding_kind::therapy_kx_early), made.expected.kx_early);
  }
}

TEST_F(gen_scan, remit_links_to_its_claims_with_the_planned_denials_and_ties) {
  for (auto const kind : {file_kind::claims_837p, file_kind::claims_837i}) {
    auto remit_request = request_for(file_kind::remits_835, 2500, 8);
    remit_request.remit_of = kind;
    gen::generate_result made;
    auto const claims = write("claims.x12", request_for(kind, 2500, 8));
    auto const remits = write("remits.x12", remit_request, &made);
    auto const summary = scan({remits, claims}, 2);
    EXPECT_EQ(count(summary, finding_kind::error), 0u);
    EXPECT_EQ(summary.remits, made.expected.remits);
    EXPECT_EQ(summary.remits_rejected, 0u);
    EXPECT_EQ(summary.remit_lines, made.expected.remit_lines);
    EXPECT_EQ(count(summary, finding_kind::denial), made.expected.denials);
    EXPECT_EQ(count(summary, finding_kind::remit_ambiguous), made.expected.ambiguous);
    EXPECT_EQ(count(summary, finding_kind::remit_unlinked), 0u);
  }
}

TEST_F(gen_scan, delimiters_and_newlines_do_not_change_what_is_found) {
  auto plain = request_for(file_kind::claims_837p, 1200, 21);
  auto odd = plain;
  odd.format.element = '|';
  odd.format.component = '>';
  odd.format.repetition = '`';
  odd.format.segment = '\n';
  auto crlf = plain;
  crlf.format.after_segment = "\r\n";
  auto const a = scan({write("plain.x12", plain)});
  auto const b = scan({write("odd.x12", odd)});
  auto const c = scan({write("crlf.x12", crlf)});
  EXPECT_EQ(count(b, finding_kind::error), 0u);
  EXPECT_EQ(count(c, finding_kind::error), 0u);
  EXPECT_EQ(a.findings, b.findings);
  EXPECT_EQ(a.findings, c.findings);
  EXPECT_EQ(a.lines, b.lines);
}

}  // namespace
}  // namespace x12kx
