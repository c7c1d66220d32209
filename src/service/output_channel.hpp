// Hands a scan's output from its scan thread to the connection that sends it. The scan
// blocks while `capacity` bytes are waiting or being written, so a client that reads slowly
// holds at most that much memory (plus one output block) and one scan thread; when the
// connection goes away, the blocked scan is released with an exception and unwinds.
#pragma once

#include "pipeline/scan_job.hpp"

#include <condition_variable>
#include <cstddef>
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
  output_channel(std::size_t capacity, std::function<void()> wake)
      : capacity_(capacity), wake_(std::move(wake)) {}

  // Scan side.
  /// True once the connection is gone.
  [[nodiscard]] bool closed() const;
  /// Queues bytes; blocks while the queue is full; throws output_closed once closed.
  void push(std::string_view bytes);
  /// The scan ended: with its result, or without one when it failed.
  void finish(std::optional<scan_result> result);

  // Connection side.
  /// Moves out everything queued; the bytes still count against capacity until written().
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

  mutable std::mutex mutex_;
  std::condition_variable room_;
  std::size_t const capacity_;
  std::function<void()> wake_;
  std::string pending_;
  std::size_t queued_ = 0;  // taken-but-unwritten bytes plus pending_
  bool notified_ = false;
  bool finished_ = false;
  bool closed_ = false;
  std::optional<scan_result> result_;
};

}  // namespace x12kx::service
