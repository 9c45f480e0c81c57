// The undo journal of the run store: format, writer and rollback (see journal.hpp).
#include "store/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>

#include "store/store.hpp"

namespace welfare::store::journal {

namespace {

// FNV-1a 64-bit prime.
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

constexpr unsigned kBitsPerByte = 8;

// The journal is private to the store's writer; group and others may read it.
constexpr unsigned kJournalPermissions = 0644;

void put_u64(std::vector<unsigned char>& out, std::uint64_t value) {
  for (std::size_t i = 0; i < sizeof(value); ++i) {
    out.push_back(static_cast<unsigned char>(value >> (kBitsPerByte * i)));
  }
}

std::uint64_t get_u64(const unsigned char* in) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < sizeof(value); ++i) {
    value |= static_cast<std::uint64_t>(in[i]) << (kBitsPerByte * i);
  }
  return value;
}

std::string name_of(const std::filesystem::path& path) {
  return path.string();
}

}  // namespace

std::filesystem::path journal_path(const std::filesystem::path& store) {
  std::filesystem::path journal = store;
  journal += ".journal";
  return journal;
}

std::uint64_t checksum(const unsigned char* data, std::size_t size, std::uint64_t running) {
  for (std::size_t i = 0; i < size; ++i) {
    running ^= data[i];
    running *= kFnvPrime;
  }
  return running;
}

std::vector<unsigned char> encode_header(std::uint64_t base_eof) {
  std::vector<unsigned char> out(std::begin(kMagic), std::end(kMagic));
  put_u64(out, base_eof);
  put_u64(out, checksum(out.data(), out.size()));
  return out;
}

std::vector<unsigned char> encode_record(std::uint64_t offset, const unsigned char* original,
                                         std::size_t size) {
  std::vector<unsigned char> out;
  out.reserve(kRecordHeaderBytes + size);
  put_u64(out, offset);
  put_u64(out, size);
  const std::uint64_t sum = checksum(original, size, checksum(out.data(), out.size()));
  put_u64(out, sum);
  out.insert(out.end(), original, original + size);
  return out;
}

Parsed parse(const std::vector<unsigned char>& contents) {
  Parsed parsed;
  if (contents.size() < kHeaderBytes) return parsed;
  if (std::memcmp(contents.data(), kMagic, kMagicBytes) != 0) return parsed;
  const std::size_t sum_at = kMagicBytes + sizeof(std::uint64_t);
  if (get_u64(contents.data() + sum_at) != checksum(contents.data(), sum_at)) return parsed;
  parsed.header_valid = true;
  parsed.base_eof = get_u64(contents.data() + kMagicBytes);

  std::size_t at = kHeaderBytes;
  while (at < contents.size()) {
    if (contents.size() - at < kRecordHeaderBytes) break;
    const unsigned char* head = contents.data() + at;
    const std::uint64_t offset = get_u64(head);
    const std::uint64_t size = get_u64(head + sizeof(std::uint64_t));
    const std::uint64_t sum = get_u64(head + 2 * sizeof(std::uint64_t));
    const std::size_t available = contents.size() - at - kRecordHeaderBytes;
    if (size > available) break;
    const std::size_t data_begin = at + kRecordHeaderBytes;
    const std::uint64_t expected =
        checksum(contents.data() + data_begin, static_cast<std::size_t>(size),
                 checksum(head, 2 * sizeof(std::uint64_t)));
    if (expected != sum) break;
    parsed.records.push_back({offset, data_begin, static_cast<std::size_t>(size)});
    at = data_begin + static_cast<std::size_t>(size);
  }
  parsed.torn_tail = at < contents.size();
  return parsed;
}

namespace {

void remove_journal(const std::filesystem::path& store, const std::filesystem::path& journal) {
  if (::unlink(journal.c_str()) != 0 && errno != ENOENT) {
    throw StoreError(name_of(store) + ": cannot remove the journal " + name_of(journal) +
                     " after rolling back an interrupted append: " + posix::errno_text(errno));
  }
  if (!posix::fsync_directory(posix::parent_directory(journal))) {
    throw StoreError(name_of(store) + ": cannot sync the directory of " + name_of(journal) + ": " +
                     posix::errno_text(errno));
  }
}

}  // namespace

