// End-to-end reading of messy input (issue 3): each fixture that exercises one way real files
// differ gives exactly the claims, lines and findings worked out by hand in fixtures/README.md;
// the summary reconciles on every malformed fixture; --strict rejects what the default keeps;
// and a file cut into two reads at any byte gives the same findings bytes as one read.
#include "gen/x12_writer.hpp"
#include "test_support.hpp"
#include "x12/byte_source.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <set>

namespace x12kx {
namespace {

using testing::read_file;
using testing::scan_to_string;
using testing::split_lines;

class input_reading : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::chdir(X12KX_SOURCE_DIR), 0); }
};

/// One output record reduced to what the tests compare: kind, error code (or "-"), claim id,
/// line number, source offset and version ("null" when absent).
std::string digest(simdjson::dom::element const& record) {
  auto text = [&](char const* key) -> std::string {
    simdjson::dom::element value;
    if (record.at_key(key).get(value) || value.is_null()) return "null";
    if (value.is_string()) return std::string(std::string_view(value));
    return simdjson::minify(value);
  };
  simdjson::dom::element source;
  std::string where = "null";
  if (!record.at_key("source").get(source) && !source.is_null()) {
    std::string_view version = "null";
    if (!source["version"].is_null()) version = std::string_view(source["version"]);
    where = std::to_string(std::int64_t(source["offset"])) + " " + std::string(version);
  }
  std::string const code = text("kind") == "error" ? text("code") + "/" + text("skipped") : "-";
  return text("kind") + " " + code + " " + text("claim_id") + " " + text("line_number") + " " +
         where;
}

struct counts {
  std::uint64_t transactions, claims, lines, remits, remit_lines;
  std::uint64_t transactions_rejected, claims_rejected, remits_rejected;
  bool operator==(counts const&) const = default;
};

std::ostream& operator<<(std::ostream& os, counts const& c) {
  return os << "{tx " << c.transactions << ", claims " << c.claims << ", lines " << c.lines
            << ", remits " << c.remits << ", remit_lines " << c.remit_lines << ", rejected "
            << c.transactions_rejected << "/" << c.claims_rejected << "/" << c.remits_rejected
            << "}";
}

struct scan_digest {
  std::vector<std::string> records;  // every record but the summary
  counts totals{};
};

scan_digest scan_digested(std::vector<std::string> const& files, scan_options options = {}) {
  scan_result result;
  std::string const out = scan_to_string(files, 1, &result, std::move(options));
  scan_digest d;
  simdjson::dom::parser parser;
  for (auto const& line : split_lines(out)) {
    simdjson::dom::element record = parser.parse(line);
    if (std::string_view(record["kind"]) == "summary") continue;
    d.records.push_back(digest(record));
  }
  auto const& s = result.summary;
  d.totals = {s.transactions,          s.claims,          s.lines,          s.remits, s.remit_lines,
              s.transactions_rejected, s.claims_rejected, s.remits_rejected};
  return d;
}

// Each fixture holds one 837P claim with two lines: line 1 is 97110 GP+KX+GA (KX beside GA:
// kx_conflicting_modifier, and KX before the threshold: therapy_kx_early, both at the SV1),
// line 2 is 97140 GP. Offsets are those of the line-1 SV1 (found with grep -b, and for the
// wrapped file with the two bytes of every CRLF before it added).
struct reading_case {
  std::string_view file;
  counts totals;
  std::vector<std::string> records;
};

void PrintTo(reading_case const& c, std::ostream* os) { *os << c.file; }

std::vector<std::string> one_claim(std::string_view claim, std::uint64_t sv1_offset,
                                   std::string_view version = "005010X222A1") {
  std::string const at = std::to_string(sv1_offset) + " " + std::string(version);
  return {"kx_conflicting_modifier - " + std::string(claim) + " 1 " + at,
          "therapy_kx_early - " + std::string(claim) + " 1 " + at};
}

counts const one_837p{1, 1, 2, 0, 0, 0, 0, 0};

class input_reading_fixture : public ::testing::TestWithParam<reading_case> {
 protected:
  void SetUp() override { ASSERT_EQ(::chdir(X12KX_SOURCE_DIR), 0); }
};

TEST_P(input_reading_fixture, gives_the_claims_and_findings_worked_out_by_hand) {
  auto const& c = GetParam();
  auto const got = scan_digested({"fixtures/" + std::string(c.file)});
  EXPECT_EQ(got.totals, c.totals);
  EXPECT_EQ(got.records, c.records);
}

