#include "claims/packed_archive.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace x12kx {
namespace {

// Records are packed into blocks of this size so that an archive grows without copying
// what it holds; a record or batch larger than a block gets a block of its own size.
constexpr std::size_t block_bytes = 1u << 20;

}  // namespace

void packer::envelope(envelope_ptr const& value, std::vector<envelope_ptr>& table) {
  if (!value) return unsigned_value(0);
  auto const look_back = std::min<std::size_t>(table.size(), 4);
  for (std::size_t i = table.size() - look_back; i < table.size(); ++i) {
    if (table[i] == value) return unsigned_value(i);
  }
  table.push_back(value);
  unsigned_value(table.size() - 1);
}

std::vector<envelope_ptr>& packed_records::open_table() {
  if (tables_.empty()) tables_.push_back({starts_.size(), {nullptr}});
  return tables_.back().envelopes;
}

packed_records::block& packed_records::room_for(std::size_t bytes) {
  if (blocks_.empty() || blocks_.back().capacity - blocks_.back().used < bytes) {
    block fresh;
    fresh.capacity = std::max(block_bytes, bytes);
    fresh.bytes = std::make_unique_for_overwrite<char[]>(fresh.capacity);
    blocks_.push_back(std::move(fresh));
  }
  return blocks_.back();
}

void packed_records::append(std::string_view bytes) {
  auto& last = room_for(bytes.size());
  std::memcpy(last.bytes.get() + last.used, bytes.data(), bytes.size());
  starts_.push_back(
      {static_cast<std::uint32_t>(blocks_.size() - 1), static_cast<std::uint32_t>(last.used)});
  last.used += bytes.size();
}

void packed_records::append(packed_batch&& batch) {
  if (batch.starts.empty()) return;
  tables_.push_back({starts_.size(), std::move(batch.envelopes)});
  // A batch is one unit's records (about 100 KiB packed): one copy, never split over blocks.
  auto& last = room_for(batch.bytes.size());
  std::memcpy(last.bytes.get() + last.used, batch.bytes.data(), batch.bytes.size());
  auto const block_number = static_cast<std::uint32_t>(blocks_.size() - 1);
  for (auto const start : batch.starts) {
    starts_.push_back({block_number, static_cast<std::uint32_t>(last.used + start)});
  }
  last.used += batch.bytes.size();
  // Let the batch's memory go now (assigning an empty string would keep its capacity).
  std::string().swap(batch.bytes);
  batch = packed_batch{};
}

char const* packed_records::start_of(std::size_t index) const {
  assert(index < starts_.size());
  auto const at = starts_[index];
  return blocks_[at.block].bytes.get() + at.offset;
}

std::vector<envelope_ptr> const& packed_records::envelopes_of(std::size_t index) const {
  auto const after =
      std::upper_bound(tables_.begin(), tables_.end(), index,
                       [](std::size_t i, envelope_table const& t) { return i < t.first; });
  assert(after != tables_.begin());
  return (after - 1)->envelopes;
}

void packed_records::truncate(std::size_t count) {
  if (count >= starts_.size()) return;
  auto const at = starts_[count];
  blocks_.resize(at.block + 1);
  blocks_.back().used = at.offset;
  starts_.resize(count);
  while (!tables_.empty() && tables_.back().first >= count) tables_.pop_back();
}

std::size_t packed_records::memory_bytes() const {
  std::size_t total = starts_.size() * sizeof(position) + blocks_.capacity() * sizeof(block) +
                      tables_.capacity() * sizeof(envelope_table);
  for (auto const& b : blocks_) total += b.capacity;
  for (auto const& t : tables_) total += t.envelopes.capacity() * sizeof(envelope_ptr);
  return total;
}

}  // namespace x12kx
