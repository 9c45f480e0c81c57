// Run store format checks: files that are not stores, stores of a newer format, damaged and
// truncated stores all give a StoreError naming the file, never a crash; check_writable
// reports an unusable output path up front; two writers on one store are refused.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/store.hpp"
#include "store_test_support.hpp"

namespace welfare::store {
namespace {

using test_support::expect_store_error;
using test_support::make_run;
using test_support::TempDir;

// Every way of opening a store must fail the same way on `path`.
void expect_all_opens_fail(const std::filesystem::path& path,
                           const std::vector<std::string>& parts) {
  SCOPED_TRACE(path.string());
  expect_store_error([&] { StoreReader reader(path); }, parts);
  expect_store_error([&] { StoreWriter writer(path); }, parts);
  expect_store_error([&] { check_writable(path); }, parts);
}

void write_store(const std::filesystem::path& path, std::uint32_t runs) {
  StoreWriter writer(path);
  for (std::uint32_t n = 1; n <= runs; ++n)
    writer.append(make_run(n, 8, 4, 256));
}

// Edits a store with plain HDF5 (the sec2 driver), as another tool would.
template <typename Edit>
void edit_with_hdf5(const std::filesystem::path& path, Edit&& edit) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  edit(file);
  ASSERT_GE(H5Fclose(file), 0);
}

void set_string_attribute(hid_t object, const char* name, const std::string& value) {
  if (H5Aexists(object, name) > 0) H5Adelete(object, name);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  const char* data = value.c_str();
  H5Awrite(attribute, type, &data);
  H5Aclose(attribute);
  H5Sclose(space);
  H5Tclose(type);
}

TEST(StoreFormat, RandomBytesAreNotAStore) {
  TempDir dir;
  const auto path = dir / "random.h5";
  std::mt19937 generator(42);
  std::vector<char> bytes(4096);
  for (char& byte : bytes)
    byte = static_cast<char>(generator());
  test_support::write_bytes(path, bytes);
  expect_all_opens_fail(path, {path.string(), "not a welfare run store"});
}

TEST(StoreFormat, TextFileIsNotAStore) {
  TempDir dir;
  const auto path = dir / "notes.txt";
  const std::string text = "week,zone,population\n1,Z1,100\n";
  test_support::write_bytes(path, {text.begin(), text.end()});
  expect_all_opens_fail(path, {path.string(), "not a welfare run store", "not an HDF5 file"});
}

TEST(StoreFormat, EmptyFileIsNoStoreYet) {
  TempDir dir;
  const auto path = dir / "empty.h5";
  test_support::write_bytes(path, {});
  expect_store_error([&] { StoreReader reader(path); }, {path.string(), "empty"});
  // For a writer an empty file is where a new store goes.
  EXPECT_NO_THROW(check_writable(path));
  StoreWriter writer(path);
  EXPECT_EQ(writer.append(make_run(1, 2, 2)), "000001");
}

TEST(StoreFormat, MissingFileIsNamed) {
  TempDir dir;
  const auto path = dir / "absent.h5";
  expect_store_error([&] { StoreReader reader(path); }, {path.string(), "no such file"});
}

TEST(StoreFormat, Hdf5FileWithoutFormatAttributeIsNotAStore) {
  TempDir dir;
  const auto path = dir / "other.h5";
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  H5Gclose(H5Gcreate2(file, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  H5Fclose(file);
  expect_all_opens_fail(path, {path.string(), "not a welfare run store", "'format'"});
}

TEST(StoreFormat, Hdf5FileOfAnotherFormatIsNotAStore) {
  TempDir dir;
  const auto path = dir / "other.h5";
  write_store(path, 1);
  edit_with_hdf5(path, [](hid_t file) { set_string_attribute(file, "format", "netcdf4"); });
  expect_all_opens_fail(path, {path.string(), "not a welfare run store", "netcdf4"});
}

TEST(StoreFormat, NewerMajorVersionIsRefused) {
  TempDir dir;
  const auto path = dir / "future.h5";
  write_store(path, 1);
  edit_with_hdf5(path, [](hid_t file) { set_string_attribute(file, "format_version", "2.0"); });
  expect_all_opens_fail(
      path, {path.string() + ": store format version 2.0 is newer than this program reads "
                             "(1.x); upgrade welfare"});
}

TEST(StoreFormat, NewerMinorVersionIsReadAndAppended) {
  TempDir dir;
  const auto path = dir / "minor.h5";
  write_store(path, 1);
  edit_with_hdf5(path, [](hid_t file) { set_string_attribute(file, "format_version", "1.7"); });
  StoreReader reader(path);
  EXPECT_EQ(reader.format_major(), 1);
  EXPECT_EQ(reader.format_minor(), 7);
  EXPECT_EQ(StoreWriter(path).append(make_run(2, 8, 4, 256)), "000002");
  EXPECT_EQ(StoreReader(path).format_minor(), 7);  // the file keeps its version
}

TEST(StoreFormat, MalformedVersionIsReported) {
  TempDir dir;
  const auto path = dir / "bad.h5";
  write_store(path, 1);
  edit_with_hdf5(path, [](hid_t file) { set_string_attribute(file, "format_version", "one"); });
  expect_all_opens_fail(path, {path.string(), "format_version", "'one'"});
}

TEST(StoreFormat, MissingDatasetIsNamed) {
  TempDir dir;
  const auto path = dir / "damaged.h5";
  write_store(path, 2);
  edit_with_hdf5(path, [](hid_t file) {
    H5Ldelete(file, "/runs/000002/indicators/waiting_weeks", H5P_DEFAULT);
    H5Ldelete(file, "/runs/000002/week", H5P_DEFAULT);
    H5Ldelete(file, "/runs/000002/zone_name", H5P_DEFAULT);
  });
  StoreReader reader(path);
  EXPECT_EQ(reader.runs().size(), 2u);  // summaries do not need the datasets
  EXPECT_NO_THROW(reader.read_run("000001"));
  expect_store_error([&] { reader.indicator("000002", "waiting_weeks"); },
                     {path.string(), "run 000002", "missing dataset 'indicators/waiting_weeks'"});
  expect_store_error([&] { reader.weeks("000002"); },
                     {path.string(), "run 000002", "missing dataset 'week'"});
  expect_store_error([&] { reader.zones("000002"); },
                     {path.string(), "run 000002", "missing dataset 'zone_name'"});
  expect_store_error([&] { reader.read_run("000002"); }, {path.string(), "run 000002"});
}

TEST(StoreFormat, MissingAttributeIsNamed) {
  TempDir dir;
  const auto path = dir / "damaged.h5";
  write_store(path, 2);
  edit_with_hdf5(path, [](hid_t file) {
    H5Adelete_by_name(file, "/runs/000001", "territory_name", H5P_DEFAULT);
    H5Adelete_by_name(file, "/runs/000002/indicators/spending", "units", H5P_DEFAULT);
  });
  StoreReader reader(path);
  expect_store_error([&] { reader.runs(); },
                     {path.string(), "run 000001", "missing attribute 'territory_name'"});
  expect_store_error(
      [&] { reader.indicator("000002", "spending"); },
      {path.string(), "run 000002", "missing attribute 'units'", "indicators/spending"});
}

TEST(StoreFormat, TruncatedStoreIsReportedNotCrashed) {
  TempDir dir;
  const auto path = dir / "whole.h5";
  write_store(path, 3);
  const std::vector<char> whole = test_support::read_bytes(path);
  ASSERT_GT(whole.size(), 1000u);
  for (const std::size_t cut : {std::size_t{7}, std::size_t{100}, std::size_t{1000},
                                whole.size() / 3, whole.size() / 2, whole.size() - 1}) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    const auto truncated = dir / ("cut" + std::to_string(cut) + ".h5");
    test_support::write_bytes(truncated, {whole.begin(), whole.begin() + static_cast<long>(cut)});
    expect_store_error(
        [&] {
          StoreReader reader(truncated);
          for (const RunSummary& run : reader.runs())
            reader.read_run(run.id);
        },
        {truncated.string()});
    expect_store_error([&] { StoreWriter writer(truncated); }, {truncated.string()});
  }
}

// ---- check_writable
// ------------------------------------------------------------------------------

TEST(StoreCheckWritable, ReportsUnusablePathsUpFront) {
  TempDir dir;
  expect_store_error([&] { check_writable(dir / "missing-dir" / "runs.h5"); },
                     {"missing-dir", "does not exist"});
  expect_store_error([&] { check_writable(dir.path()); }, {"is a directory"});
  const auto file = dir / "plain.txt";
  test_support::write_bytes(file, {'x'});
  expect_store_error([&] { check_writable(file / "runs.h5"); }, {"not a directory"});
  expect_store_error([&] { check_writable(""); }, {"empty"});
  if (::geteuid() != 0) {  // root may write anywhere
    const auto locked = dir / "locked";
    std::filesystem::create_directory(locked);
    std::filesystem::permissions(
        locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    expect_store_error([&] { check_writable(locked / "runs.h5"); }, {"not writable"});
    std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
  }
}

TEST(StoreCheckWritable, AcceptsNewAndExistingStores) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  EXPECT_NO_THROW(check_writable(path));
  EXPECT_FALSE(std::filesystem::exists(path));  // checking creates nothing
  write_store(path, 1);
  EXPECT_NO_THROW(check_writable(path));
  EXPECT_NO_THROW(check_writable(std::filesystem::relative(path)));
}

// ---- two writers
// -----------------------------------------------------------------------------------

TEST(StoreConcurrency, SecondWriterInTheSameProcessIsRefused) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter first(path);
  first.append(make_run(1, 4, 2));
  expect_store_error([&] { StoreWriter second(path); },
                     {path.string() + " is being written by another process"});
  // Readers are not blocked between appends.
  EXPECT_EQ(StoreReader(path).runs().size(), 1u);
  first.append(make_run(2, 4, 2));
}

TEST(StoreConcurrency, SecondWriterInAnotherProcessIsRefused) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  write_store(path, 1);

