// Counters of the service, rendered in the Prometheus text format for `GET /metrics`.
// Written from the I/O thread and the scan threads, read by whoever asks; one mutex is enough
// at request rates (a few updates per request, none per finding).
#pragma once

#include "findings/json_writer.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace x12kx::service {

/// Why a request did not get a complete answer; each is a label of x12kx_request_errors_total.
enum class request_error : std::uint8_t {
  bad_request,     // malformed HTTP, unknown route or bad parameter (400, 404, 405, 431)
  body_too_large,  // 413
  busy,            // 503: max_requests scans in flight
  timeout,         // 408: the request was not received within request_timeout
  client_gone,     // the client disconnected before the request or response was complete
  write_stalled,   // the client stopped reading the response for idle_timeout
  scan_failed,     // the scan threw (an internal failure)
  shutting_down,   // the grace period ended before the response did
};
inline constexpr std::size_t request_error_count = 8;
std::string_view name_of(request_error error);

/// The upper bounds of the request latency histogram, in seconds.
inline constexpr std::array<double, 12> latency_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                           0.1,   0.25,   0.5,   1,    2.5,   10};

class service_metrics {
 public:
  explicit service_metrics(std::string rules_version) : rules_version_(std::move(rules_version)) {}

  /// One answered request: its route and status, body bytes in and out, time to last byte.
  void on_response(std::string_view route, unsigned status, std::uint64_t bytes_in,
                   std::uint64_t bytes_out, double seconds);
  void on_error(request_error error);
  void on_scan(run_summary const& summary);
  void on_connection(int delta);
  void on_in_flight(int delta);

  /// The Prometheus text exposition of everything counted so far.
  [[nodiscard]] std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::string rules_version_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> responses_;
  std::array<std::uint64_t, request_error_count> errors_{};
  std::uint64_t bytes_in_ = 0;
  std::uint64_t bytes_out_ = 0;
  std::uint64_t scans_ = 0;
  std::uint64_t claims_ = 0;
  std::uint64_t remits_ = 0;
  std::uint64_t input_bytes_scanned_ = 0;
  std::array<std::uint64_t, finding_kind_count> findings_{};
  std::array<std::uint64_t, latency_buckets.size()> latency_counts_{};
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::int64_t connections_ = 0;
  std::int64_t in_flight_ = 0;
};

}  // namespace x12kx::service
