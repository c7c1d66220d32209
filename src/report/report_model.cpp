#include "report/report_model.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <tuple>

namespace x12kx::report {

money_overflow::money_overflow()
    : std::runtime_error(
          "the money amounts add up to more than a report can total "
          "($92,233,720,368,547,758.07)") {}

cents add_money(cents a, cents b) {
  cents sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) throw money_overflow();
  return sum;
}

bool code_book::is_routine(std::string_view carc) const {
  return std::find(routine_carcs.begin(), routine_carcs.end(), carc) != routine_carcs.end();
}

code_book load_code_book(std::string const& rules_dir) {
  std::string const path = rules_dir + "/adjustments.json";
  auto const fail = [&](std::string_view what) {
    return std::runtime_error(fmt::format("{}: {}", path, what));
  };
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json) != simdjson::SUCCESS) {
    throw fail("cannot read");
  }
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) throw fail("not a JSON object");
  code_book book;
  simdjson::dom::array routine;
  if (root["routine_carcs"].get(routine) != simdjson::SUCCESS) throw fail("no routine_carcs list");
  for (auto item : routine) {
    std::string_view code;
    if (item.get(code) != simdjson::SUCCESS) throw fail("routine_carcs holds a non-string");
    book.routine_carcs.emplace_back(code);
  }
  auto const names = [&](char const* key, std::map<std::string, std::string>& into) {
    simdjson::dom::object table;
    if (root[key].get(table) != simdjson::SUCCESS) return;  // names are optional
    for (auto [code, name] : table) {
      std::string_view text;
      if (name.get(text) != simdjson::SUCCESS) throw fail(fmt::format("{}.{}", key, code));
      into.emplace(std::string(code), std::string(text));
    }
  };
  names("carc_names", book.carc_names);
  names("rarc_names", book.rarc_names);
  return book;
}

std::vector<std::string> checklist_of(std::string_view guidance) {
  std::vector<std::string> steps;
  while (!guidance.empty()) {
    std::size_t end = 0;
    // A sentence ends at ". " before a capital letter; abbreviations inside stay whole.
    for (end = guidance.find(". "); end != std::string_view::npos;
         end = guidance.find(". ", end + 1)) {
      if (end + 2 < guidance.size() && guidance[end + 2] >= 'A' && guidance[end + 2] <= 'Z') break;
    }
    auto const sentence =
        guidance.substr(0, end == std::string_view::npos ? guidance.size() : end + 1);
    if (!sentence.empty()) steps.emplace_back(sentence);
    guidance.remove_prefix(end == std::string_view::npos ? guidance.size() : end + 2);
  }
  return steps;
}

