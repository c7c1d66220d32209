// The claims a run keeps for threshold accrual and remit linking, packed (see
// packed_archive.hpp): a typical 837P claim line takes about 75 bytes instead of the 600
// of a built claim.
#pragma once

#include "claims/claim.hpp"
#include "claims/packed_archive.hpp"

#include <string>
#include <vector>

namespace x12kx {

void pack(claim const& value, std::string& bytes, std::vector<envelope_ptr>& envelopes);
void unpack(char const* bytes, std::vector<envelope_ptr> const& envelopes, claim& out);

using claim_archive = packed_archive<claim>;
using claim_reader = packed_reader<claim>;

}  // namespace x12kx
