// A load generator for `x12kx serve` (not a test: it measures). Each of CONNECTIONS clients
// posts FILE over one keep-alive connection, again and again for SECONDS, and checks every
// answer is a complete 200 with the same bytes as the first one; then it prints requests per
// second and megabytes of X12 per second.
//   serve_load PORT FILE [CONNECTIONS=32] [SECONDS=5]
#include "serve_support.hpp"

#include <fmt/format.h>

#include <atomic>

int main(int argc, char** argv) {
  using namespace x12kx::testing;
  if (argc < 3) {
    fmt::print(stderr, "usage: serve_load PORT FILE [CONNECTIONS] [SECONDS]\n");
    return 2;
  }
  auto const port = static_cast<std::uint16_t>(std::stoi(argv[1]));
  std::ifstream in(argv[2], std::ios::binary);
  std::string const body{std::istreambuf_iterator<char>(in), {}};
  int const connections = argc > 3 ? std::stoi(argv[3]) : 32;
  double const seconds = argc > 4 ? std::stod(argv[4]) : 5;
  std::string const request = scan_request(body, "load");

  std::string const reference = http_client(port).exchange(request).body;
  std::atomic<std::uint64_t> answered{0};
  std::atomic<std::uint64_t> failed{0};
  auto const start = std::chrono::steady_clock::now();
  auto const stop_at = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                   std::chrono::duration<double>(seconds));
  std::vector<std::thread> clients;
  for (int c = 0; c < connections; ++c) {
    clients.emplace_back([&] {
      http_client client(port);
      while (std::chrono::steady_clock::now() < stop_at) {
        auto const reply = client.exchange(request);
        bool const right = reply.complete && reply.status == 200 && reply.body == reference;
        (right ? answered : failed)++;
        if (!right) return;
      }
    });
  }
  for (auto& t : clients) t.join();
  double const elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double const requests = static_cast<double>(answered.load());
  fmt::print(
      "{} connections, {:.1f} s, body {} bytes, answer {} bytes: {} requests ({} failed), "
      "{:.0f} requests/s, {:.1f} MB/s of X12 in, {:.1f} MB/s of findings out\n",
      connections, elapsed, body.size(), reference.size(), answered.load(), failed.load(),
      requests / elapsed, requests * static_cast<double>(body.size()) / elapsed / 1e6,
      requests * static_cast<double>(reference.size()) / elapsed / 1e6);
  return failed.load() == 0 ? 0 : 1;
}
