#include "checks/accrual.hpp"

#include "checks/finding_factory.hpp"
#include "checks/line_checks.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_sort.h>

#include <algorithm>
#include <cassert>
#include <limits>
#include <set>
#include <tuple>

namespace x12kx {
namespace {

using entry = accrual_ledger::entry;

/// Sort order of accrual: member, year, bucket, then date of service, ties in input order.
/// Members sort by their id text (`rank` is each member's place in that order), so the
/// order, and with it which line a missing-year record names, is the same as comparing ids.
auto accrual_order(entry const& e, std::vector<std::uint32_t> const& rank) {
  return std::make_tuple(rank[e.member], e.year(), e.bucket_id, e.date, e.claim_index,
                         e.line_index);
}

/// Where a line stands in the input: its claim, then its place in the claim. Entries, allowed
/// amounts and placed findings are all put in this order.
template <typename Record>
std::pair<std::size_t, std::size_t> line_key(Record const& x) {
  return {x.claim_index, x.line_index};
}

bool same_bucket(entry const& a, entry const& b) {
  return a.member == b.member && a.year() == b.year() && a.bucket_id == b.bucket_id;
}

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

/// The allowed amount of each answered line, from the last remit in input order that says
/// something about it (a paid claim without service lines says nothing per line); one per
/// line, sorted by claim and line.
std::vector<line_allowed> allowed_by_line(accrual_inputs const& inputs,
                                          adjustment_rules const& rules) {
  std::vector<line_allowed> out;
  if (inputs.answers != nullptr) {
    for (auto const& answer : *inputs.answers) {
      if (auto const allowed = remit_allowed(answer, rules)) {
        out.push_back({answer.claim_index, answer.line_index, *allowed});
      }
    }
  }
  if (inputs.allowed != nullptr) {
    out.insert(out.end(), inputs.allowed->begin(), inputs.allowed->end());
  }
  std::stable_sort(out.begin(), out.end(),
                   [](auto const& a, auto const& b) { return line_key(a) < line_key(b); });
  // Keep the last of each line: stable sorting left them in input order.
  std::vector<line_allowed> last;
  last.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i + 1 == out.size() || line_key(out[i]) != line_key(out[i + 1])) last.push_back(out[i]);
  }
  return last;
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

finding missing_year(claim const& claim, claim_line const& line, int year, std::string_view table) {
  auto f = error_finding(
      {}, error_detail{error_code::threshold_year_missing, "", std::nullopt, std::nullopt,
                       skipped::check, std::string(table) + " " + std::to_string(year)});
  f.message = "the rules have no " + std::string(table) + " for year " + std::to_string(year);
  set_line_identity(f, claim, line);
  return f;
}

/// Sets what each line adds to its bucket: the remit allowed amount, else the fee-schedule
/// amount, else the charge. The entries are in input order here (as the ledger noted them),
/// so the allowed amounts are met by walking both lists, and with a fee schedule each claim
/// is decoded once; ranges of entries are priced in parallel.
void price(std::deque<entry>& entries, std::vector<line_allowed> const& allowed,
           claim_archive const& archive, rule_set const& rules, accrual_inputs const& inputs) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, entries.size(), 4096),
      [&](tbb::blocked_range<std::size_t> const& range) {
        claim_reader claims(archive);
        auto answer = std::lower_bound(
            allowed.begin(), allowed.end(), line_key(entries[range.begin()]),
            [](line_allowed const& a, auto const& line) { return line_key(a) < line; });
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
          auto& e = entries[i];
          while (answer != allowed.end() && line_key(*answer) < line_key(e)) ++answer;
          if (answer != allowed.end() && line_key(*answer) == line_key(e)) {
            e.set_amount({answer->allowed, accrual_basis::remit_allowed});
            continue;
          }
          if (inputs.fees == nullptr) continue;  // the charge, as noted
          auto const& line = claims.at(e.claim_index).lines[e.line_index];
          if (auto const fee = fee_schedule_amount(line, *inputs.fees, rules.therapy)) {
            e.set_amount({*fee, accrual_basis::fee_schedule});
          }
        }
      });
}

