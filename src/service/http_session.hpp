// One client connection of `x12kx serve`. All its work runs on the single I/O thread; a scan
// runs on the scan pool and talks back only through its output_channel.
//
// A connection goes idle -> reading -> responding -> idle (keep-alive) or closed. Each phase
// has one deadline: idle_timeout while waiting for a request, request_timeout while the
// request head and body arrive (408 past it), idle_timeout for each write of the answer (a
// client that stops reading is cut off, which releases its scan).
#pragma once

#include "service/metrics.hpp"
#include "service/output_channel.hpp"
#include "service/service_config.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>

namespace x12kx::service {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class http_session;

/// What every connection shares. Touched only on the I/O thread, except `metrics`, `rules`
/// and `config`, which are safe from any thread.
struct service_state {
  service_config const& config;
  rule_set const& rules;
  service_metrics& metrics;
  net::io_context& io;
  net::thread_pool& scan_pool;
  bool draining = false;
  std::size_t in_flight = 0;  // admitted scan requests not yet answered
  std::uint64_t last_request_id = 0;
  std::list<std::weak_ptr<http_session>> sessions;
  std::function<void()> on_session_closed;
};

enum class route : std::uint8_t { scan, healthz, metrics, not_found, method_not_allowed };

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  http_session(tcp::socket socket, service_state& state);
  ~http_session();
  http_session(http_session const&) = delete;
  http_session& operator=(http_session const&) = delete;

  void start();
  /// Shutdown began: close now when idle, else after the answer in progress.
  void drain();
  /// The grace period is over: close now, abandoning any answer in progress.
  void abort();

 private:
  enum class phase : std::uint8_t { idle, reading, responding, closed };

  void wait_for_request();
  void read_header();
  void on_header(beast::error_code ec);
  void read_body();
  void on_body(beast::error_code ec);
  void on_read_error(beast::error_code ec);

  void answer_health();
  void answer_metrics();
  void answer_error(http::status status, request_error error, std::string_view message);
  void write_small(http::response<http::string_body> response, bool close_after);

  void start_scan();
  void pump_output();
  void on_chunk_written(beast::error_code ec);
  void on_last_chunk_written(beast::error_code ec);
  void abort_scan(request_error error);
  void end_scan();

  void finish_request(unsigned status, std::optional<request_error> error);
  void after_response(bool close_after);
  void linger_close();
  void discard_input();
  void close();
  void arm(seconds timeout);
  void disarm();
  void on_deadline();

  service_state& state_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  net::steady_timer deadline_;
  std::uint64_t deadline_generation_ = 0;
  std::list<std::weak_ptr<http_session>>::iterator registration_;
  phase phase_ = phase::idle;

  // The request in progress.
  std::optional<http::request_parser<http::string_body>> parser_;
  std::uint64_t request_id_ = 0;
  std::chrono::steady_clock::time_point request_start_;
  std::string method_;
  route route_ = route::not_found;
  std::string input_name_;
  bool keep_alive_ = false;
  bool admitted_ = false;  // counted in state_.in_flight
  bool timed_out_ = false;
  bool aborted_by_shutdown_ = false;
  std::uint64_t bytes_in_ = 0;
  std::uint64_t bytes_out_ = 0;

  // The answer in progress.
  std::optional<http::response<http::string_body>> small_response_;
  std::optional<http::response<http::empty_body>> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> head_serializer_;
  std::shared_ptr<output_channel> channel_;
  std::string chunk_;
  bool writing_ = false;
  std::optional<request_error> scan_error_;
  std::optional<run_summary> summary_;  // of a completed scan, for the log line
  std::array<char, 4096> discard_{};
};

}  // namespace x12kx::service