Rollback roll_back(const std::filesystem::path& store) {
  const std::filesystem::path journal = journal_path(store);
  posix::Fd journal_fd = posix::open_file(journal, O_RDONLY);
  if (!journal_fd.valid()) {
    if (errno == ENOENT) return Rollback::kNoJournal;
    throw StoreError(name_of(store) + ": an interrupted append must be rolled back but its " +
                     "journal " + name_of(journal) +
                     " cannot be read: " + posix::errno_text(errno));
  }
  std::vector<unsigned char> contents;
  if (!posix::read_whole_file(journal_fd.get(), contents)) {
    throw StoreError(name_of(store) + ": cannot read the journal " + name_of(journal) + ": " +
                     posix::errno_text(errno));
  }
  journal_fd.reset();

  const Parsed parsed = parse(contents);
  if (!parsed.header_valid) {
    // The header is made durable before the store is touched, so the store is intact.
    remove_journal(store, journal);
    return Rollback::kDiscarded;
  }

  posix::Fd store_fd = posix::open_file(store, O_RDWR);
  if (!store_fd.valid()) {
    if (errno == ENOENT) {  // nothing left to restore
      remove_journal(store, journal);
      return Rollback::kRolledBack;
    }
    throw StoreError(name_of(store) + ": an interrupted append must be rolled back but the " +
                     "file cannot be opened for writing: " + posix::errno_text(errno));
  }
  const auto fail = [&](const char* what) {
    return StoreError(name_of(store) + ": rolling back an interrupted append failed (" + what +
                      "): " + posix::errno_text(errno) + "; the journal " + name_of(journal) +
                      " is kept so the rollback can be retried");
  };
  // Reverse order restores the oldest contents if a range was saved twice.
  for (auto it = parsed.records.rbegin(); it != parsed.records.rend(); ++it) {
    if (!posix::pwrite_full(store_fd.get(), contents.data() + it->data_begin, it->size,
                            it->offset)) {
      throw fail("restoring original bytes");
    }
  }
  if (::ftruncate(store_fd.get(), static_cast<off_t>(parsed.base_eof)) != 0) {
    throw fail("truncating to the length before the append");
  }
  if (::fsync(store_fd.get()) != 0) throw fail("syncing the restored file");
  store_fd.reset();
  remove_journal(store, journal);
  return Rollback::kRolledBack;
}

bool Writer::create(const std::filesystem::path& store, std::uint64_t base_eof,
                    std::string& error) {
  path_ = journal_path(store);
  base_eof_ = base_eof;
  saved_.clear();
  // O_EXCL: an existing journal belongs to an append that was not rolled back yet, and
  // overwriting it would lose the only copy of the bytes it saved.
  fd_ = posix::open_file(path_, O_WRONLY | O_CREAT | O_EXCL, kJournalPermissions);
  if (!fd_.valid()) {
    error = "cannot create the journal " + name_of(path_) + ": " + posix::errno_text(errno);
    return false;
  }
  const std::vector<unsigned char> header = encode_header(base_eof);
  if (!posix::write_full(fd_.get(), header.data(), header.size()) || ::fsync(fd_.get()) != 0 ||
      !posix::fsync_directory(posix::parent_directory(path_))) {
    error = "cannot write the journal " + name_of(path_) + ": " + posix::errno_text(errno);
    fd_.reset();
    return false;
  }
  end_ = header.size();
  return true;
}

bool Writer::save_original(int store_fd, std::uint64_t offset, std::uint64_t size,
                           std::string& error) {
  if (!fd_.valid()) {
    error = "the journal is closed";
    return false;
  }
  const std::uint64_t begin = offset;
  const std::uint64_t end = std::min(offset + size, base_eof_);
  if (begin >= end) return true;

  // The parts of [begin, end) not saved yet.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> gaps;
  std::uint64_t cursor = begin;
  auto it = saved_.upper_bound(cursor);
  if (it != saved_.begin()) {
    const auto previous = std::prev(it);
    cursor = std::max(cursor, previous->second);
  }
  while (cursor < end) {
    if (it == saved_.end() || it->first >= end) {
      gaps.emplace_back(cursor, end);
      break;
    }
    if (it->first > cursor) gaps.emplace_back(cursor, it->first);
    cursor = std::max(cursor, it->second);
    ++it;
  }
  if (gaps.empty()) return true;

  std::vector<unsigned char> records;
  std::vector<unsigned char> original;
  for (const auto& [gap_begin, gap_end] : gaps) {
    const auto length = static_cast<std::size_t>(gap_end - gap_begin);
    original.assign(length, 0);
    const std::int64_t n = posix::pread_full(store_fd, original.data(), length, gap_begin);
    if (n < 0) {
      error = "cannot read original bytes to journal: " + posix::errno_text(errno);
      return false;
    }
    // Bytes past the physical end of file read as zero, as HDF5 itself assumes.
    const std::vector<unsigned char> record = encode_record(gap_begin, original.data(), length);
    records.insert(records.end(), record.begin(), record.end());
  }
  // One write and one sync for all the gaps of this store write; the store write follows only
  // once the originals are durable.
  if (!posix::pwrite_full(fd_.get(), records.data(), records.size(), end_) ||
      ::fdatasync(fd_.get()) != 0) {
    error = "cannot write the journal " + name_of(path_) + ": " + posix::errno_text(errno);
    return false;
  }
  end_ += records.size();

  for (const auto& [gap_begin, gap_end] : gaps) {
    auto [inserted, ok] = saved_.emplace(gap_begin, gap_end);
    (void)ok;
    // Merge with touching neighbours so lookups stay short.
    if (inserted != saved_.begin()) {
      auto previous = std::prev(inserted);
      if (previous->second >= inserted->first) {
        previous->second = std::max(previous->second, inserted->second);
        saved_.erase(inserted);
        inserted = previous;
      }
    }
    auto next = std::next(inserted);
    while (next != saved_.end() && next->first <= inserted->second) {
      inserted->second = std::max(inserted->second, next->second);
      next = saved_.erase(next);
    }
  }
  return true;
}

}  // namespace welfare::store::journal