  int ready[2];
  int release[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(release), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int status = 0;
    try {
      StoreWriter writer(path);
      writer.append(make_run(2, 8, 4, 256));
      const char byte = 'r';
      if (::write(ready[1], &byte, 1) != 1) status = 2;
      char ignored = 0;
      if (::read(release[0], &ignored, 1) < 0) status = 3;  // hold the writer until told
    } catch (...) {
      status = 1;
    }
    ::_exit(status);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);

  expect_store_error([&] { StoreWriter writer(path); },
                     {path.string() + " is being written by another process"});
  expect_store_error([&] { check_writable(path); },
                     {path.string() + " is being written by another process"});
  EXPECT_EQ(StoreReader(path).runs().size(), 2u);  // the other writer's run is committed

  ASSERT_EQ(::write(release[1], &byte, 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  for (int fd : {ready[0], ready[1], release[0], release[1]})
    ::close(fd);

  EXPECT_EQ(StoreWriter(path).append(make_run(3, 8, 4, 256)), "000003");
}

TEST(StoreConcurrency, AppendWaitsForAnotherProgramReadingTheFile) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  write_store(path, 1);
  StoreWriter writer(path);  // between appends: other programs may read

  // Another program (plain HDF5, as h5py) opens the store, which takes HDF5's shared lock.
  constexpr auto kHeld = std::chrono::milliseconds(300);
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const char byte = file >= 0 ? 'o' : 'x';
    if (::write(ready[1], &byte, 1) != 1) ::_exit(2);
    std::this_thread::sleep_for(kHeld);
    ::_exit(file >= 0 && H5Fclose(file) >= 0 ? 0 : 1);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'o');

  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(writer.append(make_run(2, 8, 4, 256)), "000002");  // waits for the reader
  EXPECT_GE(std::chrono::steady_clock::now() - start, kHeld / 2);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ::close(ready[0]);
  ::close(ready[1]);
  EXPECT_EQ(StoreReader(path).runs().size(), 2u);
}

}  // namespace
}  // namespace welfare::store
