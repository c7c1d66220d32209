#include "pipeline/run_linking.hpp"

#include "findings/json_writer.hpp"
#include "linking/linker.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <functional>
#include <tuple>
#include <unordered_set>

namespace x12kx {
namespace {

// Enough partitions to spread over many threads and keep each one's decoded claims small;
// few enough that a small run is not cut into crumbs.
constexpr std::size_t remits_per_partition = 4096;
constexpr std::size_t max_partitions = 256;

/// The part of a claim id that decides its partition: what a CLP01 and a CLM01 that may be
/// linked always share.
std::string_view linking_key(std::string_view id) { return id.substr(0, payer_claim_id_length); }

std::size_t partition_of(std::string_view id, std::size_t partitions) {
  return std::hash<std::string_view>{}(linking_key(id)) % partitions;
}

}  // namespace

run_linking::run_linking(claim_archive const& claims, std::vector<remit> remits,
                         rule_set const& rules, std::size_t partitions) {
  if (remits.empty()) return;
  if (partitions == 0) {
    partitions = std::clamp<std::size_t>(remits.size() / remits_per_partition, 1, max_partitions);
  }
  partitions_.resize(partitions);
  for (std::size_t r = 0; r < remits.size(); ++r) {
    auto& part = partitions_[partition_of(remits[r].claim_id, partitions)];
    part.remits.push_back(std::move(remits[r]));
    part.remit_index.push_back(r);
  }
  remits = {};

  // The claims any remit names, each to the partition of its id. The ids are views into
  // the partitions' remits, which no longer move.
  std::unordered_set<std::string_view> named;
  for (auto const& part : partitions_) {
    for (auto const& r : part.remits) named.insert(r.claim_id);
  }
  for (std::size_t c = 0; c < claims.size(); ++c) {
    auto const id = claims.claim_id(c);
    if (!named_by_any(id, named)) continue;
    partitions_[partition_of(id, partitions)].claim_index.push_back(c);
  }

  tbb::parallel_for(std::size_t{0}, partitions_.size(),
                    [&](std::size_t p) { link(partitions_[p], claims, rules); });

  // One linker over everything reports the reversal pass first, then each remit in input
  // order, a remit's findings in the order they were made.
  for (std::size_t p = 0; p < partitions_.size(); ++p) {
    for (std::size_t f = 0; f < partitions_[p].findings.size(); ++f) order_.push_back({p, f});
  }
  auto const key = [&](position const& at) {
    auto const& origin = partitions_[at.partition].findings[at.finding].origin;
    return std::make_tuple(origin.linking_pass, origin.remit, at.finding);
  };
  std::sort(order_.begin(), order_.end(),
            [&](position const& a, position const& b) { return key(a) < key(b); });
  for (auto& part : partitions_) {
    answers_.insert(answers_.end(), part.answers.begin(), part.answers.end());
    part.answers = {};
  }
}

void run_linking::link(partition& part, claim_archive const& claims, rule_set const& rules) {
  std::vector<claim> decoded;
  decoded.reserve(part.claim_index.size());
  for (auto const c : part.claim_index) decoded.push_back(claims.get(c));
  auto result = link_remits_detailed(decoded, part.remits, rules);
  decoded = {};

  for (std::size_t f = 0; f < result.findings.size(); ++f) {
    auto const& found = result.findings[f];
    auto origin = result.origins[f];
    origin.remit = part.remit_index[origin.remit];
    std::size_t const begin = part.json.size();
    append_json(part.json, found);
    part.findings.push_back({origin, found.kind, found.error && is_input_loss(found.error->what),
                             begin, part.json.size()});
  }
  part.json.shrink_to_fit();
  part.answers.reserve(result.links.size());
  for (auto const& l : result.links) {
    auto const& payment = part.remits[l.remit];
    part.answers.push_back({part.claim_index[l.claim], l.claim_line, &payment,
                            l.remit_line ? &payment.lines[*l.remit_line] : nullptr});
  }
}

}  // namespace x12kx
