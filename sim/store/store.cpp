// StoreWriter, StoreReader and check_writable: opening a store under the right locks,
// rolling back an interrupted append, and committing an append (see store.hpp and
// docs/output-format.md, "Crash safety" and "Concurrency").
#include "store/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <functional>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

#include "store/hdf5_util.hpp"
#include "store/journal.hpp"
#include "store/journal_driver.hpp"
#include "store/layout.hpp"
#include "store/posix_file.hpp"

namespace welfare::store {

namespace {

namespace fs = std::filesystem;

// How long an open waits for another process's append (or a writer for another program's
// reader, which holds HDF5's shared lock) before giving up.
constexpr std::chrono::milliseconds kLockWait{30'000};

// A reader re-checks for a journal after taking its shared lock; a writer that crashes in
// between means one more round. Bounded so a pathological loop still ends in an error.
constexpr int kMaxOpenAttempts = 5;

// The HDF5 file signature, found at offset 0 or at a power of two from 512 on (after a user
// block).
constexpr std::array<unsigned char, 8> kHdf5Signature = {0x89, 'H',  'D',  'F',
                                                         '\r', '\n', 0x1a, '\n'};
constexpr std::uint64_t kFirstUserBlockSize = 512;

std::string name_of(const fs::path& path) {
  return path.string();
}

bool journal_exists(const fs::path& store) {
  std::error_code error;
  return fs::exists(journal::journal_path(store), error);
}

std::string waited() {
  return " (waited " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kLockWait).count()) +
         " s)";
}

// Takes the exclusive flock on `fd` (a descriptor of the store), rolls back the journal and
// releases the lock.
void roll_back_locked(const fs::path& path, int fd) {
  switch (posix::flock_wait(fd, /*exclusive=*/true, kLockWait)) {
    case posix::LockResult::kAcquired:
      break;
    case posix::LockResult::kBusy:
      throw StoreError(name_of(path) + " is being written by another process" + waited());
    case posix::LockResult::kError:
      throw StoreError(name_of(path) + ": cannot lock the file: " + posix::errno_text(errno));
  }
  try {
    journal::roll_back(path);
  } catch (...) {
    posix::flock_release(fd);
    throw;
  }
  posix::flock_release(fd);
}

// Rolls back an interrupted append when the store has a journal.
void recover(const fs::path& path) {
  if (!journal_exists(path)) return;
  posix::Fd fd = posix::open_file(path, O_RDWR);
  if (!fd.valid()) {
    if (errno == ENOENT) {  // a journal without its store: nothing to restore
      journal::roll_back(path);
      return;
    }
    throw StoreError(name_of(path) + ": an interrupted append must be rolled back, but the " +
                     "file cannot be opened for writing: " + posix::errno_text(errno));
  }
  roll_back_locked(path, fd.get());
}

bool has_hdf5_signature(int fd, std::uint64_t size) {
  std::array<unsigned char, kHdf5Signature.size()> buffer{};
  for (std::uint64_t offset = 0; offset + buffer.size() <= size;
       offset = offset == 0 ? kFirstUserBlockSize : offset * 2) {
    if (posix::pread_full(fd, buffer.data(), buffer.size(), offset) !=
        static_cast<std::int64_t>(buffer.size())) {
      return false;
    }
    if (buffer == kHdf5Signature) return true;
  }
  return false;
}

// A store open for reading: the shared flock on `fd` is held while `file` is open.
struct ReadSession {
  posix::Fd fd;
  h5::Id file;
  int major = 0;
  int minor = 0;

  ReadSession() = default;
  ReadSession(ReadSession&&) = default;
  ~ReadSession() {
    file.close();
    if (fd.valid()) posix::flock_release(fd.get());
  }
};

ReadSession open_for_reading(const fs::path& path) {
  ReadSession session;
  for (int attempt = 0;; ++attempt) {
    if (attempt == kMaxOpenAttempts) {
      throw StoreError(name_of(path) + ": an interrupted append keeps reappearing; is another " +
                       "process crashing while writing it?");
    }
    recover(path);
    session.fd = posix::open_file(path, O_RDONLY);
    if (!session.fd.valid()) {
      if (errno == ENOENT) throw StoreError(name_of(path) + ": no such file");
      throw StoreError(name_of(path) + ": cannot open: " + posix::errno_text(errno));
    }
    switch (posix::flock_wait(session.fd.get(), /*exclusive=*/false, kLockWait)) {
      case posix::LockResult::kAcquired:
        break;
      case posix::LockResult::kBusy:
        throw StoreError(name_of(path) + " is being written by another process" + waited());
      case posix::LockResult::kError:
        throw StoreError(name_of(path) + ": cannot lock the file: " + posix::errno_text(errno));
    }
    // Under the shared lock no append is under way, so a journal now is a crashed one.
    if (!journal_exists(path)) break;
    posix::flock_release(session.fd.get());
    session.fd.reset();
  }

  const std::int64_t size = posix::file_size(session.fd.get());
  if (size == 0) {
    throw StoreError(name_of(path) + ": not a welfare run store: the file is empty (no run " +
                     "has been completed in it yet)");
  }
  if (size < 0 || !has_hdf5_signature(session.fd.get(), static_cast<std::uint64_t>(size))) {
    throw StoreError(name_of(path) + ": not a welfare run store (not an HDF5 file)");
  }
  h5::Id fapl(driver::make_fapl(/*journaled=*/false));
  H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
  session.file.reset(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()));
  if (!session.file.valid()) {
    throw StoreError(name_of(path) + ": damaged or not a welfare run store: HDF5 cannot open " +
                     "it (" + h5::take_error() + ")");
  }
  std::tie(session.major, session.minor) = layout::check_format(session.file.get(), path);
  return session;
}

