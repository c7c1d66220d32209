// Threshold accrual with exact amounts: where the KX line falls, what is added up together
// and apart, and which amount each line adds (remit allowed, fee schedule, charge).
#include "checks/accrual.hpp"

#include "test_support.hpp"

#include "findings/json_writer.hpp"

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <algorithm>

#include <initializer_list>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {
namespace {

rule_set const& rules() { return testing::bundled_rules(); }

date8 on(std::uint32_t yyyymmdd) { return date8{yyyymmdd}; }

claim_line therapy_line(std::string code, std::initializer_list<std::string_view> modifiers,
                        cents charge, date8 date, std::int64_t units_milli = 1000) {
  claim_line line;
  line.procedure = std::move(code);
  for (auto m : modifiers) line.modifiers.add(m);
  line.charge = charge;
  line.service_date = date;
  line.units_milli = units_milli;
  return line;
}

claim medicare_claim(std::string member, std::vector<claim_line> lines) {
  claim c;
  c.claim_id = "TESTCLAIM";
  c.member_id = std::move(member);
  c.filing_indicator = "MB";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].line_number = static_cast<std::uint32_t>(i + 1);
  }
  c.lines = std::move(lines);
  return c;
}

/// One finding in a form that is easy to compare: kind, line, ytd span and basis.
struct seen {
  finding_kind kind;
  std::uint32_t line;
  cents before;
  cents after;
  accrual_basis basis;
  friend bool operator==(seen const&, seen const&) = default;
};

std::ostream& operator<<(std::ostream& out, seen const& s) {
  return out << name_of(s.kind) << " line " << s.line << " " << s.before << ".." << s.after << " "
             << name_of(s.basis);
}

std::vector<seen> judge(std::vector<claim> const& claims, accrual_inputs const& inputs = {}) {
  std::vector<seen> out;
  for (auto const& f : check_thresholds(claims, rules(), inputs)) {
    if (!f.threshold) continue;
    out.push_back({f.kind, f.line_number.value_or(0), f.threshold->ytd_before,
                   f.threshold->ytd_after, f.threshold->basis});
  }
  return out;
}

constexpr auto kx_missing = finding_kind::therapy_kx_missing;
constexpr auto kx_early = finding_kind::therapy_kx_early;
constexpr auto by_charge = accrual_basis::charge;

TEST(accrual, landing_exactly_on_the_threshold_needs_no_kx_one_cent_over_does) {
  auto const claims = {medicare_claim("M1", {therapy_line("97110", {"GP"}, 233000, on(20240304)),
                                             therapy_line("97110", {"GP"}, 1, on(20240305))})};
  EXPECT_EQ(judge(claims), (std::vector<seen>{{kx_missing, 2, 233000, 233001, by_charge}}));
}

TEST(accrual, only_lines_past_the_threshold_need_kx_and_kx_after_it_is_right) {
  auto const claims = {
      medicare_claim("M1", {therapy_line("97110", {"GP"}, 200000, on(20240304)),
                            therapy_line("97110", {"GP"}, 40000, on(20240311)),
                            therapy_line("97110", {"GP", "KX"}, 10000, on(20240318))})};
  // 2000.00 -> 2400.00 crosses 2330.00; the KX line after it is correct.
  EXPECT_EQ(judge(claims), (std::vector<seen>{{kx_missing, 2, 200000, 240000, by_charge}}));
}

TEST(accrual, members_and_years_accrue_apart) {
  auto const claims = {medicare_claim("M1", {therapy_line("97110", {"GP"}, 200000, on(20241230))}),
                       medicare_claim("M2", {therapy_line("97110", {"GP"}, 200000, on(20241230))}),
                       medicare_claim("M1", {therapy_line("97110", {"GP"}, 200000, on(20250102))})};
  EXPECT_TRUE(judge(claims).empty());
}

