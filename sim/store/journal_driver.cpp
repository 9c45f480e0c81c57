// The journaling HDF5 virtual file driver of the run store (see journal_driver.hpp). Modelled
// on HDF5's sec2 driver; only the public H5FD interface is used.
#include "store/journal_driver.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <H5FDpublic.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <set>
#include <string>

#include "store/journal.hpp"
#include "store/posix_file.hpp"

namespace welfare::store::driver {

namespace {

// The driver's name as HDF5 reports it (e.g. in error stacks).
constexpr const char* kDriverName = "welfare_journal";

// Largest address: the largest off_t, as for sec2.
constexpr haddr_t kMaxAddress = static_cast<haddr_t>(std::numeric_limits<off_t>::max());

// Driver information stored in a file access property list. Plain data: HDF5 copies it
// byte-wise (fapl_size with no fapl_copy callback).
struct DriverConfig {
  int journaled = 0;
};

struct FileState {
  int fd = -1;
  haddr_t eoa = 0;
  haddr_t eof = 0;
  dev_t device = 0;
  ino_t inode = 0;
  bool writable = false;
  bool journaled = false;
  bool poisoned = false;
  std::string name;
  std::uint64_t base_eof = 0;  // the file's length when opened
  journal::Writer journal;     // created at the first write, so probing opens leave none
};

// What HDF5 holds: the public part first, as the library casts between the two.
struct DriverFile {
  H5FD_t pub;
  FileState* state;
};

std::mutex& registry_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::set<FileState*>& registry() {
  static std::set<FileState*> files;
  return files;
}

FileState* state_of(const H5FD_t* file) {
  return reinterpret_cast<const DriverFile*>(file)->state;
}

void push_error(const char* function, unsigned line, hid_t minor, const std::string& message) {
  H5Epush2(H5E_DEFAULT, __FILE__, function, line, H5E_ERR_CLS, H5E_VFL, minor, "%s",
           message.c_str());
}

H5FD_t* driver_open(const char* name, unsigned flags, hid_t fapl_id, haddr_t maxaddr) {
  if (name == nullptr || *name == '\0' || maxaddr == 0 || maxaddr > kMaxAddress) {
    push_error(__func__, __LINE__, H5E_BADVALUE, "invalid file name or address space");
    return nullptr;
  }
  DriverConfig config;
  if (const void* info = H5Pget_driver_info(fapl_id); info != nullptr) {
    std::memcpy(&config, info, sizeof(config));
  }
  const bool writable = (flags & H5F_ACC_RDWR) != 0;
  int o_flags = writable ? O_RDWR : O_RDONLY;
  if ((flags & H5F_ACC_CREAT) != 0) o_flags |= O_CREAT;
  if ((flags & H5F_ACC_EXCL) != 0) o_flags |= O_EXCL;
  const bool truncate = (flags & H5F_ACC_TRUNC) != 0;

  posix::Fd fd = posix::open_file(name, o_flags);
  if (!fd.valid()) {
    push_error(__func__, __LINE__, H5E_CANTOPENFILE,
               std::string("unable to open file: ") + posix::errno_text(errno));
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    push_error(__func__, __LINE__, H5E_BADFILE,
               std::string("unable to fstat file: ") + posix::errno_text(errno));
    return nullptr;
  }
  if (truncate && st.st_size > 0) {
    // Truncating would destroy bytes before any journal could save them; the store only
    // creates files that are empty.
    push_error(__func__, __LINE__, H5E_CANTOPENFILE,
               "refusing to truncate a non-empty file through the journaling driver");
    return nullptr;
  }

  auto* state = new (std::nothrow) FileState;
  auto* file = new (std::nothrow) DriverFile{};
  if (state == nullptr || file == nullptr) {
    delete state;
    delete file;
    push_error(__func__, __LINE__, H5E_CANTALLOC, "unable to allocate file struct");
    return nullptr;
  }
  state->fd = fd.release();
  state->eof = static_cast<haddr_t>(st.st_size);
  state->device = st.st_dev;
  state->inode = st.st_ino;
  state->writable = writable;
  state->journaled = writable && config.journaled != 0;
  state->name = name;
  state->base_eof = static_cast<std::uint64_t>(st.st_size);
  file->state = state;
  {
    std::lock_guard lock(registry_mutex());
    registry().insert(state);
  }
  return &file->pub;
}

herr_t driver_close(H5FD_t* file) {
  auto* driver_file = reinterpret_cast<DriverFile*>(file);
  FileState* state = driver_file->state;
  {
    std::lock_guard lock(registry_mutex());
    registry().erase(state);
  }
  const int rc = ::close(state->fd);
  const int saved_errno = errno;
  delete state;
  delete driver_file;
  if (rc != 0) {
    push_error(__func__, __LINE__, H5E_CANTCLOSEFILE,
               std::string("unable to close file: ") + posix::errno_text(saved_errno));
    return -1;
  }
  return 0;
}

int driver_cmp(const H5FD_t* f1, const H5FD_t* f2) {
  const FileState* a = state_of(f1);
  const FileState* b = state_of(f2);
  if (a->device != b->device) return a->device < b->device ? -1 : 1;
  if (a->inode != b->inode) return a->inode < b->inode ? -1 : 1;
  return 0;
}

herr_t driver_query(const H5FD_t* /*file*/, unsigned long* flags) {
  if (flags != nullptr) {
    *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE |
             H5FD_FEAT_AGGREGATE_SMALLDATA | H5FD_FEAT_POSIX_COMPAT_HANDLE |
             H5FD_FEAT_DEFAULT_VFD_COMPATIBLE;
  }
  return 0;
}

haddr_t driver_get_eoa(const H5FD_t* file, H5FD_mem_t /*type*/) {
  return state_of(file)->eoa;
}

herr_t driver_set_eoa(H5FD_t* file, H5FD_mem_t /*type*/, haddr_t address) {
  state_of(file)->eoa = address;
  return 0;
}

haddr_t driver_get_eof(const H5FD_t* file, H5FD_mem_t /*type*/) {
  return state_of(file)->eof;
}

herr_t driver_get_handle(H5FD_t* file, hid_t /*fapl*/, void** handle) {
  if (handle == nullptr) return -1;
  *handle = &state_of(file)->fd;
  return 0;
}

herr_t driver_read(H5FD_t* file, H5FD_mem_t /*type*/, hid_t /*dxpl*/, haddr_t address, size_t size,
                   void* buffer) {
  FileState* state = state_of(file);
  const std::int64_t n = posix::pread_full(state->fd, buffer, size, address);
  if (n < 0) {
    push_error(__func__, __LINE__, H5E_READERROR,
               std::string("file read failed: ") + posix::errno_text(errno));
    return -1;
  }
  // Past the end of the file but inside the address space: zeros, as HDF5 expects.
  const auto got = static_cast<std::size_t>(n);
  if (got < size) std::memset(static_cast<unsigned char*>(buffer) + got, 0, size - got);
  return 0;
}

// Journals [address, address + size) before it changes. Creates the journal on first use.
bool journal_before_change(FileState* state, haddr_t address, std::uint64_t size,
                           const char* function, unsigned line) {
  if (state->poisoned) {
    push_error(function, line, H5E_WRITEERROR,
               "the append was rolled back; the file no longer accepts writes");
    return false;
  }
  if (!state->journaled) return true;
  std::string error;
  if (!state->journal.active() && !state->journal.create(state->name, state->base_eof, error)) {
    push_error(function, line, H5E_WRITEERROR, error);
    return false;
  }
  if (!state->journal.save_original(state->fd, address, size, error)) {
    push_error(function, line, H5E_WRITEERROR, error);
    return false;
  }
  return true;
}

herr_t driver_write(H5FD_t* file, H5FD_mem_t /*type*/, hid_t /*dxpl*/, haddr_t address, size_t size,
                    const void* buffer) {
  FileState* state = state_of(file);
  if (!journal_before_change(state, address, size, __func__, __LINE__)) return -1;
  if (!posix::pwrite_full(state->fd, buffer, size, address)) {
    push_error(__func__, __LINE__, H5E_WRITEERROR,
               std::string("file write failed: ") + posix::errno_text(errno));
    return -1;
  }
  if (address + size > state->eof) state->eof = address + size;
  return 0;
}

// Makes the file's length equal to the end of allocated space, as sec2 does at flush/close.
herr_t driver_truncate(H5FD_t* file, hid_t /*dxpl*/, hbool_t /*closing*/) {
  FileState* state = state_of(file);
  if (state->eoa == state->eof) return 0;
  // Shrinking cuts bytes that may predate the append: journal them like an overwrite.
  const std::uint64_t cut = state->eoa < state->eof ? state->eof - state->eoa : 0;
  if (!journal_before_change(state, state->eoa, cut, __func__, __LINE__)) return -1;
  if (::ftruncate(state->fd, static_cast<off_t>(state->eoa)) != 0) {
    push_error(__func__, __LINE__, H5E_SEEKERROR,
               std::string("unable to truncate or extend file: ") + posix::errno_text(errno));
    return -1;
  }
  state->eof = state->eoa;
  return 0;
}

// Locking is done by store.cpp around every open (flock on its own descriptor), so the
// driver takes none: a second flock here would conflict with the store's own.
herr_t driver_lock(H5FD_t* /*file*/, hbool_t /*rw*/) {
  return 0;
}
herr_t driver_unlock(H5FD_t* /*file*/) {
  return 0;
}

const H5FD_class_t kDriverClass = {
    .name = kDriverName,
    .maxaddr = kMaxAddress,
    .fc_degree = H5F_CLOSE_WEAK,
    .terminate = nullptr,
    .sb_size = nullptr,
    .sb_encode = nullptr,
    .sb_decode = nullptr,
    .fapl_size = sizeof(DriverConfig),
    .fapl_get = nullptr,
    .fapl_copy = nullptr,
    .fapl_free = nullptr,
    .dxpl_size = 0,
    .dxpl_copy = nullptr,
    .dxpl_free = nullptr,
    .open = driver_open,
    .close = driver_close,
    .cmp = driver_cmp,
    .query = driver_query,
    .get_type_map = nullptr,
    .alloc = nullptr,
    .free = nullptr,
    .get_eoa = driver_get_eoa,
    .set_eoa = driver_set_eoa,
    .get_eof = driver_get_eof,
    .get_handle = driver_get_handle,
    .read = driver_read,
    .write = driver_write,
    .flush = nullptr,
    .truncate = driver_truncate,
    .lock = driver_lock,
    .unlock = driver_unlock,
    .fl_map = H5FD_FLMAP_DICHOTOMY,
};

// Registers the driver once per library lifetime (the id dies if HDF5 is closed).
hid_t driver_id() {
  static std::mutex mutex;
  static hid_t id = H5I_INVALID_HID;
  std::lock_guard lock(mutex);
  if (id == H5I_INVALID_HID || H5Iis_valid(id) <= 0) id = H5FDregister(&kDriverClass);
  return id;
}

}  // namespace

hid_t make_fapl(bool journaled) {
  const hid_t id = driver_id();
  if (id < 0) return H5I_INVALID_HID;
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl < 0) return H5I_INVALID_HID;
  DriverConfig config;
  config.journaled = journaled ? 1 : 0;
  if (H5Pset_driver(fapl, id, &config) < 0) {
    H5Pclose(fapl);
    return H5I_INVALID_HID;
  }
  return fapl;
}

void poison_open_files(dev_t device, ino_t inode) {
  std::lock_guard lock(registry_mutex());
  for (FileState* state : registry()) {
    if (state->device == device && state->inode == inode && state->writable) {
      state->poisoned = true;
    }
  }
}

}  // namespace welfare::store::driver
