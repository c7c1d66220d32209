// `x12kx serve` end to end: a real service on a loopback port the operating system picks,
// driven by our own Asio/Beast client. Answers must be the bytes `x12kx scan` writes for the
// same input; each limit must give its status and JSON error; bad clients must not hold
// memory, threads or other clients; SIGTERM must let requests in flight finish.
#include "serve_support.hpp"
#include "test_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>

namespace x12kx {
namespace {

using testing::get;
using testing::http_client;
using testing::http_reply;
using testing::metric;
using testing::read_file;
using testing::scan_request;
using testing::service_process;
using testing::wait_for_metric;

std::vector<std::string> const fixtures = {"fixtures/therapy-837p.x12", "fixtures/therapy-837i.x12",
                                           "fixtures/remits-835.x12", "fixtures/malformed-837p.x12",
                                           "fixtures/truncated-835.x12"};

/// What `x12kx scan -q --threads 1 PATH` writes on standard output, run in the source tree.
std::string command_line_output(std::string const& path) {
  std::string const command = std::string(X12KX_BINARY) + " scan -q --threads 1 " + path;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

std::string json_field(std::string const& json, char const* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc)) return "<not JSON>";
  std::string_view value;
  if (doc.at_key(key).get(value)) return "<absent>";
  return std::string(value);
}

/// A large body: the 837P fixture repeated, a new interchange each time.
/// `copies` interchanges of the therapy fixture, each with its own ISA13/IEA02 so that none
/// is a repeat of another (a repeated transaction set is rejected, not checked again).
std::string large_body(std::size_t copies) {
  std::string const one = read_file("fixtures/therapy-837p.x12");
  std::string_view const isa13 = "000000101";
  std::string out;
  out.reserve(one.size() * copies);
  for (std::size_t i = 0; i < copies; ++i) {
    std::string copy = one;
    std::string const number = fmt::format("{:09}", 100000000 + i);
    for (auto at = copy.find(isa13); at != std::string::npos; at = copy.find(isa13, at)) {
      copy.replace(at, isa13.size(), number);
    }
    out += copy;
  }
  return out;
}

class serve : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::chdir(X12KX_SOURCE_DIR), 0); }

  std::unique_ptr<service_process> start(std::vector<std::string> flags = {}) {
    return std::make_unique<service_process>(flags, X12KX_BINARY);
  }
};

TEST_F(serve, each_fixture_gets_the_bytes_the_command_line_writes) {
  auto const service = start({"--threads", "2"});
  http_client client(service->port());
  for (auto const& path : fixtures) {
    http_reply const reply = client.exchange(scan_request(read_file(path), path));
    ASSERT_TRUE(reply.complete) << path;
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.header("content-type"), "application/x-ndjson");
    EXPECT_TRUE(reply.chunked);
    EXPECT_FALSE(reply.body.empty());
    EXPECT_EQ(reply.body, command_line_output(path)) << path;
  }
}

TEST_F(serve, chunked_request_bodies_get_the_same_answer) {
  auto const service = start();
  std::string const path = "fixtures/remits-835.x12";
  std::string const expected = command_line_output(path);
  for (std::size_t const chunk : {1u, 7u, 4096u}) {
    http_client client(service->port());
    auto const reply = client.exchange(testing::chunked_scan_request(read_file(path), path, chunk));
    ASSERT_TRUE(reply.complete);
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.body, expected) << "chunk " << chunk;
  }
}

TEST_F(serve, body_without_a_name_is_called_body_in_findings) {
  auto const service = start();
  http_client client(service->port());
  auto const reply = client.exchange(scan_request(read_file("fixtures/truncated-835.x12")));
  ASSERT_TRUE(reply.complete);
  EXPECT_NE(reply.body.find("\"file\":\"<body>\""), std::string::npos);
  EXPECT_EQ(reply.body.find("fixtures/"), std::string::npos);
}

TEST_F(serve, body_over_the_limit_gets_413_with_a_json_error) {
  auto const service = start({"--max-body", "2000"});
  std::string const body = read_file("fixtures/therapy-837p.x12");  // 5070 bytes
  {
    http_client client(service->port());
    auto const reply = client.exchange(scan_request(body, "x"));
    EXPECT_EQ(reply.status, 413u);
    EXPECT_EQ(json_field(reply.body, "error"), "body_too_large");
    EXPECT_EQ(reply.header("connection"), "close");
  }
  {
    // Chunked: the size is only known while reading.
    http_client client(service->port());
    auto const reply = client.exchange(testing::chunked_scan_request(body, "x", 500));
    EXPECT_EQ(reply.status, 413u);
    EXPECT_EQ(json_field(reply.body, "error"), "body_too_large");
  }
  // A body at the limit is fine.
  http_client client(service->port());
  auto const reply = client.exchange(scan_request(body.substr(0, 2000), "x"));
  EXPECT_EQ(reply.status, 200u);
}