TEST(accrual, pt_and_slp_share_a_bucket_and_ot_does_not) {
  auto const claims = {medicare_claim("M1", {therapy_line("97530", {"GO"}, 230000, on(20240301)),
                                             therapy_line("97110", {"GP"}, 120000, on(20240302)),
                                             therapy_line("92507", {"GN"}, 113000, on(20240303)),
                                             therapy_line("97535", {"GO"}, 3000, on(20240304)),
                                             therapy_line("92507", {"GN"}, 1, on(20240305))})};
  // PT+SLP: 1200.00 + 1130.00 = 2330.00, then 0.01 over; OT: 2300.00 + 30.00 = 2330.00 exactly.
  EXPECT_EQ(judge(claims), (std::vector<seen>{{kx_missing, 5, 233000, 233001, by_charge}}));
}

TEST(accrual, date_of_service_order_with_ties_in_input_order) {
  // In order: L2 0 -> 2000.00, L3 (KX, same day, after L2 in the input) -> 2400.00, L1 (KX)
  // -> 2400.01: every KX is right. Input order, or the tie the other way round, would make
  // a KX line early and a line without KX the crossing one.
  auto const claims = {
      medicare_claim("M1", {therapy_line("97110", {"GP", "KX"}, 1, on(20240401)),
                            therapy_line("97110", {"GP"}, 200000, on(20240301)),
                            therapy_line("97140", {"GP", "KX"}, 40000, on(20240301))})};
  EXPECT_TRUE(judge(claims).empty());
  auto const swapped = {
      medicare_claim("M1", {therapy_line("97110", {"GP", "KX"}, 1, on(20240401)),
                            therapy_line("97140", {"GP", "KX"}, 40000, on(20240301)),
                            therapy_line("97110", {"GP"}, 200000, on(20240301))})};
  EXPECT_EQ(judge(swapped), (std::vector<seen>{{kx_early, 2, 0, 40000, by_charge},
                                               {kx_missing, 3, 40000, 240000, by_charge}}));
}

TEST(accrual, a_year_to_date_amount_starts_the_member_past_the_threshold) {
  year_to_date opening;
  opening.opening[{"M1", 2024, bucket::pt_slp}] = 240000;
  auto const claims = {medicare_claim("M1", {therapy_line("97110", {"GP"}, 5000, on(20240105)),
                                             therapy_line("97530", {"GO"}, 5000, on(20240105))})};
  accrual_inputs inputs;
  inputs.opening = &opening;
  // The OT bucket and other years are untouched by the PT+SLP opening amount.
  EXPECT_EQ(judge(claims, inputs), (std::vector<seen>{{kx_missing, 1, 240000, 245000, by_charge}}));
}

TEST(accrual, institutional_therapy_is_found_by_revenue_code_on_a_therapy_bill_type) {
  auto line = therapy_line("97799", {"GP"}, 240000, on(20240310));  // not in the code list
  line.revenue_code = "0420";
  auto hospital = medicare_claim("M1", {line});
  hospital.format = claim_format::institutional;
  hospital.type_of_bill = "131";
  EXPECT_EQ(judge({hospital}), (std::vector<seen>{{kx_missing, 1, 0, 240000, by_charge}}));
  hospital.type_of_bill = "111";  // inpatient: not outpatient therapy
  EXPECT_TRUE(judge({hospital}).empty());
}

/// Every threshold finding of `claims` as JSON, judged in ranges of `range_entries` lines on
/// `threads` threads.
std::string judged_as_json(std::vector<claim> const& claims, std::size_t range_entries,
                           std::size_t threads) {
  tbb::global_control const limit(tbb::global_control::max_allowed_parallelism, threads);
  claim_archive archive;
  accrual_ledger ledger;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    archive.append(claims[i]);
    ledger.add(claims[i], i, rules());
  }
  auto const found = check_thresholds(archive, ledger, rules(), {}, range_entries);
  claim_reader reader(archive);
  std::string out;
  for (std::size_t i = 0; i < found.size(); ++i) append_json(out, found.make(i, reader));
  return out;
}

