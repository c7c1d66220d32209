// Up to four two-character HCPCS modifiers, stored inline.
#pragma once

#include "grammar/x12_grammar.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx {

class modifier_set {
 public:
  modifier_set() = default;
  explicit modifier_set(grammar::procedure_composite const& composite) {
    for (std::uint8_t i = 0; i < composite.modifier_count; ++i) add(composite.modifiers[i]);
  }

  void add(std::string_view code) {
    if (count_ == 4 || code.size() != 2) return;
    codes_[count_ * 2] = code[0];
    codes_[count_ * 2 + 1] = code[1];
    ++count_;
  }

  [[nodiscard]] std::size_t size() const { return count_; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const {
    return {codes_.data() + i * 2, 2};
  }

  [[nodiscard]] bool has(std::string_view code) const {
    for (std::size_t i = 0; i < count_; ++i) {
      if ((*this)[i] == code) return true;
    }
    return false;
  }
  [[nodiscard]] bool has_any(std::initializer_list<std::string_view> codes) const {
    for (auto code : codes) {
      if (has(code)) return true;
    }
    return false;
  }

  /// Same modifiers in any order: payers may return them reordered.
  [[nodiscard]] bool same_set(modifier_set const& other) const {
    if (count_ != other.count_) return false;
    for (std::size_t i = 0; i < count_; ++i) {
      if (!other.has((*this)[i])) return false;
    }
    return true;
  }

  [[nodiscard]] std::vector<std::string> to_strings() const {
    std::vector<std::string> out;
    out.reserve(count_);
    for (std::size_t i = 0; i < count_; ++i) out.emplace_back((*this)[i]);
    return out;
  }

 private:
  std::array<char, 8> codes_{};
  std::uint8_t count_ = 0;
};

}  // namespace x12kx
