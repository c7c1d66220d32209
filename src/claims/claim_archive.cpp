#include "claims/claim_archive.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <string>

namespace x12kx {
namespace {

// Claims are packed into blocks of this size so that the archive grows without copying
// what it holds; a claim larger than a block gets a block of its own size.
constexpr std::size_t block_bytes = 1u << 20;

/// Writes integers as LEB128 (7 bits a byte) and strings with their length in front:
/// amounts, offsets and dates of a claim are small after taking differences, so most
/// take one to three bytes.
class encoder {
 public:
  explicit encoder(std::string& out) : out_(out) {}

  void unsigned_value(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  /// Zig-zag: small negative numbers stay small.
  void signed_value(std::int64_t value) {
    unsigned_value((static_cast<std::uint64_t>(value) << 1) ^
                   static_cast<std::uint64_t>(value >> 63));
  }
  void text(std::string_view value) {
    unsigned_value(value.size());
    out_.append(value);
  }
  void byte(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }

 private:
  std::string& out_;
};

class decoder {
 public:
  explicit decoder(char const* at) : at_(at) {}

  std::uint64_t unsigned_value() {
    std::uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      auto const b = static_cast<std::uint8_t>(*at_++);
      value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
  }
  std::int64_t signed_value() {
    std::uint64_t const raw = unsigned_value();
    return static_cast<std::int64_t>(raw >> 1) ^ -static_cast<std::int64_t>(raw & 1);
  }
  std::string_view text() {
    auto const size = unsigned_value();
    std::string_view const out(at_, size);
    at_ += size;
    return out;
  }
  std::uint8_t byte() { return static_cast<std::uint8_t>(*at_++); }