TEST(accrual, members_judged_in_parallel_ranges_give_the_same_findings_in_the_same_order) {
  // 240 members, each with visits in 2017 (a year the rules have no threshold for), 2023 and
  // 2024 that cross the threshold, KX on some lines early and missing on others; every
  // seventh claim names no member. Claims arrive interleaved across members.
  std::vector<claim> claims;
  for (int visit = 0; visit < 30; ++visit) {
    for (int m = 0; m < 240; ++m) {
      int const year = visit < 3 ? 2017 : visit < 15 ? 2023 : 2024;
      auto const date = on(static_cast<std::uint32_t>(year * 10000 + 100 + visit % 28 + 1));
      cents const charge = 25000 + 100 * m;
      auto pt = (visit + m) % 4 == 0 ? therapy_line("97110", {"GP", "KX"}, charge, date)
                                     : therapy_line("97110", {"GP"}, charge, date);
      auto c = medicare_claim("MBR" + std::to_string(1000 + (m * 7919) % 240),
                              {pt, therapy_line("92507", {"GN"}, 9000, date)});
      if ((visit * 240 + m) % 7 == 0) c.member_id.clear();
      claims.push_back(std::move(c));
    }
  }
  auto const one_range = judged_as_json(claims, claims.size() * 2, 1);
  EXPECT_GT(one_range.size(), 100000u);
  // 1,029 claims without a member id, one missing year, 6,829 lines judged (worked out
  // independently, line by line, from the thresholds of 2023 and 2024 and $3,000 review).
  EXPECT_EQ(std::count(one_range.begin(), one_range.end(), '\n'), 7859);
  // A missing year is reported once per table, at its first line in accrual order.
  std::size_t missing_years = 0;
  for (auto at = one_range.find("threshold_year_missing"); at != std::string::npos;
       at = one_range.find("threshold_year_missing", at + 1)) {
    ++missing_years;
  }
  EXPECT_EQ(missing_years, 1u);  // kx_threshold only: without it the review is not looked at
  for (std::size_t range : {std::size_t{1}, std::size_t{7}, std::size_t{500}}) {
    for (std::size_t threads : {std::size_t{1}, std::size_t{2}, std::size_t{4}}) {
      EXPECT_EQ(judged_as_json(claims, range, threads), one_range)
          << "ranges of " << range << " lines on " << threads << " threads";
    }
  }
}

TEST(accrual, regression_a_total_past_the_range_of_cents_stays_at_its_end) {
  // Defect: 100 lines of 999,999,999,999,999.99 wrapped the member's total negative after
  // line 93, and the lines after it lost their finding (signed overflow, UBSan).
  std::vector<claim_line> lines;
  for (int i = 0; i < 50; ++i) {
    lines.push_back(therapy_line("97110", {"GP"}, 99999999999999999, on(20240201)));
  }
  auto const found = judge({medicare_claim("M1", lines), medicare_claim("M1", lines)});
  ASSERT_EQ(found.size(), 101u);  // 100 lines past the threshold, and the review threshold once
  auto const max = std::numeric_limits<cents>::max();
  EXPECT_EQ(found.back(), (seen{kx_missing, 50, max, max, by_charge}));
  for (auto const& f : found) {
    EXPECT_GE(f.after, f.before);
    EXPECT_GT(f.after, 0);
  }
}

TEST(accrual, non_medicare_and_void_claims_do_not_accrue) {
  auto commercial = medicare_claim("M1", {therapy_line("97110", {"GP"}, 240000, on(20240310))});
  commercial.filing_indicator = "CI";
  auto voided = medicare_claim("M1", {therapy_line("97110", {"GP"}, 240000, on(20240310))});
  voided.frequency = '8';
  EXPECT_TRUE(judge({commercial, voided}).empty());
}

TEST(accrual, regression_member_id_missing_skips_the_check_with_an_error_record) {
  // Defect: a claim whose NM1*IL had no NM109 lost its threshold checks without a word.
  auto nameless = medicare_claim("", {therapy_line("97110", {"GP"}, 240000, on(20240310)),
                                      therapy_line("97140", {"GP"}, 1000, on(20240311))});
  nameless.claim_id = "NONAME1";
  nameless.member_position = 7;
  nameless.member_source.offset = 321;
  nameless.member_source.envelope = std::make_shared<envelope_info const>();
  auto commercial = medicare_claim("", {therapy_line("97110", {"GP"}, 240000, on(20240310))});
  commercial.filing_indicator = "CI";  // no threshold check to skip
  auto const findings = check_thresholds({commercial, nameless}, rules(), {});
  ASSERT_EQ(findings.size(), 1u);
  auto const& f = findings[0];
  EXPECT_EQ(f.kind, finding_kind::error);
  EXPECT_EQ(f.level, severity::warning);
  EXPECT_EQ(f.claim_id, "NONAME1");
  EXPECT_EQ(f.source.offset, 321u);
  ASSERT_TRUE(f.error);
  EXPECT_EQ(f.error->code, error_code::element_missing);
  EXPECT_EQ(f.error->segment, "NM1");
  EXPECT_EQ(f.error->segment_position, 7u);
  EXPECT_EQ(f.error->element, 9u);
  EXPECT_EQ(f.error->what, skipped::check);
}

