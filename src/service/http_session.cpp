#include "service/http_session.hpp"

#include "findings/json_writer.hpp"
#include "x12/byte_source.hpp"

#include <fmt/format.h>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>

#include <array>
#include <cstdio>
#include <iterator>

namespace x12kx::service {
namespace {

// A GET carries no body worth reading; this is all we accept before answering.
constexpr std::uint64_t small_body_limit = 64u << 10;
// After an early answer (413, 503, 400), unread request bytes are discarded for at most this
// long before closing, so the client reads the answer instead of a connection reset.
constexpr seconds linger_time{2};
constexpr std::string_view default_input_name = "<body>";
constexpr std::size_t max_input_name = 255;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string_view route_name(route r) {
  switch (r) {
    case route::scan:
      return "scan";
    case route::healthz:
      return "healthz";
    case route::metrics:
      return "metrics";
    case route::not_found:
    case route::method_not_allowed:
      break;
  }
  return "other";
}

route route_of(http::verb method, std::string_view path) {
  struct entry {
    std::string_view path;
    http::verb method;
    route target;
  };
  static constexpr std::array<entry, 3> table = {{{"/v1/scan", http::verb::post, route::scan},
                                                  {"/healthz", http::verb::get, route::healthz},
                                                  {"/metrics", http::verb::get, route::metrics}}};
  for (auto const& e : table) {
    if (e.path == path) return e.method == method ? e.target : route::method_not_allowed;
  }
  return route::not_found;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Decodes one application/x-www-form-urlencoded value; empty optional when it is malformed.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char const c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      int const high = hex_value(text[i + 1]);
      int const low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return out;
}

bool is_printable(std::string_view text) {
  for (unsigned char const c : text) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

/// The `name` query parameter: what findings call the body in their `file` field.
std::optional<std::string> input_name_of(std::string_view query) {
  while (!query.empty()) {
    auto const amp = query.find('&');
    std::string_view const pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.substr(0, 5) != "name=") continue;
    auto name = percent_decode(pair.substr(5));
    if (!name || name->empty() || name->size() > max_input_name || !is_printable(*name)) {
      return std::nullopt;
    }
    return name;
  }
  return std::string(default_input_name);
}

bool is_http_error(beast::error_code const& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category();
}

std::string error_json(request_error error, std::string_view message, std::uint64_t request_id) {
  std::string out = "{\"error\":";
  append_json_string(out, name_of(error));
  out += ",\"message\":";
  append_json_string(out, message);
  fmt::format_to(std::back_inserter(out), ",\"request_id\":{}}}\n", request_id);
  return out;
}

}  // namespace

http_session::http_session(tcp::socket socket, service_state& state)
    : state_(state), stream_(std::move(socket)), deadline_(state.io) {
  beast::error_code ignored;
  stream_.socket().set_option(tcp::no_delay(true), ignored);
  state_.metrics.on_connection(+1);
}

http_session::~http_session() {
  state_.metrics.on_connection(-1);
  state_.sessions.erase(registration_);
  if (state_.on_session_closed) state_.on_session_closed();
}

void http_session::start() {
  registration_ = state_.sessions.insert(state_.sessions.end(), weak_from_this());
  wait_for_request();
}

void http_session::drain() {
  if (phase_ == phase::idle) close();
}

void http_session::abort() {
  aborted_by_shutdown_ = true;
  if (phase_ == phase::responding && channel_) return abort_scan(request_error::shutting_down);
  close();
}

// ---- receiving a request ----------------------------------------------------------------

void http_session::wait_for_request() {
  phase_ = phase::idle;
  if (state_.draining) return close();
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  arm(state_.config.idle_timeout);
  stream_.socket().async_wait(tcp::socket::wait_read,
                              [self = shared_from_this()](beast::error_code ec) {
                                if (self->phase_ != phase::idle) return;
                                if (ec) return self->close();
                                self->read_header();
                              });
}

void http_session::read_header() {
  phase_ = phase::reading;
  request_id_ = 0;  // numbered once bytes arrive, so a keep-alive close takes no number
  request_start_ = std::chrono::steady_clock::now();
  method_.clear();
  route_ = route::not_found;
  keep_alive_ = false;
  timed_out_ = false;
  bytes_in_ = 0;
  bytes_out_ = 0;
  scan_error_.reset();
  summary_.reset();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(state_.config.max_header_bytes));
  parser_->body_limit(boost::none);  // set per route once the head is read
  arm(state_.config.request_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void http_session::on_header(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  request_id_ = ++state_.last_request_id;
  auto const& request = parser_->get();
  method_ = std::string(request.method_string());
  std::string_view const target = request.target();
  auto const question = target.find('?');
  route_ = route_of(request.method(), target.substr(0, question));
  keep_alive_ = request.keep_alive();
  if (route_ == route::not_found) {
    return answer_error(http::status::not_found, request_error::bad_request, "no such endpoint");
  }
  if (route_ == route::method_not_allowed) {
    return answer_error(http::status::method_not_allowed, request_error::bad_request,
                        "method not allowed on this endpoint");
  }
  if (route_ != route::scan) {
    auto const length = parser_->content_length();
    if (length && *length > small_body_limit) {
      return answer_error(http::status::payload_too_large, request_error::body_too_large,
                          "this endpoint takes no request body");
    }
    parser_->body_limit(small_body_limit);
    return read_body();
  }

  auto name = input_name_of(question == std::string_view::npos ? std::string_view{}
                                                               : target.substr(question + 1));
  if (!name) {
    return answer_error(http::status::bad_request, request_error::bad_request,
                        "the name parameter must be 1 to 255 printable bytes, percent-encoded");
  }
  input_name_ = std::move(*name);
  auto const length = parser_->content_length();
  if (length && *length > state_.config.max_body_bytes) {
    return answer_error(
        http::status::payload_too_large, request_error::body_too_large,
        fmt::format("request body over the limit of {} bytes", state_.config.max_body_bytes));
  }
  if (state_.in_flight >= state_.config.max_requests) {
    return answer_error(http::status::service_unavailable, request_error::busy,
                        fmt::format("{} scans in flight; retry later", state_.in_flight));
  }
  admitted_ = true;
  ++state_.in_flight;
  state_.metrics.on_in_flight(+1);
  parser_->body_limit(state_.config.max_body_bytes);

  if (beast::iequals(request[http::field::expect], "100-continue")) {
    // The client waits for this before sending a large body (curl does past 1 MiB).
    head_serializer_.reset();
    stream_head_.emplace(http::status::continue_, request.version());
    head_serializer_.emplace(*stream_head_);
    http::async_write_header(stream_, *head_serializer_,
                             [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                               if (write_ec) return self->on_read_error(write_ec);
                               self->read_body();
                             });
    return;
  }
  read_body();
}

void http_session::read_body() {
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void http_session::on_body(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  disarm();
  switch (route_) {
    case route::scan:
      return start_scan();
    case route::healthz:
      return answer_health();
    case route::metrics:
      return answer_metrics();
    case route::not_found:
    case route::method_not_allowed:
      break;
  }
  answer_error(http::status::not_found, request_error::bad_request, "no such endpoint");
}

void http_session::on_read_error(beast::error_code ec) {
  disarm();
  if (phase_ == phase::closed) {
    if (request_id_ == 0) request_id_ = ++state_.last_request_id;
    return finish_request(0, request_error::shutting_down);
  }
  if (timed_out_) {
    if (request_id_ == 0) request_id_ = ++state_.last_request_id;
    return answer_error(
        http::status::request_timeout, request_error::timeout,
        fmt::format("request not received within {} s", state_.config.request_timeout.count()));
  }
  if (ec == http::error::end_of_stream) return close();  // closed between requests
  if (request_id_ == 0) request_id_ = ++state_.last_request_id;
  if (ec == http::error::body_limit) {
    return answer_error(
        http::status::payload_too_large, request_error::body_too_large,
        fmt::format("request body over the limit of {} bytes", state_.config.max_body_bytes));
  }
  if (ec == http::error::header_limit) {
    return answer_error(http::status::request_header_fields_too_large, request_error::bad_request,
                        "request head too large");
  }
  if (is_http_error(ec) && ec != http::error::partial_message) {
    return answer_error(http::status::bad_request, request_error::bad_request,
                        "malformed HTTP request");
  }
  // The client went away in the middle of its request.
  close();
  finish_request(0, request_error::client_gone);
}

// ---- small answers ----------------------------------------------------------------------

void http_session::answer_health() {
  bool const ready = !state_.draining;
  std::string body =
      fmt::format("{{\"status\":\"{}\",\"rules_version\":", ready ? "ready" : "draining");
  append_json_string(body, state_.rules.version);
  fmt::format_to(std::back_inserter(body), ",\"in_flight\":{},\"max_requests\":{}}}\n",
                 state_.in_flight, state_.config.max_requests);
  http::response<http::string_body> response{
      ready ? http::status::ok : http::status::service_unavailable, 11};
  response.set(http::field::content_type, "application/json");
  response.body() = std::move(body);
  write_small(std::move(response), false);
}

void http_session::answer_metrics() {
  http::response<http::string_body> response{http::status::ok, 11};
  response.set(http::field::content_type, "text/plain; version=0.0.4");
  response.body() = state_.metrics.render();
  write_small(std::move(response), false);
}

void http_session::answer_error(http::status status, request_error error,
                                std::string_view message) {
  disarm();
  scan_error_ = error;
  http::response<http::string_body> response{status, 11};
  response.set(http::field::content_type, "application/json");
  if (status == http::status::service_unavailable) response.set(http::field::retry_after, "1");
  response.body() = error_json(error, message, request_id_);
  // The rest of the request is unread: the connection cannot carry another one.
  write_small(std::move(response), true);
}

void http_session::write_small(http::response<http::string_body> response, bool close_after) {
  phase_ = phase::responding;
  bool const close = close_after || !keep_alive_ || state_.draining;
  response.set(http::field::server, "x12kx");
  response.set("X-Request-Id", std::to_string(request_id_));
  response.keep_alive(!close);
  response.prepare_payload();
  small_response_.emplace(std::move(response));
  arm(state_.config.idle_timeout);
  http::async_write(stream_, *small_response_,
                    [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
                      self->disarm();
                      auto const status = self->small_response_->result_int();
                      self->bytes_out_ = self->small_response_->body().size();
                      self->small_response_.reset();
                      if (ec) {
                        self->close();
                        return self->finish_request(status, self->aborted_by_shutdown_
                                                                ? request_error::shutting_down
                                                                : request_error::client_gone);
                      }
                      self->finish_request(status, self->scan_error_);
                      self->after_response(close);
                    });
}

// ---- streaming a scan -------------------------------------------------------------------

void http_session::start_scan() {
  phase_ = phase::responding;
  auto body = std::make_shared<std::string>(std::move(parser_->get().body()));
  parser_.reset();
  bytes_in_ = body->size();
  channel_ = std::make_shared<output_channel>(
      state_.config.output_buffer_bytes, state_.config.output_spill_after,
      [weak = weak_from_this(), executor = stream_.get_executor()] {
        net::post(executor, [weak] {
          if (auto self = weak.lock()) self->pump_output();
        });
      });

  scan_options options = state_.config.scan;
  // The body is the run's one input, named like a file in the findings.
  options.files = {input_name_};
  options.open = [body](std::string const&, std::string&) {
    return std::make_unique<x12::memory_source>(*body);
  };
  // The job keeps the connection alive until its end is posted back, so the connection is
  // always destroyed on the I/O thread, and keeps io.run() going until then.
  net::post(state_.scan_pool, [options = std::move(options), body, channel = channel_,
                               &rules = state_.rules, keep = shared_from_this(),
                               executor = stream_.get_executor(),
                               work = net::make_work_guard(state_.io)]() mutable {
    std::optional<scan_result> result;
    try {
      // A connection that went away while the job waited for a thread costs no scan.
      if (!channel->closed()) {
        result = run_scan(options, rules, [&](std::string_view bytes) { channel->push(bytes); });
      }
    } catch (output_closed const&) {
    } catch (...) {
      // An internal failure; the answer ends without its last chunk and the log says so.
    }
    channel->finish(std::move(result));
    net::post(executor, [keep = std::move(keep)] { keep->pump_output(); });
  });

  head_serializer_.reset();
  stream_head_.emplace(http::status::ok, 11);
  stream_head_->set(http::field::server, "x12kx");
  stream_head_->set(http::field::content_type, "application/x-ndjson");
  stream_head_->set("X-Request-Id", std::to_string(request_id_));
  stream_head_->keep_alive(keep_alive_ && !state_.draining);
  stream_head_->chunked(true);
  head_serializer_.emplace(*stream_head_);
  writing_ = true;
  arm(state_.config.idle_timeout);
  http::async_write_header(stream_, *head_serializer_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->chunk_.clear();
                             self->on_chunk_written(ec);
                           });
}

void http_session::pump_output() {
  if (!channel_ || writing_) return;
  if (scan_error_) {
    // Abandoned: wait for the scan to let go of its input, then account for the request.
    if (channel_->finished()) end_scan();
    return;
  }
  chunk_ = channel_->take();
  if (!chunk_.empty()) {
    writing_ = true;
    arm(state_.config.idle_timeout);
    net::async_write(stream_, http::make_chunk(net::buffer(chunk_)),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_chunk_written(ec);
                     });
    return;
  }
  if (!channel_->drained()) return;  // more is coming; the channel wakes us
  if (!channel_->result()) return abort_scan(request_error::scan_failed);
  writing_ = true;
  arm(state_.config.idle_timeout);
  net::async_write(stream_, http::make_chunk_last(),
                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                     self->on_last_chunk_written(ec);
                   });
}

