// For the service tests and the load tool: runs `x12kx serve` as a child process on a
// loopback port the operating system picks, and talks HTTP to it with a small synchronous
// Asio/Beast client of our own.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace x12kx::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

/// `x12kx serve` in a child process, its standard error in a log file.
class service_process {
 public:
  explicit service_process(std::vector<std::string> const& flags, std::string const& binary) {
    char dir_template[] = "/tmp/x12kx-serve-XXXXXX";
    if (::mkdtemp(dir_template) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = dir_template;
    std::string const port_file = dir_ + "/port";
    log_path_ = dir_ + "/stderr.log";
    std::vector<std::string> args = {binary,        "serve",       "--listen",
                                     "127.0.0.1:0", "--port-file", port_file};
    args.insert(args.end(), flags.begin(), flags.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      int const log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(log, 2);
      ::dup2(log, 1);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    auto const give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < give_up) {
      std::ifstream in(port_file);
      if (in >> port_) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("x12kx serve exited at start: " + log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("x12kx serve did not report its port");
  }

  ~service_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::remove((dir_ + "/port").c_str());
    std::remove(log_path_.c_str());
    ::rmdir(dir_.c_str());
  }
  service_process(service_process const&) = delete;
  service_process& operator=(service_process const&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  void signal(int number) const { ::kill(pid_, number); }

  /// Waits for the exit; the exit status, or -1 when it did not exit normally in time.
  int wait_exit(std::chrono::seconds limit) {
    auto const give_up = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < give_up) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

  [[nodiscard]] std::string log() const {
    std::ifstream in(log_path_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::string dir_;
  std::string log_path_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

struct http_reply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  bool chunked = false;
  bool complete = false;  // false: the connection ended before the response did

  [[nodiscard]] std::string header(std::string const& name) const {
    auto const found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

/// One client connection to the service.
class http_client {
 public:
  explicit http_client(std::uint16_t port, std::optional<int> receive_buffer = std::nullopt)
      : socket_(io_) {
    socket_.open(tcp::v4());
    if (receive_buffer) socket_.set_option(net::socket_base::receive_buffer_size(*receive_buffer));
    socket_.connect({net::ip::make_address("127.0.0.1"), port});
    socket_.set_option(tcp::no_delay(true));
  }

  void send(std::string_view bytes) { net::write(socket_, net::buffer(bytes)); }

  /// Reads one response; a connection that ends early gives what arrived, complete = false.
  http_reply receive() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    http_reply reply;
    beast::error_code ec;
    http::read(socket_, buffer_, parser, ec);
    if (parser.is_header_done()) {
      auto const& message = parser.get();
      reply.status = message.result_int();
      for (auto const& field : message) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        reply.headers[name] = std::string(field.value());
      }
      reply.chunked = parser.chunked();
      reply.body = message.body();
    }
    reply.complete = !ec && parser.is_done();
    return reply;
  }

  http_reply exchange(std::string_view request) {
    send(request);
    return receive();
  }

  /// True when the service closed the connection (a read sees end of file or a reset).
  bool closed_by_peer() {
    char byte = 0;
    beast::error_code ec;
    socket_.read_some(net::buffer(&byte, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

  void close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket& socket() { return socket_; }

 private:
  net::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

inline std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char const c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

inline std::string scan_target(std::string const& name) {
  return name.empty() ? "/v1/scan" : "/v1/scan?name=" + url_encode(name);
}

/// A POST /v1/scan with Content-Length.
inline std::string scan_request(std::string_view body, std::string const& name = {},
                                bool keep_alive = true) {
  std::string out = "POST " + scan_target(name) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "Content-Type: application/edi-x12\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n";
  out.append(body);
  return out;
}

/// The head of a chunked POST /v1/scan, and the body cut in chunks of `chunk` bytes.
inline std::string chunked_scan_request(std::string_view body, std::string const& name,
                                        std::size_t chunk) {
  std::string out = "POST " + scan_target(name) +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += chunk) {
    auto const piece = body.substr(at, chunk);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    out += size;
    out.append(piece);
    out += "\r\n";
  }
  out += "0\r\n\r\n";
  return out;
}

inline std::string get_request(std::string const& path) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

inline http_reply get(std::uint16_t port, std::string const& path) {
  http_client client(port);
  return client.exchange(get_request(path));
}

/// The value of one unlabelled or fully labelled series in a /metrics answer; -1 if absent.
inline double metric(std::string const& text, std::string const& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return -1;
}

/// Polls /metrics until `series` has `value` or the time is up; returns the last value seen.
inline double wait_for_metric(std::uint16_t port, std::string const& series, double value,
                              std::chrono::seconds limit = std::chrono::seconds(10)) {
  auto const give_up = std::chrono::steady_clock::now() + limit;
  double seen = -1;
  while (std::chrono::steady_clock::now() < give_up) {
    seen = metric(get(port, "/metrics").body, series);
    if (seen == value) return seen;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return seen;
}

}  // namespace x12kx::testing
