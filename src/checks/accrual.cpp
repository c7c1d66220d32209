#include "checks/accrual.hpp"

#include "checks/finding_factory.hpp"
#include "checks/line_checks.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace x12kx {
namespace {

/// One therapy line waiting to accrue; indexes point back into the claims.
struct accrual_entry {
  std::string_view member;
  int year = 0;
  bucket bucket_id = bucket::pt_slp;
  date8 date;
  std::size_t claim_index = 0;
  std::size_t line_index = 0;

  [[nodiscard]] auto key() const {
    return std::tie(member, year, bucket_id, date, claim_index, line_index);
  }
  [[nodiscard]] bool same_bucket(accrual_entry const& other) const {
    return member == other.member && year == other.year && bucket_id == other.bucket_id;
  }
};

/// A finding waiting for output, with the position of its line in the input.
struct placed_finding {
  std::size_t claim_index;
  std::size_t line_index;
  finding value;
};

std::string_view bucket_name(bucket value) { return value == bucket::ot ? "OT" : "PT+SLP"; }

bool reduces_allowed(remit_adjustment const& a) {
  if (a.group == "CO") return a.reason != "253";  // sequestration comes off the payment only
  return a.group == "OA" || a.group == "PI";
}

bool is_denied(remit const& payment, remit_line const& line, adjustment_rules const& rules) {
  if (payment.is_denied()) return true;
  return line.paid == 0 && std::any_of(line.adjustments.begin(), line.adjustments.end(),
                                       [&](auto const& a) { return !rules.is_routine(a.reason); });
}

/// a × b / divisor rounded half-up for non-negative values; empty on overflow.
std::optional<cents> scale_half_up(cents a, std::int64_t b, std::int64_t divisor) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  if (product > std::numeric_limits<std::int64_t>::max() - divisor / 2) return std::nullopt;
  return (product + divisor / 2) / divisor;
}

/// The last remit in input order that says something about each line's allowed amount, by
/// claim and line index (a paid claim without service lines says nothing per line).
std::map<std::pair<std::size_t, std::size_t>, line_answer const*> answers_by_line(
    std::vector<line_answer> const* answers) {
  std::map<std::pair<std::size_t, std::size_t>, line_answer const*> out;
  if (answers == nullptr) return out;
  for (auto const& answer : *answers) {
    if (answer.paid_line == nullptr && !answer.payment->is_denied()) continue;
    out[{answer.claim_index, answer.line_index}] = &answer;
  }
  return out;
}

/// The claim's therapy lines that count toward a threshold (a void withdraws its claim).
std::vector<std::size_t> accruing_lines(claim const& claim, rule_set const& rules) {
  std::vector<std::size_t> out;
  if (!claim.is_medicare() || claim.is_void()) return out;
  for (std::size_t l = 0; l < claim.lines.size(); ++l) {
    auto const& line = claim.lines[l];
    if (bucket_of(line) && is_therapy_line(claim, line, rules)) out.push_back(l);
  }
  return out;
}

/// A claim whose therapy lines would accrue but that names no member (2010BA NM109): its
/// lines cannot be added to anyone's total, so the threshold check is not run, and said so.
finding member_id_missing(claim const& claim) {
  auto f = error_finding(
      claim.member_source.envelope ? claim.member_source : claim.source,
      error_detail{error_code::element_missing, "NM1",
                   claim.member_position != 0 ? std::optional(claim.member_position) : std::nullopt,
                   9, skipped::check, "subscriber NM109 (member id) is empty or absent"});
  f.message = "threshold check not run: the claim's subscriber has no member id (NM109)";
  f.claim_id = claim.claim_id;
  f.charge = claim.total_charge;
  return f;
}

std::vector<accrual_entry> collect(std::vector<claim> const& claims, rule_set const& rules,
                                   std::vector<placed_finding>& placed) {
  std::vector<accrual_entry> entries;
  for (std::size_t c = 0; c < claims.size(); ++c) {
    auto const& claim = claims[c];
    auto const lines = accruing_lines(claim, rules);
    if (lines.empty()) continue;
    if (claim.member_id.empty()) {
      placed.push_back({c, lines.front(), member_id_missing(claim)});
      continue;
    }
    for (auto const l : lines) {
      auto const& line = claim.lines[l];
      entries.push_back(
          {claim.member_id, line.service_date.year(), *bucket_of(line), line.service_date, c, l});
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](auto const& a, auto const& b) { return a.key() < b.key(); });
  return entries;
}

finding missing_year(claim const& claim, claim_line const& line, int year, std::string_view table) {
  auto f = error_finding(
      {}, error_detail{error_code::threshold_year_missing, "", std::nullopt, std::nullopt,
                       skipped::check, std::string(table) + " " + std::to_string(year)});
  f.message = "the rules have no " + std::string(table) + " for year " + std::to_string(year);
  set_line_identity(f, claim, line);
  return f;
}

/// What each line adds to its bucket: the remit allowed amount, else the fee-schedule
/// amount, else the charge.
class amount_source {
 public:
  amount_source(std::vector<claim> const& claims, rule_set const& rules,
                accrual_inputs const& inputs)
      : claims_(claims),
        rules_(rules),
        inputs_(inputs),
        answers_(answers_by_line(inputs.answers)) {}

