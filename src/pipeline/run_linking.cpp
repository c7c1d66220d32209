#include "pipeline/run_linking.hpp"

#include "findings/json_writer.hpp"
#include "linking/linker.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>
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

/// Records unpacked into the same objects partition after partition (a pool per thread, as
/// large as the largest partition it linked), so their strings and vectors are allocated
/// once, not for every partition.
template <typename Record>
std::span<Record const> unpack_into(std::vector<Record>& pool,
                                    packed_archive<Record> const& archive,
                                    std::vector<std::size_t> const& indexes) {
  if (pool.size() < indexes.size()) pool.resize(indexes.size());
  for (std::size_t i = 0; i < indexes.size(); ++i) archive.get(indexes[i], pool[i]);
  return {pool.data(), indexes.size()};
}

}  // namespace

run_linking::run_linking(claim_archive const& claims, remit_archive const& remits,
                         rule_set const& rules, std::size_t partitions, std::size_t memory_bytes)
    : memory_bytes_(memory_bytes) {
  if (remits.empty()) return;
  spill_ = std::make_unique<spill_file>();
  if (partitions == 0) {
    partitions = std::clamp<std::size_t>(remits.size() / remits_per_partition, 1, max_partitions);
  }
  partitions_.resize(partitions);
  // The ids are views into the archives, which do not change while linking runs.
  std::unordered_set<std::string_view> named;
  for (std::size_t r = 0; r < remits.size(); ++r) {
    auto const id = remits.claim_id(r);
    partitions_[partition_of(id, partitions)].remit_index.push_back(r);
    named.insert(id);
  }
  // The claims any remit names, each to the partition of its id.
  for (std::size_t c = 0; c < claims.size(); ++c) {
    auto const id = claims.claim_id(c);
    if (!named_by_any(id, named)) continue;
    partitions_[partition_of(id, partitions)].claim_index.push_back(c);
  }

  // Unpacked records are kept per thread for this run only, and freed with it.
  tbb::enumerable_thread_specific<unpacked_pool> pools;
  tbb::parallel_for(std::size_t{0}, partitions_.size(), [&](std::size_t p) {
    link(partitions_[p], claims, remits, rules, pools.local());
  });

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
    allowed_.insert(allowed_.end(), part.allowed.begin(), part.allowed.end());
    part.allowed = {};
  }
}

void run_linking::link(partition& part, claim_archive const& claims, remit_archive const& remits,
                       rule_set const& rules, unpacked_pool& pool) {
  auto const billed = unpack_into(pool.claims, claims, part.claim_index);
  auto const paid = unpack_into(pool.remits, remits, part.remit_index);
  auto const result = link_remits_detailed(billed, paid, rules);

  for (std::size_t f = 0; f < result.findings.size(); ++f) {
    auto const& found = result.findings[f];
    auto origin = result.origins[f];
    origin.remit = part.remit_index[origin.remit];
    std::size_t const begin = part.json.size();
    append_json(part.json, found);
    part.findings.push_back({origin, found.kind, found.error && is_input_loss(found.error->what),
                             begin, part.json.size()});
  }
  part.json_bytes = part.json.size();
  // Past the memory allowance the partition's findings wait in the spill file (when one
  // could be made); which partitions go there changes nothing in the output.
  if (spill_->open() && kept_bytes_.fetch_add(part.json_bytes) + part.json_bytes > memory_bytes_) {
    part.spilled_at = spill_->append(part.json);
    std::string().swap(part.json);  // frees it (assigning an empty string keeps the capacity)
  } else {
    part.json.shrink_to_fit();
  }
  for (auto const& answer : answers_of(result.links, paid)) {
    auto const allowed = remit_allowed(answer, rules.adjustments);
    if (allowed)
      part.allowed.push_back({part.claim_index[answer.claim_index], answer.line_index, *allowed});
  }
}

std::string_view run_linking::finding_texts::of(position const& at) {
  // Enough findings per read that a large run reads its spill file in few calls.
  constexpr std::size_t window_bytes = 64u << 10;
  auto const& part = run_.partitions_[at.partition];
  auto const& f = part.findings[at.finding];
  if (!part.spilled_at) return std::string_view(part.json).substr(f.begin, f.end - f.begin);
  auto& w = windows_[at.partition];
  if (f.begin < w.begin || f.end > w.begin + w.bytes.size()) {
    w.begin = f.begin;
    w.bytes.resize(std::min(std::max(window_bytes, f.end - f.begin), part.json_bytes - f.begin));
    run_.spill_->read(*part.spilled_at + f.begin, w.bytes.size(), w.bytes.data());
  }
  return std::string_view(w.bytes).substr(f.begin - w.begin, f.end - f.begin);
}

}  // namespace x12kx
