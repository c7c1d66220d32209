// Stage two for 835: builds claim payments from the segments of one transaction unit.
#pragma once

#include "x12/transaction_unit.hpp"

namespace x12kx {

/// Reads the 2100/2110 loops of `unit` into unit.remits. A remit with an unreadable amount
/// or status is rejected: counted and named by an error finding, never linked.
void build_remits(x12::transaction_unit& unit);

}  // namespace x12kx