// The directory must exist and be writable; the path must not name something else.
void check_directory(const fs::path& path) {
  if (path.empty()) throw StoreError("the run store path is empty");
  const fs::path directory = posix::parent_directory(path);
  std::error_code error;
  const fs::file_status status = fs::status(directory, error);
  if (!fs::exists(status)) {
    throw StoreError(name_of(path) + ": directory " + name_of(directory) + " does not exist");
  }
  if (!fs::is_directory(status)) {
    throw StoreError(name_of(path) + ": " + name_of(directory) + " is not a directory");
  }
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    throw StoreError(name_of(path) + ": directory " + name_of(directory) +
                     " is not writable: " + posix::errno_text(errno));
  }
  const fs::file_status file_status = fs::status(path, error);
  if (fs::exists(file_status)) {
    if (fs::is_directory(file_status)) {
      throw StoreError(name_of(path) + " is a directory, not a run store file");
    }
    if (!fs::is_regular_file(file_status)) {
      throw StoreError(name_of(path) + " is not a regular file");
    }
  }
}

// Opens an existing store file for writing; an invalid Fd when it does not exist.
posix::Fd open_existing_for_writing(const fs::path& path) {
  posix::Fd fd = posix::open_file(path, O_RDWR);
  if (!fd.valid() && errno != ENOENT) {
    throw StoreError(name_of(path) + " is not writable: " + posix::errno_text(errno));
  }
  return fd;
}

void check_existing_store(const fs::path& path, int fd) {
  if (journal_exists(path)) roll_back_locked(path, fd);
  if (posix::file_size(fd) > 0) open_for_reading(path);  // throws unless a readable store
}

std::string message_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

StoreError being_written(const fs::path& path) {
  return StoreError(name_of(path) + " is being written by another process");
}

// Opens (or creates) the store through the journaling driver and calls `write(file)`, which
// returns what it wrote (a run id, a name), for the messages. The file is closed (and so
// fully written) on return; on an exception it is closed by the handles' destructors.
template <typename Write>
std::string write_locked(const fs::path& path, bool create, Write&& write) {
  h5::Id fapl(driver::make_fapl(/*journaled=*/true));
  if (!fapl.valid() || H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_LATEST) < 0 ||
      H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0) {
    throw StoreError(name_of(path) + ": cannot set up HDF5 file access (" + h5::take_error() + ")");
  }
  h5::Id file;
  if (create) {
    // Freed space is never reused, so an append only overwrites metadata in place and puts
    // everything else past the old end of file, where the journal need not save it.
    h5::Id fcpl(H5Pcreate(H5P_FILE_CREATE));
    if (H5Pset_file_space_strategy(fcpl.get(), H5F_FSPACE_STRATEGY_NONE, false, 1) < 0) {
      throw StoreError(name_of(path) + ": cannot set up HDF5 file creation (" + h5::take_error() +
                       ")");
    }
    file.reset(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()));
    if (!file.valid()) {
      throw StoreError(name_of(path) + ": cannot create the store (" + h5::take_error() + ")");
    }
    layout::initialise(file.get(), path);
  } else {
    file.reset(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get()));
    if (!file.valid()) {
      throw StoreError(name_of(path) + ": cannot open the store for writing (" + h5::take_error() +
                       ")");
    }
    layout::check_format(file.get(), path);
  }
  std::string what = write(file.get());
  if (!file.close()) {
    throw StoreError(name_of(path) + ": cannot close the store after writing " + what + " (" +
                     h5::take_error() + ")");
  }
  return what;
}