INSTANTIATE_TEST_SUITE_P(
    fixtures, input_reading_fixture,
    ::testing::Values(
        // Hard-wrapped at 80 columns with CRLF, inside segments and inside the ISA.
        reading_case{"wrapped-80-columns-837p.x12", one_837p, one_claim("WRAP0001", 727)},
        // 4010: ISA11 = U (no repetition separator), ISA12 00401, ST without ST03.
        reading_case{"isa11-u-4010-837p.x12", one_837p, one_claim("V4010P01", 717, "004010X098A1")},
        // An interchange acknowledgment between ISA and GS is neither data nor an error.
        reading_case{"ta1-before-gs-837p.x12", one_837p, one_claim("TA1C0001", 764)},
        // NM1, N3, DTP, REF and CLM end with two empty elements; SV1-1 of line 2 and HI-1 with
        // empty components.
        reading_case{"trailing-empty-elements-837p.x12", one_837p, one_claim("TRAIL0001", 754)},
        // "ISA" as a last name, in an address, at the start of a REF*6R and in an NTE.
        reading_case{"isa-letters-in-data-837p.x12", one_837p, one_claim("ISAC0001", 713)},
        // ST..SE alone: delimiters from the ST, the missing envelope is a warning, the claim
        // is read and checked; the version comes from ST03.
        reading_case{"bare-st-no-envelope-837p.x12",
                     one_837p,
                     {"error envelope_missing/nothing null null 0 005010X222A1",
                      "kx_conflicting_modifier - BARE0001 1 562 005010X222A1",
                      "therapy_kx_early - BARE0001 1 562 005010X222A1"}},
        // LX*9 and an SV1 between the subscriber's NM1*PR and the CLM belong to no claim.
        reading_case{"out-of-place-837p.x12",
                     one_837p,
                     {"error segment_out_of_place/line null null 677 005010X222A1",
                      "error segment_out_of_place/line null null 683 005010X222A1",
                      "kx_conflicting_modifier - PLACE0001 1 768 005010X222A1",
                      "therapy_kx_early - PLACE0001 1 768 005010X222A1"}},
        // 4010 837I (004010X096A1), TOB 131: line 1 is 0420 with 97110 and no GP/GO/GN.
        reading_case{"v4010-837i.x12",
                     one_837p,
                     {"therapy_discipline_missing - V4010I01 1 759 004010X096A1"}},
        // 4010 835 (004010X091A1) alone: its claim payment links to nothing.
        reading_case{"v4010-835.x12",
                     {1, 0, 0, 1, 2, 0, 0, 0},
                     {"remit_unlinked - V4010P01 null 405 004010X091A1"}}),
    [](auto const& param_info) {
      std::string name(param_info.param.file.substr(0, param_info.param.file.find('.')));
      for (auto& ch : name) ch = ch == '-' ? '_' : ch;
      return name;
    });

TEST_F(input_reading, three_interchanges_with_their_own_delimiters_each) {
  // "* : ~ LF", then "| > newline-as-terminator", then "! } ' CRLF".
  auto const got = scan_digested({"fixtures/mixed-delimiters-3-interchanges-837p.x12"});
  EXPECT_EQ(got.totals, (counts{3, 3, 6, 0, 0, 0, 0, 0}));
  std::vector<std::string> want;
  for (auto const& [claim, offset] : std::vector<std::pair<std::string, std::uint64_t>>{
           {"MIXA0001", 734}, {"MIXB0001", 1636}, {"MIXC0001", 2574}}) {
    want.push_back(one_claim(claim, offset)[0]);
  }
  for (auto const& [claim, offset] : std::vector<std::pair<std::string, std::uint64_t>>{
           {"MIXA0001", 734}, {"MIXB0001", 1636}, {"MIXC0001", 2574}}) {
    want.push_back(one_claim(claim, offset)[1]);
  }
  EXPECT_EQ(got.records, want);
}

TEST_F(input_reading, version_4010_remit_links_to_its_4010_claim_line) {
  auto const got = scan_digested({"fixtures/isa11-u-4010-837p.x12", "fixtures/v4010-835.x12"});
  EXPECT_EQ(got.totals, (counts{2, 1, 2, 1, 2, 0, 0, 0}));
  auto want = one_claim("V4010P01", 717, "004010X098A1");
  // CO-50 on line 1 (paid 0), linked by REF*6R; line 2 is paid with a routine CO-45.
  want.push_back("denial - V4010P01 1 717 004010X098A1");
  EXPECT_EQ(got.records, want);
}

