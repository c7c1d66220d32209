// Linking checks shared by the linker and store tests, and meant for any proof that feeds
// 837/835 pairs with known answers (such as the workload generator's): read the inputs,
// link them, and describe every remit line's outcome as one comparable string.
#pragma once

#include "claims/claim_builder.hpp"
#include "linking/linker.hpp"
#include "remits/remit_builder.hpp"
#include "x12/byte_source.hpp"
#include "x12/segment_reader.hpp"
#include "x12/transaction_framer.hpp"

#include <fmt/format.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace x12kx::testing {

struct parsed_inputs {
  std::vector<claim> claims;
  std::vector<remit> remits;
};

/// Reads files as scan does (framer, claim and remit builders), keeping what was accepted.
inline parsed_inputs read_inputs(std::vector<std::string> const& files) {
  parsed_inputs out;
  for (std::uint32_t index = 0; index < files.size(); ++index) {
    std::string reason;
    auto source = x12::open_source(files[index], reason);
    if (!source) throw std::runtime_error("cannot open " + files[index]);
    x12::segment_reader reader(*source);
    x12::transaction_framer framer(files[index], index);
    x12::raw_segment segment;
    while (reader.next(segment)) framer.on_segment(segment, reader.current_delimiters());
    framer.finish(reader.bytes_consumed());
    for (auto& unit : framer.ready()) {
      if (unit->type == x12::transaction_type::claim_837) build_claims(*unit);
      if (unit->type == x12::transaction_type::remit_835) build_remits(*unit);
      std::move(unit->claims.begin(), unit->claims.end(), std::back_inserter(out.claims));
      std::move(unit->remits.begin(), unit->remits.end(), std::back_inserter(out.remits));
    }
  }
  return out;
}

/// One line per remit line (or per payment without lines), in remit order:
///   "CLP01/svc2 -> CLM01/LX3 line_ref"    linked, with how
///   "CLP01/svc2 -> tie LX3,LX4"           identical candidates (remit_ambiguous)
///   "CLP01/svc2 -> unlinked"              matches nothing (remit_unlinked)
///   "CLP01/* -> netted"                   a reversal or the payment it cancelled
///   "CLP01/* -> unlinked"                 a reversal of no payment that was read
///   "CLP01/claim -> CLM01/LX1 claim"      a payment without service lines, per 837 line
/// Remits before `first_reported` are history and are left out.
inline std::vector<std::string> link_table(std::vector<claim> const& claims,
                                           std::vector<remit> const& remits, rule_set const& rules,
                                           std::size_t first_reported = 0) {
  auto const result = link_remits_detailed(claims, remits, rules, first_reported);
  using place = std::pair<envelope_info const*, std::uint64_t>;
  std::map<place, std::string> by_place;
  for (auto const& f : result.findings) {
    if (!f.remit) continue;
    place const where{f.remit->source.envelope.get(), f.remit->source.offset};
    if (f.kind == finding_kind::remit_unlinked) by_place[where] = "unlinked";
    if (f.kind == finding_kind::remit_ambiguous) {
      std::string tie = "tie ";
      for (std::size_t i = 0; i < f.candidates.size(); ++i) {
        tie += fmt::format("{}LX{}", i ? "," : "", f.candidates[i].line_number);
      }
      by_place[where] = tie;
    }
  }
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::string>> linked;
  constexpr std::size_t whole_claim = ~std::size_t{0};
  for (auto const& l : result.links) {
    auto const& c = claims[l.claim];
    linked[{l.remit, l.remit_line.value_or(whole_claim)}].push_back(
        fmt::format("{}/LX{} {}", c.claim_id, c.lines[l.claim_line].line_number, name_of(l.how)));
  }
  std::vector<std::string> table;
  for (std::size_t r = first_reported; r < remits.size(); ++r) {
    auto const& payment = remits[r];
    auto const envelope = payment.source.envelope.get();
    if (result.reversed[r]) {
      bool const alone = by_place.count({envelope, payment.source.offset}) != 0;
      table.push_back(payment.claim_id + (alone ? "/* -> unlinked" : "/* -> netted"));
      continue;
    }
    if (payment.lines.empty()) {
      auto const found = linked.find({r, whole_claim});
      if (found == linked.end()) {
        auto const other = by_place.find({envelope, payment.source.offset});
        table.push_back(payment.claim_id + "/claim -> " +
                        (other == by_place.end() ? "nothing" : other->second));
        continue;
      }
      for (auto const& target : found->second) {
        table.push_back(payment.claim_id + "/claim -> " + target);
      }
      continue;
    }
    for (std::size_t k = 0; k < payment.lines.size(); ++k) {
      std::string const name = fmt::format("{}/svc{}", payment.claim_id, k + 1);
      auto const found = linked.find({r, k});
      if (found != linked.end()) {
        table.push_back(name + " -> " + found->second.front());
        continue;
      }
      auto other = by_place.find({envelope, payment.lines[k].offset});
      if (other == by_place.end()) other = by_place.find({envelope, payment.source.offset});
      table.push_back(name + " -> " + (other == by_place.end() ? "nothing" : other->second));
    }
  }
  return table;
}

/// The findings of one kind, as "CLM01/LXn" (or "CLM01" for claim-level records).
inline std::vector<std::string> finding_places(std::vector<finding> const& findings,
                                               finding_kind kind) {
  std::vector<std::string> out;
  for (auto const& f : findings) {
    if (f.kind != kind) continue;
    out.push_back(f.line_number ? fmt::format("{}/LX{}", f.claim_id, *f.line_number) : f.claim_id);
  }
  return out;
}

}  // namespace x12kx::testing