// Makes the appended run durable and drops the journal: from here on it is committed.
void commit(const fs::path& path, int fd) {
  if (::fsync(fd) != 0) {
    throw StoreError(name_of(path) +
                     ": cannot sync the store to disk: " + posix::errno_text(errno));
  }
  const fs::path journal = journal::journal_path(path);
  if (::unlink(journal.c_str()) != 0 && errno != ENOENT) {
    throw StoreError(name_of(path) + ": cannot remove the journal " + name_of(journal) + ": " +
                     posix::errno_text(errno));
  }
  // Best effort: the run is committed once the unlink is visible; if syncing the directory
  // fails, a power cut could at worst roll this run back, never damage older ones.
  posix::fsync_directory(posix::parent_directory(journal));
}

}  // namespace

// ---- StoreWriter ---------------------------------------------------------------------------

struct StoreWriter::Impl {
  // The store file, OFD-locked for the writer's lifetime once it exists: a second writer
  // fails at once instead of interleaving its runs. Appends also flock() it.
  posix::Fd lock_fd;
};

StoreWriter::StoreWriter(std::filesystem::path path)
    : path_(std::move(path)), impl_(std::make_unique<Impl>()) {
  h5::QuietErrors quiet;
  check_directory(path_);
  posix::Fd fd = open_existing_for_writing(path_);
  if (fd.valid()) {
    switch (posix::ofd_lock_exclusive(fd.get())) {
      case posix::LockResult::kAcquired:
        break;
      case posix::LockResult::kBusy:
        throw being_written(path_);
      case posix::LockResult::kError:
        throw StoreError(name_of(path_) + ": cannot lock the file: " + posix::errno_text(errno));
    }
    check_existing_store(path_, fd.get());
    impl_->lock_fd = std::move(fd);
  } else {
    recover(path_);  // a journal left without its store
  }
}

StoreWriter::~StoreWriter() = default;

std::string StoreWriter::append(const RunData& run) {
  h5::QuietErrors quiet;
  layout::validate(run, path_);
  std::string written = transaction([&](hid_t file) {
    std::string id = layout::next_run_id(file, path_);
    layout::write_run(file, id, run, path_);
    return "run " + id;
  });
  return written.substr(written.find(' ') + 1);
}

void StoreWriter::write_experiment(const ExperimentRecord& record) {
  h5::QuietErrors quiet;
  layout::validate(record, path_);
  transaction([&](hid_t file) {
    layout::write_experiment(file, record, path_);
    return std::string("the experiment record");
  });
}

static_assert(std::is_same_v<hid_t, std::int64_t>, "store.hpp passes HDF5 ids as int64");

std::string StoreWriter::transaction(const std::function<std::string(std::int64_t)>& write) {
  if (!impl_->lock_fd.valid()) {
    posix::Fd fd = posix::open_file(path_, O_RDWR | O_CREAT);
    if (!fd.valid()) {
      throw StoreError(name_of(path_) + ": cannot create the store: " + posix::errno_text(errno));
    }
    if (posix::ofd_lock_exclusive(fd.get()) != posix::LockResult::kAcquired) {
      throw being_written(path_);
    }
    impl_->lock_fd = std::move(fd);
  }
  const int fd = impl_->lock_fd.get();
  switch (posix::flock_wait(fd, /*exclusive=*/true, kLockWait)) {
    case posix::LockResult::kAcquired:
      break;
    case posix::LockResult::kBusy:
      throw StoreError(name_of(path_) + " is open in another process" + waited() +
                       "; close other programs reading it");
    case posix::LockResult::kError:
      throw StoreError(name_of(path_) + ": cannot lock the file: " + posix::errno_text(errno));
  }
  struct Unlock {
    int fd;
    ~Unlock() { posix::flock_release(fd); }
  } unlock{fd};

  journal::roll_back(path_);  // normally nothing to do
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    throw StoreError(name_of(path_) + ": cannot stat: " + posix::errno_text(errno));
  }
  try {
    std::string written = write_locked(path_, /*create=*/st.st_size == 0, write);
    commit(path_, fd);
    return written;
  } catch (...) {
    const std::exception_ptr original = std::current_exception();
    // HDF5 may still hold the file if closing failed; make sure it cannot write again, then
    // restore the store to what it was before this append.
    driver::poison_open_files(st.st_dev, st.st_ino);
    H5Eclear2(H5E_DEFAULT);
    try {
      journal::roll_back(path_);
    } catch (const StoreError& rollback_error) {
      throw StoreError(message_of(original) + "; then " + rollback_error.what());
    }
    std::rethrow_exception(original);
  }
}

void check_writable(const std::filesystem::path& path) {
  h5::QuietErrors quiet;
  check_directory(path);
  posix::Fd fd = open_existing_for_writing(path);
  if (!fd.valid()) {
    recover(path);  // a journal left without its store
    return;
  }
  if (posix::ofd_lock_held_elsewhere(fd.get())) throw being_written(path);
  check_existing_store(path, fd.get());
}