TEST_F(input_reading, regression_same_transaction_read_twice_is_rejected_not_accrued_twice) {
  // Defect: naming a file twice counted its therapy lines twice toward the threshold.
  std::string const file = "fixtures/therapy-837p.x12";
  auto const once = scan_digested({file});
  ASSERT_EQ(once.records.size(), 9u);  // 4 line checks, then 5 threshold records
  scan_result single;
  scan_to_string({file}, 1, &single);
  scan_result result;
  scan_to_string({file, file}, 1, &result);
  EXPECT_TRUE(result.input_lost);
  EXPECT_EQ(result.summary.billed, single.summary.billed);  // billed: accepted claims only
  auto const twice = scan_digested({file, file});
  // The second copy is one rejected transaction whose 11 claims count as rejected.
  EXPECT_EQ(twice.totals, (counts{2, 22, 2 * once.totals.lines, 0, 0, 1, 11, 0}));
  std::vector<std::string> want(once.records.begin(), once.records.begin() + 4);
  want.push_back("error duplicate_transaction/transaction null null 168 005010X222A1");
  want.insert(want.end(), once.records.begin() + 4, once.records.end());
  EXPECT_EQ(twice.records, want);

  // Cut into many units and run on two threads, the copy is still recognised, the same way.
  scan_options sliced;
  sliced.framer.unit_target_bytes = 64;
  EXPECT_EQ(scan_digested({file, file}, sliced).records, want);
  EXPECT_EQ(scan_to_string({file, file}, 2, nullptr, sliced), scan_to_string({file, file}));

  // Another transaction with the same control numbers but other bytes is not a copy.
  auto const other = scan_digested({file, "fixtures/accrual-837p.x12"});
  EXPECT_EQ(other.totals.transactions_rejected, 0u);
}

TEST_F(input_reading, regression_a_repeat_taken_back_after_billed_saturated_leaves_it_there) {
  // Defect: the summary's billed was taken back by subtracting the repeat's charges, so a
  // total that had stopped at the end of its range went negative.
  gen::generate_request request;
  request.claims = 120;
  request.seed = 5;
  std::string text;
  gen::generate(request, [&](std::string_view bytes) { text.append(bytes); });
  // Every CLM02 at 999,999,999,999,999.99: 120 of them pass the range of 64-bit cents.
  std::size_t changed = 0;
  for (auto at = text.find("~CLM*"); at != std::string::npos; at = text.find("~CLM*", at + 1)) {
    auto const amount = text.find('*', at + 5) + 1;
    text.replace(amount, text.find('*', amount) - amount, "999999999999999.99");
    ++changed;
  }
  ASSERT_EQ(changed, 120u);
  scan_options options;
  options.open = [&](std::string const&, std::string&) {
    return std::make_unique<x12::memory_source>(text);
  };
  scan_result once;
  scan_to_string({"a.x12"}, 1, &once, options);
  EXPECT_EQ(once.summary.billed, std::numeric_limits<cents>::max());
  scan_result twice;
  scan_to_string({"a.x12", "a.x12"}, 2, &twice, options);
  EXPECT_EQ(twice.summary.transactions_rejected, 1u);
  EXPECT_EQ(twice.summary.billed, std::numeric_limits<cents>::max());
}

// ---------------------------------------------------------------------------------------------
// --strict against the default.

TEST_F(input_reading, default_keeps_what_is_sound_and_strict_rejects_the_transaction) {
  std::vector<std::string> const files = {"fixtures/truncated-835.x12",
                                          "fixtures/malformed-837p.x12"};
  auto const lenient = scan_digested(files);
  // truncated-835: TRUNC24T0001 is whole and kept; TRUNC24T0002 is cut inside a CAS.
  // malformed-837p: BADCHG0001 has a bad charge; ST 0001's SE01 is wrong; CLEAN0001 is fine.
  EXPECT_EQ(lenient.totals, (counts{3, 2, 3, 2, 2, 0, 1, 1}));
  EXPECT_EQ(lenient.records.size(), 7u);
  EXPECT_EQ(lenient.records[1], "error missing_trailer/nothing null null 823 005010X221A1");
  EXPECT_EQ(lenient.records[5], "error se_mismatch/nothing null null 923 005010X222A1");
  EXPECT_EQ(lenient.records[6], "remit_unlinked - TRUNC24T0001 null 488 005010X221A1");

  scan_options strict;
  strict.framer.strict = true;
  auto const rejected = scan_digested(files, strict);
  // Both faulty transactions are rejected, with everything in them; ST 0002 stays.
  EXPECT_EQ(rejected.totals, (counts{3, 2, 3, 2, 2, 2, 1, 2}));
  EXPECT_EQ(rejected.records.size(), 6u);
  EXPECT_EQ(rejected.records[1], "error missing_trailer/transaction null null 823 005010X221A1");
  EXPECT_EQ(rejected.records[5], "error se_mismatch/transaction null null 923 005010X222A1");
}

