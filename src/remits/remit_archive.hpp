// The remits a run keeps for linking, packed (see claims/packed_archive.hpp): a typical 835
// service line with its adjustments takes a few dozen bytes instead of about a kilobyte of
// built strings and vectors.
#pragma once

#include "claims/packed_archive.hpp"
#include "remits/remit.hpp"

#include <string>
#include <vector>

namespace x12kx {

void pack(remit const& value, std::string& bytes, std::vector<envelope_ptr>& envelopes);
void unpack(char const* bytes, std::vector<envelope_ptr> const& envelopes, remit& out);

using remit_archive = packed_archive<remit>;

}  // namespace x12kx
