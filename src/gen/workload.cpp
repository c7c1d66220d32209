#include "gen/workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>

namespace x12kx::gen {
namespace {

// Members come in cohorts: each cohort has this many members with visits_per_member visits
// each, interleaved, so a file of a few thousand claims already has members past the KX
// threshold, and the generator needs no state beyond one cohort.
constexpr std::uint64_t cohort_members = 50;
constexpr std::uint64_t visits_per_member = 24;
constexpr std::uint64_t cohort_claims = cohort_members * visits_per_member;
constexpr std::uint32_t days_between_visits = 15;

/// splitmix64: small, fast, and good enough to make billing choices from a seed.
class rng {
 public:
  explicit rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// True with probability per_mille / 1000.
  bool chance(unsigned per_mille) { return next() % 1000 < per_mille; }
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t state_;
};

std::uint64_t hash(std::uint64_t a, std::uint64_t b) {
  return rng(a * 0x100000001b3ULL ^ b).next();
}

enum discipline : std::uint8_t { pt, ot, slp };

constexpr procedure_code pt_codes[] = {
    {"97110", "0420", 4500, true}, {"97112", "0420", 4800, true}, {"97140", "0420", 4200, true},
    {"97530", "0420", 5000, true}, {"97116", "0420", 4400, true}, {"97035", "0420", 1800, true},
};
constexpr procedure_code ot_codes[] = {
    {"97530", "0430", 5000, true}, {"97535", "0430", 4700, true}, {"97110", "0430", 4500, true},
    {"97140", "0430", 4200, true}, {"97542", "0430", 4300, true},
};
constexpr procedure_code slp_codes[] = {
    {"92507", "0440", 11000, true},
    {"92526", "0440", 10500, true},
};
constexpr procedure_code evaluations[] = {
    {"97161", "0420", 12000, true}, {"97165", "0430", 12500, true}, {"92526", "0440", 15000, true}};
constexpr procedure_code dmepos_codes[] = {
    {"E0601", "", 15000, false}, {"A7030", "", 18000, false}, {"A4253", "", 9000, false},
    {"E0143", "", 14000, false}, {"E0720", "", 40000, false},
};

// What a payer recodes a therapy line to (group therapy), per discipline.
constexpr procedure_code recoded_codes[] = {
    {"97150", "0420", 2500, true}, {"97150", "0430", 2500, true}, {"92508", "0440", 5000, true}};

template <std::size_t N>
std::span<procedure_code const> view(procedure_code const (&codes)[N]) {
  return {codes, N};
}

std::span<procedure_code const> codes_for(discipline d) {
  if (d == pt) return view(pt_codes);
  if (d == ot) return view(ot_codes);
  return view(slp_codes);
}

std::string_view discipline_modifier(discipline d) {
  return d == pt ? "GP" : d == ot ? "GO" : "GN";
}

/// Day of year 2024 (0-based) as CCYYMMDD; 2024 is a leap year.
std::uint32_t date_2024(std::uint32_t day) {
  constexpr std::array<std::uint32_t, 12> lengths{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::uint32_t month = 0;
  while (month < 11 && day >= lengths[month]) day -= lengths[month++];
  return 20240000 + (month + 1) * 100 + std::min(day + 1, lengths[month]);
}

/// Now and then the payer adjudicates a paid therapy line under another code (and reports
/// the billed one in SVC06), or drops its discipline modifier without SVC06. Tied lines stay
/// as billed: the tie is their answer.
void plan_payer_changes(line_plan& line, unsigned roll) {
  if (line.denied() || line.link == link_answer::ambiguous || !line.procedure->therapy) return;
  for (auto const d : {pt, ot, slp}) {
    if (!line.modifiers.has(discipline_modifier(d))) continue;
    if (roll < 20) {
      line.adjudicated = &recoded_codes[d];
    } else if (roll < 40) {
      line.dropped = discipline_modifier(d);
    }
    return;
  }
}

}  // namespace

cents claim_plan::total_charge() const {
  cents total = 0;
  for (auto const& line : lines) total += line.charge;
  return total;
}

void expected_counts::add(claim_plan const& claim) {
  ++claims;
  lines += claim.lines.size();
  for (auto const& line : claim.lines) {
    bool const kx = line.modifiers.has("KX");
    if (line.past_threshold && !kx && !line.modifiers.has("GA")) ++kx_missing;
    bool const accrues =
        line.procedure->therapy && claim.medicare && line.modifiers.has_any({"GP", "GO", "GN"});
    if (accrues && !line.past_threshold && kx) {
      ++kx_early;
    }
  }
  auto const answered = [&](line_plan const& line) {
    if (line.link == link_answer::ambiguous) {
      ++ambiguous;
    } else if (line.denied()) {
      ++denials;
    }
  };
  switch (claim.shape) {
    case remit_shape::claim_denied:
      ++remits;
      denials += claim.lines.size();
      return;
    case remit_shape::reversed_corrected:
      remits += 3;
      remit_lines += 3 * claim.lines.size();
      ++reversals;
      break;
    case remit_shape::lines:
      ++remits;
      remit_lines += claim.lines.size();
      break;
    case remit_shape::split:
      remits += 2;
      remit_lines += claim.lines.size();
      break;
  }
  std::for_each(claim.lines.begin(), claim.lines.end(), answered);
}

workload::workload(workload_options options) : options_(options) {}

workload::member_state& workload::member(std::uint64_t id) { return members_[id % cohort_members]; }

claim_plan const& workload::next() {
  std::uint64_t const index = index_++;
  if (index % cohort_claims == 0) members_.assign(cohort_members, member_state{});
  std::uint64_t const salt = hash(options_.seed, index);
  rng pick(salt);
  claim_ = claim_plan{};
  claim_.lines.clear();
  claim_.index = index;
  std::uint64_t const slot = index % cohort_claims;
  claim_.member = index / cohort_claims * cohort_members + slot % cohort_members;
  auto const visit = static_cast<std::uint32_t>(slot / cohort_members);
  std::uint32_t const day =
      1 + visit * days_between_visits + static_cast<std::uint32_t>(claim_.member % 7);
  claim_.statement_from = claim_.statement_to = date_2024(day);
  claim_.medicare = !pick.chance(20);
  claim_.line_refs = !pick.chance(300);
  claim_.dmepos = options_.kind == claim_kind::professional && visit > 0 && pick.chance(80);
  if (claim_.dmepos) {
    plan_dmepos(pick.next());
  } else {
    plan_therapy(pick.next());
  }
  plan_remit(pick.next());
  return claim_;
}

void workload::plan_therapy(std::uint64_t salt) {
  rng pick(salt);
  auto const d = static_cast<discipline>(hash(options_.seed, claim_.member) % 3);
  auto const codes = codes_for(d);
  bool const first_visit = claim_.index % cohort_claims < cohort_members;
  std::size_t const count =
      first_visit ? 2 : 1 + pick.below(std::min<std::size_t>(codes.size(), 3));
  auto& ytd = member(claim_.member).ytd[d == ot ? 1 : 0];
  std::size_t const start = pick.below(codes.size());
  // Two identical lines on a claim without line item control numbers: only a tie can link.
  bool const duplicate = !claim_.line_refs && count >= 2 && pick.chance(150);
  for (std::size_t i = 0; i < count; ++i) {
    line_plan line;
    if (duplicate && i == 1) {
      line = claim_.lines[0];
      line.number = 2;
      bool const accrues = claim_.medicare && line.modifiers.has(discipline_modifier(d));
      line.past_threshold = accrues && ytd + line.charge > kx_threshold_2024;
      if (accrues) ytd += line.charge;
      claim_.lines[0].link = line.link = link_answer::ambiguous;
      claim_.lines.push_back(line);
      continue;
    }
    line.number = static_cast<std::uint16_t>(i + 1);
    line.procedure = first_visit && i == 0 ? &evaluations[d] : &codes[(start + i) % codes.size()];
    line.units =
        static_cast<std::uint16_t>(line.procedure == &evaluations[d] ? 1 : 1 + pick.below(3));
    line.charge = line.procedure->unit_charge * line.units;
    line.service_date = claim_.statement_from;
    bool const missing_discipline = pick.chance(15);
    if (!missing_discipline) line.modifiers.add(discipline_modifier(d));
    bool const accrues = claim_.medicare && !missing_discipline;
    line.past_threshold = accrues && ytd + line.charge > kx_threshold_2024;
    if (accrues) ytd += line.charge;
    if (!claim_.medicare) {
      if (pick.chance(300)) line.modifiers.add("KX");  // KX off Medicare
    } else if (missing_discipline) {
      line.outcome = line_outcome::denied_4;
    } else if (line.past_threshold) {
      plan_past_threshold(line, static_cast<unsigned>(pick.below(1000)));
    } else if (pick.chance(30)) {
      line.modifiers.add("KX");  // KX before the threshold
    }
    claim_.lines.push_back(line);
  }
}

/// A therapy line past the threshold: KX mostly, forgotten or replaced by GA sometimes.
void workload::plan_past_threshold(line_plan& line, unsigned roll) {
  if (roll < 100) {
    line.outcome = line_outcome::denied_119;  // KX forgotten
  } else if (roll < 110) {
    line.modifiers.add("GA");
    line.outcome = line_outcome::denied_50;
    line.patient_liable = true;
  } else {
    line.modifiers.add("KX");
    if (roll < 140) {
      line.outcome = line_outcome::denied_151;
      line.svc06 = true;
    }
  }
}

void workload::plan_dmepos(std::uint64_t salt) {
  rng pick(salt);
  std::size_t const count = 1 + pick.below(2);
  std::size_t const start = pick.below(std::size(dmepos_codes));
  for (std::size_t i = 0; i < count; ++i) {
    line_plan line;
    line.number = static_cast<std::uint16_t>(i + 1);
    line.procedure = &dmepos_codes[(start + i) % std::size(dmepos_codes)];
    line.units = static_cast<std::uint16_t>(line.procedure->code == "A4253" ? 2 : 1);
    line.charge = line.procedure->unit_charge * line.units;
    line.service_date = claim_.statement_from;
    if (line.procedure->code == "E0601") line.modifiers.add("RR");
    unsigned const roll = static_cast<unsigned>(pick.below(1000));
    if (!claim_.medicare) {
      line.modifiers.add("KX");
    } else if (roll < 700) {
      line.modifiers.add(line.procedure->code == "A4253" && roll < 300 ? "KS" : "KX");
    } else if (roll < 780) {
      line.modifiers.add("GA");
      line.outcome = line_outcome::denied_50;
      line.patient_liable = true;
    } else if (roll < 840) {
      line.modifiers.add("GZ");
      line.outcome = line_outcome::denied_50;
    } else {
      line.outcome = line_outcome::denied_4;  // none of KX/GA/GY/GZ
    }
    claim_.lines.push_back(line);
  }
}

void workload::plan_remit(std::uint64_t salt) {
  rng pick(salt);
  for (auto& line : claim_.lines) {
    if (!claim_.line_refs && line.link == link_answer::line_ref) line.link = link_answer::match;
    line.allowed = line.charge * 80 / 100;
    line.coinsurance = line.allowed / 5;
  }
  if (claim_.medicare && pick.chance(10)) {
    claim_.shape = remit_shape::claim_denied;
  } else if (pick.chance(15)) {
    claim_.shape = remit_shape::reversed_corrected;
  } else if (claim_.lines.size() >= 2 && pick.chance(40)) {
    claim_.shape = remit_shape::split;
    claim_.split_at = 1 + pick.below(claim_.lines.size() - 1);
  }
  if (claim_.shape == remit_shape::claim_denied) return;
  for (auto& line : claim_.lines) plan_payer_changes(line, static_cast<unsigned>(pick.below(1000)));
}

std::string_view claim_id(std::uint64_t seed, std::uint64_t index, std::array<char, 32>& buffer) {
  auto const end = fmt::format_to_n(buffer.data(), buffer.size(), "G{:04X}C{:010}",
                                    static_cast<unsigned>(seed & 0xffff), index);
  return {buffer.data(), end.size};
}

std::string_view line_ref(std::uint64_t seed, std::uint64_t index, std::uint16_t line,
                          std::array<char, 32>& buffer) {
  auto const end = fmt::format_to_n(buffer.data(), buffer.size(), "L{:04X}{:010}{:02}",
                                    static_cast<unsigned>(seed & 0xffff), index, line);
  return {buffer.data(), end.size};
}

}  // namespace x12kx::gen
