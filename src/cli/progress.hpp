// A progress line on standard error for long runs on a terminal: bytes read of the total,
// rate, and claims. Redrawn a few times a second from its own thread; never on the
// findings stream, and never shown when standard error is not a terminal.
#pragma once

#include "pipeline/scan_job.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace x12kx::cli {

class progress_meter {
 public:
  /// `total_bytes` is 0 when unknown (standard input).
  progress_meter(scan_progress const& counters, std::uint64_t total_bytes);
  ~progress_meter();
  progress_meter(progress_meter const&) = delete;
  progress_meter& operator=(progress_meter const&) = delete;

  /// True when standard error is a terminal.
  static bool wanted();

 private:
  void run();
  void draw(bool final);

  scan_progress const& counters_;
  std::uint64_t total_bytes_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace x12kx::cli
