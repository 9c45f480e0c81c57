// The HDF5 virtual file driver of the run store: POSIX I/O like HDF5's sec2 driver, plus an
// undo journal. Opened for writing with journaling on, it saves the original bytes of every
// range of the file it is about to overwrite (or truncate away) into `<store>.journal`, and
// makes them durable before the overwrite; bytes appended past the file's length at open need
// no journal. The journal itself is committed (removed) or rolled back by store.cpp.
#pragma once

#include <hdf5.h>
#include <sys/types.h>

namespace welfare::store::driver {

// A new file access property list (the caller closes it) selecting the journaling driver.
// `journaled` turns the undo journal on for files opened for writing.
hid_t make_fapl(bool journaled);

// Makes every file of this driver still open on (device, inode) refuse further writes. Used
// after an append failed and was rolled back while HDF5 may still hold the file open, so a
// late flush (e.g. at library shutdown) cannot write over the restored bytes.
void poison_open_files(dev_t device, ino_t inode);

}  // namespace welfare::store::driver
