// Stores found by fuzz/store_fuzzer, kept in tests/data/fuzz/store_fuzzer/, and the family of
// damage each stands for, made here with plain HDF5: each is read through StoreReader, as the
// fuzzer reads it, and must give a StoreError naming the file instead of the crash, hang or
// memory exhaustion it once caused.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "store_test_support.hpp"

namespace welfare::store {
namespace {

using test_support::expect_store_error;
using test_support::make_run;
using test_support::TempDir;

const std::filesystem::path kFuzzData =
    std::filesystem::path(WELFARE_TEST_DATA) / "fuzz" / "store_fuzzer";

// A copy of a checked-in store in `dir` (a reader may lock or roll back what it opens).
std::filesystem::path copy_input(const TempDir& dir, const std::string& name) {
  const auto path = dir / name;
  std::filesystem::copy_file(kFuzzData / name, path);
  return path;
}

// A store of one run (8 weeks, 4 zones) with an experiment record.
std::filesystem::path small_store(const TempDir& dir) {
  const auto path = dir / "store.h5";
  StoreWriter writer(path);
  writer.append(make_run(1, 8, 4, 256));
  ExperimentRecord record;
  record.name = "sweep";
  record.design = "grid";
  record.replicates = 1;
  record.scenario_names = {"scenario-1"};
  record.scenario_files = {"s.yaml"};
  record.scenario_yaml = {"scenario: {name: scenario-1}\n"};
  record.parameters = {"parameters.p"};
  record.lower = {0};
  record.upper = {1};
  record.points = {0.5};
  record.trajectory = {-1};
  record.changed = {-1};
  writer.write_experiment(record);
  return path;
}

// Replaces dataset `name` of group `group` with one of extent `dims` whose values are never
// written: HDF5 reads it as fill values, however many it declares.
void replace_with_unstored(const std::filesystem::path& path, const char* group, const char* name,
                           hid_t type, const std::vector<hsize_t>& dims) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t g = H5Gopen2(file, group, H5P_DEFAULT);
  ASSERT_GE(g, 0);
  ASSERT_GE(H5Ldelete(g, name, H5P_DEFAULT), 0);
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
  std::vector<hsize_t> chunk(dims.size(), 1024);
  H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data());
  const hid_t dataset = H5Dcreate2(g, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
  ASSERT_GE(dataset, 0);
  // The attributes an indicator has, so that only its extent is wrong.
  const hid_t text = H5Tcopy(H5T_C_S1);
  H5Tset_size(text, H5T_VARIABLE);
  const hid_t scalar = H5Screate(H5S_SCALAR);
  for (const char* attribute_name : {"units", "description"}) {
    const char* value = "test";
    const hid_t a = H5Acreate2(dataset, attribute_name, text, scalar, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, text, &value);
    H5Aclose(a);
  }
  H5Sclose(scalar);
  H5Tclose(text);
  H5Dclose(dataset);
  H5Pclose(plist);
  H5Sclose(space);
  H5Gclose(g);
  ASSERT_GE(H5Fclose(file), 0);
}

void set_u64_attribute(const std::filesystem::path& path, const char* object, const char* name,
                       std::uint64_t value) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t o = H5Oopen(file, object, H5P_DEFAULT);
  ASSERT_GE(o, 0);
  if (H5Aexists(o, name) > 0) H5Adelete(o, name);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attribute = H5Acreate2(o, name, H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(attribute, H5T_NATIVE_UINT64, &value);
  H5Aclose(attribute);
  H5Sclose(space);
  H5Oclose(o);
  ASSERT_GE(H5Fclose(file), 0);
}

std::vector<std::string> damaged(const std::filesystem::path& path, const std::string& dataset) {
  return {path.string(), "damaged store", "dataset '" + dataset + "' declares"};
}

// Found by the fuzzer: a store of 6 KB whose experiment record declared datasets of hundreds
// of millions of values that it did not hold; reading it allocated them all (gigabytes, or
// more than any machine has with a larger extent).
TEST(StoreFuzzRegressions, ExperimentDeclaringValuesItDoesNotHoldIsRefused) {
  TempDir dir;
  const auto path = copy_input(dir, "experiment_unstored_extent.h5");
  StoreReader reader(path);
  expect_store_error([&] { reader.experiment(); }, {path.string(), "damaged store", "declares"});
  expect_store_error([&] { reader.run_groups(); }, {path.string(), "damaged store"});
}

TEST(StoreFuzzRegressions, UnstoredWeekAxisIsRefused) {
  TempDir dir;
  const auto path = small_store(dir);
  constexpr hsize_t kWeeks = hsize_t{1} << 34;  // 64 GiB of int32
  replace_with_unstored(path, "runs/000001", "week", H5T_STD_I32LE, {kWeeks});
  set_u64_attribute(path, "runs/000001", "weeks", kWeeks);
  StoreReader reader(path);
  expect_store_error([&] { reader.weeks("000001"); }, damaged(path, "week"));
  expect_store_error([&] { reader.read_run("000001"); }, {path.string(), "000001"});
}

TEST(StoreFuzzRegressions, UnstoredZoneAxisIsRefused) {
  TempDir dir;
  const auto path = small_store(dir);
  const hid_t vlen = H5Tcopy(H5T_C_S1);
  H5Tset_size(vlen, H5T_VARIABLE);
  replace_with_unstored(path, "runs/000001", "zone_id", vlen, {hsize_t{1} << 34});
  H5Tclose(vlen);
  StoreReader reader(path);
  expect_store_error([&] { reader.zones("000001"); }, damaged(path, "zone_id"));
}

TEST(StoreFuzzRegressions, UnstoredIndicatorIsRefused) {
  TempDir dir;
  const auto path = small_store(dir);
  constexpr hsize_t kSide = hsize_t{1} << 20;  // 2^40 floats
  replace_with_unstored(path, "runs/000001/indicators", "population", H5T_IEEE_F32LE,
                        {kSide, kSide});
  set_u64_attribute(path, "runs/000001", "weeks", kSide);
  set_u64_attribute(path, "runs/000001", "zone_count", kSide);
  StoreReader reader(path);
  expect_store_error([&] { reader.indicator("000001", "population"); },
                     damaged(path, "indicators/population"));
}

TEST(StoreFuzzRegressions, UnstoredExperimentPointsAreRefused) {
  TempDir dir;
  const auto path = small_store(dir);
  replace_with_unstored(path, "experiment", "point_trajectory", H5T_STD_I32LE, {hsize_t{1} << 34});
  StoreReader reader(path);
  expect_store_error([&] { reader.experiment(); }, damaged(path, "point_trajectory"));
}

}  // namespace
}  // namespace welfare::store
