// Writes generated workloads as X12 5010 837P, 837I or 835 bytes. Segments are formatted
// with fmt straight into one large buffer that goes to the sink in blocks of a few MiB, so
// writing costs no allocation per segment and runs at several hundred MB/s.
#pragma once

#include "gen/workload.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace x12kx::gen {

enum class file_kind : std::uint8_t { claims_837p, claims_837i, remits_835 };

/// Delimiters and layout of the written file.
struct format_options {
  char element = '*';
  char component = ':';
  char repetition = '^';
  char segment = '~';
  std::string after_segment;  // "", "\n" or "\r\n" after each terminator
  std::uint32_t claims_per_transaction = 200;

  /// True when the delimiters are usable: distinct, and none a letter, digit or space.
  [[nodiscard]] bool valid() const;
};

struct generate_request {
  file_kind kind = file_kind::claims_837p;
  /// For an 835: the 837 it answers (claims_837p or claims_837i), replayed from the seed.
  file_kind remit_of = file_kind::claims_837p;
  std::uint64_t seed = 1;
  std::uint64_t claims = 0;  // exactly this many claims, or
  std::uint64_t bytes = 0;   // claims until the 837 reaches this size (for an 835: its 837)
  format_options format;
};

struct generate_result {
  std::uint64_t claims = 0;
  std::uint64_t bytes = 0;  // of the file written
  expected_counts expected;
};

/// Receives the file in order, in blocks; throws to abort.
using byte_sink = std::function<void(std::string_view)>;

/// Writes the file the request describes. An 835 answers the 837 that the same seed, claim
/// count or size, and format options produce (the 837's bytes are counted, never stored).
generate_result generate(generate_request const& request, byte_sink const& sink);

/// Calls `visit` with the plan of every claim the request covers, in file order, without
/// writing anything: the known answers for tests (remit shape, outcome and link per line).
void for_each_claim(generate_request const& request,
                    std::function<void(claim_plan const&)> const& visit);

}  // namespace x12kx::gen