// ---- StoreReader ---------------------------------------------------------------------------

StoreReader::StoreReader(std::filesystem::path path) : path_(std::move(path)) {
  h5::QuietErrors quiet;
  ReadSession session = open_for_reading(path_);
  major_ = session.major;
  minor_ = session.minor;
}

StoreReader::~StoreReader() = default;

namespace {

template <typename Function>
auto with_store(const fs::path& path, Function&& function) {
  h5::QuietErrors quiet;
  ReadSession session = open_for_reading(path);
  return function(session.file.get());
}

}  // namespace

std::vector<RunSummary> StoreReader::runs() const {
  return with_store(path_, [&](hid_t file) {
    std::vector<RunSummary> summaries;
    for (const std::string& id : layout::run_ids(file, path_)) {
      summaries.push_back(layout::read_summary(file, id, path_));
    }
    return summaries;
  });
}

RunSummary StoreReader::summary(const std::string& run_id) const {
  return with_store(path_, [&](hid_t file) { return layout::read_summary(file, run_id, path_); });
}

ZoneAxis StoreReader::zones(const std::string& run_id) const {
  return with_store(path_, [&](hid_t file) { return layout::read_zones(file, run_id, path_); });
}

std::vector<std::int32_t> StoreReader::weeks(const std::string& run_id) const {
  return with_store(path_, [&](hid_t file) { return layout::read_weeks(file, run_id, path_); });
}

Indicator StoreReader::indicator(const std::string& run_id, const std::string& name) const {
  return with_store(path_,
                    [&](hid_t file) { return layout::read_indicator(file, run_id, name, path_); });
}

std::vector<Indicator> StoreReader::indicator_list(const std::string& run_id) const {
  return with_store(path_, [&](hid_t file) {
    std::vector<Indicator> list;
    for (const std::string& name : layout::read_summary(file, run_id, path_).indicator_names) {
      list.push_back(layout::read_indicator(file, run_id, name, path_, /*with_values=*/false));
    }
    return list;
  });
}

RunData StoreReader::read_run(const std::string& run_id) const {
  return with_store(path_, [&](hid_t file) { return layout::read_run(file, run_id, path_); });
}

void StoreReader::check() const {
  with_store(path_, [&](hid_t file) {
    std::optional<std::vector<std::string>> reference;  // the first whole run's indicators
    for (const std::string& id : layout::run_ids(file, path_)) {
      std::vector<std::string> names =
          layout::check_run(file, id, path_, reference ? &*reference : nullptr);
      if (!reference) reference = std::move(names);
    }
    return 0;
  });
}

std::optional<ExperimentRecord> StoreReader::experiment() const {
  return with_store(path_, [&](hid_t file) { return layout::read_experiment(file, path_); });
}

std::vector<RunKey> StoreReader::run_keys() const {
  return with_store(path_, [&](hid_t file) {
    std::vector<RunKey> keys;
    for (const std::string& id : layout::run_ids(file, path_)) {
      keys.push_back(layout::read_key(file, id, path_));
    }
    return keys;
  });
}

std::vector<RunGroup> StoreReader::run_groups() const {
  const std::optional<ExperimentRecord> record = experiment();
  std::vector<RunKey> keys = run_keys();
  std::vector<std::string> order = record ? record->scenario_names : std::vector<std::string>{};
  for (const RunKey& k : keys) {
    if (std::find(order.begin(), order.end(), k.scenario) == order.end())
      order.push_back(k.scenario);
  }
  auto rank = [&](const RunKey& k) {
    return std::find(order.begin(), order.end(), k.scenario) - order.begin();
  };
  std::stable_sort(keys.begin(), keys.end(), [&](const RunKey& a, const RunKey& b) {
    return std::tuple(rank(a), a.point, a.replicate) < std::tuple(rank(b), b.point, b.replicate);
  });
  std::vector<RunGroup> groups;
  for (RunKey& k : keys) {
    if (groups.empty() || groups.back().scenario != k.scenario || groups.back().point != k.point) {
      groups.push_back(RunGroup{k.scenario, k.point, {}});
    }
    groups.back().replicates.push_back(std::move(k));
  }
  return groups;
}

std::optional<std::string> StoreReader::find_run(const std::string& scenario, std::uint32_t point,
                                                 std::uint32_t replicate) const {
  std::optional<std::string> found;
  for (const RunKey& k : run_keys()) {
    if (k.scenario == scenario && k.point == point && k.replicate == replicate) found = k.id;
  }
  return found;
}

}  // namespace welfare::store
