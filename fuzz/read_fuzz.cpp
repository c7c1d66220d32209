// libFuzzer target: any bytes go through the segment reader, the transaction framer and the
// claim and remit builders, as in stage one and two of a scan. Besides crashes and sanitizer
// reports it traps on broken invariants: the same segments and reader errors whatever the
// chunk size and whether the reader's block index is used or not, counts that add up, and
// every offset inside the input.
#include "claims/claim_builder.hpp"
#include "findings/json_writer.hpp"
#include "remits/remit_builder.hpp"
#include "x12/segment_reader.hpp"
#include "x12/transaction_framer.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace x12kx;

struct read_trace {
  std::vector<std::pair<std::string, std::uint64_t>> segments;
  std::vector<std::pair<error_code, std::uint64_t>> errors;
  bool operator==(read_trace const&) const = default;
};

void require(bool condition) {
  if (!condition) __builtin_trap();
}

/// Reads, frames and builds; returns what the reader saw.
read_trace run(std::string_view bytes, x12::reader_options reader_options, std::size_t max_read,
               bool strict) {
  read_trace trace;
  x12::memory_source source(bytes, max_read);
  x12::segment_reader reader(source, reader_options);
  x12::transaction_framer framer("fuzz", 0, {.unit_target_bytes = 256, .strict = strict});
  std::string json;
  auto drain_errors = [&] {
    for (auto const& error : reader.errors()) {
      require(error.offset <= bytes.size());
      trace.errors.emplace_back(error.code, error.offset);
      framer.on_reader_error(error);
    }
    reader.errors().clear();
  };
  auto build_units = [&] {
    for (auto& unit : framer.ready()) {
      if (unit->type == x12::transaction_type::claim_837) build_claims(*unit);
      if (unit->type == x12::transaction_type::remit_835) build_remits(*unit);
      if (unit->rejected) unit->drop_rejected_contents();
      auto const& c = unit->counts;
      require(c.claims_rejected <= c.claims && c.remits_rejected <= c.remits);
      require(c.transactions_rejected <= c.transactions);
      require(unit->claims.size() + c.claims_rejected == c.claims);
      require(unit->remits.size() + c.remits_rejected == c.remits);
      for (auto const& f : unit->findings) {
        require(f.source.offset <= bytes.size());
        json.clear();
        append_json(json, f);
      }
    }
    framer.ready().clear();
  };
  x12::raw_segment segment;
  while (reader.next(segment)) {
    require(segment.offset + segment.bytes.size() <= bytes.size());
    trace.segments.emplace_back(std::string(segment.bytes), segment.offset);
    drain_errors();
    framer.on_segment(segment, reader.current_delimiters());
    build_units();
  }
  drain_errors();
  require(reader.bytes_consumed() == bytes.size());
  framer.finish(reader.bytes_consumed());
  build_units();
  return trace;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const bytes(reinterpret_cast<char const*>(data), size);
  // Small limits so that over-long segments and chunk edges are reached by small inputs; the
  // cut comes from the size so that every seed stays a valid file.
  x12::reader_options const whole{.chunk_bytes = 1u << 16, .max_segment_bytes = 512};
  x12::reader_options cut = whole;
  cut.chunk_bytes = 1 + size % 61;
  bool const strict = size % 2 == 1;
  auto const reference = run(bytes, whole, SIZE_MAX, strict);
  require(run(bytes, cut, 1 + size % 7, strict) == reference);
  x12::reader_options careful = whole;
  careful.block_index = false;
  require(run(bytes, careful, SIZE_MAX, strict) == reference);
  return 0;
}
