// An unlinked temporary file that holds bytes a run must keep until the end but need not
// keep in memory: the remit findings of a large run are written as JSON while linking, and
// only after the threshold findings (which need the links) can they go out. Appends may come
// from several threads; each append lands in one piece.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>

namespace x12kx {

class spill_file {
 public:
  /// Opens the file (std::tmpfile: removed when closed, or when the process ends).
  /// open() is false when no temporary file could be made.
  spill_file();
  [[nodiscard]] bool open() const { return file_ != nullptr; }

  /// Appends `bytes` and returns the offset they start at. Throws std::runtime_error when the
  /// write fails (a full disk).
  std::uint64_t append(std::string_view bytes);

  /// Reads `size` bytes at `offset` into `out`. Throws std::runtime_error on a failed read.
  void read(std::uint64_t offset, std::size_t size, char* out) const;

 private:
  struct closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, closer> file_;
  std::atomic<std::uint64_t> end_{0};
};

}  // namespace x12kx
