// Run store round trips: runs written by StoreWriter read back exactly by StoreReader, and
// the file follows the documented layout (checked with raw HDF5, as outside readers see it).
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <string>
#include <vector>

#include "store/store.hpp"
#include "store_test_support.hpp"

namespace welfare::store {
namespace {

using test_support::expect_same_meta;
using test_support::expect_same_run;
using test_support::expect_store_error;
using test_support::make_run;
using test_support::TempDir;

// Three runs of different shapes so sizes cannot be mixed up.
std::vector<RunData> three_runs() {
  return {make_run(1, 10, 5), make_run(2), make_run(3, 1, 3, 100)};
}

TEST(StoreRoundTrip, RunsReadBackExactlyWithSequentialIds) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  const std::vector<RunData> runs = three_runs();
  {
    StoreWriter writer(path);
    EXPECT_EQ(writer.path(), path);
    EXPECT_EQ(writer.append(runs[0]), "000001");
    EXPECT_EQ(writer.append(runs[1]), "000002");
    EXPECT_EQ(writer.append(runs[2]), "000003");
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "runs.h5.journal"));

  StoreReader reader(path);
  EXPECT_EQ(reader.format_major(), kFormatMajor);
  EXPECT_EQ(reader.format_minor(), kFormatMinor);
  const std::vector<RunSummary> summaries = reader.runs();
  ASSERT_EQ(summaries.size(), 3u);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    SCOPED_TRACE("run " + std::to_string(i + 1));
    EXPECT_EQ(summaries[i].id, "00000" + std::to_string(i + 1));
    expect_same_meta(runs[i].meta, summaries[i].meta);
    EXPECT_EQ(summaries[i].zone_count, runs[i].zones.ids.size());
    EXPECT_EQ(
        summaries[i].indicator_names,
        (std::vector<std::string>{"population", "demand_home_care", "waiting_weeks", "spending"}));
    expect_same_run(runs[i], reader.read_run(summaries[i].id));
  }
}

TEST(StoreRoundTrip, PartsOfARunReadOnTheirOwn) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  const RunData run = make_run(7, 20, 6);
  StoreWriter(path).append(run);

  StoreReader reader(path);
  const RunSummary summary = reader.summary("000001");
  expect_same_meta(run.meta, summary.meta);
  EXPECT_EQ(reader.weeks("000001"), run.weeks);
  const ZoneAxis zones = reader.zones("000001");
  EXPECT_EQ(zones.ids, run.zones.ids);
  EXPECT_EQ(zones.names, run.zones.names);
  EXPECT_EQ(zones.districts, run.zones.districts);
  const Indicator spending = reader.indicator("000001", "spending");
  EXPECT_EQ(spending.units, "EUR");
  EXPECT_EQ(spending.description, run.indicators[3].description);
  EXPECT_TRUE(test_support::same_bits(spending.values, run.indicators[3].values));

  // The listing: every indicator in order with units and description, no values.
  const std::vector<Indicator> list = reader.indicator_list("000001");
  ASSERT_EQ(list.size(), run.indicators.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].name, run.indicators[i].name);
    EXPECT_EQ(list[i].units, run.indicators[i].units);
    EXPECT_EQ(list[i].description, run.indicators[i].description);
    EXPECT_TRUE(list[i].values.empty());
  }
}

TEST(StoreRoundTrip, ReopenedStoreContinuesTheSequence) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter(path).append(make_run(1, 4, 2));
  StoreWriter(path).append(make_run(2, 4, 2));
  StoreWriter writer(path);
  EXPECT_EQ(writer.append(make_run(3, 4, 2)), "000003");
  EXPECT_EQ(StoreReader(path).runs().size(), 3u);
}

TEST(StoreRoundTrip, ManyRunsUseDenseLinkStorage) {
  // More runs than fit an object header's compact link storage.
  constexpr std::uint32_t kRuns = 24;
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter writer(path);
  for (std::uint32_t n = 1; n <= kRuns; ++n)
    writer.append(make_run(n, 3, 2, 64));
  StoreReader reader(path);
  const auto summaries = reader.runs();
  ASSERT_EQ(summaries.size(), kRuns);
  EXPECT_EQ(summaries.back().id, "000024");
  expect_same_run(make_run(kRuns, 3, 2, 64), reader.read_run("000024"));
}

