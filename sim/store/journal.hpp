// The undo journal that makes each append to a run store atomic: its on-disk format, the
// writer the journaling HDF5 driver feeds, and the rollback run whenever a store is opened.
// The format is described in docs/output-format.md ("Crash safety").
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "store/posix_file.hpp"

namespace welfare::store::journal {

// First bytes of a journal file.
inline constexpr char kMagic[] = {'W', 'E', 'L', 'F', 'J', 'N', 'L', '1'};
inline constexpr std::size_t kMagicBytes = sizeof(kMagic);

// Header: magic, base_eof (u64 LE), checksum of the previous 16 bytes (u64 LE).
inline constexpr std::size_t kHeaderBytes = kMagicBytes + 2 * sizeof(std::uint64_t);

// Record: offset (u64 LE), length (u64 LE), checksum of offset, length and the bytes
// (u64 LE), then `length` original bytes of the store.
inline constexpr std::size_t kRecordHeaderBytes = 3 * sizeof(std::uint64_t);

// `<store>.journal`, next to the store.
std::filesystem::path journal_path(const std::filesystem::path& store);

// FNV-1a 64-bit offset basis: the checksum of no bytes.
inline constexpr std::uint64_t kChecksumStart = 0xcbf29ce484222325ULL;

// 64-bit FNV-1a, continuing from `running`: enough to tell a torn or half-written record from
// a whole one.
std::uint64_t checksum(const unsigned char* data, std::size_t size,
                       std::uint64_t running = kChecksumStart);

std::vector<unsigned char> encode_header(std::uint64_t base_eof);
std::vector<unsigned char> encode_record(std::uint64_t offset, const unsigned char* original,
                                         std::size_t size);

struct Record {
  std::uint64_t offset = 0;
  std::size_t data_begin = 0;  // index of the original bytes in the journal's contents
  std::size_t size = 0;
};

struct Parsed {
  bool header_valid = false;
  std::uint64_t base_eof = 0;
  std::vector<Record> records;  // the complete, checksum-valid records, in journal order
  bool torn_tail = false;       // bytes after the last valid record were ignored
};

Parsed parse(const std::vector<unsigned char>& contents);

enum class Rollback {
  kNoJournal,   // nothing to do
  kDiscarded,   // the journal header was incomplete: the store was never touched
  kRolledBack,  // the store was restored to its state before the interrupted append
};

// Restores `store` from its journal, if there is one, and removes the journal. The caller
// holds the store's exclusive flock (or knows no other process can write it). Idempotent:
// a crash during rollback is repaired by the next rollback. Throws StoreError.
Rollback roll_back(const std::filesystem::path& store);

// The journal of one append, fed by the journaling driver before it overwrites bytes of the
// store that existed when the append started.
class Writer {
 public:
  // Creates `<store>.journal` recording base_eof and makes it durable (file and directory)
  // before returning. False with `error` set on failure.
  bool create(const std::filesystem::path& store, std::uint64_t base_eof, std::string& error);

  // Saves the original bytes of [offset, offset + size) that lie below base_eof and are not
  // saved yet, read from `store_fd`, and makes them durable. Must be called before the store
  // bytes are overwritten or truncated away.
  bool save_original(int store_fd, std::uint64_t offset, std::uint64_t size, std::string& error);

  std::uint64_t base_eof() const { return base_eof_; }
  bool active() const { return fd_.valid(); }
  void close() { fd_.reset(); }

 private:
  posix::Fd fd_;
  std::filesystem::path path_;
  std::uint64_t base_eof_ = 0;
  std::uint64_t end_ = 0;  // where the next record goes
  // Ranges [first, second) of the store whose original bytes are already in the journal;
  // each byte is saved once, so a range rewritten many times costs one record.
  std::map<std::uint64_t, std::uint64_t> saved_;
};

}  // namespace welfare::store::journal
