#include "service/metrics.hpp"

#include <fmt/format.h>

#include <iterator>

namespace x12kx::service {

std::string_view name_of(request_error error) {
  static constexpr std::array<std::string_view, request_error_count> names = {
      "bad_request", "body_too_large", "busy",        "timeout",
      "client_gone", "write_stalled",  "scan_failed", "shutting_down"};
  return names[static_cast<std::size_t>(error)];
}

void service_metrics::on_response(std::string_view route, unsigned status, std::uint64_t bytes_in,
                                  std::uint64_t bytes_out, double seconds) {
  std::lock_guard const lock(mutex_);
  ++responses_[{std::string(route), status}];
  bytes_in_ += bytes_in;
  bytes_out_ += bytes_out;
  ++latency_count_;
  latency_sum_ += seconds;
  for (std::size_t i = 0; i < latency_buckets.size(); ++i) {
    if (seconds <= latency_buckets[i]) ++latency_counts_[i];
  }
}

void service_metrics::on_error(request_error error) {
  std::lock_guard const lock(mutex_);
  ++errors_[static_cast<std::size_t>(error)];
}

void service_metrics::on_scan(run_summary const& summary) {
  std::lock_guard const lock(mutex_);
  ++scans_;
  claims_ += summary.claims;
  remits_ += summary.remits;
  input_bytes_scanned_ += summary.bytes;
  for (std::size_t k = 0; k < findings_.size(); ++k) findings_[k] += summary.findings[k];
}

void service_metrics::on_connection(int delta) {
  std::lock_guard const lock(mutex_);
  connections_ += delta;
}

void service_metrics::on_in_flight(int delta) {
  std::lock_guard const lock(mutex_);
  in_flight_ += delta;
}

namespace {

void append_family(std::string& out, std::string_view name, std::string_view type,
                   std::string_view help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void append_counter(std::string& out, std::string_view name, std::string_view help,
                    std::uint64_t value) {
  append_family(out, name, "counter", help);
  fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
}

void append_gauge(std::string& out, std::string_view name, std::string_view help,
                  std::int64_t value) {
  append_family(out, name, "gauge", help);
  fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
}

/// A label value as the text format wants it: backslash, double quote and newline escaped.
std::string label_value(std::string_view text) {
  std::string out;
  for (char const c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? std::string_view("\\n") : std::string_view(&c, 1);
  }
  return out;
}

}  // namespace

std::string service_metrics::render() const {
  std::lock_guard const lock(mutex_);
  std::string out;
  auto it = std::back_inserter(out);
  append_family(out, "x12kx_requests_total", "counter", "Requests answered, by route and status.");
  for (auto const& [key, count] : responses_) {
    fmt::format_to(it, "x12kx_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first,
                   key.second, count);
  }
  append_family(out, "x12kx_request_errors_total", "counter",
                "Requests without a complete answer, by reason.");
  for (std::size_t e = 0; e < errors_.size(); ++e) {
    fmt::format_to(it, "x12kx_request_errors_total{{reason=\"{}\"}} {}\n",
                   name_of(static_cast<request_error>(e)), errors_[e]);
  }
  append_counter(out, "x12kx_request_body_bytes_total", "Request body bytes received.", bytes_in_);
  append_counter(out, "x12kx_response_body_bytes_total", "Response body bytes sent.", bytes_out_);
  append_counter(out, "x12kx_scans_total", "Scans completed.", scans_);
  append_counter(out, "x12kx_scanned_bytes_total", "X12 bytes read by completed scans.",
                 input_bytes_scanned_);
  append_counter(out, "x12kx_claims_total", "Claims read by completed scans.", claims_);
  append_counter(out, "x12kx_remits_total", "Remits read by completed scans.", remits_);
  append_family(out, "x12kx_findings_total", "counter",
                "Findings written by completed scans, by kind (error: input errors).");
  for (std::size_t k = 0; k < findings_.size(); ++k) {
    auto const kind = static_cast<finding_kind>(k);
    if (kind == finding_kind::summary) continue;
    fmt::format_to(it, "x12kx_findings_total{{kind=\"{}\"}} {}\n", name_of(kind), findings_[k]);
  }
  append_family(out, "x12kx_request_duration_seconds", "histogram",
                "Time from the first byte of a request to the last byte of its answer.");
  for (std::size_t i = 0; i < latency_buckets.size(); ++i) {
    fmt::format_to(it, "x12kx_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                   latency_buckets[i], latency_counts_[i]);
  }
  fmt::format_to(it, "x12kx_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", latency_count_);
  fmt::format_to(it, "x12kx_request_duration_seconds_sum {}\n", latency_sum_);
  fmt::format_to(it, "x12kx_request_duration_seconds_count {}\n", latency_count_);
  append_gauge(out, "x12kx_connections_open", "Client connections open.", connections_);
  append_gauge(out, "x12kx_requests_in_flight", "Scan requests admitted and not yet answered.",
               in_flight_);
  append_family(out, "x12kx_rules_info", "gauge", "The rule set in use.");
  fmt::format_to(it, "x12kx_rules_info{{version=\"{}\"}} 1\n", label_value(rules_version_));
  return out;
}

}  // namespace x12kx::service
