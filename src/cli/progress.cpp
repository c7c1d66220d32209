#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <cstdio>

namespace x12kx::cli {
namespace {

// Five redraws a second reads as live without costing the pipeline anything measurable.
constexpr auto redraw_every = std::chrono::milliseconds(200);
// Runs shorter than this finish before a bar would be worth drawing.
constexpr auto first_draw_after = std::chrono::milliseconds(500);
constexpr int bar_width = 24;

double megabytes(std::uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

}  // namespace

progress_meter::progress_meter(scan_progress const& counters, std::uint64_t total_bytes)
    : counters_(counters),
      total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      thread_([this] { run(); }) {}

progress_meter::~progress_meter() {
  {
    std::lock_guard const lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool progress_meter::wanted() { return ::isatty(STDERR_FILENO) == 1; }

void progress_meter::run() {
  std::unique_lock lock(mutex_);
  bool drawn = false;
  if (wake_.wait_for(lock, first_draw_after, [this] { return stop_; })) return;
  while (!stop_) {
    draw(false);
    drawn = true;
    wake_.wait_for(lock, redraw_every, [this] { return stop_; });
  }
  if (drawn) draw(true);
}

void progress_meter::draw(bool final) {
  auto const bytes = counters_.bytes.load(std::memory_order_relaxed);
  auto const claims = counters_.claims.load(std::memory_order_relaxed);
  double const seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double const rate = seconds > 0 ? megabytes(bytes) / seconds : 0;
  std::string line;
  if (total_bytes_ > 0) {
    double const done =
        std::min(1.0, static_cast<double>(bytes) / static_cast<double>(total_bytes_));
    int const filled = static_cast<int>(done * bar_width);
    line = fmt::format("\r[{}{}] {:5.1f}%  {:.1f}/{:.1f} MB  {:.1f} MB/s  {} claims",
                       std::string(static_cast<std::size_t>(filled), '#'),
                       std::string(static_cast<std::size_t>(bar_width - filled), ' '), done * 100,
                       megabytes(bytes), megabytes(total_bytes_), rate, claims);
  } else {
    line = fmt::format("\r{:.1f} MB  {:.1f} MB/s  {} claims", megabytes(bytes), rate, claims);
  }
  std::fputs(line.c_str(), stderr);
  if (final) std::fputs("\n", stderr);
  std::fflush(stderr);
}

}  // namespace x12kx::cli