TEST_F(serve, request_past_the_concurrency_limit_gets_503_with_retry_after) {
  auto const service = start({"--max-requests", "1"});
  std::string const path = "fixtures/therapy-837i.x12";
  std::string const request = scan_request(read_file(path), path);
  // The first request is admitted and held open: its body is still arriving.
  http_client first(service->port());
  first.send(std::string_view(request).substr(0, request.size() - 10));
  ASSERT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 1), 1);

  http_client second(service->port());
  auto const busy = second.exchange(request);
  EXPECT_EQ(busy.status, 503u);
  EXPECT_EQ(busy.header("retry-after"), "1");
  EXPECT_EQ(json_field(busy.body, "error"), "busy");
  // Health and metrics still answer at the limit.
  EXPECT_EQ(get(service->port(), "/healthz").status, 200u);

  first.send(std::string_view(request).substr(request.size() - 10));
  auto const done = first.receive();
  EXPECT_EQ(done.status, 200u);
  EXPECT_EQ(done.body, command_line_output(path));
}

TEST_F(serve, request_not_received_in_time_gets_408) {
  auto const service = start({"--request-timeout", "0.5"});
  http_client client(service->port());
  std::string const request = scan_request(read_file("fixtures/therapy-837i.x12"), "x");
  client.send(std::string_view(request).substr(0, request.size() / 2));
  auto const started = std::chrono::steady_clock::now();
  auto const reply = client.receive();
  EXPECT_EQ(reply.status, 408u);
  EXPECT_EQ(json_field(reply.body, "error"), "timeout");
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
  EXPECT_EQ(wait_for_metric(service->port(), "x12kx_request_errors_total{reason=\"timeout\"}", 1),
            1);
  // The 408 names its request, in the header and the body, also when the head never ended.
  EXPECT_EQ(reply.header("x-request-id"), "1");
  EXPECT_NE(reply.body.find("\"request_id\":1}"), std::string::npos) << reply.body;
  http_client partial(service->port());
  partial.send("POST /v1/scan HTTP/1.1\r\nHost: x\r\n");
  auto const cut = partial.receive();
  EXPECT_EQ(cut.status, 408u);
  EXPECT_EQ(cut.header("x-request-id"), "3");  // 2 was the metrics request above
  EXPECT_NE(cut.body.find("\"request_id\":3}"), std::string::npos) << cut.body;
}

TEST_F(serve, malformed_http_gets_400_and_unknown_routes_404_and_405) {
  auto const service = start();
  {
    http_client client(service->port());
    auto const reply = client.exchange("NOT HTTP AT ALL\x01\r\n\r\n");
    EXPECT_EQ(reply.status, 400u);
    EXPECT_EQ(json_field(reply.body, "error"), "bad_request");
  }
  {
    http_client client(service->port());
    auto const reply =
        client.exchange("POST /v1/scan HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n");
    EXPECT_EQ(reply.status, 400u);
  }
  {
    http_client client(service->port());
    auto const reply = client.exchange(scan_request("ISA", "bad\nname"));
    EXPECT_EQ(reply.status, 400u);
  }
  EXPECT_EQ(get(service->port(), "/nowhere").status, 404u);
  EXPECT_EQ(get(service->port(), "/v1/scan").status, 405u);
  EXPECT_EQ(get(service->port(), "/healthz").status, 200u);
}

TEST_F(serve, disconnect_mid_body_leaves_nothing_behind) {
  auto const service = start({"--max-requests", "1"});
  std::string const path = "fixtures/remits-835.x12";
  std::string const request = scan_request(read_file(path), path);
  for (int round = 0; round < 3; ++round) {
    http_client client(service->port());
    client.send(std::string_view(request).substr(0, request.size() / 2));
    ASSERT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 1), 1);
    client.close();
    // The admitted slot is given back, or the next round would get 503.
    ASSERT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 0), 0);
  }
  EXPECT_EQ(
      wait_for_metric(service->port(), "x12kx_request_errors_total{reason=\"client_gone\"}", 3), 3);
  EXPECT_EQ(wait_for_metric(service->port(), "x12kx_connections_open", 1), 1);  // the poller
  http_client client(service->port());
  auto const reply = client.exchange(request);
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body, command_line_output(path));
}