TEST(StoreRoundTrip, LargeScenarioYamlIsKept) {
  constexpr std::size_t kLargeYaml = 300 * 1024;  // beyond HDF5's 64 KB compact attributes
  TempDir dir;
  const auto path = dir / "runs.h5";
  const RunData run = make_run(5, 4, 3, kLargeYaml);
  ASSERT_GE(run.meta.scenario_yaml.size(), kLargeYaml);
  StoreWriter(path).append(run);
  EXPECT_EQ(StoreReader(path).summary("000001").meta.scenario_yaml, run.meta.scenario_yaml);
}

TEST(StoreRoundTrip, EmptyAxesAndNoIndicatorsRoundTrip) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  RunData no_indicators = make_run(1, 3, 2, 64);
  no_indicators.indicators.clear();
  const std::vector<RunData> runs = {make_run(2, 0, 4, 64), make_run(3, 5, 0, 64), no_indicators};
  StoreWriter writer(path);
  for (const RunData& run : runs)
    writer.append(run);
  StoreReader reader(path);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    SCOPED_TRACE("run " + std::to_string(i + 1));
    expect_same_run(runs[i], reader.read_run(reader.runs()[i].id));
  }
}

TEST(StoreRoundTrip, InconsistentRunIsRejectedBeforeWriting) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter writer(path);

  RunData wrong_values = make_run(1, 4, 3);
  wrong_values.indicators[1].values.pop_back();
  expect_store_error([&] { writer.append(wrong_values); },
                     {path.string(), "demand_home_care", "12"});

  RunData wrong_weeks = make_run(1, 4, 3);
  wrong_weeks.meta.weeks = 5;
  expect_store_error([&] { writer.append(wrong_weeks); }, {path.string(), "weeks"});

  RunData wrong_zones = make_run(1, 4, 3);
  wrong_zones.zones.names.pop_back();
  expect_store_error([&] { writer.append(wrong_zones); }, {path.string(), "zone"});

  RunData duplicate = make_run(1, 4, 3);
  duplicate.indicators[2].name = "population";
  expect_store_error([&] { writer.append(duplicate); }, {"population", "twice"});

  RunData slash = make_run(1, 4, 3);
  slash.indicators[0].name = "a/b";
  expect_store_error([&] { writer.append(slash); }, {"a/b"});

  EXPECT_FALSE(std::filesystem::exists(path));  // nothing was written
  EXPECT_EQ(writer.append(make_run(1, 4, 3)), "000001");
}

TEST(StoreRoundTrip, MissingRunOrIndicatorIsNamed) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter(path).append(make_run(1, 4, 3));
  StoreReader reader(path);
  expect_store_error([&] { reader.read_run("000009"); }, {path.string(), "000009"});
  expect_store_error([&] { reader.indicator("000001", "nonsense"); },
                     {path.string(), "run 000001", "indicators/nonsense"});
}

// ---- the layout, as read with plain HDF5 ------------------------------------------------------

std::string string_attribute(hid_t object, const char* name) {
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attribute);
  EXPECT_GT(H5Tis_variable_str(type), 0) << name;
  EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8) << name;
  char* value = nullptr;
  H5Aread(attribute, type, &value);
  std::string text = value;
  H5free_memory(value);
  H5Tclose(type);
  H5Aclose(attribute);
  return text;
}

bool attribute_type_is(hid_t object, const char* name, hid_t expected) {
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attribute);
  const bool same = H5Tequal(type, expected) > 0;
  H5Tclose(type);
  H5Aclose(attribute);
  return same;
}

std::string scale_name(hid_t dataset) {
  char name[64] = {};
  H5DSget_scale_name(dataset, name, sizeof(name));
  return name;
}

