// Stage two for 837P/837I: builds claims from the segments of one transaction unit.
#pragma once

#include "x12/transaction_unit.hpp"

namespace x12kx {

/// Reads the 2000B/2300/2400 loops of `unit` into unit.claims. A claim with an unreadable
/// required element is rejected: it is counted and named by an error finding, never kept.
void build_claims(x12::transaction_unit& unit);

}  // namespace x12kx