namespace {

bool is_check_kind(std::string_view kind) {
  return kind != "summary" && kind != "error" && kind != "denial" && !kind.starts_with("remit_");
}

bool is_past_kx_threshold(std::string_view kind) {
  return kind == "therapy_kx_missing" || kind == "therapy_liability_modifier";
}

std::string month_of(std::string_view date) {
  return date.size() >= 7 ? std::string(date.substr(0, 7)) : std::string("(no date)");
}

std::string joined(std::vector<std::string> const& parts, std::string_view separator) {
  return fmt::format("{}", fmt::join(parts, separator));
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

/// Counts into a table keyed by label, keeping the label's first note.
class tally_table {
 public:
  tally& at(std::string const& label, std::string const& note = {}) {
    auto [it, inserted] = index_.try_emplace(label, rows_.size());
    if (inserted) rows_.push_back({.label = label, .note = note, .count = 0, .amount = 0});
    return rows_[it->second];
  }

  /// The rows, largest amount first, then most counted, then by label.
  std::vector<tally> sorted() && {
    std::sort(rows_.begin(), rows_.end(), [](tally const& a, tally const& b) {
      return std::tie(b.amount, b.count, a.label) < std::tie(a.amount, a.count, b.label);
    });
    return std::move(rows_);
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<tally> rows_;
};

using line_key = std::pair<std::string, std::int64_t>;

line_key key_of(finding_record const& r) { return {r.claim_id, r.line_number.value_or(-1)}; }

/// Builds the two worklists: denials grouped by claim, one list per action.
class worklists {
 public:
  explicit worklists(std::map<line_key, std::vector<std::string>> const& checks)
      : checks_(checks) {}

  void add(finding_record const& denial) {
    std::vector<work_item>* list = nullptr;
    if (denial.action == "correct_and_resubmit") list = &correct_;
    if (denial.action == "appeal") list = &appeal_;
    if (list == nullptr) return;
    auto [it, inserted] = index_.try_emplace({denial.action, denial.claim_id});
    auto& seen = it->second;
    if (inserted) {
      seen.position = list->size();
      auto& item = list->emplace_back();
      item.claim_id = denial.claim_id;
      item.member_id = denial.member_id;
    }
    auto& item = (*list)[seen.position];
    std::string line =
        denial.line_number ? fmt::format("line {}", *denial.line_number) : "claim level";
    if (!denial.procedure.empty()) line += ": " + denial.procedure;
    if (!denial.modifiers.empty()) line += " " + joined(denial.modifiers, " ");
    item.lines += (item.lines.empty() ? "" : "; ") + line;
    item.at_stake = add_money(item.at_stake, denial.charge.value_or(0));
    if (item.service_date.empty() || denial.service_date < item.service_date) {
      item.service_date = denial.service_date;
    }
    if (item.payer_claim_id.empty()) item.payer_claim_id = denial.payer_claim_id;
    for (auto const& a : denial.adjustments) add_unique(seen.codes, a.group + "-" + a.reason);
    for (auto const& remark : denial.remarks) add_unique(seen.codes, remark);
    item.codes = joined(seen.codes, " ");
    if (auto const found = checks_.find(key_of(denial)); found != checks_.end()) {
      for (auto const& kind : found->second) add_unique(item.related, kind);
    }
    for (auto& step : checklist_of(denial.guidance)) add_unique(item.checklist, std::move(step));
  }

  std::vector<work_item> correct_;
  std::vector<work_item> appeal_;

 private:
  /// Per (action, claim): where the item is in its list, and the codes and kinds seen so far.
  struct progress {
    std::size_t position = 0;
    std::vector<std::string> codes;
  };

  std::map<line_key, std::vector<std::string>> const& checks_;
  std::map<std::pair<std::string, std::string>, progress> index_;
};

void add_summary(run_totals& t, finding_record const& r) {
  ++t.summaries;
  t.claims += r.claims;
  t.claims_rejected += r.claims_rejected;
  t.lines += r.lines;
  t.remits += r.remits;
  t.remits_rejected += r.remits_rejected;
  // One summary without money leaves the total unknown rather than understated.
  bool const first = t.summaries == 1;
  t.billed = r.billed && (first || t.billed)
                 ? std::optional(add_money(t.billed.value_or(0), *r.billed))
                 : std::nullopt;
  t.paid = r.paid && (first || t.paid) ? std::optional(add_money(t.paid.value_or(0), *r.paid))
                                       : std::nullopt;
}

/// Members past the KX or review amount, keyed by member, year and bucket.
void build_thresholds(std::vector<finding_record> const& records, report_model& m) {
  std::map<std::tuple<std::string, std::int64_t, std::string>, threshold_member> members;
  for (auto const& r : records) {
    bool const kx = is_past_kx_threshold(r.kind);
    bool const review = r.kind == "therapy_review_threshold";
    if (!kx && !review) continue;
    auto& member = members[{r.member_id, r.year.value_or(0), r.bucket}];
    member.member_id = r.member_id;
    member.year = r.year.value_or(0);
    member.bucket = r.bucket;
    member.highest_total = std::max(member.highest_total, r.ytd_after.value_or(0));
    auto& month = kx ? member.kx_month : member.review_month;
    auto const seen = month_of(r.service_date);
    if (month.empty() || seen < month) month = seen;
  }
  std::map<std::string, threshold_month> months;
  for (auto& [key, member] : members) {
    if (!member.kx_month.empty()) ++months[member.kx_month].kx_members;
    if (!member.review_month.empty()) ++months[member.review_month].review_members;
    m.threshold_members.push_back(std::move(member));
  }
  for (auto& [month, row] : months) {
    row.month = month;
    m.threshold_months.push_back(row);
  }
}

}  // namespace

report_model build_report(std::vector<finding_record> const& records, code_book const& codes) {
  report_model m;
  std::map<line_key, std::vector<std::string>> checks_by_line;
  for (auto const& r : records) {
    if (is_check_kind(r.kind)) add_unique(checks_by_line[key_of(r)], r.kind);
  }
  tally_table by_code;
  tally_table by_procedure;
  tally_table by_kind;
  std::set<std::string> months;
  std::set<std::string> counted_remits;
  worklists lists(checks_by_line);
  for (auto const& r : records) {
    if (r.kind == "summary") {
      add_summary(m.totals, r);
      continue;
    }
    ++m.totals.findings;
    if (r.kind == "error") {
      m.input_errors.push_back(r);
      if (!r.skipped.empty() && r.skipped != "nothing") ++m.input_errors_skipping;
    } else if (r.kind.starts_with("remit_")) {
      m.remit_issues.push_back(r);
    } else if (r.kind == "denial") {
      ++m.totals.denied_lines;
      // A claim-level adjustment is repeated on each of the claim's lines: count it once.
      bool const first =
          !r.remit.offset ||
          counted_remits.insert(fmt::format("{}\n{}", r.remit.file, *r.remit.offset)).second;
      for (auto const& remark : r.remarks) {
        if (auto const found = codes.rarc_names.find(remark); found != codes.rarc_names.end()) {
          m.code_names.emplace(remark, found->second);
        }
      }
      for (auto const& a : r.adjustments) {
        auto const found = codes.carc_names.find(a.reason);
        auto const name = found == codes.carc_names.end() ? std::string() : found->second;
        if (!name.empty()) m.code_names.emplace(a.group + "-" + a.reason, name);
        if (codes.is_routine(a.reason)) continue;
        auto& row = by_code.at(a.group + "-" + a.reason, name);
        ++row.count;
        if (!first) continue;
        row.amount = add_money(row.amount, a.amount);
        m.totals.denied = add_money(m.totals.denied, a.amount);
      }
      auto& row = by_procedure.at(r.procedure.empty() ? "(none)" : r.procedure);
      ++row.count;
      row.amount = add_money(row.amount, r.charge.value_or(0));
      lists.add(r);
    } else {
      ++by_kind.at(r.kind).count;
      auto const month = month_of(r.service_date);
      months.insert(month);
      ++m.kx_by_kind_month[r.kind][month];
    }
  }
  m.denials_by_code = std::move(by_code).sorted();
  m.denials_by_procedure = std::move(by_procedure).sorted();
  m.kx_by_kind = std::move(by_kind).sorted();
  m.months.assign(months.begin(), months.end());
  m.correct = std::move(lists.correct_);
  m.appeal = std::move(lists.appeal_);
  // Most money first: the order a billing team works a list in.
  for (auto* list : {&m.correct, &m.appeal}) {
    std::stable_sort(list->begin(), list->end(), [](work_item const& a, work_item const& b) {
      return a.at_stake > b.at_stake;
    });
  }
  build_thresholds(records, m);
  return m;
}

}  // namespace x12kx::report