// --- the amount of one line ---

TEST(accrual_amount, fee_schedule_times_units_with_the_assistant_share_rounded_half_up) {
  fee_schedule fees;
  fees.per_unit = {{"97110", 3125}, {"97035", 1500}};
  auto const& therapy = rules().therapy;
  // 31.25 x 2 x 0.85 = 53.125 -> 53.13 (CQ from 2022-01-01).
  EXPECT_EQ(fee_schedule_amount(therapy_line("97110", {"GP", "CQ"}, 30000, on(20220101), 2000),
                                fees, therapy),
            cents{5313});
  // Before 2022 the assistant line is paid in full: 62.50.
  EXPECT_EQ(fee_schedule_amount(therapy_line("97110", {"GP", "CQ"}, 30000, on(20211231), 2000),
                                fees, therapy),
            cents{6250});
  // CO with GO: 31.25 x 1 x 0.85 = 26.5625 -> 26.56.
  EXPECT_EQ(
      fee_schedule_amount(therapy_line("97110", {"GO", "CO"}, 30000, on(20250101)), fees, therapy),
      cents{2656});
  // Fractional units: 31.25 x 1.5 = 46.875 -> 46.88.
  EXPECT_EQ(
      fee_schedule_amount(therapy_line("97110", {"GP"}, 30000, on(20250101), 1500), fees, therapy),
      cents{4688});
  // Never above the charge: 15.00 x 3 = 45.00 capped at 10.00.
  EXPECT_EQ(
      fee_schedule_amount(therapy_line("97035", {"GP"}, 1000, on(20250101), 3000), fees, therapy),
      cents{1000});
  // Not in the schedule, or no units: no fee-schedule amount.
  EXPECT_EQ(fee_schedule_amount(therapy_line("G0283", {"GP"}, 2000, on(20250101)), fees, therapy),
            std::nullopt);
  EXPECT_EQ(
      fee_schedule_amount(therapy_line("97110", {"GP"}, 2000, on(20250101), 0), fees, therapy),
      std::nullopt);
}

remit_line paid_line(cents charge, cents paid,
                     std::initializer_list<remit_adjustment> adjustments = {},
                     std::optional<cents> allowed = std::nullopt) {
  remit_line line;
  line.charge = charge;
  line.paid = paid;
  line.adjustments = adjustments;
  line.allowed = allowed;
  return line;
}

remit payment(std::string status = "1") {
  remit r;
  r.status = std::move(status);
  return r;
}

TEST(accrual_amount, remit_allowed_prefers_amt_b6) {
  auto const r = payment();
  auto const line = paid_line(30000, 8000, {{"CO", "45", 20000, 0}}, cents{7500});
  EXPECT_EQ(remit_allowed({0, 0, &r, &line}, rules().adjustments), cents{7500});
}

TEST(accrual_amount, remit_allowed_without_amt_leaves_out_sequestration_and_patient_share) {
  auto const r = payment();
  // 1000 - CO-45 800 - OA-23 10 - PI-94 5 = 185; CO-253 and PR-2 do not lower it.
  auto const line = paid_line(100000, 13180,
                              {{"CO", "45", 80000, 0},
                               {"CO", "253", 320, 0},
                               {"PR", "2", 4000, 0},
                               {"OA", "23", 1000, 0},
                               {"PI", "94", 500, 0}});
  EXPECT_EQ(remit_allowed({0, 0, &r, &line}, rules().adjustments), cents{18500});
}