 private:
  char const* at_;
};

/// Offsets within a claim are written as differences from its CLM offset.
std::int64_t distance(std::uint64_t from, std::uint64_t to) {
  return static_cast<std::int64_t>(to - from);
}

/// The number of `envelope` in `table`, added when new. Consecutive claims share their
/// transaction's envelope, so only the last few entries are looked at.
std::uint32_t envelope_number(envelope_ptr const& envelope, std::vector<envelope_ptr>& table) {
  if (!envelope) return 0;
  auto const look_back = std::min<std::size_t>(table.size(), 4);
  for (std::size_t i = table.size() - look_back; i < table.size(); ++i) {
    if (table[i] == envelope) return static_cast<std::uint32_t>(i);
  }
  table.push_back(envelope);
  return static_cast<std::uint32_t>(table.size() - 1);
}

/// Appends the packed form of a claim to `bytes`; get() reads the fields back in this order.
void encode(claim const& value, std::string& bytes, std::vector<envelope_ptr>& table) {
  encoder out(bytes);
  out.text(value.claim_id);
  out.text(value.member_id);
  out.unsigned_value(envelope_number(value.source.envelope, table));
  out.unsigned_value(value.source.offset);
  out.unsigned_value(envelope_number(value.member_source.envelope, table));
  out.signed_value(distance(value.source.offset, value.member_source.offset));
  out.unsigned_value(value.member_position);
  out.text(value.filing_indicator);
  out.text(value.type_of_bill);
  out.text(value.facility_code);
  out.byte(static_cast<std::uint8_t>(value.frequency));
  out.text(value.original_payer_claim_id);
  out.signed_value(value.total_charge);
  out.unsigned_value(value.statement_from.value);
  out.byte(static_cast<std::uint8_t>(value.format));
  out.unsigned_value(value.lines.size());
  std::uint32_t previous_date = value.statement_from.value;
  for (auto const& line : value.lines) {
    out.unsigned_value(line.line_number);
    out.text(line.procedure);
    auto const count = line.modifiers.size();
    out.byte(static_cast<std::uint8_t>(count | (line.date_from_statement ? 0x80u : 0u)));
    for (std::size_t m = 0; m < count; ++m) {
      out.byte(static_cast<std::uint8_t>(line.modifiers[m][0]));
      out.byte(static_cast<std::uint8_t>(line.modifiers[m][1]));
    }
    out.text(line.revenue_code);
    out.signed_value(line.charge);
    out.signed_value(line.units_milli);
    out.signed_value(static_cast<std::int64_t>(line.service_date.value) - previous_date);
    previous_date = line.service_date.value;
    out.text(line.line_ref);
    out.signed_value(distance(value.source.offset, line.offset));
  }
}

}  // namespace

void claim_archive::batch::add(claim const& value) {
  starts_.push_back(static_cast<std::uint32_t>(bytes_.size()));
  encode(value, bytes_, envelopes_);
}

claim_archive::block& claim_archive::room_for(std::size_t bytes) {
  if (blocks_.empty() || blocks_.back().capacity - blocks_.back().used < bytes) {
    block fresh;
    fresh.capacity = std::max(block_bytes, bytes);
    fresh.bytes = std::make_unique_for_overwrite<char[]>(fresh.capacity);
    blocks_.push_back(std::move(fresh));
  }
  return blocks_.back();
}

void claim_archive::append(claim const& value) {
  if (tables_.empty()) tables_.push_back({starts_.size(), {nullptr}});
  thread_local std::string scratch;
  scratch.clear();
  encode(value, scratch, tables_.back().envelopes);
  auto& last = room_for(scratch.size());
  std::memcpy(last.bytes.get() + last.used, scratch.data(), scratch.size());
  starts_.push_back(
      {static_cast<std::uint32_t>(blocks_.size() - 1), static_cast<std::uint32_t>(last.used)});
  last.used += scratch.size();
}

void claim_archive::append(batch&& packed) {
  if (packed.starts_.empty()) return;
  tables_.push_back({starts_.size(), std::move(packed.envelopes_)});
  // A batch is one unit's claims (about 100 KiB packed): one copy, never split over blocks.
  auto& last = room_for(packed.bytes_.size());
  std::memcpy(last.bytes.get() + last.used, packed.bytes_.data(), packed.bytes_.size());
  auto const block_number = static_cast<std::uint32_t>(blocks_.size() - 1);
  for (auto const start : packed.starts_) {
    starts_.push_back({block_number, static_cast<std::uint32_t>(last.used + start)});
  }
  last.used += packed.bytes_.size();
  packed = batch{};
}

char const* claim_archive::start_of(std::size_t index) const {
  assert(index < starts_.size());
  auto const at = starts_[index];
  return blocks_[at.block].bytes.get() + at.offset;
}

claim_archive::envelope_table const& claim_archive::table_of(std::size_t index) const {
  auto const after =
      std::upper_bound(tables_.begin(), tables_.end(), index,
                       [](std::size_t i, envelope_table const& t) { return i < t.first_claim; });
  assert(after != tables_.begin());
  return *(after - 1);
}

std::string_view claim_archive::claim_id(std::size_t index) const {
  return decoder(start_of(index)).text();
}

claim claim_archive::get(std::size_t index) const {
  auto const& envelopes = table_of(index).envelopes;
  decoder in(start_of(index));
  claim out;
  out.claim_id = in.text();
  out.member_id = in.text();
  out.source.envelope = envelopes[in.unsigned_value()];
  out.source.offset = in.unsigned_value();
  out.member_source.envelope = envelopes[in.unsigned_value()];
  out.member_source.offset = out.source.offset + static_cast<std::uint64_t>(in.signed_value());
  out.member_position = static_cast<std::uint32_t>(in.unsigned_value());
  out.filing_indicator = in.text();
  out.type_of_bill = in.text();
  out.facility_code = in.text();
  out.frequency = static_cast<char>(in.byte());
  out.original_payer_claim_id = in.text();
  out.total_charge = in.signed_value();
  out.statement_from.value = static_cast<std::uint32_t>(in.unsigned_value());
  out.format = static_cast<claim_format>(in.byte());
  out.lines.resize(in.unsigned_value());
  std::uint32_t previous_date = out.statement_from.value;
  for (auto& line : out.lines) {
    line.line_number = static_cast<std::uint32_t>(in.unsigned_value());
    line.procedure = in.text();
    auto const flags = in.byte();
    line.date_from_statement = (flags & 0x80u) != 0;
    for (unsigned m = 0; m < (flags & 0x7fu); ++m) {
      char const code[2] = {static_cast<char>(in.byte()), static_cast<char>(in.byte())};
      line.modifiers.add(std::string_view(code, 2));
    }
    line.revenue_code = in.text();
    line.charge = in.signed_value();
    line.units_milli = in.signed_value();
    line.service_date.value = static_cast<std::uint32_t>(previous_date + in.signed_value());
    previous_date = line.service_date.value;
    line.line_ref = in.text();
    line.offset = out.source.offset + static_cast<std::uint64_t>(in.signed_value());
  }
  return out;
}

void claim_archive::truncate(std::size_t count) {
  if (count >= starts_.size()) return;
  auto const at = starts_[count];
  blocks_.resize(at.block + 1);
  blocks_.back().used = at.offset;
  starts_.resize(count);
  while (!tables_.empty() && tables_.back().first_claim >= count) tables_.pop_back();
}

std::size_t claim_archive::memory_bytes() const {
  std::size_t total = starts_.size() * sizeof(position) + blocks_.capacity() * sizeof(block) +
                      tables_.capacity() * sizeof(envelope_table);
  for (auto const& b : blocks_) total += b.capacity;
  for (auto const& t : tables_) total += t.envelopes.capacity() * sizeof(envelope_ptr);
  return total;
}

}  // namespace x12kx
