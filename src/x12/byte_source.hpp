// The I/O seam: everything x12kx reads comes through a byte_source, so tests can force short
// reads, end of file inside a segment, and read errors (STYLE habit 11).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace x12kx::x12 {

class byte_source {
 public:
  virtual ~byte_source() = default;
  /// Reads up to `capacity` bytes; 0 means end of input. Throws read_error on failure.
  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
  /// Total size when known in advance (regular files), for progress display.
  [[nodiscard]] virtual std::optional<std::uint64_t> size() const { return std::nullopt; }
};

/// A failure of the operating system to deliver bytes (not a defect in the data).
struct read_error {
  std::string reason;
};

/// Opens a file by path, or standard input for "-". Returns null with `reason` set on failure.
std::unique_ptr<byte_source> open_source(std::string const& path, std::string& reason);

/// Serves bytes from memory, at most `max_read` per call: tests use it to cut input anywhere.
class memory_source final : public byte_source {
 public:
  explicit memory_source(std::string_view bytes, std::size_t max_read = SIZE_MAX)
      : bytes_(bytes), max_read_(max_read) {}
  std::size_t read(char* buffer, std::size_t capacity) override;
  [[nodiscard]] std::optional<std::uint64_t> size() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t max_read_;
  std::size_t position_ = 0;
};

}  // namespace x12kx::x12
