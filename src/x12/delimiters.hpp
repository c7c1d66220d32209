// The four delimiters of one interchange, read from its ISA segment.
#pragma once

namespace x12kx::x12 {

/// Separators declared by an ISA: element (byte 3), repetition (ISA11 from 00402 on; '\0'
/// when the version has none), component (ISA16) and the segment terminator.
struct delimiters {
  char element = '*';
  char repetition = '\0';
  char component = ':';
  char segment = '~';

  /// True when no two delimiters are the same character.
  [[nodiscard]] bool distinct() const {
    if (element == component || element == segment || component == segment) return false;
    if (repetition == '\0') return true;
    return repetition != element && repetition != component && repetition != segment;
  }
};

}  // namespace x12kx::x12
