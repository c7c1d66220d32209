// Hands a scan's output from its scan thread to the connection that sends it. The scan
// waits while `capacity` bytes are waiting or being written, but only for `spill_after`:
// past it, the rest of the scan's output goes to an unlinked temporary file, so a client
// that stops reading holds at most `capacity` bytes of memory (plus one output block) and
// disk for its answer, never a scan thread. When the connection goes away, a scan still
// running gets an exception at its next push and unwinds.
#pragma once

#include "pipeline/scan_job.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace x12kx::service {

/// Thrown into the scan when the connection it writes to has closed.
struct output_closed {};

class output_channel {
 public:
  /// `wake` is called (from the scan thread, under the channel's lock, so it must only post)
  /// when output or the end of the scan is waiting and the connection was not yet told.
  output_channel(std::size_t capacity, std::chrono::milliseconds spill_after,
                 std::function<void()> wake)
      : capacity_(capacity), spill_after_(spill_after), wake_(std::move(wake)) {}
  ~output_channel();
  output_channel(output_channel const&) = delete;
  output_channel& operator=(output_channel const&) = delete;

  // Scan side.
  /// True once the connection is gone.
  [[nodiscard]] bool closed() const;
  /// Queues bytes; waits while the queue is full, up to spill_after, then from there on
  /// appends to the spill file without waiting; throws output_closed once closed.
  void push(std::string_view bytes);
  /// The scan ended: with its result, or without one when it failed.
  void finish(std::optional<scan_result> result);

  // Connection side.
  /// Moves out everything queued in memory, or else up to `capacity` bytes of the spill file;
  /// the bytes count against capacity until written().
  std::string take();
  /// `bytes` taken earlier were sent: the scan may queue that much again.
  void written(std::size_t bytes);
  /// True once the scan ended (its thread no longer touches the input).
  [[nodiscard]] bool finished() const;
  /// True once the scan ended and everything it queued was taken.
  [[nodiscard]] bool drained() const;
  /// The scan's result once drained(); empty when the scan failed.
  [[nodiscard]] std::optional<scan_result> const& result() const { return result_; }
  /// The connection is gone: the scan's next push throws, and wake is never called again.
  void close();

 private:
  void notify_locked();
  /// Appends to the spill file; false when it cannot be written.
  bool spill_locked(std::string_view bytes);
  [[nodiscard]] bool spill_empty_locked() const { return spill_read_ == spill_written_; }

  mutable std::mutex mutex_;
  std::condition_variable room_;
  std::size_t const capacity_;
  std::chrono::milliseconds const spill_after_;
  std::FILE* spill_ = nullptr;  // once set, every later push goes here, in order
  std::uint64_t spill_written_ = 0;
  std::uint64_t spill_read_ = 0;
  bool spill_failed_ = false;
  std::function<void()> wake_;
  std::string pending_;
  std::size_t queued_ = 0;  // taken-but-unwritten bytes plus pending_
  bool notified_ = false;
  bool finished_ = false;
  bool closed_ = false;
  std::optional<scan_result> result_;
};

}  // namespace x12kx::service
