// libFuzzer target for the run store reader (StoreReader): what `welfare info`, `compare`,
// `report`, `sensitivity` and the viewer open stores and read runs with.
//
// Input: a mode byte, then
//   mode even (raw): the bytes of a store file. Mutating a real store's bytes mostly tests
//     HDF5's own parsing of damaged files, which the store reader calls into. HDF5 (1.10) has
//     crashes of its own on some damaged files (fuzz/README.md lists those found), so this
//     mode is built into a target of its own, store_raw_fuzzer; store_fuzzer reads every
//     input in the structure-aware mode;
//   mode odd (structure-aware): decisions that build a store-like HDF5 file with plain HDF5:
//     the root's format attributes, runs with their attributes, axes and indicators, an
//     experiment record, each piece present or missing, of the right type and shape or not,
//     with links where groups belong. With the input used up every decision falls back to
//     the well-formed choice, so short inputs make valid stores and the fuzzer departs from
//     them one piece at a time. This tests the reader's handling of unexpected layouts.
// Either way the file is then opened with StoreReader and everything in it is read.
//
// A StoreError is the expected outcome of a damaged store. Anything else is a bug: a crash,
// a sanitizer report, another exception type, an allocation beyond -rss_limit_mb, or HDF5
// objects left open after the reader is done (they would keep the file open).
#include <fuzzer/FuzzedDataProvider.h>
#include <hdf5.h>
#include <sanitizer/lsan_interface.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;

fs::path& directory() {
  static fs::path path;
  return path;
}

fs::path store_path() {
  return directory() / "store.h5";
}

void remove_directory() {
  std::error_code ignored;
  fs::remove_all(directory(), ignored);
}

// ---- building a store-like file -------------------------------------------------------------

// Sizes kept small so that one input stays fast; "huge" extents are declared, never written.
constexpr std::size_t kMaxRuns = 4;
constexpr std::size_t kMaxAxis = 6;
constexpr std::size_t kMaxIndicators = 4;
constexpr std::size_t kMaxText = 24;
constexpr std::size_t kMaxWrittenElements = 4096;

// Closes an HDF5 identifier of any kind at the end of a scope.
class Handle {
 public:
  explicit Handle(hid_t id) : id_(id) {}
  ~Handle() {
    if (id_ >= 0) H5Idec_ref(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_;
};

class Builder {
 public:
  explicit Builder(FuzzedDataProvider& in) : in_(in) {}

  void build(const fs::path& path) {
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
    const H5F_libver_t lows[] = {H5F_LIBVER_EARLIEST, H5F_LIBVER_V18, H5F_LIBVER_V110};
    H5Pset_libver_bounds(fapl.get(), lows[in_.ConsumeIntegralInRange(0, 2)], H5F_LIBVER_LATEST);
    Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()));
    if (!file.valid()) return;
    const hid_t root = file.get();

    string_attribute(root, "format", "welfare-runs");
    version_attribute(root);

    if (good()) {
      Handle runs(make_group(root, "runs"));
      if (runs.valid()) {
        const std::size_t count = in_.ConsumeIntegralInRange<std::size_t>(0, kMaxRuns);
        for (std::size_t r = 0; r < count; ++r)
          run(runs.get(), r);
        if (!good()) odd_link(runs.get(), root);
      }
    } else {
      odd_object(root, "runs");
    }
    if (in_.ConsumeBool()) experiment(root);
    if (!good()) odd_object(root, text());
  }

 private:
  // True for the well-formed choice; the input used up reads as zeros, so always true then.
  bool good() { return in_.ConsumeIntegral<std::uint8_t>() < 200; }

  std::string text() { return in_.ConsumeRandomLengthString(kMaxText); }

  // A name: `usual` mostly, sometimes any text.
  std::string name(const std::string& usual) { return good() ? usual : text(); }

