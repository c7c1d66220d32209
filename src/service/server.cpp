#include "service/server.hpp"

#include "service/http_session.hpp"

#include <fmt/format.h>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

namespace x12kx::service {
namespace {

// After a failed accept (out of descriptors, say), wait this long before the next one.
constexpr std::chrono::milliseconds accept_backoff{100};

/// Writes the bound port through a temporary file and a rename, so a reader never sees half.
void write_port_file(std::string const& path, std::uint16_t port) {
  std::string const temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << '\n';
    if (!out.flush()) throw listen_error("cannot write the port file " + path);
  }
  std::filesystem::rename(temporary, path);
}

class listener {
 public:
  listener(service_config const& config, rule_set const& rules)
      : config_(config),
        metrics_(rules.version),
        pool_(std::max(1u, config.scan_threads)),
        state_{config, rules, metrics_, io_, pool_, false, 0, 0, {}, {}},
        acceptor_(io_),
        retry_(io_),
        grace_(io_),
        signals_(io_, SIGINT, SIGTERM) {}

  void run() {
    bind();
    state_.on_session_closed = [this] { stop_when_drained(); };
    wait_for_signal();
    accept();
    io_.run();
    pool_.join();
    fmt::print(stderr, "x12kx serve: stopped\n");
  }

 private:
  void bind() {
    beast::error_code ec;
    auto const address = net::ip::make_address(config_.address, ec);
    if (ec) throw listen_error("not an IP address: " + config_.address);
    tcp::endpoint const endpoint(address, config_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      throw listen_error(
          fmt::format("cannot listen on {}:{}: {}", config_.address, config_.port, ec.message()));
    }
    auto const bound = acceptor_.local_endpoint();
    if (!config_.port_file.empty()) write_port_file(config_.port_file, bound.port());
    fmt::print(stderr,
               "x12kx serve: listening on {}:{} (rules {}, {} scan threads, at most {} scans, "
               "bodies up to {} bytes)\n",
               bound.address().to_string(), bound.port(), state_.rules.version,
               config_.scan_threads, config_.max_requests, config_.max_body_bytes);
  }

  void accept() {
    acceptor_.async_accept(io_, [this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor_.is_open()) return;
      if (ec) {
        retry_.expires_after(accept_backoff);
        retry_.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) accept();
        });
        return;
      }
      std::make_shared<http_session>(std::move(socket), state_)->start();
      accept();
    });
  }

  void wait_for_signal() {
    signals_.async_wait([this](beast::error_code ec, int signal) {
      if (ec) return;
      if (state_.draining) {
        fmt::print(stderr, "x12kx serve: second signal; closing every connection now\n");
        return abort_all();
      }
      wait_for_signal();  // before begin_drain, which cancels it when nothing is left
      begin_drain(signal);
    });
  }

  void begin_drain(int signal) {
    state_.draining = true;
    fmt::print(stderr, "x12kx serve: signal {}; draining {} connections ({} scans in flight)\n",
               signal, state_.sessions.size(), state_.in_flight);
    beast::error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
    for (auto const& weak : live_sessions()) weak->drain();
    grace_.expires_after(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(config_.grace_period));
    grace_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      fmt::print(stderr, "x12kx serve: grace period over; closing {} connections\n",
                 state_.sessions.size());
      abort_all();
    });
    stop_when_drained();
  }

  void abort_all() {
    for (auto const& session : live_sessions()) session->abort();
  }

  /// Once draining and no connection is left, nothing keeps io.run() going.
  void stop_when_drained() {
    if (!state_.draining || !state_.sessions.empty()) return;
    grace_.cancel();
    signals_.cancel();
  }

  std::vector<std::shared_ptr<http_session>> live_sessions() {
    std::vector<std::shared_ptr<http_session>> out;
    for (auto const& weak : state_.sessions) {
      if (auto session = weak.lock()) out.push_back(std::move(session));
    }
    return out;
  }

  service_config const& config_;
  net::io_context io_{1};
  service_metrics metrics_;
  net::thread_pool pool_;
  service_state state_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  net::steady_timer grace_;
  net::signal_set signals_;
};

}  // namespace

void serve(service_config const& config, rule_set const& rules) { listener(config, rules).run(); }

}  // namespace x12kx::service