void http_session::on_chunk_written(beast::error_code ec) {
  writing_ = false;
  disarm();
  if (ec) {
    return abort_scan(timed_out_             ? request_error::write_stalled
                      : aborted_by_shutdown_ ? request_error::shutting_down
                                             : request_error::client_gone);
  }
  bytes_out_ += chunk_.size();
  channel_->written(chunk_.size());
  chunk_.clear();
  pump_output();
}

void http_session::on_last_chunk_written(beast::error_code ec) {
  writing_ = false;
  disarm();
  if (ec) return abort_scan(timed_out_ ? request_error::write_stalled : request_error::client_gone);
  end_scan();
}

void http_session::abort_scan(request_error error) {
  if (!scan_error_) scan_error_ = error;
  channel_->close();  // a scan blocked on a full channel throws and unwinds
  close();
  pump_output();
}

void http_session::end_scan() {
  auto const result = channel_->result();
  channel_->close();
  channel_.reset();
  stream_head_.reset();
  head_serializer_.reset();
  if (result && !scan_error_) {
    state_.metrics.on_scan(result->summary);
    summary_ = result->summary;
  }
  finish_request(200, scan_error_);
  if (!scan_error_ && result) {
    // The log line's counts come from the summary; write them before the next request.
    after_response(!keep_alive_);
  }
}

