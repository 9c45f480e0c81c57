// POSIX file helpers for the run store (see posix_file.hpp).
#include "store/posix_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace welfare::store::posix {

namespace {

// How often a busy flock() is retried while waiting for another process.
constexpr std::chrono::milliseconds kLockPollInterval{5};

// Chunk used when reading a whole file of unknown size.
constexpr std::size_t kReadChunkBytes = 1 << 16;

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int Fd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void Fd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

std::string errno_text(int error_number) {
  return std::strerror(error_number);
}

Fd open_file(const std::filesystem::path& path, int flags, unsigned mode) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, static_cast<mode_t>(mode));
  } while (fd < 0 && errno == EINTR);
  return Fd(fd);
}

std::int64_t pread_full(int fd, void* buffer, std::size_t size, std::uint64_t offset) {
  auto* out = static_cast<unsigned char*>(buffer);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;  // end of file
    done += static_cast<std::size_t>(n);
  }
  return static_cast<std::int64_t>(done);
}

bool pwrite_full(int fd, const void* buffer, std::size_t size, std::uint64_t offset) {
  const auto* in = static_cast<const unsigned char*>(buffer);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pwrite(fd, in + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool write_full(int fd, const void* buffer, std::size_t size) {
  const auto* in = static_cast<const unsigned char*>(buffer);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, in + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool read_whole_file(int fd, std::vector<unsigned char>& contents) {
  contents.clear();
  std::uint64_t offset = 0;
  for (;;) {
    contents.resize(offset + kReadChunkBytes);
    const std::int64_t n = pread_full(fd, contents.data() + offset, kReadChunkBytes, offset);
    if (n < 0) return false;
    offset += static_cast<std::uint64_t>(n);
    if (static_cast<std::size_t>(n) < kReadChunkBytes) break;
  }
  contents.resize(offset);
  return true;
}

std::int64_t file_size(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return -1;
  return static_cast<std::int64_t>(st.st_size);
}

bool fsync_directory(const std::filesystem::path& directory) {
  Fd dir = open_file(directory, O_RDONLY | O_DIRECTORY);
  if (!dir.valid()) return false;
  return ::fsync(dir.get()) == 0;
}

std::filesystem::path parent_directory(const std::filesystem::path& path) {
  std::filesystem::path parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

LockResult flock_wait(int fd, bool exclusive, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const int operation = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
  for (;;) {
    if (::flock(fd, operation) == 0) return LockResult::kAcquired;
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) return LockResult::kError;
    if (std::chrono::steady_clock::now() >= deadline) return LockResult::kBusy;
    std::this_thread::sleep_for(kLockPollInterval);
  }
}

void flock_release(int fd) {
  ::flock(fd, LOCK_UN);
}

namespace {

struct flock whole_file_write_lock() {
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = 0;  // to the end of the file, however long it grows
  return lock;
}

}  // namespace

LockResult ofd_lock_exclusive(int fd) {
  struct flock lock = whole_file_write_lock();
  for (;;) {
    if (::fcntl(fd, F_OFD_SETLK, &lock) == 0) return LockResult::kAcquired;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EACCES) return LockResult::kBusy;
    return LockResult::kError;
  }
}

bool ofd_lock_held_elsewhere(int fd) {
  struct flock lock = whole_file_write_lock();
  if (::fcntl(fd, F_OFD_GETLK, &lock) != 0) return false;
  return lock.l_type != F_UNLCK;
}

}  // namespace welfare::store::posix