/// Judges the lines of entries [begin, end) in accrual order against their bucket's running
/// total; the range starts a bucket, so it needs nothing before it. A missing year is
/// reported at its first line in this range (the caller keeps the first of all ranges). The
/// findings are placed by line, to be written in input order.
std::vector<placed_finding> judge(std::deque<entry> const& entries, std::size_t begin,
                                  std::size_t end, rule_set const& rules,
                                  accrual_inputs const& inputs,
                                  std::vector<std::string const*> const& member_ids) {
  std::vector<placed_finding> placed;
  std::set<std::pair<int, bool>> reported_years;  // (year, review table)
  std::size_t group_start = begin;
  cents ytd = 0;
  for (std::size_t i = begin; i < end; ++i) {
    auto const& e = entries[i];
    if (i == begin || !same_bucket(e, entries[group_start])) {
      group_start = i;
      ytd =
          inputs.opening ? inputs.opening->amount(*member_ids[e.member], e.year(), e.bucket_id) : 0;
    }
    auto const place = [&](placed_finding::what type, finding_kind kind, bool review,
                           threshold_detail const& detail) {
      placed.push_back({e.claim_index, e.line_index, type, kind, review, detail});
    };
    auto const year_missing = [&](bool review) {
      if (reported_years.emplace(e.year(), review).second) {
        threshold_detail detail;
        detail.year = e.year();
        place(placed_finding::what::year_missing, finding_kind::error, review, detail);
      }
    };

    auto const threshold = rules.therapy.kx_threshold.for_year(e.year());
    if (!threshold) {
      year_missing(false);
      continue;
    }
    cents const ytd_before = ytd;
    add_saturating(ytd, e.amount);
    threshold_detail const detail{e.year(), e.bucket_id, *threshold, ytd_before, ytd, e.basis()};
    bool const past_threshold = ytd > *threshold;
    if (past_threshold && !e.kx()) {
      place(placed_finding::what::judged,
            e.liability() ? finding_kind::therapy_liability_modifier
                          : finding_kind::therapy_kx_missing,
            false, detail);
    } else if (!past_threshold && e.kx()) {
      place(placed_finding::what::judged, finding_kind::therapy_kx_early, false, detail);
    }

    auto const review = rules.therapy.review_threshold.for_year(e.year());
    if (!review) {
      year_missing(true);
      continue;
    }
    if (ytd_before <= *review && ytd > *review) {
      auto review_detail = detail;
      review_detail.threshold = *review;
      place(placed_finding::what::judged, finding_kind::therapy_review_threshold, false,
            review_detail);
    }
  }
  return placed;
}

/// The full finding of a placed one.
finding make_finding(placed_finding const& p, claim const& claim, rule_set const& rules) {
  auto const& line = claim.lines[p.line_index];
  switch (p.type) {
    case placed_finding::what::member_missing:
      return member_id_missing(claim);
    case placed_finding::what::year_missing:
      return missing_year(claim, line, p.detail.year,
                          p.review_table ? "review_threshold" : "kx_threshold");
    case placed_finding::what::judged:
      break;
  }
  message_values const values{
      p.detail.year, bucket_name(p.detail.bucket_id), p.detail.threshold, {}, {}, {}};
  auto f = line_finding(p.kind, claim, line, rules, values);
  f.threshold = p.detail;
  return f;
}

}  // namespace