// ---- the end of a request ---------------------------------------------------------------

void http_session::finish_request(unsigned status, std::optional<request_error> error) {
  double const elapsed = seconds_since(request_start_);
  if (status != 0) {
    state_.metrics.on_response(route_name(route_), status, bytes_in_, bytes_out_, elapsed);
  }
  if (error) state_.metrics.on_error(*error);
  if (admitted_) {
    admitted_ = false;
    --state_.in_flight;
    state_.metrics.on_in_flight(-1);
  }
  // One line per request: ids and counts only, never the input name or any member data.
  std::string line = fmt::format(
      "x12kx serve: {{\"request_id\":{},\"method\":\"{}\",\"route\":\"{}\",\"status\":{},"
      "\"bytes_in\":{},\"bytes_out\":{},\"duration_ms\":{:.3f},\"outcome\":\"{}\"",
      request_id_, method_.empty() ? "-" : method_, route_name(route_), status, bytes_in_,
      bytes_out_, elapsed * 1e3, error ? name_of(*error) : "ok");
  if (summary_) {
    std::uint64_t findings = 0;
    for (auto const count : summary_->findings) findings += count;
    fmt::format_to(std::back_inserter(line),
                   ",\"claims\":{},\"remits\":{},\"findings\":{},\"input_errors\":{}",
                   summary_->claims, summary_->remits, findings,
                   summary_->findings[static_cast<std::size_t>(finding_kind::error)]);
  }
  line += "}\n";
  std::fputs(line.c_str(), stderr);
}

void http_session::after_response(bool close_after) {
  if (close_after || state_.draining) return linger_close();
  wait_for_request();
}

void http_session::linger_close() {
  phase_ = phase::closed;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  arm(linger_time);
  discard_input();
}

void http_session::discard_input() {
  stream_.socket().async_read_some(net::buffer(discard_),
                                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (ec) return self->close();
                                     self->discard_input();
                                   });
}

void http_session::close() {
  phase_ = phase::closed;
  disarm();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

// ---- deadlines --------------------------------------------------------------------------

void http_session::arm(seconds timeout) {
  ++deadline_generation_;
  deadline_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout));
  deadline_.async_wait(
      [self = shared_from_this(), generation = deadline_generation_](beast::error_code ec) {
        if (ec || generation != self->deadline_generation_) return;
        self->on_deadline();
      });
}

void http_session::disarm() {
  ++deadline_generation_;
  deadline_.cancel();
}

void http_session::on_deadline() {
  timed_out_ = true;
  beast::error_code ignored;
  switch (phase_) {
    case phase::reading:
      stream_.socket().cancel(ignored);  // the read fails and a 408 goes out
      return;
    case phase::idle:
    case phase::responding:
    case phase::closed:
      close();
      return;
  }
}

}  // namespace x12kx::service
