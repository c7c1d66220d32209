#include "service/output_channel.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace x12kx::service {

bool output_channel::closed() const {
  std::lock_guard const lock(mutex_);
  return closed_;
}

output_channel::~output_channel() {
  if (spill_ != nullptr) std::fclose(spill_);
}

void output_channel::push(std::string_view bytes) {
  std::unique_lock lock(mutex_);
  auto const room = [&] { return closed_ || queued_ < capacity_; };
  if (spill_ == nullptr && !room_.wait_for(lock, spill_after_, room)) {
    // The reader is not keeping up: free the scan thread for other requests. Without a
    // temporary file, wait as before.
    spill_ = std::tmpfile();
    if (spill_ == nullptr) room_.wait(lock, room);
  }
  if (closed_) throw output_closed{};
  if (spill_ != nullptr) {
    if (!spill_locked(bytes)) throw std::runtime_error("cannot write the output spill file");
  } else {
    pending_.append(bytes);
    queued_ += bytes.size();
  }
  notify_locked();
}

bool output_channel::spill_locked(std::string_view bytes) {
  auto const at = static_cast<off_t>(spill_written_);
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto const n = ::pwrite(::fileno(spill_), bytes.data() + done, bytes.size() - done,
                            at + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  spill_written_ += bytes.size();
  return true;
}

void output_channel::finish(std::optional<scan_result> result) {
  std::lock_guard const lock(mutex_);
  finished_ = true;
  if (!spill_failed_) result_ = std::move(result);
  notify_locked();
}

std::string output_channel::take() {
  std::lock_guard const lock(mutex_);
  notified_ = false;
  std::string out;
  out.swap(pending_);
  if (!out.empty() || spill_ == nullptr || spill_empty_locked()) return out;
  // Memory is empty: hand on the next part of the spill file.
  out.resize(
      static_cast<std::size_t>(std::min<std::uint64_t>(capacity_, spill_written_ - spill_read_)));
  std::size_t done = 0;
  while (done < out.size()) {
    auto const n = ::pread(::fileno(spill_), out.data() + done, out.size() - done,
                           static_cast<off_t>(spill_read_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // The answer cannot be completed: it ends without its last chunk, as a failed scan's.
      spill_failed_ = true;
      result_.reset();
      spill_read_ = spill_written_;
      return {};
    }
    done += static_cast<std::size_t>(n);
  }
  spill_read_ += out.size();
  queued_ += out.size();
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
  return finished_ && pending_.empty() && spill_empty_locked();
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