  [[nodiscard]] line_amount of(std::size_t claim_index, std::size_t line_index) const {
    auto const& line = claims_[claim_index].lines[line_index];
    if (auto const found = answers_.find({claim_index, line_index}); found != answers_.end()) {
      if (auto const allowed = remit_allowed(*found->second, rules_.adjustments)) {
        return {*allowed, accrual_basis::remit_allowed};
      }
    }
    if (inputs_.fees != nullptr) {
      if (auto const fee = fee_schedule_amount(line, *inputs_.fees, rules_.therapy)) {
        return {*fee, accrual_basis::fee_schedule};
      }
    }
    return {line.charge, accrual_basis::charge};
  }

 private:
  std::vector<claim> const& claims_;
  rule_set const& rules_;
  accrual_inputs const& inputs_;
  std::map<std::pair<std::size_t, std::size_t>, line_answer const*> answers_;
};

}  // namespace

std::vector<line_answer> answers_of(std::vector<line_link> const& links,
                                    std::vector<remit> const& remits) {
  std::vector<line_answer> answers;
  answers.reserve(links.size());
  for (auto const& link : links) {
    auto const& payment = remits[link.remit];
    answers.push_back({link.claim, link.claim_line, &payment,
                       link.remit_line ? &payment.lines[*link.remit_line] : nullptr});
  }
  return answers;
}

std::optional<cents> remit_allowed(line_answer const& answer, adjustment_rules const& rules) {
  auto const& payment = *answer.payment;
  if (answer.paid_line == nullptr) {
    if (payment.is_denied()) return cents{0};
    return std::nullopt;  // a paid claim without lines says nothing about each line
  }
  auto const& line = *answer.paid_line;
  if (is_denied(payment, line, rules)) return cents{0};
  if (line.allowed) return std::max(cents{0}, *line.allowed);
  cents allowed = line.charge;
  for (auto const& a : line.adjustments) {
    if (reduces_allowed(a)) allowed -= a.amount;
  }
  return std::max(cents{0}, allowed);
}

std::optional<cents> fee_schedule_amount(claim_line const& line, fee_schedule const& fees,
                                         therapy_rules const& rules) {
  auto const found = fees.per_unit.find(line.procedure);
  if (found == fees.per_unit.end() || line.units_milli <= 0) return std::nullopt;
  int percent = 100;
  if (auto const* assistant = rules.assistant_on(line.modifiers);
      assistant != nullptr && line.service_date >= assistant->reduced_from) {
    percent = assistant->payment_percent;
  }
  // cents × thousandths of a unit × percent, over 1000 × 100.
  std::optional<cents> amount;
  if (auto const per_unit_share = scale_half_up(found->second, percent, 1)) {
    amount = scale_half_up(*per_unit_share, line.units_milli, 100000);
  }
  if (!amount || *amount > line.charge) return line.charge;
  return amount;
}

std::vector<finding> check_thresholds(std::vector<claim> const& claims, rule_set const& rules,
                                      accrual_inputs const& inputs) {
  std::vector<placed_finding> placed;
  auto const entries = collect(claims, rules, placed);
  amount_source const amounts(claims, rules, inputs);
  std::set<std::pair<int, std::string_view>> reported_years;

  std::size_t group_start = 0;
  cents ytd = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto const& entry = entries[i];
    if (i == 0 || !entry.same_bucket(entries[group_start])) {
      group_start = i;
      ytd = inputs.opening ? inputs.opening->amount(entry.member, entry.year, entry.bucket_id) : 0;
    }
    auto const& claim = claims[entry.claim_index];
    auto const& line = claim.lines[entry.line_index];
    auto const place = [&](finding f) {
      placed.push_back({entry.claim_index, entry.line_index, std::move(f)});
    };

    auto const threshold = rules.therapy.kx_threshold.for_year(entry.year);
    if (!threshold) {
      if (reported_years.emplace(entry.year, "kx_threshold").second) {
        place(missing_year(claim, line, entry.year, "kx_threshold"));
      }
      continue;
    }
    cents const ytd_before = ytd;
    auto const added = amounts.of(entry.claim_index, entry.line_index);
    ytd += added.amount;
    threshold_detail detail{entry.year, entry.bucket_id, *threshold, ytd_before, ytd, added.basis};
    message_values values{entry.year, bucket_name(entry.bucket_id), *threshold, {}, {}, {}};
    auto const judged = [&](finding_kind kind, threshold_detail const& d, message_values const& v) {
      auto f = line_finding(kind, claim, line, rules, v);
      f.threshold = d;
      place(std::move(f));
    };

    bool const kx = line.modifiers.has("KX");
    bool const past_threshold = ytd > *threshold;
    if (past_threshold && !kx) {
      bool const liability = line.modifiers.has_any({"GA", "GY", "GZ"});
      judged(
          liability ? finding_kind::therapy_liability_modifier : finding_kind::therapy_kx_missing,
          detail, values);
    } else if (!past_threshold && kx) {
      judged(finding_kind::therapy_kx_early, detail, values);
    }

    auto const review = rules.therapy.review_threshold.for_year(entry.year);
    if (!review) {
      if (reported_years.emplace(entry.year, "review_threshold").second) {
        place(missing_year(claim, line, entry.year, "review_threshold"));
      }
      continue;
    }
    if (ytd_before <= *review && ytd > *review) {
      auto review_detail = detail;
      review_detail.threshold = *review;
      auto review_values = values;
      review_values.threshold = *review;
      judged(finding_kind::therapy_review_threshold, review_detail, review_values);
    }
  }

  std::stable_sort(placed.begin(), placed.end(), [](auto const& a, auto const& b) {
    return std::tie(a.claim_index, a.line_index) < std::tie(b.claim_index, b.line_index);
  });
  std::vector<finding> out;
  out.reserve(placed.size());
  for (auto& p : placed) out.push_back(std::move(p.value));
  return out;
}

}  // namespace x12kx
