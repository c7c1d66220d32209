// `x12kx serve`: an HTTP/1.1 service on Boost.Asio and Beast. One I/O thread owns every
// socket; scans run on a pool of `scan_threads` threads and stream their findings back
// through bounded channels. SIGTERM or SIGINT stops accepting, lets requests in flight end
// within the grace period, then returns; a second signal cuts the grace period short.
#pragma once

#include "rules/rule_set.hpp"
#include "service/service_config.hpp"

namespace x12kx::service {

/// A listening address that cannot be used (bad syntax, in use, not permitted).
struct listen_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Serves until a signal and the end of the drain. Throws listen_error when it cannot bind.
void serve(service_config const& config, rule_set const& rules);

}  // namespace x12kx::service
