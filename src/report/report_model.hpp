// What the report shows, worked out once from the findings records; the HTML page and the
// terminal table both render this model, so their numbers cannot differ.
#pragma once

#include "report/findings_reader.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace x12kx::report {

/// Reference data from the rule directory: which adjustment reasons are routine and what
/// the codes mean. Empty tables leave every reason non-routine and unnamed.
struct code_book {
  std::vector<std::string> routine_carcs;
  std::map<std::string, std::string> carc_names;
  std::map<std::string, std::string> rarc_names;

  [[nodiscard]] bool is_routine(std::string_view carc) const;
};

/// Reads routine_carcs, carc_names and rarc_names from `rules_dir`/adjustments.json.
/// Throws std::runtime_error naming the file when it cannot be used.
code_book load_code_book(std::string const& rules_dir);

struct run_totals {
  std::uint64_t summaries = 0;  // summary records read (one per scan run)
  std::uint64_t claims = 0;
  std::uint64_t claims_rejected = 0;
  std::uint64_t lines = 0;
  std::uint64_t remits = 0;
  std::uint64_t remits_rejected = 0;
  std::optional<cents> billed;  // absent when a summary predates the billed key
  std::optional<cents> paid;
  cents denied = 0;  // non-routine adjustments on denials, each 835 adjustment once
  std::uint64_t denied_lines = 0;
  std::uint64_t findings = 0;  // records other than summary
};

/// One row of a counted table: a label, how many, and an amount.
struct tally {
  std::string label;
  std::string note;  // e.g. the code's meaning
  std::uint64_t count = 0;
  cents amount = 0;
};

/// Members past a yearly therapy amount, by the month of the line that took them past it.
struct threshold_month {
  std::string month;  // YYYY-MM
  std::uint64_t kx_members = 0;
  std::uint64_t review_members = 0;
};

struct threshold_member {
  std::string member_id;
  std::int64_t year = 0;
  std::string bucket;
  std::string kx_month;  // first month with a past-KX-threshold finding, or empty
  std::string review_month;
  cents highest_total = 0;  // largest year-to-date total in these findings
};

/// One claim on a worklist, with the lines, codes and checklist that apply to it.
struct work_item {
  std::string claim_id;
  std::string member_id;
  std::string lines;                 // "3 97110 GP; 5 97530 GP"
  std::string codes;                 // "CO-119 N640"
  std::vector<std::string> related;  // kinds of the other findings on the same lines
  std::string payer_claim_id;
  std::string service_date;  // earliest
  cents at_stake = 0;        // billed charge of the denied lines
  std::vector<std::string> checklist;
};

struct report_model {
  run_totals totals;
  std::vector<tally> denials_by_code;       // "CO-119", amount = denied amount
  std::vector<tally> denials_by_procedure;  // amount = billed charge of the denied lines
  std::vector<tally> kx_by_kind;            // check findings, unknown kinds by their name
  std::vector<std::string> months;          // columns of kx_by_kind_month
  std::map<std::string, std::map<std::string, std::uint64_t>> kx_by_kind_month;
  std::vector<threshold_month> threshold_months;
  std::vector<threshold_member> threshold_members;
  std::map<std::string, std::string> code_names;  // "CO-119", "N640" -> meaning, from the rules
  std::vector<work_item> correct;
  std::vector<work_item> appeal;
  std::vector<finding_record> remit_issues;  // remit_unlinked, remit_ambiguous, remit_*
  std::vector<finding_record> input_errors;
  std::uint64_t input_errors_skipping = 0;  // errors that skipped something
};

/// Works out the report from all records of all inputs, in input order.
/// A money total past what 64-bit cents hold (about $92 quadrillion): the report refuses the
/// input rather than print a wrapped-around sum.
struct money_overflow : std::runtime_error {
  money_overflow();
};

/// a + b, or money_overflow.
cents add_money(cents a, cents b);

/// Throws money_overflow when a money total would not fit.
report_model build_report(std::vector<finding_record> const& records, code_book const& codes);

/// Splits guidance text into checklist steps, one sentence each.
std::vector<std::string> checklist_of(std::string_view guidance);

}  // namespace x12kx::report