TEST_F(serve, client_that_stops_reading_is_cut_off_without_holding_up_others) {
  auto const service = start({"--threads", "2", "--idle-timeout", "1"});
  // About 7.6 MB in and well over 10 MB of findings out: more than the socket buffers and the
  // output channel hold, so the scan must wait for a reader that never comes.
  std::string const body = large_body(1500);
  http_client stalled(service->port(), /*receive_buffer=*/4096);
  stalled.send(scan_request(body, "big"));
  ASSERT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 1), 1);

  // Another client is answered in full meanwhile.
  std::string const path = "fixtures/therapy-837p.x12";
  http_client other(service->port());
  auto const reply = other.exchange(scan_request(read_file(path), path));
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body, command_line_output(path));

  // The stalled write times out, the connection closes and the scan is released.
  EXPECT_EQ(
      wait_for_metric(service->port(), "x12kx_request_errors_total{reason=\"write_stalled\"}", 1),
      1);
  EXPECT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 0), 0);
  auto const cut = stalled.receive();
  if (cut.complete) ADD_FAILURE() << service->log();
  EXPECT_EQ(cut.status, 200u);
  EXPECT_FALSE(cut.complete);
}

TEST_F(serve, clients_that_stop_reading_do_not_hold_the_scan_threads) {
  // One scan thread and two stalled clients, each answer far larger than the output channel
  // and the socket buffers: their scans spill to a temporary file and free the thread, so a
  // third client is answered long before the stalled ones time out.
  auto const service = start({"--threads", "1", "--idle-timeout", "60", "--grace-period", "1"});
  std::string const body = large_body(1500);
  std::vector<std::unique_ptr<http_client>> stalled;
  for (int i = 0; i < 2; ++i) {
    stalled.push_back(std::make_unique<http_client>(service->port(), /*receive_buffer=*/4096));
    stalled.back()->send(scan_request(body, "big"));
  }
  ASSERT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 2), 2);
  std::string const path = "fixtures/therapy-837p.x12";
  http_client other(service->port());
  auto const reply = other.exchange(scan_request(read_file(path), path));
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body, command_line_output(path));
  // Both stalled requests are still open (nobody was cut off to make room) ...
  EXPECT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 2), 2);
  EXPECT_EQ(
      wait_for_metric(service->port(), "x12kx_request_errors_total{reason=\"write_stalled\"}", 0),
      0);
  // ... and, read at last, each gets its whole answer in order from the spill file.
  auto const full = stalled[0]->receive();
  EXPECT_EQ(full.status, 200u);
  EXPECT_TRUE(full.complete);
  auto const lines = testing::split_lines(full.body);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(json_field(lines.back(), "kind"), "summary");
  EXPECT_GT(full.body.size(), std::size_t{4} << 20);
  EXPECT_EQ(stalled[1]->receive().body, full.body);
}

TEST_F(serve, thirty_two_clients_for_three_seconds_get_the_command_line_answers) {
  auto const service = start({"--threads", "2"});
  std::vector<std::string> bodies;
  std::vector<std::string> expected;
  for (auto const& path : fixtures) {
    bodies.push_back(scan_request(read_file(path), path));
    expected.push_back(command_line_output(path));
  }
  std::atomic<int> answered{0};
  std::atomic<int> wrong{0};
  auto const stop_at = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < 32; ++c) {
    clients.emplace_back([&, c] {
      http_client client(service->port());
      for (std::size_t i = c; std::chrono::steady_clock::now() < stop_at; ++i) {
        auto const reply = client.exchange(bodies[i % bodies.size()]);
        bool const right =
            reply.complete && reply.status == 200 && reply.body == expected[i % expected.size()];
        (right ? answered : wrong)++;
        if (!right) return;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(answered.load(), 32);
  auto const text = get(service->port(), "/metrics").body;
  EXPECT_EQ(metric(text, "x12kx_requests_total{route=\"scan\",status=\"200\"}"), answered.load());
  EXPECT_EQ(metric(text, "x12kx_requests_in_flight"), 0);
}

TEST_F(serve, sigterm_under_load_finishes_requests_in_flight_and_exits_0) {
  auto const service = start({"--threads", "2", "--grace-period", "20"});
  std::string const path = "fixtures/therapy-837p.x12";
  std::string const request = scan_request(read_file(path), path);
  std::string const expected = command_line_output(path);
  // Eight requests in flight, their bodies still arriving when the signal comes.
  std::size_t const head_and_some = request.find("\r\n\r\n") + 100;
  std::vector<std::unique_ptr<http_client>> clients;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(std::make_unique<http_client>(service->port()));
    clients.back()->send(std::string_view(request).substr(0, head_and_some));
  }
  ASSERT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 8), 8);
  http_client idle(service->port());  // connected, no request: closed at once
  service->signal(SIGTERM);
  EXPECT_TRUE(idle.closed_by_peer());
  for (auto& client : clients) {
    client->send(std::string_view(request).substr(head_and_some));
    auto const reply = client->receive();
    EXPECT_TRUE(reply.complete);
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.header("connection"), "close");
    EXPECT_EQ(reply.body, expected);
  }
  EXPECT_EQ(service->wait_exit(std::chrono::seconds(10)), 0);
  auto const log = service->log();
  EXPECT_NE(log.find("draining"), std::string::npos);
  EXPECT_NE(log.find("x12kx serve: stopped"), std::string::npos);
  // No new connection once it has stopped.
  EXPECT_THROW(http_client late(service->port()), boost::system::system_error);
}

