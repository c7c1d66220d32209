#include "x12/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

namespace x12kx::x12 {
namespace {

/// A POSIX file descriptor read with read(2); large reads keep syscalls rare.
class fd_source final : public byte_source {
 public:
  fd_source(int fd, bool owned) : fd_(fd), owned_(owned) {
    struct stat info {};
    if (fstat(fd_, &info) == 0 && S_ISREG(info.st_mode)) {
      size_ = static_cast<std::uint64_t>(info.st_size);
    }
  }
  ~fd_source() override {
    if (owned_) ::close(fd_);
  }
  fd_source(fd_source const&) = delete;
  fd_source& operator=(fd_source const&) = delete;

  std::size_t read(char* buffer, std::size_t capacity) override {
    while (true) {
      ssize_t const got = ::read(fd_, buffer, capacity);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno == EINTR) continue;
      throw read_error{std::strerror(errno)};
    }
  }
  [[nodiscard]] std::optional<std::uint64_t> size() const override { return size_; }

 private:
  int fd_;
  bool owned_;
  std::optional<std::uint64_t> size_;
};

}  // namespace

std::unique_ptr<byte_source> open_source(std::string const& path, std::string& reason) {
  if (path == "-") return std::make_unique<fd_source>(STDIN_FILENO, /*owned=*/false);
  int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    reason = std::strerror(errno);
    return nullptr;
  }
  struct stat info {};
  if (fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    reason = "is a directory";
    return nullptr;
  }
  return std::make_unique<fd_source>(fd, /*owned=*/true);
}

std::size_t memory_source::read(char* buffer, std::size_t capacity) {
  std::size_t const count = std::min({capacity, max_read_, bytes_.size() - position_});
  std::memcpy(buffer, bytes_.data() + position_, count);
  position_ += count;
  return count;
}

}  // namespace x12kx::x12