  hid_t make_group(hid_t parent, const std::string& group_name) {
    Handle plist(H5Pcreate(H5P_GROUP_CREATE));
    if (in_.ConsumeBool()) {
      H5Pset_link_creation_order(plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    }
    if (in_.ConsumeBool()) H5Pset_attr_phase_change(plist.get(), 0, 0);  // dense attributes
    if (in_.ConsumeBool()) H5Pset_link_phase_change(plist.get(), 0, 0);  // dense links
    return H5Gcreate2(parent, group_name.c_str(), H5P_DEFAULT, plist.get(), H5P_DEFAULT);
  }

  static hid_t vlen_string() {
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return type;
  }

  void write_string_attribute(hid_t object, const std::string& attr, const std::string& value) {
    Handle type(vlen_string());
    Handle space(H5Screate(H5S_SCALAR));
    Handle a(H5Acreate2(object, attr.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
    const char* data = value.c_str();
    if (a.valid()) H5Awrite(a.get(), type.get(), &data);
  }

  void write_uint_attribute(hid_t object, const std::string& attr, std::uint64_t value,
                            hid_t file_type) {
    Handle space(H5Screate(H5S_SCALAR));
    Handle a(H5Acreate2(object, attr.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT));
    if (a.valid()) H5Awrite(a.get(), H5T_NATIVE_UINT64, &value);
  }

  // An attribute of any kind: strings of either length kind and any padding, numbers of
  // any type and byte order, several values, no value (a null dataspace), or none at all.
  void odd_attribute(hid_t object, const std::string& attr) {
    switch (in_.ConsumeIntegralInRange(0, 8)) {
      case 0:
        return;  // missing
      case 1:
        write_string_attribute(object, attr, text());
        return;
      case 2: {  // fixed-length string
        const std::string value = text();
        Handle type(H5Tcopy(H5T_C_S1));
        H5Tset_size(type.get(), in_.ConsumeIntegralInRange<std::size_t>(1, 2 * kMaxText));
        const H5T_str_t pads[] = {H5T_STR_NULLTERM, H5T_STR_NULLPAD, H5T_STR_SPACEPAD};
        H5Tset_strpad(type.get(), pads[in_.ConsumeIntegralInRange(0, 2)]);
        H5Tset_cset(type.get(), in_.ConsumeBool() ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
        std::string buffer(H5Tget_size(type.get()), '\0');
        std::copy_n(value.begin(), std::min(value.size(), buffer.size()), buffer.begin());
        Handle space(H5Screate(H5S_SCALAR));
        Handle a(
            H5Acreate2(object, attr.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
        if (a.valid()) H5Awrite(a.get(), type.get(), buffer.data());
        return;
      }
      case 3: {  // an integer of any width, signedness and byte order
        const hid_t types[] = {H5T_STD_I8LE,  H5T_STD_U8LE,  H5T_STD_I16BE, H5T_STD_U16LE,
                               H5T_STD_I32LE, H5T_STD_U32BE, H5T_STD_I64LE, H5T_STD_U64LE,
                               H5T_STD_I64BE, H5T_STD_U64BE};
        const hid_t type = types[in_.ConsumeIntegralInRange<std::size_t>(0, std::size(types) - 1)];
        const std::int64_t value = in_.ConsumeIntegral<std::int64_t>();
        Handle space(H5Screate(H5S_SCALAR));
        Handle a(H5Acreate2(object, attr.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT));
        if (a.valid()) H5Awrite(a.get(), H5T_NATIVE_INT64, &value);
        return;
      }
      case 4: {  // a floating-point number
        const double value = in_.ConsumeFloatingPoint<double>();
        Handle space(H5Screate(H5S_SCALAR));
        Handle a(H5Acreate2(object, attr.c_str(),
                            in_.ConsumeBool() ? H5T_IEEE_F32LE : H5T_IEEE_F64BE, space.get(),
                            H5P_DEFAULT, H5P_DEFAULT));
        if (a.valid()) H5Awrite(a.get(), H5T_NATIVE_DOUBLE, &value);
        return;
      }
      case 5: {  // several strings, or none (a list of 0)
        const hsize_t count = in_.ConsumeIntegralInRange<hsize_t>(0, 3);
        std::vector<std::string> values(count);
        std::vector<const char*> pointers;
        for (auto& v : values) {
          v = text();
          pointers.push_back(v.c_str());
        }
        Handle type(vlen_string());
        Handle space(H5Screate_simple(1, &count, nullptr));
        Handle a(
            H5Acreate2(object, attr.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
        if (a.valid() && count > 0) H5Awrite(a.get(), type.get(), pointers.data());
        return;
      }
      case 6: {  // a null dataspace: an attribute with no value
        Handle type(in_.ConsumeBool() ? vlen_string() : H5Tcopy(H5T_STD_U32LE));
        Handle space(H5Screate(H5S_NULL));
        Handle a(
            H5Acreate2(object, attr.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
        return;
      }
      case 7: {  // several integers
        const hsize_t count = in_.ConsumeIntegralInRange<hsize_t>(0, 3);
        std::vector<std::uint64_t> values(count);
        for (auto& v : values)
          v = in_.ConsumeIntegral<std::uint64_t>();
        Handle space(H5Screate_simple(1, &count, nullptr));
        Handle a(
            H5Acreate2(object, attr.c_str(), H5T_STD_U64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT));
        if (a.valid() && count > 0) H5Awrite(a.get(), H5T_NATIVE_UINT64, values.data());
        return;
      }
      default: {  // a type the store never uses: opaque bytes
        Handle type(H5Tcreate(H5T_OPAQUE, in_.ConsumeIntegralInRange<std::size_t>(1, 16)));
        std::vector<unsigned char> bytes(H5Tget_size(type.get()));
        for (auto& b : bytes)
          b = in_.ConsumeIntegral<unsigned char>();
        Handle space(H5Screate(H5S_SCALAR));
        Handle a(
            H5Acreate2(object, attr.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
        if (a.valid()) H5Awrite(a.get(), type.get(), bytes.data());
        return;
      }
    }
  }

  void string_attribute(hid_t object, const std::string& attr, const std::string& usual) {
    if (good()) {
      write_string_attribute(object, attr, good() ? usual : text());
    } else {
      odd_attribute(object, attr);
    }
  }

  void uint_attribute(hid_t object, const std::string& attr, std::uint64_t usual, hid_t file_type) {
    if (good()) {
      write_uint_attribute(object, attr, good() ? usual : in_.ConsumeIntegral<std::uint64_t>(),
                           file_type);
    } else {
      odd_attribute(object, attr);
    }
  }

  void version_attribute(hid_t root) {
    if (good()) {
      write_string_attribute(root, "format_version", "1.1");
      return;
    }
    const char* versions[] = {"1.0",   "1.9",  "2.0",           "0.9",          "1",
                              "1.",    ".1",   "01.01",         "+1.1",         "-1.1",
                              "1.1.1", "1.1 ", "99999999999.1", "1.99999999999"};
    if (in_.ConsumeBool()) {
      write_string_attribute(
          root, "format_version",
          versions[in_.ConsumeIntegralInRange<std::size_t>(0, std::size(versions) - 1)]);
    } else {
      odd_attribute(root, "format_version");
    }
  }

  // A dataset of any type, rank and extent: written when small, only declared when huge.
  void odd_dataset(hid_t parent, const std::string& dataset_name) {
    const int rank = in_.ConsumeIntegralInRange(0, 3);
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    std::vector<hsize_t> max_dims(static_cast<std::size_t>(rank), H5S_UNLIMITED);
    hsize_t elements = 1;
    for (hsize_t& d : dims) {
      d = in_.ConsumeBool() ? in_.ConsumeIntegralInRange<hsize_t>(0, kMaxAxis)
                            : hsize_t{1} << in_.ConsumeIntegralInRange(0, 40);
      elements = d != 0 && elements > (hsize_t{1} << 50) / d ? (hsize_t{1} << 50) : elements * d;
    }
    const bool chunked = rank > 0 && in_.ConsumeBool();
    Handle space(rank == 0
                     ? H5Screate(H5S_SCALAR)
                     : H5Screate_simple(rank, dims.data(), chunked ? max_dims.data() : nullptr));
    Handle plist(H5Pcreate(H5P_DATASET_CREATE));
    if (chunked) {
      std::vector<hsize_t> chunk(dims.size());
      for (std::size_t i = 0; i < dims.size(); ++i)
        chunk[i] = std::clamp<hsize_t>(dims[i], 1, 64);
      H5Pset_chunk(plist.get(), rank, chunk.data());
      if (in_.ConsumeBool()) H5Pset_deflate(plist.get(), 1);
    }
    const int kind = in_.ConsumeIntegralInRange(0, 5);
    Handle type(kind == 0   ? H5Tcopy(H5T_IEEE_F32LE)
                : kind == 1 ? H5Tcopy(H5T_IEEE_F64BE)
                : kind == 2 ? H5Tcopy(H5T_STD_I32LE)
                : kind == 3 ? H5Tcopy(H5T_STD_I8BE)
                : kind == 4 ? vlen_string()
                            : H5Tcopy(H5T_C_S1));
    if (kind == 5) H5Tset_size(type.get(), in_.ConsumeIntegralInRange<std::size_t>(1, 16));
    Handle dataset(H5Dcreate2(parent, dataset_name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                              plist.get(), H5P_DEFAULT));
    if (!dataset.valid() || elements > kMaxWrittenElements || in_.ConsumeBool()) return;
    const auto n = static_cast<std::size_t>(elements);
    if (kind == 4) {
      std::vector<std::string> values(n);
      std::vector<const char*> pointers;
      for (auto& v : values) {
        v = text();
        pointers.push_back(v.c_str());
      }
      H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data());
      return;
    }
    std::vector<unsigned char> bytes(n * H5Tget_size(type.get()));
    for (auto& b : bytes)
      b = in_.ConsumeIntegral<unsigned char>();
    H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
  }

  // Links where an object belongs: to a group (making a cycle), dangling, or to another file.
  void odd_link(hid_t parent, hid_t root) {
    const std::string link_name = text();
    switch (in_.ConsumeIntegralInRange(0, 3)) {
      case 0:
        H5Lcreate_hard(root, ".", parent, link_name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
        return;
      case 1:
        H5Lcreate_soft(in_.ConsumeBool() ? "/runs" : "/nowhere", parent, link_name.c_str(),
                       H5P_DEFAULT, H5P_DEFAULT);
        return;
      case 2:
        H5Lcreate_external("missing.h5", "/runs", parent, link_name.c_str(), H5P_DEFAULT,
                           H5P_DEFAULT);
        return;
      default:
        H5Lcreate_external("store.h5", "/", parent, link_name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
        return;
    }
  }

  // Something other than expected under `object_name`: a dataset, a link, or nothing.
  void odd_object(hid_t parent, const std::string& object_name) {
    switch (in_.ConsumeIntegralInRange(0, 3)) {
      case 0:
        return;
      case 1:
        odd_dataset(parent, object_name);
        return;
      case 2: {
        Handle group(make_group(parent, object_name));
        return;
      }
      default:
        odd_link(parent, parent);
        return;
    }
  }

  void string_dataset(hid_t parent, const std::string& dataset_name,
                      const std::vector<std::string>& values) {
    if (!good()) {
      odd_object(parent, dataset_name);
      return;
    }
    Handle type(vlen_string());
    const hsize_t count = values.size();
    Handle space(H5Screate_simple(1, &count, nullptr));
    Handle dataset(H5Dcreate2(parent, dataset_name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                              H5P_DEFAULT, H5P_DEFAULT));
    std::vector<const char*> pointers;
    for (const auto& v : values)
      pointers.push_back(v.c_str());
    if (dataset.valid() && count > 0) {
      H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data());
    }
  }

  template <typename T>
  void number_dataset(hid_t parent, const std::string& dataset_name, std::vector<hsize_t> dims,
                      hid_t file_type, hid_t memory_type) {
    if (!good()) {
      odd_object(parent, dataset_name);
      return;
    }
    hsize_t elements = 1;
    for (hsize_t d : dims)
      elements *= d;
    std::vector<T> values(elements);
    for (T& v : values)
      v = static_cast<T>(in_.ConsumeIntegralInRange<int>(-2, 1000));
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
    Handle plist(H5Pcreate(H5P_DATASET_CREATE));
    if (elements > 0 && in_.ConsumeBool()) {
      H5Pset_chunk(plist.get(), static_cast<int>(dims.size()), dims.data());
      H5Pset_shuffle(plist.get());
      H5Pset_deflate(plist.get(), 4);
    }
    Handle dataset(H5Dcreate2(parent, dataset_name.c_str(), file_type, space.get(), H5P_DEFAULT,
                              plist.get(), H5P_DEFAULT));
    if (dataset.valid() && elements > 0) {
      H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    }
  }

  std::vector<std::string> texts(std::size_t count, const std::string& prefix) {
    std::vector<std::string> values;
    for (std::size_t i = 0; i < count; ++i)
      values.push_back(good() ? prefix + std::to_string(i) : text());
    return values;
  }

  void run(hid_t runs, std::size_t index) {
    std::string id = std::to_string(index + 1);
    id.insert(0, 6 - id.size(), '0');
    id = name(id);
    Handle group(make_group(runs, id));
    if (!group.valid()) return;
    const hid_t g = group.get();
    const auto weeks = in_.ConsumeIntegralInRange<hsize_t>(0, kMaxAxis);
    const auto zones = in_.ConsumeIntegralInRange<hsize_t>(0, kMaxAxis);
    const auto indicators = in_.ConsumeIntegralInRange<std::size_t>(0, kMaxIndicators);

    string_attribute(g, "scenario_name", "baseline");
    string_attribute(g, "scenario_yaml", "scenario: {name: baseline}\n");
    string_attribute(g, "territory_name", "Bologna");
    uint_attribute(g, "seed", 1, H5T_STD_U64LE);
    uint_attribute(g, "replicate", index, H5T_STD_U32LE);
    uint_attribute(g, "weeks", weeks, H5T_STD_U32LE);
    string_attribute(g, "software_version", "0.1.0");
    string_attribute(g, "created_utc", "2026-11-24T06:10:00Z");
    uint_attribute(g, "zone_count", zones, H5T_STD_U32LE);
    uint_attribute(g, "indicator_count", indicators, H5T_STD_U32LE);
    string_attribute(g, "experiment", "");
    uint_attribute(g, "point", 0, H5T_STD_U32LE);

    number_dataset<std::int32_t>(g, "week", {weeks}, H5T_STD_I32LE, H5T_NATIVE_INT32);
    string_dataset(g, "zone_id", texts(zones, "Z"));
    string_dataset(g, "zone_name", texts(zones, "Zone "));
    string_dataset(g, "zone_district", texts(zones, "D"));

    if (!good()) {
      odd_object(g, "indicators");
      return;
    }
    Handle group_of_indicators(make_group(g, "indicators"));
    if (!group_of_indicators.valid()) return;
    const hid_t ig = group_of_indicators.get();
    for (std::size_t i = 0; i < indicators; ++i) {
      const std::string indicator = name("indicator_" + std::to_string(i));
      number_dataset<float>(ig, indicator, {weeks, zones}, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT);
      if (H5Lexists(ig, indicator.c_str(), H5P_DEFAULT) <= 0) continue;
      Handle dataset(H5Oopen(ig, indicator.c_str(), H5P_DEFAULT));
      if (!dataset.valid()) continue;
      string_attribute(dataset.get(), "units", "persons");
      string_attribute(dataset.get(), "description", "An indicator.");
    }
    if (!good()) odd_link(ig, g);
  }

  void experiment(hid_t root) {
    if (!good()) {
      odd_object(root, "experiment");
      return;
    }
    Handle group(make_group(root, "experiment"));
    if (!group.valid()) return;
    const hid_t g = group.get();
    const auto scenarios = in_.ConsumeIntegralInRange<std::size_t>(0, 3);
    const auto parameters = in_.ConsumeIntegralInRange<hsize_t>(0, 3);
    const auto points = in_.ConsumeIntegralInRange<hsize_t>(0, 5);
    string_attribute(g, "name", "sweep");
    string_attribute(g, "experiment_yaml", "experiment: {name: sweep}\n");
    string_attribute(g, "experiment_file", "sweep.yaml");
    string_attribute(g, "design", "grid");
    uint_attribute(g, "seed", 7, H5T_STD_U64LE);
    uint_attribute(g, "replicates", 2, H5T_STD_U32LE);
    uint_attribute(g, "levels", 0, H5T_STD_U32LE);
    string_dataset(g, "scenario_name", texts(scenarios, "baseline"));
    string_dataset(g, "scenario_file", texts(scenarios, "baseline.yaml"));
    string_dataset(g, "scenario_yaml", texts(scenarios, "scenario: "));
    string_dataset(g, "parameter", texts(parameters, "parameters.p"));
    number_dataset<double>(g, "parameter_lower", {parameters}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
    number_dataset<double>(g, "parameter_upper", {parameters}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
    number_dataset<double>(g, "points", {points, parameters}, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
    number_dataset<std::int32_t>(g, "point_trajectory", {points}, H5T_STD_I32LE, H5T_NATIVE_INT32);
    number_dataset<std::int32_t>(g, "point_changed", {points}, H5T_STD_I32LE, H5T_NATIVE_INT32);
  }

  FuzzedDataProvider& in_;
};

// ---- reading everything back ---------------------------------------------------------------

// Runs one read; a StoreError is the expected failure, any other exception escapes.
template <typename Read>
void attempt(Read&& read) {
  try {
    read();
  } catch (const welfare::store::StoreError&) {
  }
}

void read_everything(const fs::path& path) {
  using welfare::store::StoreReader;
  std::unique_ptr<StoreReader> reader;
  try {
    reader = std::make_unique<StoreReader>(path);
  } catch (const welfare::store::StoreError&) {
    return;
  }
  attempt([&] { reader->check(); });
  std::vector<std::string> ids = {"000001"};
  attempt([&] {
    for (const auto& summary : reader->runs()) {
      if (summary.id != ids.front()) ids.push_back(summary.id);
    }
  });
  constexpr std::size_t kMaxRunsRead = 8;
  for (std::size_t i = 0; i < ids.size() && i < kMaxRunsRead; ++i) {
    const std::string& id = ids[i];
    std::vector<std::string> names = {"population"};
    attempt([&] {
      for (const auto& name : reader->summary(id).indicator_names)
        names.push_back(name);
    });
    attempt([&] { reader->zones(id); });
    attempt([&] { reader->weeks(id); });
    attempt([&] { reader->indicator_list(id); });
    attempt([&] { reader->read_run(id); });
    for (std::size_t k = 0; k < names.size() && k < kMaxIndicators + 1; ++k) {
      attempt([&] { reader->indicator(id, names[k]); });
    }
  }
  attempt([&] { reader->experiment(); });
  attempt([&] { reader->run_keys(); });
  attempt([&] { reader->run_groups(); });
  attempt([&] { reader->find_run("baseline", 0, 1); });
}

void check_nothing_left_open() {
  const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
  if (open != 0) {
    std::fprintf(stderr, "store_fuzzer: %zd HDF5 objects left open after reading\n", open);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  std::error_code error;
  std::string pattern = (fs::temp_directory_path(error) / "welfare-store-fuzz-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("store_fuzzer: mkdtemp");
    std::abort();
  }
  directory() = pattern;
  std::atexit(remove_directory);
  // Failures are expected by the thousand: HDF5 is not to print each error stack.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const fs::path path = store_path();
  std::error_code ignored;
  fs::remove(path, ignored);
#ifdef WELFARE_FUZZ_RAW_STORES
  const bool raw = (data[0] & 1U) == 0;
#else
  const bool raw = false;
#endif
  if (raw) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    out.close();
    // HDF5 (1.10) does not free an object header or other metadata whose decoding from a
    // damaged file fails half-way: leaks that are HDF5's own, which the reader cannot release
    // as HDF5 never returns them. Leaks are checked on the structure-aware inputs, whose
    // files HDF5 wrote itself.
    // HDF5 keeps freed blocks on free lists for reuse: they are emptied before and after, so
    // that every block used here is allocated while leaks are ignored, and none of them is
    // reused for another input.
    __lsan::ScopedDisabler hdf5_leaks_on_damaged_files;
    H5garbage_collect();
    read_everything(path);
    H5garbage_collect();
  } else {
    FuzzedDataProvider in(data + 1, size - 1);
    Builder(in).build(path);
    H5Eclear2(H5E_DEFAULT);
    // WELFARE_FUZZ_SAVE_STORE=FILE keeps the store an input builds (for a regression test).
    if (const char* save = std::getenv("WELFARE_FUZZ_SAVE_STORE")) {
      std::error_code error;
      fs::copy_file(path, save, fs::copy_options::overwrite_existing, error);
    }
    check_nothing_left_open();
    read_everything(path);
  }
  check_nothing_left_open();
  return 0;
}
