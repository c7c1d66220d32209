#include "linking/linker.hpp"

#include "checks/finding_factory.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace x12kx {
namespace {

bool contains(std::vector<std::string> const& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

/// The inputs of the denial decision table for one remit line or claim.
struct denial_facts {
  std::vector<remit_adjustment> const* line_adjustments = nullptr;
  std::vector<remit_adjustment> const* claim_adjustments = nullptr;
  std::vector<std::string> const* line_remarks = nullptr;
  std::vector<std::string> const* claim_remarks = nullptr;
  modifier_set const* modifiers = nullptr;

  template <typename Predicate>
  bool any_adjustment(Predicate predicate) const {
    for (auto const* list : {line_adjustments, claim_adjustments}) {
      if (list == nullptr) continue;
      for (auto const& a : *list) {
        if (predicate(a)) return true;
      }
    }
    return false;
  }
  bool any_remark(std::vector<std::string> const& codes) const {
    for (auto const* list : {line_remarks, claim_remarks}) {
      if (list == nullptr) continue;
      for (auto const& r : *list) {
        if (contains(codes, r)) return true;
      }
    }
    return false;
  }
};

bool matches(action_rule const& rule, denial_facts const& facts) {
  if (!rule.carcs_any.empty() &&
      !facts.any_adjustment([&](auto const& a) { return contains(rule.carcs_any, a.reason); })) {
    return false;
  }
  if (!rule.groups_any.empty() &&
      !facts.any_adjustment([&](auto const& a) { return contains(rule.groups_any, a.group); })) {
    return false;
  }
  if (!rule.rarcs_any.empty() && !facts.any_remark(rule.rarcs_any)) return false;
  if (rule.kx && facts.modifiers->has("KX") != *rule.kx) return false;
  if (!rule.modifiers_any.empty()) {
    bool found = false;
    for (auto const& m : rule.modifiers_any) found = found || facts.modifiers->has(m);
    if (!found) return false;
  }
  return true;
}

action_rule const& decide(adjustment_rules const& rules, denial_facts const& facts) {
  for (auto const& rule : rules.action_rules) {
    if (matches(rule, facts)) return rule;
  }
  return rules.action_rules.back();  // validated at load: the last rule always matches
}

bool has_non_routine(std::vector<remit_adjustment> const& adjustments,
                     adjustment_rules const& rules) {
  return std::any_of(adjustments.begin(), adjustments.end(),
                     [&](auto const& a) { return !rules.is_routine(a.reason); });
}

std::vector<adjustment> to_output(std::vector<remit_adjustment> const& adjustments) {
  std::vector<adjustment> out;
  out.reserve(adjustments.size());
  for (auto const& a : adjustments) out.push_back({a.group, a.reason, a.amount});
  return out;
}

std::string adjustment_list(std::vector<remit_adjustment> const& adjustments,
                            adjustment_rules const& rules) {
  std::string out;
  for (auto const& a : adjustments) {
    if (rules.is_routine(a.reason)) continue;
    if (!out.empty()) out += ", ";
    out += a.group + "-" + a.reason;
  }
  return out;
}

remit_reference reference(remit const& payment, std::uint64_t offset, cents paid) {
  return remit_reference{
      {payment.source.envelope, offset}, payment.status, payment.payer_claim_id, paid};
}

class linker {
 public:
  linker(std::span<claim const> claims, std::span<remit const> remits, rule_set const& rules,
         std::size_t first_reported)
      : claims_(claims), remits_(remits), rules_(rules), first_reported_(first_reported) {
    line_start_.reserve(claims.size() + 1);
    line_start_.push_back(0);
    for (std::size_t i = 0; i < claims.size(); ++i) {
      std::string_view const id = claims[i].claim_id;
      by_id_[id].push_back(i);
      if (id.size() > payer_claim_id_length) {
        by_prefix_[id.substr(0, payer_claim_id_length)].push_back(i);
      }
      line_start_.push_back(line_start_.back() + claims[i].lines.size());
    }
    used_.assign(line_start_.back(), 0);
  }

  link_result run() {
    linking_pass_ = false;
    result_.reversed = pair_reversals();
    linking_pass_ = true;
    result_.claim_of.reserve(remits_.size());
    for (auto const& payment : remits_) {
      claim const* billed = find_claim(payment);
      result_.claim_of.push_back(billed ? std::optional<std::size_t>(billed - claims_.data())
                                        : std::nullopt);
    }
    for (std::size_t r = 0; r < remits_.size(); ++r) {
      if (result_.reversed[r]) continue;
      at_remit(r);
      link(remits_[r]);
    }
    return std::move(result_);
  }

 private:
  /// Marks each reversal and the earlier payment it cancels. A reversal that finds no
  /// payment in the run is reported as unlinked; it is not a denial.
  std::vector<bool> pair_reversals() {
    std::vector<bool> reversed(remits_.size(), false);
    using payment_key = std::pair<std::string_view, std::string_view>;  // CLP01, CLP07
    auto const key_of = [](remit const& payment) {
      return payment_key(payment.claim_id, payment.payer_claim_id);
    };
    // Only payments under a key some reversal has can be cancelled: the others need no
    // bookkeeping (reversals are few next to payments).
    std::set<payment_key> reversal_keys;
    for (auto const& payment : remits_) {
      if (payment.is_reversal()) reversal_keys.insert(key_of(payment));
    }
    std::map<payment_key, std::vector<std::size_t>> open;
    for (std::size_t r = 0; r < remits_.size(); ++r) {
      at_remit(r);
      auto const& payment = remits_[r];
      auto const key = key_of(payment);
      if (!payment.is_reversal()) {
        if (reversal_keys.contains(key)) open[key].push_back(r);
        continue;
      }
      reversed[r] = true;
      auto& candidates = open[key];
      auto const original = std::find_if(candidates.rbegin(), candidates.rend(), [&](auto i) {
        return remits_[i].charge == -payment.charge && remits_[i].paid == -payment.paid;
      });
      if (original == candidates.rend()) {
        unlinked(payment, "reversal (CLP02 22) of a payment not in this run");
        continue;
      }
      reversed[*original] = true;
      candidates.erase(std::next(original).base());
    }
    return reversed;
  }

  /// History remits (before first_reported_) make no findings and no links.
  void at_remit(std::size_t r) {
    current_ = r;
    reporting_ = r >= first_reported_;
  }

  void emit(finding f) {
    if (!reporting_) return;
    result_.findings.push_back(std::move(f));
    result_.origins.push_back({linking_pass_, current_});
  }

  void record_link(claim const& billed, claim_line const& line, remit const& payment,
                   remit_line const* paid_line, link_kind how) {
    if (!reporting_) return;
    line_link l;
    l.remit = current_;
    if (paid_line != nullptr) {
      l.remit_line = static_cast<std::size_t>(paid_line - payment.lines.data());
    }
    l.claim = static_cast<std::size_t>(&billed - claims_.data());
    l.claim_line = static_cast<std::size_t>(&line - billed.lines.data());
    l.how = how;
    result_.links.push_back(l);
  }

  void unlinked(remit const& payment, std::string message) {
    auto const& text = rules_.text(finding_kind::remit_unlinked);
    finding f;
    f.kind = finding_kind::remit_unlinked;
    f.level = text.level;
    f.message = std::move(message);
    f.claim_id = payment.claim_id;
    f.charge = payment.charge;
    f.source = payment.source;
    f.rule = rule_detail{text.rule, text.policy_source, text.guidance};
    f.remit = reference(payment, payment.source.offset, payment.paid);
    emit(std::move(f));
  }

  void unlinked_line(remit const& payment, remit_line const& line, std::string message) {
    if (!reporting_) return;
    unlinked(payment, std::move(message));
    auto& f = result_.findings.back();
    f.line_ref = line.line_ref;
    f.procedure = line.billed_procedure();
    f.modifiers = line.billed_modifiers().to_strings();
    if (!line.service_date.empty()) f.service_date = line.service_date;
    f.charge = line.charge;
    f.source = {payment.source.envelope, line.offset};
    f.remit = reference(payment, line.offset, line.paid);
  }

  claim const* find_claim(remit const& payment) const {
    auto found = by_id_.find(payment.claim_id);
    if (found == by_id_.end() && payment.claim_id.size() == payer_claim_id_length) {
      found = by_prefix_.find(payment.claim_id);
      if (found == by_prefix_.end()) return nullptr;
    } else if (found == by_id_.end()) {
      return nullptr;
    }
    // Several claims under one id are an original and its replacements: the last one
    // received is the one in force.
    return &claims_[found->second.back()];
  }

  void link(remit const& payment) {
    claim const* billed = find_claim(payment);
    if (billed == nullptr) {
      unlinked(payment, "remit for a claim id that no 837 claim of this run has");
      return;
    }
    std::uint8_t* const used = used_.data() + line_start_[billed - claims_.data()];
    bool const claim_level_denial =
        has_non_routine(payment.adjustments, rules_.adjustments) || payment.is_denied();
    if (payment.lines.empty()) {
      for (auto const& line : billed->lines) {
        record_link(*billed, line, payment, nullptr, link_kind::claim);
        if (claim_level_denial) denial(*billed, line, payment, nullptr, link_kind::claim);
      }
      return;
    }
    if (has_non_routine(payment.adjustments, rules_.adjustments)) {
      claim_denial(*billed, payment);
    }
    for (auto const& line : payment.lines) link_line(*billed, used, payment, line);
  }

  void link_line(claim const& billed, std::uint8_t* used, remit const& payment,
                 remit_line const& paid_line) {
    if (!paid_line.line_ref.empty()) {
      for (std::size_t i = 0; i < billed.lines.size(); ++i) {
        if (billed.lines[i].line_ref == paid_line.line_ref) {
          used[i] = true;
          return answer(billed, billed.lines[i], payment, paid_line, link_kind::line_ref);
        }
      }
    }
    auto candidates = match(billed, used, paid_line, /*with_modifiers=*/true);
    if (candidates.empty()) candidates = match(billed, used, paid_line, false);
    if (candidates.size() == 1) {
      used[candidates.front()] = true;
      return answer(billed, billed.lines[candidates.front()], payment, paid_line, link_kind::match);
    }
    if (candidates.empty()) {
      return unlinked_line(payment, paid_line, "remit line matches no line of its 837 claim");
    }
    ambiguous(billed, candidates, payment, paid_line);
  }

  /// Unused lines of the claim equal to the remit line on code, modifiers, date, charge
  /// and units. Without modifiers is the fallback for payers who changed a modifier but
  /// did not report the original in SVC06.
  std::vector<std::size_t> match(claim const& billed, std::uint8_t const* used,
                                 remit_line const& paid_line, bool with_modifiers) const {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < billed.lines.size(); ++i) {
      auto const& line = billed.lines[i];
      if (used[i]) continue;
      bool const same_code = paid_line.billed_procedure().empty()
                                 ? line.revenue_code == paid_line.revenue_code
                                 : line.procedure == paid_line.billed_procedure();
      if (!same_code || line.charge != paid_line.charge) continue;
      if (with_modifiers && !line.modifiers.same_set(paid_line.billed_modifiers())) continue;
      if (!paid_line.service_date.empty() && line.service_date != paid_line.service_date) {
        continue;
      }
      if (paid_line.units_milli != 0 && line.units_milli != 0 &&
          paid_line.units_milli != line.units_milli) {
        continue;
      }
      found.push_back(i);
    }
    return found;
  }

  void answer(claim const& billed, claim_line const& line, remit const& payment,
              remit_line const& paid_line, link_kind how) {
    record_link(billed, line, payment, &paid_line, how);
    if (kx_stripped(line, paid_line)) stripped(billed, line, payment, paid_line);
    if (!has_non_routine(paid_line.adjustments, rules_.adjustments)) return;
    denial(billed, line, payment, &paid_line, how);
  }

  /// KX was submitted (on the 837 line, or in SVC06) but is not on the adjudicated SVC01.
  static bool kx_stripped(claim_line const& line, remit_line const& paid_line) {
    bool const submitted = line.modifiers.has("KX") ||
                           (paid_line.has_submitted && paid_line.submitted_modifiers.has("KX"));
    return submitted && !paid_line.modifiers.has("KX");
  }

  void stripped(claim const& billed, claim_line const& line, remit const& payment,
                remit_line const& paid_line) {
    auto f = line_finding(finding_kind::kx_stripped, billed, line, rules_);
    f.remit = reference(payment, paid_line.offset, paid_line.paid);
    emit(std::move(f));
  }

  void denial(claim const& billed, claim_line const& line, remit const& payment,
              remit_line const* paid_line, link_kind how) {
    auto const& adjustments = paid_line ? paid_line->adjustments : payment.adjustments;
    denial_facts facts;
    facts.line_adjustments = paid_line ? &paid_line->adjustments : nullptr;
    facts.claim_adjustments = &payment.adjustments;
    facts.line_remarks = paid_line ? &paid_line->remarks : nullptr;
    facts.claim_remarks = &payment.remarks;
    facts.modifiers = &line.modifiers;
    auto const& rule = decide(rules_.adjustments, facts);

    cents const paid = paid_line ? paid_line->paid : 0;
    finding f;
    f.kind = finding_kind::denial;
    f.level = paid == 0 ? severity::error : severity::warning;
    std::string const codes = adjustment_list(adjustments, rules_.adjustments);
    // Both arms are views: a mixed ternary would make a temporary string and a dangling view.
    std::string_view const reasons =
        codes.empty() ? std::string_view("claim denied") : std::string_view(codes);
    f.message = fmt::format("payer {} the line: {}", paid == 0 ? "denied" : "adjusted", reasons);
    set_line_identity(f, billed, line);
    f.rule = rule_detail{rule.id, rule.policy_source, rule.guidance};
    denial_detail detail;
    detail.adjustments = to_output(adjustments);
    if (paid_line) detail.remarks = paid_line->remarks;
    detail.remarks.insert(detail.remarks.end(), payment.remarks.begin(), payment.remarks.end());
    detail.link = how;
    detail.kx_on_claim_line = line.modifiers.has("KX");
    detail.action = rule.action;
    f.denial = std::move(detail);
    f.remit = reference(payment, paid_line ? paid_line->offset : payment.source.offset, paid);
    if (reporting_ && !result_.links.empty() && !result_.links.back().denial) {
      result_.links.back().denial = result_.findings.size();
    }
    emit(std::move(f));
  }

  /// Non-routine claim-level adjustments beside service lines: one finding for the claim.
  void claim_denial(claim const& billed, remit const& payment) {
    denial_facts facts;
    facts.claim_adjustments = &payment.adjustments;
    facts.claim_remarks = &payment.remarks;
    modifier_set const none;
    facts.modifiers = &none;
    auto const& rule = decide(rules_.adjustments, facts);
    finding f;
    f.kind = finding_kind::denial;
    f.level = payment.paid == 0 ? severity::error : severity::warning;
    f.message = fmt::format("payer adjusted the claim: {}",
                            adjustment_list(payment.adjustments, rules_.adjustments));
    f.claim_id = billed.claim_id;
    f.member_id = billed.member_id;
    f.charge = billed.total_charge;
    f.source = billed.source;
    f.rule = rule_detail{rule.id, rule.policy_source, rule.guidance};
    denial_detail detail;
    detail.adjustments = to_output(payment.adjustments);
    detail.remarks = payment.remarks;
    detail.link = link_kind::claim;
    detail.kx_on_claim_line =
        std::any_of(billed.lines.begin(), billed.lines.end(),
                    [](auto const& line) { return line.modifiers.has("KX"); });
    detail.action = rule.action;
    f.denial = std::move(detail);
    f.remit = reference(payment, payment.source.offset, payment.paid);
    emit(std::move(f));
  }

  void ambiguous(claim const& billed, std::vector<std::size_t> const& candidates,
                 remit const& payment, remit_line const& paid_line) {
    auto const& text = rules_.text(finding_kind::remit_ambiguous);
    finding f;
    f.kind = finding_kind::remit_ambiguous;
    f.level = text.level;
    f.message =
        fmt::format("remit line matches {} identical lines of its claim", candidates.size());
    f.claim_id = billed.claim_id;
    f.member_id = billed.member_id;
    f.line_ref = paid_line.line_ref;
    f.procedure = paid_line.billed_procedure();
    f.modifiers = paid_line.billed_modifiers().to_strings();
    if (!paid_line.service_date.empty()) f.service_date = paid_line.service_date;
    f.charge = paid_line.charge;
    f.source = {payment.source.envelope, paid_line.offset};
    f.rule = rule_detail{text.rule, text.policy_source, text.guidance};
    f.remit = reference(payment, paid_line.offset, paid_line.paid);
    for (auto i : candidates) {
      f.candidates.push_back({billed.lines[i].line_number, billed.lines[i].line_ref});
    }
    emit(std::move(f));
  }

  std::span<claim const> claims_;
  std::span<remit const> remits_;
  rule_set const& rules_;
  std::size_t first_reported_;
  std::size_t current_ = 0;
  bool reporting_ = true;
  bool linking_pass_ = true;
  link_result result_;
  // Keys are views into claims_, which outlive the linker.
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_id_;
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_prefix_;
  // Which lines of each claim a remit line took: the lines of claim i from line_start_[i].
  std::vector<std::size_t> line_start_;
  std::vector<std::uint8_t> used_;
};

}  // namespace

std::vector<finding> link_remits(std::span<claim const> claims, std::span<remit const> remits,
                                 rule_set const& rules) {
  return linker(claims, remits, rules, 0).run().findings;
}

link_result link_remits_detailed(std::span<claim const> claims, std::span<remit const> remits,
                                 rule_set const& rules, std::size_t first_reported) {
  return linker(claims, remits, rules, first_reported).run();
}

}  // namespace x12kx
