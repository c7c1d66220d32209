// `x12kx report`: the numbers on the page and in the text tables equal those worked out here,
// independently, from the golden findings; member ids are masked; input text is escaped; bad
// findings lines are named by file and line.
#include "report/findings_reader.hpp"
#include "report/render.hpp"
#include "report/report_model.hpp"
#include "test_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <sys/wait.h>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace x12kx::report {
namespace {

using testing::read_file;
using testing::source_path;

// ---- Expected values, computed from the JSON lines without the report code ----------------

std::string str(simdjson::dom::element value) { return std::string(std::string_view(value)); }

std::int64_t cents_of(simdjson::dom::element value) {
  return static_cast<std::int64_t>(std::llround(double(value) * 100.0));
}

std::string dollars(std::int64_t cents_value) {
  auto const whole = std::to_string(cents_value / 100);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return fmt::format("${}.{:02}", grouped, cents_value % 100);
}

struct expected_report {
  std::int64_t claims = 0, lines = 0, billed = 0, paid = 0, denied = 0, denied_lines = 0;
  std::map<std::string, std::int64_t> correct, appeal;  // claim -> billed on denied lines
  std::map<std::string, std::int64_t> code_amount, code_lines;
  std::map<std::string, std::int64_t> kinds;
  std::set<std::string> member_ids;
};

expected_report expected_from(std::string const& jsonl) {
  simdjson::dom::parser rules_parser;
  simdjson::dom::element const rules =
      rules_parser.load(source_path("rules/adjustments.json")).value();
  std::set<std::string> routine;
  simdjson::dom::array const routine_list = rules["routine_carcs"].get_array();
  for (auto code : routine_list) {
    routine.insert(str(code));
  }
  expected_report e;
  std::set<std::string> remits_seen;
  simdjson::dom::parser parser;
  for (auto const& line : testing::split_lines(jsonl)) {
    simdjson::dom::element const r = parser.parse(line).value();
    auto const kind = str(r["kind"]);
    if (r["member_id"].is_string()) e.member_ids.insert(str(r["member_id"]));
    if (kind == "summary") {
      e.claims += std::int64_t(r["claims"]);
      e.lines += std::int64_t(r["lines"]);
      e.billed += cents_of(r["billed"]);
      e.paid += cents_of(r["paid"]);
      continue;
    }
    if (kind != "denial") {
      if (kind != "error" && kind.rfind("remit_", 0) != 0) ++e.kinds[kind];
      continue;
    }
    ++e.denied_lines;
    auto const claim = str(r["claim_id"]);
    auto const action = str(r["action"]);
    if (action == "correct_and_resubmit") e.correct[claim] += cents_of(r["charge"]);
    if (action == "appeal") e.appeal[claim] += cents_of(r["charge"]);
    auto const remit_key = fmt::format("{}@{}", std::string_view(r["remit"]["file"]),
                                       std::int64_t(r["remit"]["offset"]));
    bool const first = remits_seen.insert(remit_key).second;
    simdjson::dom::array const adjustments = r["adjustments"].get_array();
    for (auto a : adjustments) {
      auto const reason = str(a["reason"]);
      if (routine.count(reason) != 0) continue;
      auto const code = str(a["group"]) + "-" + reason;
      ++e.code_lines[code];
      if (first) {
        e.code_amount[code] += cents_of(a["amount"]);
        e.denied += cents_of(a["amount"]);
      }
    }
  }
  return e;
}

// ---- Reading the rendered page ----------------------------------------------------------

/// The big number of the card with this id.
std::string card_value(std::string const& html, std::string const& id) {
  auto const card = html.find("id=\"" + id + "\"");
  if (card == std::string::npos) return "<no card " + id + ">";
  auto const start = html.find("<div class=\"v\">", card) + 15;
  return html.substr(start, html.find('<', start) - start);
}

/// The data-v numbers of the row of table `table_id` whose text holds `first_cell`.
std::vector<std::string> row_numbers(std::string const& html, std::string const& table_id,
                                     std::string const& first_cell) {
  auto const table = html.find("id=\"" + table_id + "\"");
  if (table == std::string::npos) return {"<no table " + table_id + ">"};
  auto const table_end = html.find("</table>", table);
  for (auto row = html.find("<tr>", table); row < table_end; row = html.find("<tr>", row + 1)) {
    auto const row_end = html.find("</tr>", row);
    auto const text = html.substr(row, row_end - row);
    if (text.find(">" + first_cell + "<") == std::string::npos) continue;
    std::vector<std::string> values;
    for (auto at = text.find("data-v=\""); at != std::string::npos;
         at = text.find("data-v=\"", at + 1)) {
      values.push_back(text.substr(at + 8, text.find('"', at + 8) - at - 8));
    }
    return values;
  }
  return {"<no row " + first_cell + ">"};
}

std::size_t occurrences(std::string const& text, std::string const& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

report_model model_of(std::string const& jsonl) {
  std::vector<finding_record> records;
  read_findings(jsonl, "test.jsonl", records);
  return build_report(records, load_code_book(source_path("rules")));
}

std::string const& golden() {
  static std::string const text = read_file(source_path("tests/golden/all-fixtures.jsonl"));
  return text;
}

// ---- Golden numbers -----------------------------------------------------------------------

TEST(report, totals_on_the_page_equal_those_of_the_golden_findings) {
  auto const e = expected_from(golden());
  // The same figures worked out by hand from the fixtures (fixtures/README.md): the five
  // first fixtures bill 17410.01 and are paid 1827.00; accrual-837p bills 9070.01 and
  // accrual-835 pays 476.80 and denies 900.00 (PCN25K0001 line 3, CO-50).
  EXPECT_EQ(e.billed, 2648002);
  EXPECT_EQ(e.paid, 230380);
  EXPECT_EQ(e.denied, 269000);
  auto const html = render_html(model_of(golden()), {});
  EXPECT_EQ(card_value(html, "total-claims"), std::to_string(e.claims));
  EXPECT_EQ(card_value(html, "total-lines"), std::to_string(e.lines));
  EXPECT_EQ(card_value(html, "total-billed"), dollars(e.billed));
  EXPECT_EQ(card_value(html, "total-paid"), dollars(e.paid));
  EXPECT_EQ(card_value(html, "total-denied"), dollars(e.denied));
  auto const sum = [](std::map<std::string, std::int64_t> const& claims) {
    std::int64_t total = 0;
    for (auto const& [claim, amount] : claims) total += amount;
    return total;
  };
  EXPECT_EQ(e.correct.size(), 3u);
  EXPECT_EQ(card_value(html, "att-correct"), dollars(sum(e.correct)));
  EXPECT_EQ(card_value(html, "att-appeal"), dollars(sum(e.appeal)));
}

TEST(report, denial_and_kx_tables_equal_those_of_the_golden_findings) {
  auto const e = expected_from(golden());
  auto const html = render_html(model_of(golden()), {});
  ASSERT_FALSE(e.code_amount.empty());
  for (auto const& [code, amount] : e.code_amount) {
    EXPECT_EQ(
        row_numbers(html, "denials-by-code", code),
        (std::vector<std::string>{std::to_string(e.code_lines.at(code)), std::to_string(amount)}))
        << code;
  }
  for (auto const& [claim, at_stake] : e.correct) {
    EXPECT_EQ(row_numbers(html, "correct", claim), std::vector{std::to_string(at_stake)}) << claim;
  }
  for (auto const& [claim, at_stake] : e.appeal) {
    EXPECT_EQ(row_numbers(html, "appeal", claim), std::vector{std::to_string(at_stake)}) << claim;
  }
  for (auto const& [kind, count] : e.kinds) {
    auto const values = row_numbers(html, "kx-by-month", kind);
    ASSERT_FALSE(values.empty()) << kind;
    EXPECT_EQ(values.front(), std::to_string(count)) << kind;
  }
}

TEST(report, worklists_carry_the_guidance_checklist_and_put_most_money_first) {
  auto const model = model_of(golden());
  ASSERT_EQ(model.correct.size(), 3u);
  EXPECT_EQ(model.correct.front().claim_id, "INST24C0001");  // $800.00, the largest
  EXPECT_EQ(model.correct.front().codes, "CO-4 N822 CO-119 N640");
  EXPECT_EQ(model.correct.front().lines, "line 3: 97530; line 5: 97530 GP");
  // Paid at its allowed amounts, member 7HK2.. stays under the KX amount (fixtures/README.md
  // section 4), so the claim's only other finding is the missing discipline modifier.
  EXPECT_EQ(model.correct.front().related,
            (std::vector<std::string>{"therapy_discipline_missing"}));
  ASSERT_EQ(model.appeal.size(), 3u);
  EXPECT_EQ(model.appeal.front().checklist,
            (std::vector<std::string>{
                "The payer did not accept the KX attestation.",
                "Appeal with records covering each element of the LCD/NCD or therapy policy, a "
                "short statement tying each document to the criterion it meets, and for therapy "
                "the objective functional measures that show progress."}));
}

TEST(report, members_past_thresholds_are_counted_by_month) {
  auto const model = model_of(golden());
  ASSERT_EQ(model.threshold_months.size(), 2u);
  // Member 5RN8.. passes the 2024 KX amount in April; 1EG4.. passes both the 2025 KX amount
  // (2410.00) and the review amount (3000.00) on 2025-02-10 (fixtures/README.md sections 4
  // and 8). Members 2TW7.. and 7HK2.. stay under once their lines accrue the remit's
  // allowed amounts.
  EXPECT_EQ(model.threshold_months[0].month, "2024-04");
  EXPECT_EQ(model.threshold_months[0].kx_members, 1u);
  EXPECT_EQ(model.threshold_months[0].review_members, 0u);
  EXPECT_EQ(model.threshold_months[1].month, "2025-02");
  EXPECT_EQ(model.threshold_months[1].kx_members, 1u);
  EXPECT_EQ(model.threshold_months[1].review_members, 1u);
  ASSERT_EQ(model.threshold_members.size(), 2u);
  auto const& first = model.threshold_members[0];  // sorted by member id: 1EG4TE5MK72
  EXPECT_EQ(first.kx_month, "2025-02");
  EXPECT_EQ(first.review_month, "2025-02");
  EXPECT_EQ(first.highest_total, 311001);  // ytd_after of the review line, 3110.01
}

TEST(report, text_output_shows_the_same_totals_and_top_lists) {
  auto const e = expected_from(golden());
  auto const text = render_text(model_of(golden()), {});
  auto const line_with = [&](std::string const& start) {
    auto const at = text.find("\n  " + start);
    return at == std::string::npos ? std::string()
                                   : text.substr(at + 1, text.find('\n', at + 1) - at - 1);
  };
  EXPECT_NE(line_with("Billed").find(dollars(e.billed)), std::string::npos);
  EXPECT_NE(line_with("Paid").find(dollars(e.paid)), std::string::npos);
  EXPECT_NE(line_with("Denied").find(dollars(e.denied)), std::string::npos);
  EXPECT_NE(line_with("Claims").find(std::to_string(e.claims)), std::string::npos);
  for (auto const& [code, amount] : e.code_amount) {
    EXPECT_NE(line_with(code + " ").find(dollars(amount)), std::string::npos) << code;
  }
  for (auto const& [claim, at_stake] : e.correct) {
    EXPECT_NE(line_with(claim + " ").find(dollars(at_stake)), std::string::npos) << claim;
  }
}

// ---- Privacy and safety -----------------------------------------------------------------

TEST(report, member_ids_are_masked_unless_asked_for) {
  auto const e = expected_from(golden());
  auto const model = model_of(golden());
  ASSERT_FALSE(e.member_ids.empty());
  for (bool const text_format : {false, true}) {
    auto const masked = text_format ? render_text(model, {}) : render_html(model, {});
    auto const shown = text_format ? render_text(model, {.show_member_ids = true, .inputs = {}})
                                   : render_html(model, {.show_member_ids = true, .inputs = {}});
    for (auto const& id : e.member_ids) {
      EXPECT_EQ(masked.find(id), std::string::npos) << id;
    }
    EXPECT_NE(masked.find("*********45"), std::string::npos);
    EXPECT_NE(shown.find("2TW7QM3HK45"), std::string::npos);
  }
  EXPECT_EQ(masked_member("2TW7QM3HK45", false), "*********45");
  EXPECT_EQ(masked_member("AB", false), "AB");
}

TEST(report, every_input_string_is_html_escaped) {
  std::string const hostile =
      R"({"kind":"denial","severity":"error","message":"m","claim_id":"<script>alert(1)</script>",)"
      R"("member_id":"\"><img src=x onerror=alert(2)>","line_number":1,"procedure":"97110&<b>",)"
      R"("modifiers":["GP"],"service_date":"2024-01-02","charge":10.00,)"
      R"("adjustments":[{"group":"CO","reason":"<i>50","amount":10.00}],"remarks":[],)"
      R"("remit":{"file":"r.835","offset":1,"paid":0.00},"action":"appeal",)"
      R"("guidance":"Check <script>x()</script> first. Then 'appeal'."})"
      "\n"
      R"({"kind":"kx_<svg onload=alert(3)>","claim_id":"C1","service_date":"2024-01-02"})"
      "\n";
  auto const html = render_html(model_of(hostile), {.show_member_ids = true, .inputs = {"<a>"}});
  EXPECT_EQ(occurrences(html, "<script"), 1u);  // the page's own script only
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<a>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
  EXPECT_NE(html.find("Then &#39;appeal&#39;."), std::string::npos);
  EXPECT_EQ(html_escaped(R"(<a href="x">&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

TEST(report, text_output_shows_control_characters_escaped) {
  auto const model = model_of(
      "{\"kind\":\"denial\",\"claim_id\":\"C\\u001b]0;owned\\u0007\\u001b[2J\",\"member_id\":"
      "\"M\\u007fX\\u009b1\",\"procedure\":\"97\\r\\n110\",\"charge\":10.00,"
      "\"adjustments\":[{\"group\":\"CO\",\"reason\":\"4\\u0008\",\"amount\":10.00}],"
      "\"action\":\"correct_and_resubmit\",\"line_number\":1}\n");
  auto const text = render_text(model, {.show_member_ids = true, .inputs = {}});
  for (unsigned char c = 0; c < 0x20; ++c) {
    if (c == '\n') continue;
    EXPECT_EQ(text.find(static_cast<char>(c)), std::string::npos) << int(c);
  }
  EXPECT_EQ(text.find('\x7f'), std::string::npos);
  EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos);
  EXPECT_NE(text.find("C\\x1b]0;owned\\x07\\x1b[2J"), std::string::npos) << text;
  EXPECT_NE(text.find("M\\x7fX\\u009b1"), std::string::npos) << text;
  EXPECT_NE(text.find("97\\x0d\\x0a110"), std::string::npos) << text;
  EXPECT_NE(text.find("CO-4\\x08"), std::string::npos) << text;
}

TEST(report, the_page_loads_nothing_from_anywhere) {
  auto const html = render_html(model_of(golden()), {});
  for (auto const* reference : {" src=", " href=", "url(", "@import", "http://", "https://"}) {
    EXPECT_EQ(html.find(reference), std::string::npos) << reference;
  }
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(report, unknown_kinds_are_counted_under_their_name) {
  auto const model =
      model_of(R"({"kind":"kx_stripped","claim_id":"C1","service_date":"2024-02-03"})"
               "\n"
               R"({"kind":"kx_stripped","claim_id":"C2","service_date":"2024-03-03"})"
               "\n"
               R"({"kind":"remit_missing","claim_id":"C3"})"
               "\n");
  ASSERT_EQ(model.kx_by_kind.size(), 1u);
  EXPECT_EQ(model.kx_by_kind[0].label, "kx_stripped");
  EXPECT_EQ(model.kx_by_kind[0].count, 2u);
  EXPECT_EQ(model.months, (std::vector<std::string>{"2024-02", "2024-03"}));
  ASSERT_EQ(model.remit_issues.size(), 1u);
  EXPECT_EQ(model.remit_issues[0].kind, "remit_missing");
  EXPECT_EQ(model.totals.summaries, 0u);
  EXPECT_EQ(card_value(render_html(model, {}), "total-billed"), "n/a");
}

TEST(report, every_amount_a_scan_can_write_is_read_and_totals_never_wrap) {
  // The largest amounts 64-bit cents hold (what json_writer can write) are read back.
  std::vector<finding_record> records;
  read_findings(
      "{\"kind\":\"denial\",\"charge\":999999999999999.00}\n"
      "{\"kind\":\"denial\",\"charge\":12345.67}\n"
      "{\"kind\":\"denial\",\"charge\":92233720368547758.07}\n"
      "{\"kind\":\"denial\",\"charge\":-92233720368547758.08}\n",
      "in.jsonl", records);
  ASSERT_EQ(records.size(), 4u);
  // Past 2^53 cents a double holds the amount to within a few cents.
  ASSERT_TRUE(records[0].charge);
  EXPECT_NEAR(static_cast<double>(*records[0].charge), 99999999999999900.0, 16.0);
  EXPECT_EQ(records[1].charge, cents{1234567});
  EXPECT_EQ(records[2].charge, std::numeric_limits<cents>::max());
  EXPECT_EQ(records[3].charge, std::numeric_limits<cents>::min());
  EXPECT_EQ(money(std::numeric_limits<cents>::min()), "-$92,233,720,368,547,758.08");
  // Two summaries whose billed amounts add past 64 bits: refused, not wrapped.
  std::string const big = "{\"kind\":\"summary\",\"billed\":92233720368547758.07}\n";
  EXPECT_THROW(model_of(big + big), money_overflow);
  EXPECT_EQ(model_of(big).totals.billed, std::numeric_limits<cents>::max());
  EXPECT_EQ(add_money(-5, 7), 2);
}

TEST(report, money_has_thousands_separators_and_two_decimals) {
  EXPECT_EQ(money(0), "$0.00");
  EXPECT_EQ(money(5), "$0.05");
  EXPECT_EQ(money(100000), "$1,000.00");
  EXPECT_EQ(money(123456789), "$1,234,567.89");
  EXPECT_EQ(money(-5), "-$0.05");
}

TEST(report, guidance_splits_into_one_step_per_sentence) {
  EXPECT_EQ(
      checklist_of("Add KX. Then send it, e.g. as a reopening. Keep the ABN."),
      (std::vector<std::string>{"Add KX.", "Then send it, e.g. as a reopening.", "Keep the ABN."}));
  EXPECT_TRUE(checklist_of("").empty());
}

// ---- Bad input ----------------------------------------------------------------------------

TEST(report, a_bad_line_is_named_by_file_and_line) {
  struct bad_case {
    std::string text;
    std::uint64_t line;
    std::string reason;
  };
  std::vector<bad_case> const cases = {
      {"{\"kind\":\"error\"}\n{not json\n", 2, "not JSON"},
      {"\n\n[1,2]\n", 3, "not a JSON object"},
      {"{\"severity\":\"info\"}\n", 1, "no \"kind\""},
      {"{\"kind\":\"denial\",\"charge\":\"12\"}\n", 1, "key \"charge\" is not a money amount"},
      {"{\"kind\":\"denial\",\"modifiers\":[1]}\n", 1, "key \"modifiers\" is not a list"},
      {"{\"kind\":\"denial\",\"charge\":1e17}\n", 1, "key \"charge\" is not a money amount"},
      {"{\"kind\":\"denial\",\"remit\":[]}\n", 1, "key \"remit\" is not an object"},
  };
  for (auto const& c : cases) {
    std::vector<finding_record> records;
    try {
      read_findings(c.text, "in.jsonl", records);
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (input_error const& error) {
      EXPECT_EQ(error.file, "in.jsonl");
      EXPECT_EQ(error.line, c.line) << c.text;
      EXPECT_NE(std::string(error.what()).find(c.reason), std::string::npos) << error.what();
      EXPECT_EQ(std::string(error.what()).rfind(fmt::format("in.jsonl:{}: ", c.line), 0), 0u);
    }
  }
}

struct command_result {
  int status = -1;
  std::string out;
};

command_result run(std::string const& command) {
  command_result result;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    result.out.append(buffer, n);
  int const status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(report, command_exits_2_on_a_bad_line_without_quoting_it) {
  auto const path = ::testing::TempDir() + "report_bad.jsonl";
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fputs("{\"kind\":\"summary\"}\n{\"kind\":\"denial\",\"member_id\":\"SECRET123\",", file);
    std::fclose(file);
  }
  auto const bad = run(fmt::format("{} report {} -o /dev/null 2>&1", X12KX_BINARY, path));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find(path + ":2: not JSON"), std::string::npos) << bad.out;
  EXPECT_EQ(bad.out.find("SECRET123"), std::string::npos);
  auto const missing = run(fmt::format("{} report /nonexistent/f.jsonl 2>&1", X12KX_BINARY));
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("/nonexistent/f.jsonl: cannot open"), std::string::npos);
}

TEST(report, command_refuses_to_write_over_an_input) {
  auto const path = ::testing::TempDir() + "report_same_io.jsonl";
  auto const golden = read_file(source_path("tests/golden/all-fixtures.jsonl"));
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fwrite(golden.data(), 1, golden.size(), file);
    std::fclose(file);
  }
  auto const dir = ::testing::TempDir();
  auto const same =
      run(fmt::format("{} report -o {}./report_same_io.jsonl {} {} 2>&1", X12KX_BINARY, dir,
                      source_path("tests/golden/all-fixtures.jsonl"), path));
  EXPECT_EQ(same.status, 2);
  EXPECT_NE(same.out.find("refusing to overwrite"), std::string::npos) << same.out;
  EXPECT_EQ(read_file(path), golden);
}

TEST(report, command_reads_a_scan_of_a_huge_charge_and_refuses_an_overflowing_total) {
  auto const dir = ::testing::TempDir();
  auto claims = read_file(source_path("fixtures/therapy-837p.x12"));
  auto const at = claims.find("CLM*PCN24A0001*855*");
  ASSERT_NE(at, std::string::npos);
  claims.replace(at, 19, "CLM*PCN24A0001*999999999999999*");
  auto const x12 = dir + "huge_charge.x12";
  {
    std::FILE* file = std::fopen(x12.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fwrite(claims.data(), 1, claims.size(), file);
    std::fclose(file);
  }
  auto const ok =
      run(fmt::format("{0} scan -q {1} | {0} report --format text 2>&1", X12KX_BINARY, x12));
  EXPECT_EQ(ok.status, 0) << ok.out;
  // The summary says 1000000000013179.01 (999999999999999 + the other ten claims' 13,180.01);
  // past 2^53 cents the report reads it to within a few cents.
  EXPECT_NE(ok.out.find("$1,000,000,000,013,179.0"), std::string::npos) << ok.out;
  auto const sum = run(
      fmt::format("printf '%s\\n%s\\n' '{{\"kind\":\"summary\",\"billed\":92233720368547758.07}}' "
                  "'{{\"kind\":\"summary\",\"billed\":1.00}}' | {} report --format text 2>&1",
                  X12KX_BINARY));
  EXPECT_EQ(sum.status, 2) << sum.out;
  EXPECT_NE(sum.out.find("more than a report can total"), std::string::npos) << sum.out;
}

TEST(report, command_reads_standard_input_and_writes_text) {
  auto const result = run(fmt::format("{} report --format text < {}", X12KX_BINARY,
                                      source_path("tests/golden/all-fixtures.jsonl")));
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("$26,480.02"), std::string::npos) << result.out;
  auto const dash = run(fmt::format("{} report - < {}", X12KX_BINARY,
                                    source_path("tests/golden/all-fixtures.jsonl")));
  EXPECT_EQ(dash.status, 0);
  EXPECT_EQ(card_value(dash.out, "total-paid"), "$2,303.80");
}

TEST(report, every_finding_kind_but_the_records_has_a_plain_name) {
  // A billing desk reads names, not record kinds; a kind added to the scan needs one here.
  for (std::size_t k = 0; k < x12kx::finding_kind_count; ++k) {
    auto const kind = static_cast<x12kx::finding_kind>(k);
    if (kind == x12kx::finding_kind::denial || kind == x12kx::finding_kind::error ||
        kind == x12kx::finding_kind::summary) {
      continue;
    }
    EXPECT_NE(kind_label(name_of(kind)), name_of(kind)) << name_of(kind);
  }
}

}  // namespace
}  // namespace x12kx::report
