// Small HDF5 helpers for the run store: an owning identifier, a guard that keeps HDF5 from
// printing its error stack (the store turns failures into StoreError messages instead),
// the innermost HDF5 error message, and typed attribute and string I/O.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace welfare::store::h5 {

// Owns an HDF5 identifier of any kind and closes it (H5Idec_ref) when destroyed.
class Id {
 public:
  Id() = default;
  explicit Id(hid_t id) : id_(id) {}
  ~Id() { reset(); }
  Id(Id&& other) noexcept : id_(other.release()) {}
  Id& operator=(Id&& other) noexcept;
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  hid_t release();
  void reset(hid_t id = H5I_INVALID_HID);
  // Closes now and reports whether closing succeeded (files flush on close).
  bool close();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Turns off HDF5's automatic error printing for this thread while alive.
class QuietErrors {
 public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t function_ = nullptr;
  void* data_ = nullptr;
};

// The most specific messages on this thread's HDF5 error stack ("" when empty), then clears
// the stack.
std::string take_error();

// A variable-length UTF-8 string type (the store's string type everywhere).
Id utf8_string_type();

bool has_attribute(hid_t object, const char* name);
bool write_string_attribute(hid_t object, const char* name, const std::string& value);
bool write_uint_attribute(hid_t object, const char* name, std::uint64_t value, hid_t file_type);

// Reads a string attribute stored either as a variable- or fixed-length string. nullopt on
// failure (HDF5 error stack set, or not a string).
std::optional<std::string> read_string_attribute(hid_t object, const char* name);
std::optional<std::uint64_t> read_uint_attribute(hid_t object, const char* name);

// Whether the `count` values a dataset declares are stored in the file: HDF5 makes up values
// that are not stored (fill values), so a damaged extent would otherwise have a reader
// allocate whatever it declares. Stored values take at least 1/1032 of their size (zlib's
// largest compression ratio). `stored` is set to the bytes the file holds for the dataset.
bool extent_is_stored(hid_t dataset, std::uint64_t count, std::uint64_t& stored);

// Writes a one-dimensional string dataset; reads one back (variable or fixed length).
bool write_string_dataset(hid_t parent, const char* name, const std::vector<std::string>& values);
std::optional<std::vector<std::string>> read_string_dataset(hid_t dataset);

// Names of the links in a group, in creation order when the group tracks it, else by name.
std::optional<std::vector<std::string>> link_names(hid_t group);

}  // namespace welfare::store::h5