TEST_F(input_reading, strict_rejects_a_transaction_without_envelope) {
  scan_options strict;
  strict.framer.strict = true;
  auto const got = scan_digested({"fixtures/bare-st-no-envelope-837p.x12"}, strict);
  EXPECT_EQ(got.totals, (counts{1, 1, 2, 0, 0, 1, 1, 0}));
  EXPECT_EQ(got.records, std::vector<std::string>{
                             "error envelope_missing/transaction null null 0 005010X222A1"});
}

TEST_F(input_reading, strict_flag_of_the_command_changes_the_exit_status) {
  auto const status = [](std::string const& arguments) {
    std::string const command =
        std::string(X12KX_BINARY) + " scan -q " + arguments + " >/dev/null 2>&1";
    int const raw = std::system(command.c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  };
  // The missing envelope is only a warning by default; --strict rejects the transaction.
  EXPECT_EQ(status("fixtures/bare-st-no-envelope-837p.x12"), 0);
  EXPECT_EQ(status("--strict fixtures/bare-st-no-envelope-837p.x12"), 3);
}

TEST_F(input_reading, strict_output_does_not_depend_on_thread_count) {
  scan_options strict;
  strict.framer.strict = true;
  strict.framer.unit_target_bytes = 64;
  std::vector<std::string> const files = {"fixtures/therapy-837p.x12",
                                          "fixtures/truncated-835.x12"};
  EXPECT_EQ(scan_to_string(files, 2, nullptr, strict), scan_to_string(files, 1, nullptr, strict));
}

// ---------------------------------------------------------------------------------------------
// The summary reconciles on every malformed fixture, default and strict.

/// The CLM and CLP segments of each transaction (by ST02), counted straight from the bytes of
/// a file that uses '*' and '~' (all malformed fixtures do).
std::map<std::string, std::uint64_t> claims_per_transaction(std::string const& path) {
  std::map<std::string, std::uint64_t> claims;
  std::string const bytes = read_file(path);
  std::string st02;
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('~', start);
    if (end == std::string::npos) end = bytes.size();
    std::string segment = bytes.substr(start, end - start);
    start = end + 1;
    segment.erase(0, segment.find_first_not_of("\r\n "));
    if (segment.starts_with("ST*")) {
      st02 = segment.substr(7, segment.find('*', 7) - 7);
      claims[st02] += 0;
    }
    if (segment.starts_with("CLM*") || segment.starts_with("CLP*")) ++claims[st02];
  }
  return claims;
}

std::vector<std::string> const malformed_fixtures = {
    "fixtures/malformed-837p.x12", "fixtures/truncated-835.x12",
    "fixtures/bare-st-no-envelope-837p.x12", "fixtures/out-of-place-837p.x12"};

TEST_F(input_reading, summary_reconciles_on_every_malformed_fixture) {
  for (bool const strict : {false, true}) {
    for (auto const& file : malformed_fixtures) {
      SCOPED_TRACE(file + (strict ? " --strict" : ""));
      scan_options options;
      options.framer.strict = strict;
      std::string const out = scan_to_string({file}, 2, nullptr, options);
      auto const lines = split_lines(out);
      simdjson::dom::parser parser;
      simdjson::dom::parser record_parser;  // a parse invalidates the previous document
      simdjson::dom::element summary = parser.parse(lines.back());
      ASSERT_EQ(std::string_view(summary["kind"]), "summary");
      auto const number = [&](char const* a, char const* b = nullptr) {
        return std::uint64_t(b ? summary[a][b] : summary[a]);
      };
      // Rule 1: seen = accepted + rejected.
      for (char const* what : {"transactions", "claims", "remits"}) {
        EXPECT_EQ(number(what), number("accepted", what) + number("rejected", what)) << what;
      }
      // Rules 2 and 3: every rejected transaction, claim and remit is named by an error.
      auto const per_transaction = claims_per_transaction(file);
      std::set<std::string> rejected_transactions;
      std::set<std::pair<std::string, std::string>> rejected_claims;  // st02, claim id
      std::uint64_t claims_seen = 0;
      for (auto const& [st02, n] : per_transaction) claims_seen += n;
      EXPECT_EQ(number("claims") + number("remits"), claims_seen);
      for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        simdjson::dom::element record = record_parser.parse(lines[i]);
        if (std::string_view(record["kind"]) != "error") continue;
        std::string_view const skipped = record["skipped"];
        auto const control = record["source"]["st02"];
        std::string const st02 = control.is_null() ? "" : std::string(std::string_view(control));
        if (skipped == "transaction") {
          rejected_transactions.insert(st02);
        } else if (skipped == "claim" || skipped == "remit") {
          rejected_claims.insert({st02, std::string(std::string_view(record["claim_id"]))});
        }
      }
      EXPECT_EQ(rejected_transactions.size(), number("rejected", "transactions"));
      // All claims of a rejected transaction, plus those rejected alone in accepted ones.
      std::uint64_t named = 0;
      for (auto const& st02 : rejected_transactions) named += per_transaction.at(st02);
      for (auto const& [st02, claim] : rejected_claims) {
        if (!rejected_transactions.contains(st02)) ++named;
      }
      EXPECT_EQ(number("rejected", "claims") + number("rejected", "remits"), named);
    }
  }
}

