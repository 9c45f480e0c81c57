// Small HDF5 helpers for the run store (see hdf5_util.hpp).
#include "store/hdf5_util.hpp"

#include <cstring>
#include <limits>

namespace welfare::store::h5 {

Id& Id::operator=(Id&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

hid_t Id::release() {
  const hid_t id = id_;
  id_ = H5I_INVALID_HID;
  return id;
}

void Id::reset(hid_t id) {
  if (id_ >= 0 && H5Iis_valid(id_) > 0) H5Idec_ref(id_);
  id_ = id;
}

bool Id::close() {
  if (id_ < 0) return true;
  const hid_t id = release();
  return H5Idec_ref(id) >= 0;
}

QuietErrors::QuietErrors() {
  H5Eget_auto2(H5E_DEFAULT, &function_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() {
  H5Eset_auto2(H5E_DEFAULT, function_, data_);
}

namespace {

herr_t collect_error(unsigned /*n*/, const H5E_error2_t* error, void* data) {
  auto* messages = static_cast<std::vector<std::string>*>(data);
  if (error->desc != nullptr && *error->desc != '\0') messages->emplace_back(error->desc);
  return 0;
}

// How many of the innermost messages a StoreError quotes: the cause and its context.
constexpr std::size_t kErrorMessagesQuoted = 2;

}  // namespace

std::string take_error() {
  std::vector<std::string> messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &messages);
  H5Eclear2(H5E_DEFAULT);
  std::string text;
  for (std::size_t i = 0; i < messages.size() && i < kErrorMessagesQuoted; ++i) {
    if (!text.empty()) text += "; ";
    text += messages[i];
  }
  return text;
}

Id utf8_string_type() {
  Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  H5Tset_strpad(type.get(), H5T_STR_NULLTERM);
  return type;
}

bool has_attribute(hid_t object, const char* name) {
  return H5Aexists(object, name) > 0;
}

bool write_string_attribute(hid_t object, const char* name, const std::string& value) {
  Id type = utf8_string_type();
  Id space(H5Screate(H5S_SCALAR));
  Id attribute(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!attribute.valid()) return false;
  const char* data = value.c_str();
  return H5Awrite(attribute.get(), type.get(), &data) >= 0;
}

bool write_uint_attribute(hid_t object, const char* name, std::uint64_t value, hid_t file_type) {
  Id space(H5Screate(H5S_SCALAR));
  Id attribute(H5Acreate2(object, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!attribute.valid()) return false;
  return H5Awrite(attribute.get(), H5T_NATIVE_UINT64, &value) >= 0;
}

std::optional<std::string> read_string_attribute(hid_t object, const char* name) {
  Id attribute(H5Aopen(object, name, H5P_DEFAULT));
  if (!attribute.valid()) return std::nullopt;
  Id file_type(H5Aget_type(attribute.get()));
  if (H5Tget_class(file_type.get()) != H5T_STRING) return std::nullopt;
  Id space(H5Aget_space(attribute.get()));
  if (H5Sget_simple_extent_npoints(space.get()) != 1) return std::nullopt;
  if (H5Tis_variable_str(file_type.get()) > 0) {
    Id memory_type = utf8_string_type();
    char* data = nullptr;
    if (H5Aread(attribute.get(), memory_type.get(), &data) < 0) return std::nullopt;
    std::string value = data != nullptr ? data : "";
    H5Dvlen_reclaim(memory_type.get(), space.get(), H5P_DEFAULT, &data);
    return value;
  }
  const std::size_t size = H5Tget_size(file_type.get());
  Id memory_type(H5Tcopy(H5T_C_S1));
  H5Tset_size(memory_type.get(), size);
  H5Tset_cset(memory_type.get(), H5Tget_cset(file_type.get()));
  std::string buffer(size, '\0');
  if (H5Aread(attribute.get(), memory_type.get(), buffer.data()) < 0) return std::nullopt;
  buffer.resize(std::strlen(buffer.c_str()));  // drop null padding
  return buffer;
}

std::optional<std::uint64_t> read_uint_attribute(hid_t object, const char* name) {
  Id attribute(H5Aopen(object, name, H5P_DEFAULT));
  if (!attribute.valid()) return std::nullopt;
  Id file_type(H5Aget_type(attribute.get()));
  if (H5Tget_class(file_type.get()) != H5T_INTEGER) return std::nullopt;
  Id space(H5Aget_space(attribute.get()));
  if (H5Sget_simple_extent_npoints(space.get()) != 1) return std::nullopt;
  std::uint64_t value = 0;
  if (H5Aread(attribute.get(), H5T_NATIVE_UINT64, &value) < 0) return std::nullopt;
  return value;
}

bool extent_is_stored(hid_t dataset, std::uint64_t count, std::uint64_t& stored) {
  // zlib (deflate) expands data at most 1032-fold; a little more for headers of small chunks.
  constexpr std::uint64_t kMaxExpansion = 1032;
  constexpr std::uint64_t kSlackBytes = 64 * 1024;
  stored = H5Dget_storage_size(dataset);
  if (count == 0) return true;
  Id type(H5Dget_type(dataset));
  const std::uint64_t size = type.valid() ? H5Tget_size(type.get()) : 0;
  if (size == 0) return false;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t limit =
      stored > (kMax - kSlackBytes) / kMaxExpansion ? kMax : stored * kMaxExpansion + kSlackBytes;
  return count <= limit / size;
}

bool write_string_dataset(hid_t parent, const char* name, const std::vector<std::string>& values) {
  Id type = utf8_string_type();
  const hsize_t dims[1] = {values.size()};
  Id space(H5Screate_simple(1, dims, nullptr));
  Id dataset(
      H5Dcreate2(parent, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!dataset.valid()) return false;
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& value : values)
    pointers.push_back(value.c_str());
  if (values.empty()) return true;
  return H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) >= 0;
}

std::optional<std::vector<std::string>> read_string_dataset(hid_t dataset) {
  Id file_type(H5Dget_type(dataset));
  if (H5Tget_class(file_type.get()) != H5T_STRING) return std::nullopt;
  Id space(H5Dget_space(dataset));
  if (H5Sget_simple_extent_ndims(space.get()) != 1) return std::nullopt;
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) return std::nullopt;
  std::vector<std::string> values;
  if (count == 0) return values;
  std::uint64_t stored = 0;
  if (!extent_is_stored(dataset, static_cast<std::uint64_t>(count), stored)) return std::nullopt;
  values.reserve(static_cast<std::size_t>(count));
  if (H5Tis_variable_str(file_type.get()) > 0) {
    Id memory_type = utf8_string_type();
    std::vector<char*> data(static_cast<std::size_t>(count), nullptr);
    if (H5Dread(dataset, memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
      return std::nullopt;
    }
    for (const char* value : data)
      values.emplace_back(value != nullptr ? value : "");
    H5Dvlen_reclaim(memory_type.get(), space.get(), H5P_DEFAULT, data.data());
    return values;
  }
  const std::size_t size = H5Tget_size(file_type.get());
  Id memory_type(H5Tcopy(H5T_C_S1));
  H5Tset_size(memory_type.get(), size);
  H5Tset_cset(memory_type.get(), H5Tget_cset(file_type.get()));
  std::vector<char> buffer(size * static_cast<std::size_t>(count), '\0');
  if (H5Dread(dataset, memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) {
    return std::nullopt;
  }
  for (hssize_t i = 0; i < count; ++i) {
    const char* begin = buffer.data() + static_cast<std::size_t>(i) * size;
    values.emplace_back(begin, strnlen(begin, size));
  }
  return values;
}

namespace {

herr_t collect_link(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

}  // namespace

std::optional<std::vector<std::string>> link_names(hid_t group) {
  std::vector<std::string> names;
  H5_index_t index = H5_INDEX_NAME;
  Id create_plist(H5Gget_create_plist(group));
  unsigned order_flags = 0;
  if (create_plist.valid() && H5Pget_link_creation_order(create_plist.get(), &order_flags) >= 0 &&
      (order_flags & H5P_CRT_ORDER_INDEXED) != 0) {
    index = H5_INDEX_CRT_ORDER;
  }
  hsize_t position = 0;
  if (H5Literate(group, index, H5_ITER_INC, &position, collect_link, &names) < 0) {
    return std::nullopt;
  }
  return names;
}

}  // namespace welfare::store::h5