std::vector<line_answer> answers_of(std::vector<line_link> const& links,
                                    std::span<remit const> remits) {
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

accrual_notes note_accruing(std::span<claim const> claims, rule_set const& rules) {
  accrual_notes notes;
  for (std::size_t c = 0; c < claims.size(); ++c) {
    auto const& value = claims[c];
    if (!value.is_medicare() || value.is_void()) continue;  // a void withdraws its claim
    // The claim builder rejects a claim past 999 lines (loop_limit_exceeded).
    assert(value.lines.size() <= std::numeric_limits<std::uint16_t>::max());
    auto const index = static_cast<std::uint32_t>(c);
    for (std::size_t l = 0; l < value.lines.size(); ++l) {
      auto const& line = value.lines[l];
      if (!bucket_of(line) || !is_therapy_line(value, line, rules)) continue;
      if (value.member_id.empty()) {
        // Its lines cannot accrue to anyone: noted once, at the first of them.
        notes.nameless.push_back({index, static_cast<std::uint32_t>(l)});
        break;
      }
      std::uint8_t modifiers = 0;
      if (line.modifiers.has("KX")) modifiers |= entry::has_kx;
      if (line.modifiers.has_any({"GA", "GY", "GZ"})) modifiers |= entry::has_liability;
      notes.entries.push_back({0, index, line.service_date, static_cast<std::uint16_t>(l),
                               *bucket_of(line), modifiers, line.charge});
    }
  }
  return notes;
}

void accrual_ledger::add(accrual_notes const& notes, std::span<claim const> claims,
                         std::size_t first_claim_index) {
  auto const first = static_cast<std::uint32_t>(first_claim_index);
  for (auto n : notes.nameless) {
    n.claim_index += first;
    nameless.push_back(n);
  }
  std::uint32_t member = 0;
  std::size_t member_of_claim = claims.size();  // the claim `member` was looked up for
  for (auto e : notes.entries) {
    if (e.claim_index != member_of_claim) {
      member_of_claim = e.claim_index;
      auto const& id = claims[member_of_claim].member_id;
      auto [found, added] = members_.try_emplace(id, static_cast<std::uint32_t>(member_ids.size()));
      if (added) member_ids.push_back(&found->first);
      member = found->second;
    }
    e.member = member;
    e.claim_index += first;
    entries.push_back(e);
  }
}

void accrual_ledger::add(claim const& value, std::size_t claim_index, rule_set const& rules) {
  std::span<claim const> const one(&value, 1);
  add(note_accruing(one, rules), one, claim_index);
}

void accrual_ledger::truncate(std::size_t claim_count) {
  while (!entries.empty() && entries.back().claim_index >= claim_count) entries.pop_back();
  while (!nameless.empty() && nameless.back().claim_index >= claim_count) nameless.pop_back();
}

std::size_t accrual_ledger::memory_bytes() const {
  std::size_t total = entries.size() * sizeof(entry) + nameless.size() * sizeof(nameless_claim) +
                      member_ids.capacity() * sizeof(std::string const*) +
                      members_.bucket_count() * sizeof(void*);
  // Each member: a hash node with its id (heap-allocated when longer than the short-string
  // buffer) and its number.
  for (auto const& [id, number] : members_) {
    total += sizeof(std::pair<std::string const, std::uint32_t>) + 2 * sizeof(void*);
    if (id.capacity() > 15) total += id.capacity() + 1;
  }
  return total;
}

finding threshold_findings::make(std::size_t index, claim_reader& claims) const {
  auto const& p = placed_[index];
  return make_finding(p, claims.at(p.claim_index), *rules_);
}

threshold_findings check_thresholds(claim_archive const& archive, accrual_ledger& ledger,
                                    rule_set const& rules, accrual_inputs const& inputs,
                                    std::size_t range_entries) {
  std::vector<std::uint32_t> rank(ledger.member_ids.size());
  {
    std::vector<std::uint32_t> by_name(rank.size());
    for (std::uint32_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
    tbb::parallel_sort(by_name.begin(), by_name.end(), [&](auto a, auto b) {
      return *ledger.member_ids[a] < *ledger.member_ids[b];
    });
    for (std::uint32_t r = 0; r < by_name.size(); ++r) rank[by_name[r]] = r;
  }
  auto& entries = ledger.entries;
  // The ledger noted the lines in input order: price them before sorting them for accrual.
  assert(std::is_sorted(entries.begin(), entries.end(),
                        [](entry const& a, entry const& b) { return line_key(a) < line_key(b); }));
  price(entries, allowed_by_line(inputs, rules.adjustments), archive, rules, inputs);
  tbb::parallel_sort(entries.begin(), entries.end(), [&](entry const& a, entry const& b) {
    return accrual_order(a, rank) < accrual_order(b, rank);
  });

  // Members are independent: cut the sorted entries into ranges at member boundaries and
  // judge the ranges in parallel, each into its own list; the lists join in range order.
  std::vector<std::size_t> cuts{0};
  for (std::size_t i = std::max<std::size_t>(range_entries, 1); i < entries.size(); ++i) {
    if (entries[i].member != entries[i - 1].member && i - cuts.back() >= range_entries) {
      cuts.push_back(i);
    }
  }
  cuts.push_back(entries.size());

  std::vector<std::vector<placed_finding>> judged(cuts.size() - 1);
  tbb::parallel_for(std::size_t{0}, judged.size(), [&](std::size_t r) {
    judged[r] = judge(entries, cuts[r], cuts[r + 1], rules, inputs, ledger.member_ids);
  });

  std::vector<placed_finding> placed;
  for (auto const& n : ledger.nameless) {
    placed.push_back({n.claim_index,
                      n.line_index,
                      placed_finding::what::member_missing,
                      finding_kind::error,
                      false,
                      {}});
  }
  std::set<std::pair<int, bool>> reported_years;  // a missing year once, at its first line
  for (auto& list : judged) {
    for (auto& p : list) {
      if (p.type == placed_finding::what::year_missing &&
          !reported_years.emplace(p.detail.year, p.review_table).second) {
        continue;
      }
      placed.push_back(p);
    }
    list = {};
  }
  // Stable: the findings of one line keep the order they were judged in.
  std::stable_sort(placed.begin(), placed.end(),
                   [](auto const& a, auto const& b) { return line_key(a) < line_key(b); });
  return threshold_findings(std::move(placed), rules);
}

std::vector<finding> check_thresholds(std::vector<claim> const& claims, rule_set const& rules,
                                      accrual_inputs const& inputs) {
  claim_archive archive;
  accrual_ledger ledger;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    archive.append(claims[i]);
    ledger.add(claims[i], i, rules);
  }
  auto const found = check_thresholds(archive, ledger, rules, inputs);
  claim_reader reader(archive);
  std::vector<finding> out;
  out.reserve(found.size());
  for (std::size_t i = 0; i < found.size(); ++i) out.push_back(found.make(i, reader));
  return out;
}

}  // namespace x12kx