TEST_F(input_reading, bare_transaction_cut_short_by_an_isa_is_closed_there) {
  // Regression (found by fuzz/read_fuzz): an ST outside any group, ended by an ISA instead of
  // its SE, left the framer appending to a unit it had already handed on.
  std::string bare = read_file("fixtures/bare-st-no-envelope-837p.x12");
  bare.resize(bare.rfind("SE*"));
  std::string const input = bare + read_file("fixtures/isa11-u-4010-837p.x12");
  scan_options options;
  options.open = [&](std::string const&, std::string&) {
    return std::make_unique<x12::memory_source>(input);
  };
  auto const got = scan_digested({"cut.x12"}, options);
  EXPECT_EQ(got.totals, (counts{2, 2, 4, 0, 0, 0, 0, 0}));
  auto const isa = std::to_string(bare.size());
  ASSERT_EQ(got.records.size(), 6u);
  EXPECT_EQ(got.records[0], "error envelope_missing/nothing null null 0 005010X222A1");
  EXPECT_EQ(got.records[2], "error missing_trailer/nothing null null " + isa + " 005010X222A1");
  EXPECT_EQ(got.records[3], "kx_conflicting_modifier - V4010P01 1 " +
                                std::to_string(bare.size() + 717) + " 004010X098A1");
}

// ---------------------------------------------------------------------------------------------
// Chunk edges at the findings level: one file, cut into two reads at every byte.

/// Serves `bytes` as two reads: [0, cut) and [cut, end).
class two_chunk_source final : public x12::byte_source {
 public:
  two_chunk_source(std::string bytes, std::size_t cut) : bytes_(std::move(bytes)), cut_(cut) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    std::size_t const stop = position_ < cut_ ? cut_ : bytes_.size();
    std::size_t const n = std::min(capacity, stop - position_);
    std::copy_n(bytes_.data() + position_, n, buffer);
    position_ += n;
    return n;
  }

 private:
  std::string bytes_;
  std::size_t cut_;
  std::size_t position_ = 0;
};

TEST_F(input_reading, two_reads_cut_at_every_byte_give_the_same_findings) {
  // Damaged on purpose so that the error paths cross the cut too: BOM, text before the ISA,
  // CRLF wrapping, a bare ST after the interchange and an over-long segment.
  std::string const input =
      "\xEF\xBB\xBF"
      "JUNK\n" +
      read_file("fixtures/wrapped-80-columns-837p.x12") +
      read_file("fixtures/bare-st-no-envelope-837p.x12") + "NTE*ADD*" + std::string(300, 'X') +
      "~\n";
  scan_options options;
  options.reader.max_segment_bytes = 200;
  options.open = [&](std::string const&, std::string&) {
    return std::make_unique<two_chunk_source>(input, input.size());
  };
  std::string const whole = scan_to_string({"split.x12"}, 1, nullptr, options);
  auto const whole_lines = split_lines(whole);
  // data_outside_envelope, envelope_missing, segment_too_long, 2 x 2 rule findings, summary.
  ASSERT_EQ(whole_lines.size(), 8u);
  for (auto const* code : {"data_outside_envelope", "envelope_missing", "segment_too_long"}) {
    EXPECT_NE(whole.find(std::string("\"code\":\"") + code + "\""), std::string::npos) << code;
  }
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    options.open = [&](std::string const&, std::string&) {
      return std::make_unique<two_chunk_source>(input, cut);
    };
    ASSERT_EQ(scan_to_string({"split.x12"}, 1, nullptr, options), whole) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace x12kx
