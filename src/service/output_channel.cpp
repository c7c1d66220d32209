#include "service/output_channel.hpp"

namespace x12kx::service {

bool output_channel::closed() const {
  std::lock_guard const lock(mutex_);
  return closed_;
}

void output_channel::push(std::string_view bytes) {
  std::unique_lock lock(mutex_);
  room_.wait(lock, [&] { return closed_ || queued_ < capacity_; });
  if (closed_) throw output_closed{};
  pending_.append(bytes);
  queued_ += bytes.size();
  notify_locked();
}

void output_channel::finish(std::optional<scan_result> result) {
  std::lock_guard const lock(mutex_);
  finished_ = true;
  result_ = std::move(result);
  notify_locked();
}

std::string output_channel::take() {
  std::lock_guard const lock(mutex_);
  notified_ = false;
  std::string out;
  out.swap(pending_);
  return out;
}

void output_channel::written(std::size_t bytes) {
  {
    std::lock_guard const lock(mutex_);
    queued_ -= bytes;
  }
  room_.notify_all();
}

bool output_channel::finished() const {
  std::lock_guard const lock(mutex_);
  return finished_;
}

bool output_channel::drained() const {
  std::lock_guard const lock(mutex_);
  return finished_ && pending_.empty();
}

void output_channel::close() {
  {
    std::lock_guard const lock(mutex_);
    closed_ = true;
    wake_ = nullptr;
  }
  room_.notify_all();
}

void output_channel::notify_locked() {
  if (notified_ || !wake_) return;
  notified_ = true;
  wake_();
}

}  // namespace x12kx::service
