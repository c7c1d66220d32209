// What `x12kx serve` is told at start: where to listen, how many scans may run at once, and
// the limits that keep one client from holding memory or threads that others need.
#pragma once

#include "pipeline/scan_job.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace x12kx::service {

using seconds = std::chrono::duration<double>;

struct service_config {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8837;  // 0: the operating system chooses; the bound port is reported
  std::string port_file;      // when set, the bound port is written here once listening

  unsigned scan_threads = 1;  // scans running at once; each request is scanned on one thread

  // Limits. Memory held by requests is at most about
  // max_requests * (max_body_bytes + output_buffer_bytes + one output block).
  std::uint64_t max_body_bytes = 32u << 20;  // past it: 413
  std::size_t max_requests = 64;             // scans admitted at once; past it: 503
  seconds request_timeout{60};               // to receive a request's head and body; past it: 408
  seconds idle_timeout{30};  // a keep-alive connection without a request, or a stalled write
  seconds grace_period{30};  // after SIGTERM/SIGINT, for requests in flight to finish

  std::size_t output_buffer_bytes = 1u << 20;  // findings waiting for a slow reader, per request
  // How long a scan waits for room in that buffer before the rest of its answer goes to an
  // unlinked temporary file, freeing its scan thread for other requests.
  std::chrono::milliseconds output_spill_after{200};
  std::size_t max_header_bytes = 16u << 10;  // past it: 431

  /// Passed through to run_scan for every request (a request adds its body as an input).
  scan_options scan;
};

}  // namespace x12kx::service
