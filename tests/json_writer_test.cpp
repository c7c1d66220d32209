// The JSON lines writer: string escaping, every key of a finding, money, and the summary.
#include "findings/json_writer.hpp"

#include <gtest/gtest.h>

#include <simdjson.h>
#include <limits>

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace x12kx {
namespace {

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

/// Parses one JSON value; fails the test when the text is not valid JSON.
simdjson::dom::element parse(simdjson::dom::parser& parser, std::string const& text) {
  simdjson::dom::element root;
  auto const error = parser.parse(text).get(root);
  EXPECT_EQ(error, simdjson::SUCCESS) << "not valid JSON: " << text;
  return root;
}

/// The decoded value of a JSON string literal.
std::string decoded(std::string const& literal) {
  simdjson::dom::parser parser;
  std::string_view value;
  auto const error = parse(parser, literal).get(value);
  EXPECT_EQ(error, simdjson::SUCCESS) << literal;
  return std::string(value);
}

// ---------------------------------------------------------------------------------------------
// append_json_string

struct escape_case {
  std::string_view input;
  std::string_view written;  // the JSON text, quotes included
  std::string_view decoded;  // what a JSON reader gets back (UTF-8)
};

void PrintTo(escape_case const& c, std::ostream* os) { *os << c.written; }

class append_json_string_table : public ::testing::TestWithParam<escape_case> {};

TEST_P(append_json_string_table, writes_valid_json_that_reads_back) {
  auto const& c = GetParam();
  std::string const written = json_string(c.input);
  EXPECT_EQ(written, c.written);
  EXPECT_EQ(decoded(written), c.decoded);
}

INSTANTIATE_TEST_SUITE_P(
    json_writer, append_json_string_table,
    ::testing::Values(
        escape_case{"", R"("")", ""}, escape_case{"PCN24A0001", R"("PCN24A0001")", "PCN24A0001"},
        escape_case{R"(say "hi")", R"("say \"hi\"")", R"(say "hi")"},
        escape_case{R"(C:\dir)", R"("C:\\dir")", R"(C:\dir)"},
        escape_case{"a\nb\rc\td", R"("a\nb\rc\td")", "a\nb\rc\td"},
        escape_case{std::string_view("\x00", 1), R"("\u0000")", std::string_view("\x00", 1)},
        escape_case{"\x01\x1f", R"("\u0001\u001f")", "\x01\x1f"},
        escape_case{"\x08\x0c", R"("\u0008\u000c")", "\x08\x0c"},
        escape_case{"/ ~ \x7f", "\"/ ~ \x7f\"", "/ ~ \x7f"},
        // Valid UTF-8 is kept as it is: 2, 3 and 4 byte sequences.
        escape_case{"Jos\xC3\xA9", "\"Jos\xC3\xA9\"", "Jos\xC3\xA9"},
        escape_case{"\xE2\x82\xAC"
                    "5",
                    "\"\xE2\x82\xAC"
                    "5\"",
                    "\xE2\x82\xAC"
                    "5"},
        escape_case{"\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\"", "\xF0\x9F\x98\x80"},
        // Bytes that are not UTF-8 stand for the Latin-1 (Windows-1252) letter.
        escape_case{"\xE9", R"("\u00e9")", "\xC3\xA9"},
        escape_case{"Jos\xE9 M", R"("Jos\u00e9 M")", "Jos\xC3\xA9 M"},
        escape_case{"\xE2\x82", R"("\u00e2\u0082")", "\xC3\xA2\xC2\x82"},  // cut short
        escape_case{"\xC0\xAF", R"("\u00c0\u00af")", "\xC3\x80\xC2\xAF"},  // overlong
        escape_case{"\xED\xA0\x80", R"("\u00ed\u00a0\u0080")",
                    "\xC3\xAD\xC2\xA0\xC2\x80"},  // a surrogate
        escape_case{"\xF4\x90\x80\x80", R"("\u00f4\u0090\u0080\u0080")",
                    "\xC3\xB4\xC2\x90\xC2\x80\xC2\x80"},  // past U+10FFFF
        escape_case{"\xFF", R"("\u00ff")", "\xC3\xBF"}));

TEST(json_writer, appends_without_touching_what_is_there) {
  std::string out = "prefix,";
  append_json_string(out, "x");
  EXPECT_EQ(out, "prefix,\"x\"");
}

// ---------------------------------------------------------------------------------------------
// Findings

envelope_ptr make_envelope() {
  auto envelope = std::make_shared<envelope_info>();
  envelope->file = "clinic \"0315\".837";
  envelope->isa13 = "000000101";
  envelope->gs06 = "101";
  envelope->st02 = "0001";
  envelope->version = "005010X222A1";
  return envelope;
}

/// A denial with every optional part filled in, including the parts other kinds use.
finding full_denial() {
  finding f;
  f.kind = finding_kind::denial;
  f.level = severity::error;
  f.message = "line denied: CO-119";
  f.claim_id = "DEMO-PCN-0042";
  f.member_id = "ZZTEST0001A";
  f.line_number = 2;
  f.line_ref = "DEMO-0042-2";
  f.procedure = "97110";
  f.modifiers = {"GP", "KX"};
  f.service_date = date8{20260312};
  f.charge = 12800;
  f.source = {make_envelope(), 5120};
  f.rule = rule_detail{"denial.therapy_limit_no_kx", "https://example.test/a ; b", "Do \"this\"."};
  f.threshold =
      threshold_detail{2026, bucket::ot, 248000, 241000, 253800, accrual_basis::remit_allowed};
  f.error = error_detail{error_code::element_invalid, "SV1", 22, 2, skipped::claim,
                         "SV102 is not an amount"};
  f.denial = denial_detail{{{"CO", "119", 12800}, {"PR", "1", -5}},
                           {"N640", "MA130"},
                           link_kind::line_ref,
                           true,
                           denial_action::correct_and_resubmit};
  remit_reference remit;
  remit.source.envelope = make_envelope();
  remit.source.offset = 3310;
  remit.status = "1";
  remit.payer_claim_id = "DEMOICN000042";
  remit.paid = 0;
  f.remit = std::move(remit);
  return f;
}

std::string written(finding const& f) {
  std::string out;
  append_json(out, f);
  return out;
}

std::string text_of(simdjson::dom::element e, std::string_view key) {
  std::string_view value;
  EXPECT_EQ(e.at_key(key).get(value), simdjson::SUCCESS) << key;
  return std::string(value);
}

double number_of(simdjson::dom::element e, std::string_view key) {
  double value = 0;
  EXPECT_EQ(e.at_key(key).get(value), simdjson::SUCCESS) << key;
  return value;
}

std::uint64_t count_of(simdjson::dom::element e, std::string_view key) {
  std::uint64_t value = 0;
  EXPECT_EQ(e.at_key(key).get(value), simdjson::SUCCESS) << key;
  return value;
}

bool is_null(simdjson::dom::element e, std::string_view key) {
  simdjson::dom::element value;
  EXPECT_EQ(e.at_key(key).get(value), simdjson::SUCCESS) << key;
  return value.is_null();
}

std::vector<std::string> keys_of(simdjson::dom::element e) {
  std::vector<std::string> keys;
  simdjson::dom::object object;
  EXPECT_EQ(e.get(object), simdjson::SUCCESS);
  for (auto field : object) keys.emplace_back(field.key);
  return keys;
}

std::vector<std::string> const common_keys = {"kind",      "severity",     "message",  "claim_id",
                                              "member_id", "line_number",  "line_ref", "procedure",
                                              "modifiers", "service_date", "charge",   "source"};

TEST(json_writer, cents_are_written_exactly_across_the_whole_64_bit_range) {
  auto const written = [](cents amount) {
    std::string out;
    append_cents(out, amount);
    return out;
  };
  EXPECT_EQ(written(0), "0.00");
  EXPECT_EQ(written(-5), "-0.05");
  EXPECT_EQ(written(123456), "1234.56");
  EXPECT_EQ(written(std::numeric_limits<cents>::max()), "92233720368547758.07");
  // The most negative amount has no positive twin; it must not be negated as a signed value.
  EXPECT_EQ(written(std::numeric_limits<cents>::min()), "-92233720368547758.08");
}

TEST(json_writer, writes_one_line_ending_in_a_newline) {
  std::string const out = written(full_denial());
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1);
}

TEST(json_writer, finding_with_every_part_reads_back_field_by_field) {
  std::string const out = written(full_denial());
  simdjson::dom::parser parser;
  auto const root = parse(parser, out);

  EXPECT_EQ(text_of(root, "kind"), "denial");
  EXPECT_EQ(text_of(root, "severity"), "error");
  EXPECT_EQ(text_of(root, "message"), "line denied: CO-119");
  EXPECT_EQ(text_of(root, "claim_id"), "DEMO-PCN-0042");
  EXPECT_EQ(text_of(root, "member_id"), "ZZTEST0001A");
  EXPECT_EQ(count_of(root, "line_number"), 2u);
  EXPECT_EQ(text_of(root, "line_ref"), "DEMO-0042-2");
  EXPECT_EQ(text_of(root, "procedure"), "97110");
  simdjson::dom::array modifiers;
  ASSERT_EQ(root["modifiers"].get(modifiers), simdjson::SUCCESS);
  ASSERT_EQ(modifiers.size(), 2u);
  EXPECT_EQ(std::string_view(modifiers.at(0)), "GP");
  EXPECT_EQ(std::string_view(modifiers.at(1)), "KX");
  EXPECT_EQ(text_of(root, "service_date"), "2026-03-12");
  EXPECT_DOUBLE_EQ(number_of(root, "charge"), 128.00);

  simdjson::dom::element source;
  ASSERT_EQ(root["source"].get(source), simdjson::SUCCESS);
  EXPECT_EQ(keys_of(source),
            (std::vector<std::string>{"file", "offset", "isa13", "gs06", "st02", "version"}));
  EXPECT_EQ(text_of(source, "file"), "clinic \"0315\".837");
  EXPECT_EQ(count_of(source, "offset"), 5120u);
  EXPECT_EQ(text_of(source, "isa13"), "000000101");
  EXPECT_EQ(text_of(source, "gs06"), "101");
  EXPECT_EQ(text_of(source, "st02"), "0001");
  EXPECT_EQ(text_of(source, "version"), "005010X222A1");

  // error part
  EXPECT_EQ(text_of(root, "code"), "element_invalid");
  EXPECT_EQ(text_of(root, "segment"), "SV1");
  EXPECT_EQ(count_of(root, "segment_position"), 22u);
  EXPECT_EQ(count_of(root, "element"), 2u);
  EXPECT_EQ(text_of(root, "skipped"), "claim");
  EXPECT_EQ(text_of(root, "detail"), "SV102 is not an amount");

  // threshold part
  EXPECT_EQ(count_of(root, "year"), 2026u);
  EXPECT_EQ(text_of(root, "bucket"), "ot");
  EXPECT_DOUBLE_EQ(number_of(root, "threshold"), 2480.00);
  EXPECT_DOUBLE_EQ(number_of(root, "ytd_before"), 2410.00);
  EXPECT_DOUBLE_EQ(number_of(root, "ytd_after"), 2538.00);
  EXPECT_EQ(text_of(root, "basis"), "remit_allowed");

  // denial part
  simdjson::dom::array adjustments;
  ASSERT_EQ(root["adjustments"].get(adjustments), simdjson::SUCCESS);
  ASSERT_EQ(adjustments.size(), 2u);
  EXPECT_EQ(text_of(adjustments.at(0), "group"), "CO");
  EXPECT_EQ(text_of(adjustments.at(0), "reason"), "119");
  EXPECT_DOUBLE_EQ(number_of(adjustments.at(0), "amount"), 128.00);
  EXPECT_EQ(text_of(adjustments.at(1), "group"), "PR");
  EXPECT_DOUBLE_EQ(number_of(adjustments.at(1), "amount"), -0.05);
  simdjson::dom::array remarks;
  ASSERT_EQ(root["remarks"].get(remarks), simdjson::SUCCESS);
  ASSERT_EQ(remarks.size(), 2u);
  EXPECT_EQ(std::string_view(remarks.at(1)), "MA130");
  EXPECT_EQ(text_of(root, "link"), "line_ref");
  bool kx = false;
  ASSERT_EQ(root["kx_on_claim_line"].get(kx), simdjson::SUCCESS);
  EXPECT_TRUE(kx);
  EXPECT_EQ(text_of(root, "action"), "correct_and_resubmit");

  // remit part
  simdjson::dom::element remit;
  ASSERT_EQ(root["remit"].get(remit), simdjson::SUCCESS);
  EXPECT_EQ(keys_of(remit),
            (std::vector<std::string>{"file", "offset", "status", "payer_claim_id", "paid"}));
  EXPECT_EQ(text_of(remit, "file"), "clinic \"0315\".837");
  EXPECT_EQ(count_of(remit, "offset"), 3310u);
  EXPECT_EQ(text_of(remit, "status"), "1");
  EXPECT_EQ(text_of(remit, "payer_claim_id"), "DEMOICN000042");
  EXPECT_DOUBLE_EQ(number_of(remit, "paid"), 0.0);

  // rule part
  EXPECT_EQ(text_of(root, "rule"), "denial.therapy_limit_no_kx");
  EXPECT_EQ(text_of(root, "policy_source"), "https://example.test/a ; b");
  EXPECT_EQ(text_of(root, "guidance"), "Do \"this\".");
}

TEST(json_writer, keys_come_in_contract_order) {
  simdjson::dom::parser parser;
  auto const keys = keys_of(parse(parser, written(full_denial())));
  std::vector<std::string> expected = common_keys;
  for (auto key : {"code",
                   "segment",
                   "segment_position",
                   "element",
                   "skipped",
                   "detail",
                   "year",
                   "bucket",
                   "threshold",
                   "ytd_before",
                   "ytd_after",
                   "basis",
                   "adjustments",
                   "remarks",
                   "link",
                   "kx_on_claim_line",
                   "remit",
                   "action",
                   "rule",
                   "policy_source",
                   "guidance"}) {
    expected.emplace_back(key);
  }
  EXPECT_EQ(keys, expected);
}

TEST(json_writer, absent_values_are_null_and_empty_lists) {
  finding f;
  f.kind = finding_kind::error;
  f.level = severity::warning;
  f.message = "SE01 segment count does not match the transaction";
  f.error =
      error_detail{error_code::se_mismatch,   "", std::nullopt, std::nullopt, skipped::nothing,
                   "SE01 says 57, counted 58"};
  std::string const out = written(f);
  simdjson::dom::parser parser;
  auto const root = parse(parser, out);
  EXPECT_EQ(keys_of(root).size(), common_keys.size() + 6);
  for (auto key : {"claim_id", "member_id", "line_number", "line_ref", "procedure", "service_date",
                   "charge", "source", "segment", "segment_position", "element"}) {
    EXPECT_TRUE(is_null(root, key)) << key;
  }
  EXPECT_NE(out.find("\"modifiers\":[]"), std::string::npos) << out;
  EXPECT_EQ(text_of(root, "code"), "se_mismatch");
  EXPECT_EQ(text_of(root, "skipped"), "nothing");
  EXPECT_EQ(text_of(root, "severity"), "warning");
}

TEST(json_writer, source_keys_without_a_value_are_null) {
  finding f;
  f.kind = finding_kind::error;
  auto envelope = std::make_shared<envelope_info>();
  envelope->file = "late.837";
  f.source = {envelope, 0};
  simdjson::dom::parser parser;
  auto const root = parse(parser, written(f));
  simdjson::dom::element source;
  ASSERT_EQ(root["source"].get(source), simdjson::SUCCESS);
  EXPECT_EQ(text_of(source, "file"), "late.837");
  EXPECT_EQ(count_of(source, "offset"), 0u);
  for (auto key : {"isa13", "gs06", "st02", "version"}) EXPECT_TRUE(is_null(source, key)) << key;
}

TEST(json_writer, dmepos_finding_names_its_policy) {
  finding f;
  f.kind = finding_kind::dmepos_modifier_missing;
  f.policy = "Positive airway pressure devices";
  f.rule = rule_detail{"dmepos.pap", "src", "guide"};
  simdjson::dom::parser parser;
  auto const root = parse(parser, written(f));
  EXPECT_EQ(text_of(root, "policy"), "Positive airway pressure devices");
  auto const keys = keys_of(root);
  ASSERT_EQ(keys.size(), common_keys.size() + 4);
  EXPECT_EQ(keys[common_keys.size()], "policy");
  EXPECT_EQ(keys.back(), "guidance");
}

TEST(json_writer, ambiguous_remit_lists_its_candidates) {
  finding f;
  f.kind = finding_kind::remit_ambiguous;
  f.level = severity::warning;
  f.candidates = {{1, ""}, {3, "LN3"}};
  remit_reference remit;
  remit.source.envelope = make_envelope();
  remit.source.offset = 8150;
  remit.status = "1";
  remit.payer_claim_id = "ICN200";
  remit.paid = 4810;
  f.remit = std::move(remit);
  simdjson::dom::parser parser;
  auto const root = parse(parser, written(f));
  simdjson::dom::array candidates;
  ASSERT_EQ(root["candidates"].get(candidates), simdjson::SUCCESS);
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(count_of(candidates.at(0), "line_number"), 1u);
  EXPECT_TRUE(is_null(candidates.at(0), "line_ref"));
  EXPECT_EQ(count_of(candidates.at(1), "line_number"), 3u);
  EXPECT_EQ(text_of(candidates.at(1), "line_ref"), "LN3");
  simdjson::dom::element remit_json;
  ASSERT_EQ(root["remit"].get(remit_json), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(number_of(remit_json, "paid"), 48.10);
}

// ---------------------------------------------------------------------------------------------
// Money

struct money_case {
  cents value;
  std::string_view written;
};

void PrintTo(money_case const& c, std::ostream* os) { *os << c.value; }

class money_table : public ::testing::TestWithParam<money_case> {};

TEST_P(money_table, has_exactly_two_decimals) {
  finding f;
  f.charge = GetParam().value;
  std::string const out = written(f);
  std::string const expected = "\"charge\":" + std::string(GetParam().written) + ",";
  EXPECT_NE(out.find(expected), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(json_writer, money_table,
                         ::testing::Values(money_case{-5, "-0.05"}, money_case{0, "0.00"},
                                           money_case{1, "0.01"}, money_case{100, "1.00"},
                                           money_case{12550, "125.50"},
                                           money_case{-77500, "-775.00"}, money_case{-105, "-1.05"},
                                           money_case{99999999999999900, "999999999999999.00"}));

TEST(json_writer, keys_of_every_length_are_written_whole) {
  // Keys are written through a 64-byte buffer, longer ones another way: both read back.
  claim_reconciliation r;
  r.status = "open";
  std::string const long_group(100, 'G');
  r.adjusted = {{"CO", "", 1250},
                {std::string(59, 'P'), "", 5},
                {std::string(60, 'Q'), "", 7},
                {long_group, "", -300}};
  std::string out;
  append_json(out, r);
  simdjson::dom::parser parser;
  auto const root = parse(parser, out);
  simdjson::dom::object adjusted;
  ASSERT_EQ(root["adjusted"].get(adjusted), simdjson::SUCCESS) << out;
  double amount = 0;
  ASSERT_EQ(adjusted["CO"].get(amount), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(amount, 12.50);
  ASSERT_EQ(adjusted[std::string(59, 'P')].get(amount), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(amount, 0.05);
  ASSERT_EQ(adjusted[std::string(60, 'Q')].get(amount), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(amount, 0.07);
  ASSERT_EQ(adjusted[long_group].get(amount), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(amount, -3.00);
}

// ---------------------------------------------------------------------------------------------
// Dates

struct date_case {
  std::uint32_t value;  // date8, CCYYMMDD
  std::string_view written;
};

void PrintTo(date_case const& c, std::ostream* os) { *os << c.value; }

class date_table : public ::testing::TestWithParam<date_case> {};

TEST_P(date_table, is_written_as_ccyy_mm_dd) {
  finding f;
  f.service_date = date8{GetParam().value};
  std::string const out = written(f);
  std::string const expected = "\"service_date\":" + std::string(GetParam().written) + ",";
  EXPECT_NE(out.find(expected), std::string::npos) << out;
}

// Zero padding in every part, and a year past 9999 (which only a corrupt store could hold)
// written in full as fmt's {:04} does.
INSTANTIATE_TEST_SUITE_P(
    json_writer, date_table,
    ::testing::Values(date_case{20260312, "\"2026-03-12\""}, date_case{19991231, "\"1999-12-31\""},
                      date_case{20240229, "\"2024-02-29\""}, date_case{990101, "\"0099-01-01\""},
                      date_case{10203, "\"0001-02-03\""}, date_case{123450607, "\"12345-06-07\""},
                      date_case{0, "null"}));

// ---------------------------------------------------------------------------------------------
// Summary

run_summary sample_summary() {
  run_summary s;
  s.files = 2;
  s.bytes = 2468;
  s.interchanges = 2;
  s.transactions = 3;
  s.transactions_rejected = 1;
  s.claims = 12;
  s.claims_rejected = 2;
  s.lines = 38;
  s.remits = 9;
  s.remits_rejected = 4;
  s.remit_lines = 27;
  s.billed = 1234567;
  s.paid = -5;
  s.findings[static_cast<std::size_t>(finding_kind::denial)] = 8;
  s.findings[static_cast<std::size_t>(finding_kind::error)] = 3;
  s.rules_version = "2026.12.0";
  return s;
}

TEST(json_writer, summary_has_its_keys_in_order) {
  std::string out;
  append_json(out, sample_summary());
  ASSERT_EQ(out.back(), '\n');
  simdjson::dom::parser parser;
  auto const root = parse(parser, out);
  std::vector<std::string> expected = common_keys;
  for (auto key :
       {"files", "bytes", "interchanges", "transactions", "claims", "lines", "remits",
        "remit_lines", "billed", "paid", "findings", "accepted", "rejected", "rules_version"}) {
    expected.emplace_back(key);
  }
  EXPECT_EQ(keys_of(root), expected);
  EXPECT_EQ(text_of(root, "kind"), "summary");
  EXPECT_EQ(text_of(root, "severity"), "info");
  EXPECT_TRUE(is_null(root, "source"));
  EXPECT_EQ(count_of(root, "files"), 2u);
  EXPECT_EQ(count_of(root, "bytes"), 2468u);
  EXPECT_EQ(count_of(root, "interchanges"), 2u);
  EXPECT_EQ(count_of(root, "lines"), 38u);
  EXPECT_EQ(count_of(root, "remit_lines"), 27u);
  EXPECT_EQ(text_of(root, "rules_version"), "2026.12.0");
  // Money keeps two decimals, and a net negative paid total (reversals) stays signed.
  EXPECT_NE(out.find(R"("billed":12345.67,"paid":-0.05,)"), std::string::npos);
}

TEST(json_writer, summary_counts_every_kind_but_itself) {
  std::string out;
  append_json(out, sample_summary());
  simdjson::dom::parser parser;
  auto const root = parse(parser, out);
  simdjson::dom::element findings;
  ASSERT_EQ(root["findings"].get(findings), simdjson::SUCCESS);
  auto const keys = keys_of(findings);
  ASSERT_EQ(keys.size(), finding_kind_count - 1);
  for (std::size_t k = 0; k + 1 < finding_kind_count; ++k) {
    EXPECT_EQ(keys[k], name_of(static_cast<finding_kind>(k)));
  }
  EXPECT_EQ(count_of(findings, "denial"), 8u);
  EXPECT_EQ(count_of(findings, "error"), 3u);
  EXPECT_EQ(count_of(findings, "therapy_kx_missing"), 0u);
}

TEST(json_writer, summary_accepted_plus_rejected_equals_total) {
  std::string out;
  auto const s = sample_summary();
  append_json(out, s);
  simdjson::dom::parser parser;
  auto const root = parse(parser, out);
  simdjson::dom::element accepted;
  simdjson::dom::element rejected;
  ASSERT_EQ(root["accepted"].get(accepted), simdjson::SUCCESS);
  ASSERT_EQ(root["rejected"].get(rejected), simdjson::SUCCESS);
  EXPECT_EQ(count_of(accepted, "transactions"), 2u);
  EXPECT_EQ(count_of(rejected, "transactions"), 1u);
  EXPECT_EQ(count_of(accepted, "claims"), 10u);
  EXPECT_EQ(count_of(rejected, "claims"), 2u);
  EXPECT_EQ(count_of(accepted, "remits"), 5u);
  EXPECT_EQ(count_of(rejected, "remits"), 4u);
  for (auto key : {"transactions", "claims", "remits"}) {
    EXPECT_EQ(count_of(accepted, key) + count_of(rejected, key), count_of(root, key)) << key;
  }
}

// Plain runs are copied 16 bytes at a time: an escape at any position of a long string,
// including the edges of those blocks, must still be written.
TEST(json_writer, escapes_at_every_position_of_a_long_string) {
  for (std::size_t at = 0; at < 40; ++at) {
    for (char special : {'"', '\\', '\n', '\x01'}) {
      std::string text(40, 'a');
      text[at] = special;
      std::string out;
      append_json_string(out, text);
      std::string const escaped = special == '"'    ? "\\\""
                                  : special == '\\' ? "\\\\"
                                  : special == '\n' ? "\\n"
                                                    : "\\u0001";
      std::string expected(1, '"');
      expected.append(at, 'a').append(escaped).append(39 - at, 'a').push_back('"');
      EXPECT_EQ(out, expected) << at;
    }
  }
}

}  // namespace
}  // namespace x12kx
