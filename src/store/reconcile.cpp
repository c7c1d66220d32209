#include "store/reconcile.hpp"

#include "checks/finding_factory.hpp"
#include "findings/json_writer.hpp"
#include "linking/linker.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <set>

namespace x12kx {
namespace {

// The 5010 group codes, always written in this order; any other code follows them.
constexpr std::array<std::string_view, 4> group_codes = {"CO", "PR", "OA", "PI"};

/// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(date8 d) {
  std::int64_t y = d.year();
  auto const m = static_cast<unsigned>(d.month());
  auto const day = static_cast<unsigned>(d.day());
  y -= m <= 2;
  std::int64_t const era = (y >= 0 ? y : y - 399) / 400;
  auto const yoe = static_cast<unsigned>(y - era * 400);
  unsigned const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
  unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// Sums the claim- and line-level adjustments of a payment by group code.
void add_adjustments(remit const& payment, std::map<std::string, cents>& by_group) {
  for (auto const& a : payment.adjustments) by_group[a.group] += a.amount;
  for (auto const& line : payment.lines) {
    for (auto const& a : line.adjustments) by_group[a.group] += a.amount;
  }
}

std::vector<adjustment> ordered_groups(std::map<std::string, cents> by_group) {
  std::vector<adjustment> out;
  for (auto code : group_codes) {
    auto const found = by_group.find(std::string(code));
    out.push_back({std::string(code), "", found == by_group.end() ? 0 : found->second});
    if (found != by_group.end()) by_group.erase(found);
  }
  for (auto const& [group, amount] : by_group) out.push_back({group, "", amount});
  return out;
}

/// What the links and remits say about one claim.
struct claim_tally {
  cents paid = 0;
  std::map<std::string, cents> adjusted;
  std::uint64_t remits = 0;
  std::set<std::size_t> answered;
  std::vector<finding const*> denials;
};

}  // namespace

std::int64_t days_between(date8 from, date8 to) {
  return days_from_civil(to) - days_from_civil(from);
}

reconcile_counts run_reconcile(claim_store& store, rule_set const& rules,
                               reconcile_options const& options, output_sink const& out) {
  auto const stored = store.all_claims();
  std::vector<claim> claims;
  claims.reserve(stored.size());
  for (auto const& s : stored) claims.push_back(s.billed);
  auto const remits = store.all_remits();
  auto const linked = link_remits_detailed(claims, remits, rules);

  std::vector<claim_tally> tallies(claims.size());
  for (std::size_t r = 0; r < remits.size(); ++r) {
    if (!linked.claim_of[r]) continue;
    auto& tally = tallies[*linked.claim_of[r]];
    tally.paid += remits[r].paid;
    tally.remits += 1;
    add_adjustments(remits[r], tally.adjusted);
  }
  for (auto const& l : linked.links) {
    tallies[l.claim].answered.insert(l.claim_line);
    if (l.denial) tallies[l.claim].denials.push_back(&linked.findings[*l.denial]);
  }

  reconcile_counts counts;
  std::string buffer;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    auto const& s = stored[i];
    auto const& tally = tallies[i];
    claim_reconciliation record;
    record.header.claim_id = s.billed.claim_id;
    record.header.member_id = s.billed.member_id;
    record.header.charge = s.billed.total_charge;
    record.header.source = s.billed.source;
    record.header.level = severity::info;
    record.status = name_of(s.status);
    record.received = s.received;
    record.paid = tally.paid;
    record.adjusted = ordered_groups(tally.adjusted);
    record.remits = tally.remits;
    record.lines = s.billed.lines.size();
    record.lines_answered = tally.answered.size();
    record.denied_lines = tally.denials;
    record.header.message =
        fmt::format("{} of {} lines answered by {} remits; {} denied", record.lines_answered,
                    record.lines, record.remits, record.denied_lines.size());
    append_json(buffer, record);
    ++counts.claims;

    std::int64_t const waited = days_between(s.received, options.as_of);
    if (s.status != claim_status::open || waited < options.open_after_days) continue;
    for (std::size_t line = 0; line < s.billed.lines.size(); ++line) {
      if (tally.answered.count(line)) continue;
      auto f = line_finding(finding_kind::remit_missing, s.billed, s.billed.lines[line], rules);
      f.waiting = waiting_detail{s.received, waited};
      append_json(buffer, f);
      ++counts.remit_missing;
    }
    if (buffer.size() >= (1u << 20)) {
      out(buffer);
      buffer.clear();
    }
  }
  for (auto const& f : linked.findings) {
    if (f.kind != finding_kind::remit_unlinked && f.kind != finding_kind::remit_ambiguous) continue;
    if (f.kind == finding_kind::remit_unlinked) ++counts.remit_unlinked;
    append_json(buffer, f);
  }
  counts.remits = remits.size();
  if (!buffer.empty()) out(buffer);
  return counts;
}

}  // namespace x12kx