TEST(accrual_amount, a_denied_line_allows_nothing_but_a_deductible_line_does) {
  auto const paid = payment();
  auto const denied_line = paid_line(90000, 0, {{"CO", "50", 90000, 0}}, cents{90000});
  EXPECT_EQ(remit_allowed({0, 0, &paid, &denied_line}, rules().adjustments), cents{0});
  // Paid 0 because all of it went to the deductible: allowed 200.00 still counts.
  auto const deductible = paid_line(30000, 0, {{"CO", "45", 10000, 0}, {"PR", "1", 20000, 0}});
  EXPECT_EQ(remit_allowed({0, 0, &paid, &deductible}, rules().adjustments), cents{20000});
  auto const denied_claim = payment("4");
  auto const line = paid_line(30000, 0, {{"CO", "16", 30000, 0}});
  EXPECT_EQ(remit_allowed({0, 0, &denied_claim, &line}, rules().adjustments), cents{0});
}

TEST(accrual_amount, a_claim_payment_without_lines_answers_only_as_a_denial) {
  auto const denied = payment("4");
  EXPECT_EQ(remit_allowed({0, 0, &denied, nullptr}, rules().adjustments), cents{0});
  auto const paid = payment("1");
  EXPECT_EQ(remit_allowed({0, 0, &paid, nullptr}, rules().adjustments), std::nullopt);
}

TEST(accrual, remit_allowed_then_fee_schedule_then_charge) {
  auto const claims = {medicare_claim(
      "M1", {therapy_line("97110", {"GP"}, 200000, on(20250301), 4000),   // remit: 400.00
             therapy_line("97140", {"GP"}, 100000, on(20250302), 2000),   // fee: 56.00
             therapy_line("G0283", {"GP", "KX"}, 2000, on(20250303))})};  // charge: 20.00
  auto const r = payment();
  auto const answered = paid_line(200000, 32000, {{"CO", "45", 160000, 0}}, cents{40000});
  std::vector<line_answer> const answers = {{0, 0, &r, &answered}};
  fee_schedule fees;
  fees.per_unit = {{"97110", 3125}, {"97140", 2800}};
  accrual_inputs inputs;
  inputs.answers = &answers;
  inputs.fees = &fees;
  EXPECT_EQ(judge(claims, inputs),
            (std::vector<seen>{{kx_early, 3, 45600, 47600, accrual_basis::charge}}));
  auto const findings = check_thresholds(claims, rules(), inputs);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_FALSE(findings[0].rule->guidance.empty());
  EXPECT_FALSE(findings[0].rule->policy_source.empty());
}

TEST(accrual, a_denied_line_adds_nothing_and_says_so) {
  auto const claims = {
      medicare_claim("M1", {therapy_line("97110", {"GP"}, 233000, on(20250301)),
                            therapy_line("97110", {"GP", "KX"}, 9000, on(20250302))})};
  auto const r = payment();
  auto const denied = paid_line(9000, 0, {{"CO", "50", 9000, 0}});
  std::vector<line_answer> const answers = {{0, 1, &r, &denied}};
  accrual_inputs inputs;
  inputs.answers = &answers;
  // 2330.00 is under 2025's 2410.00, and the denied KX line adds 0.
  EXPECT_EQ(judge(claims, inputs),
            (std::vector<seen>{{kx_early, 2, 233000, 233000, accrual_basis::remit_allowed}}));
}

TEST(accrual, the_last_remit_with_a_line_amount_decides) {
  auto const claims = {
      medicare_claim("M1", {therapy_line("97110", {"GP", "KX"}, 30000, on(20250301))})};
  auto const first = payment();
  auto const first_line = paid_line(30000, 6000, {{"CO", "45", 22500, 0}});  // allowed 75.00
  auto const later = payment();
  auto const later_line = paid_line(30000, 8000, {}, cents{8000});  // AMT*B6 80.00
  auto const claim_only = payment();  // paid, no service lines: nothing per line
  std::vector<line_answer> const answers = {
      {0, 0, &first, &first_line}, {0, 0, &later, &later_line}, {0, 0, &claim_only, nullptr}};
  accrual_inputs inputs;
  inputs.answers = &answers;
  EXPECT_EQ(judge(claims, inputs),
            (std::vector<seen>{{kx_early, 1, 0, 8000, accrual_basis::remit_allowed}}));
}

}  // namespace
}  // namespace x12kx