TEST_F(serve, grace_period_ends_requests_that_do_not_finish) {
  auto const service = start({"--grace-period", "0.5", "--request-timeout", "60"});
  http_client slow(service->port());
  std::string const request = scan_request(read_file("fixtures/therapy-837i.x12"), "x");
  slow.send(std::string_view(request).substr(0, request.size() - 50));
  ASSERT_EQ(wait_for_metric(service->port(), "x12kx_requests_in_flight", 1), 1);
  service->signal(SIGINT);
  EXPECT_EQ(service->wait_exit(std::chrono::seconds(10)), 0);
  EXPECT_NE(service->log().find("grace period over"), std::string::npos);
  EXPECT_TRUE(slow.closed_by_peer());
}

TEST_F(serve, healthz_reports_ready_with_the_rules_version) {
  auto const service = start();
  auto const reply = get(service->port(), "/healthz");
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.header("content-type"), "application/json");
  EXPECT_EQ(json_field(reply.body, "status"), "ready");
  EXPECT_EQ(json_field(reply.body, "rules_version"), testing::bundled_rules().version);
}

TEST_F(serve, metrics_count_requests_bytes_claims_and_findings_by_kind) {
  auto const service = start();
  std::string const path = "fixtures/therapy-837p.x12";
  std::string const body = read_file(path);
  http_client client(service->port());
  auto const reply = client.exchange(scan_request(body, path));
  ASSERT_EQ(reply.status, 200u);
  auto const lines = testing::split_lines(reply.body);
  auto const count_kind = [&](std::string const& kind) {
    return static_cast<double>(std::count_if(lines.begin(), lines.end(), [&](auto const& line) {
      return json_field(line, "kind") == kind;
    }));
  };
  auto const text = get(service->port(), "/metrics").body;
  EXPECT_EQ(metric(text, "x12kx_requests_total{route=\"scan\",status=\"200\"}"), 1);
  EXPECT_EQ(metric(text, "x12kx_request_body_bytes_total"), static_cast<double>(body.size()));
  EXPECT_EQ(metric(text, "x12kx_response_body_bytes_total"),
            static_cast<double>(reply.body.size()));
  EXPECT_EQ(metric(text, "x12kx_claims_total"), 11);
  EXPECT_EQ(metric(text, "x12kx_findings_total{kind=\"therapy_kx_missing\"}"),
            count_kind("therapy_kx_missing"));
  EXPECT_GT(count_kind("therapy_kx_missing"), 0);
  EXPECT_EQ(metric(text, "x12kx_findings_total{kind=\"error\"}"), count_kind("error"));
  EXPECT_EQ(metric(text, "x12kx_request_duration_seconds_count"), 1);
  EXPECT_EQ(metric(text, "x12kx_request_duration_seconds_bucket{le=\"+Inf\"}"), 1);
  EXPECT_NE(text.find("# TYPE x12kx_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("x12kx_rules_info{version=\"" + testing::bundled_rules().version + "\"} 1"),
            std::string::npos);
}

TEST_F(serve, one_log_line_per_request_with_counts_and_no_member_data) {
  auto const service = start();
  std::string const path = "fixtures/therapy-837p.x12";
  http_client client(service->port());
  ASSERT_EQ(client.exchange(scan_request(read_file(path), "member-2TW7QM3HK45.x12")).status, 200u);
  ASSERT_EQ(client.exchange(testing::get_request("/healthz")).status, 200u);
  service->signal(SIGTERM);
  ASSERT_EQ(service->wait_exit(std::chrono::seconds(10)), 0);
  std::vector<std::string> requests;
  for (auto const& line : testing::split_lines(service->log())) {
    if (line.find("\"request_id\"") != std::string::npos) requests.push_back(line);
  }
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].find("\"status\":200"), std::string::npos);
  EXPECT_NE(requests[0].find("\"claims\":11"), std::string::npos);
  EXPECT_NE(requests[0].find("\"bytes_in\":5070"), std::string::npos);
  // Member ids, names and dates of the fixture, and the input's name, stay out of the log.
  auto const log = service->log();
  for (char const* secret :
       {"2TW7QM3HK45", "5RN8UC2PD63", "TESTPATIENT", "member-", "19440404", "19520202"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
  }
}

}  // namespace
}  // namespace x12kx