TEST(StoreLayout, FileFollowsTheDocumentedLayout) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  const RunData run = make_run(2, 60, 7);
  StoreWriter(path).append(run);

  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  EXPECT_EQ(string_attribute(file, "format"), "welfare-runs");
  EXPECT_EQ(string_attribute(file, "format_version"), "1.1");

  // Superblock version 3 (libver 1.10) and the never-reuse file space strategy.
  const hid_t fcpl = H5Fget_create_plist(file);
  H5F_info2_t info{};
  H5Fget_info2(file, &info);
  EXPECT_EQ(info.super.version, 3u);
  H5F_fspace_strategy_t strategy{};
  hbool_t persist = false;
  hsize_t threshold = 0;
  H5Pget_file_space_strategy(fcpl, &strategy, &persist, &threshold);
  EXPECT_EQ(strategy, H5F_FSPACE_STRATEGY_NONE);
  H5Pclose(fcpl);

  const hid_t group = H5Gopen2(file, "/runs/000001", H5P_DEFAULT);
  ASSERT_GE(group, 0);
  EXPECT_EQ(string_attribute(group, "scenario_name"), run.meta.scenario_name);
  EXPECT_EQ(string_attribute(group, "scenario_yaml"), run.meta.scenario_yaml);
  EXPECT_EQ(string_attribute(group, "territory_name"), run.meta.territory_name);
  EXPECT_EQ(string_attribute(group, "software_version"), run.meta.software_version);
  EXPECT_EQ(string_attribute(group, "created_utc"), run.meta.created_utc);
  EXPECT_TRUE(attribute_type_is(group, "seed", H5T_STD_U64LE));
  for (const char* name : {"replicate", "weeks", "zone_count", "indicator_count"}) {
    EXPECT_TRUE(attribute_type_is(group, name, H5T_STD_U32LE)) << name;
  }

  const hid_t week = H5Dopen2(group, "week", H5P_DEFAULT);
  const hid_t week_type = H5Dget_type(week);
  EXPECT_TRUE(H5Tequal(week_type, H5T_STD_I32LE) > 0);
  H5Tclose(week_type);
  EXPECT_GT(H5DSis_scale(week), 0);
  EXPECT_EQ(scale_name(week), "week");

  const char* zone_axes[] = {"zone_id", "zone_name", "zone_district"};
  std::vector<hid_t> zone_scales;
  for (const char* name : zone_axes) {
    const hid_t scale = H5Dopen2(group, name, H5P_DEFAULT);
    EXPECT_GT(H5DSis_scale(scale), 0) << name;
    EXPECT_EQ(scale_name(scale), name);
    const hid_t space = H5Dget_space(scale);
    EXPECT_EQ(H5Sget_simple_extent_npoints(space), 7);
    H5Sclose(space);
    zone_scales.push_back(scale);
  }

  const hid_t population = H5Dopen2(group, "indicators/population", H5P_DEFAULT);
  ASSERT_GE(population, 0);
  const hid_t type = H5Dget_type(population);
  EXPECT_TRUE(H5Tequal(type, H5T_IEEE_F32LE) > 0);
  H5Tclose(type);
  const hid_t space = H5Dget_space(population);
  hsize_t dims[2] = {};
  ASSERT_EQ(H5Sget_simple_extent_dims(space, dims, nullptr), 2);
  EXPECT_EQ(dims[0], 60u);
  EXPECT_EQ(dims[1], 7u);
  H5Sclose(space);

  const hid_t dcpl = H5Dget_create_plist(population);
  EXPECT_EQ(H5Pget_layout(dcpl), H5D_CHUNKED);
  hsize_t chunk[2] = {};
  H5Pget_chunk(dcpl, 2, chunk);
  EXPECT_EQ(chunk[0], 52u);
  EXPECT_EQ(chunk[1], 7u);
  ASSERT_EQ(H5Pget_nfilters(dcpl), 2);
  unsigned flags = 0;
  std::size_t elements = 1;
  unsigned level = 0;
  EXPECT_EQ(H5Pget_filter2(dcpl, 0, &flags, &elements, &level, 0, nullptr, nullptr),
            H5Z_FILTER_SHUFFLE);
  elements = 1;
  EXPECT_EQ(H5Pget_filter2(dcpl, 1, &flags, &elements, &level, 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
  EXPECT_EQ(level, 4u);
  H5Pclose(dcpl);

  EXPECT_EQ(string_attribute(population, "units"), "persons");
  EXPECT_EQ(string_attribute(population, "description"), run.indicators[0].description);
  EXPECT_GT(H5DSis_attached(population, week, 0), 0);
  for (const hid_t scale : zone_scales)
    EXPECT_GT(H5DSis_attached(population, scale, 1), 0);
  char label[16] = {};
  H5DSget_label(population, 0, label, sizeof(label));
  EXPECT_STREQ(label, "week");
  H5DSget_label(population, 1, label, sizeof(label));
  EXPECT_STREQ(label, "zone");

  std::vector<float> values(60 * 7);
  H5Dread(population, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  EXPECT_TRUE(test_support::same_bits(values, run.indicators[0].values));

  H5Dclose(population);
  for (const hid_t scale : zone_scales)
    H5Dclose(scale);
  H5Dclose(week);
  H5Gclose(group);
  EXPECT_GE(H5Fclose(file), 0);
}

}  // namespace
}  // namespace welfare::store
