#include "pipeline/spill_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace x12kx {

spill_file::spill_file() : file_(std::tmpfile()) {}

std::uint64_t spill_file::append(std::string_view bytes) {
  // Reserving the range first lets threads write their pieces side by side without a lock.
  std::uint64_t const at = end_.fetch_add(bytes.size());
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto const n = ::pwrite(::fileno(file_.get()), bytes.data() + done, bytes.size() - done,
                            static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw std::runtime_error(std::string("cannot write the temporary file of remit findings: ") +
                               std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  return at;
}

void spill_file::read(std::uint64_t offset, std::size_t size, char* out) const {
  std::size_t done = 0;
  while (done < size) {
    auto const n =
        ::pread(::fileno(file_.get()), out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw std::runtime_error(std::string("cannot read the temporary file of remit findings: ") +
                               (n == 0 ? "cut short" : std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace x12kx
