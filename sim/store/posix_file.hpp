// POSIX file helpers for the run store: an owning file descriptor, whole-buffer reads and
// writes, fsync of a directory, and the two kinds of lock the store uses (see
// docs/output-format.md, "Concurrency"): flock() for the moments the HDF5 file is open,
// the same lock HDF5 and h5py take, and an open-file-description lock held by a writer for
// its lifetime.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace welfare::store::posix {

// An owning file descriptor; closes on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// strerror(errno) as a std::string, for messages.
std::string errno_text(int error_number);

// Opens `path` with `flags` (and `mode` when creating); an invalid Fd on failure with errno
// set.
Fd open_file(const std::filesystem::path& path, int flags, unsigned mode = 0666);

// Reads or writes exactly `size` bytes at `offset`, retrying on EINTR and short transfers.
// Reads stop early at end of file: the return value is the number of bytes read. Return
// false / -1 on error with errno set.
std::int64_t pread_full(int fd, void* buffer, std::size_t size, std::uint64_t offset);
bool pwrite_full(int fd, const void* buffer, std::size_t size, std::uint64_t offset);
bool write_full(int fd, const void* buffer, std::size_t size);

// Reads a whole file into memory; false with errno set on error.
bool read_whole_file(int fd, std::vector<unsigned char>& contents);

// Size of an open file, or -1 with errno set.
std::int64_t file_size(int fd);

// Makes a directory entry change (create, unlink) durable.
bool fsync_directory(const std::filesystem::path& directory);

// The directory holding `path` ("." for a bare file name).
std::filesystem::path parent_directory(const std::filesystem::path& path);

enum class LockResult { kAcquired, kBusy, kError };

// flock() with retries until `timeout` has passed; kBusy when another process still holds
// a conflicting lock at the end.
LockResult flock_wait(int fd, bool exclusive, std::chrono::milliseconds timeout);
void flock_release(int fd);

// A whole-file open-file-description (OFD) write lock, non-blocking. Independent of flock(),
// so it does not stop HDF5 or h5py from reading the file.
LockResult ofd_lock_exclusive(int fd);

// True when another open file description holds an OFD lock on the file.
bool ofd_lock_held_elsewhere(int fd);

}  // namespace welfare::store::posix
