// The experiment record and the run keys of stores made by batches: they read back exactly,
// a record can be replaced atomically, runs are found and grouped by (scenario, point,
// replicate), and stores of format 1.0 (no keys) read with point 0.
#include <hdf5.h>

#include <cmath>

#include "store/store.hpp"
#include "store_test_support.hpp"

namespace welfare::store {
namespace {

using test_support::make_run;
using test_support::TempDir;

ExperimentRecord make_record(std::uint32_t replicates) {
  ExperimentRecord r;
  r.name = "bologna-morris";
  r.experiment_yaml = "experiment:\n  name: bologna-morris  # città\n";
  r.experiment_file = "scenarios/experiments/bologna_morris.yaml";
  r.design = "morris";
  r.seed = 0xFEDCBA9876543210ULL;
  r.replicates = replicates;
  r.levels = 4;
  r.scenario_names = {"baseline", "antennas"};
  r.scenario_files = {"a.yaml", "b.yaml"};
  r.scenario_yaml = {"scenario: {name: baseline}\n", "scenario: {name: antennas}\n"};
  r.parameters = {"parameters.detection.outreach", "policies.antennas.size"};
  r.lower = {0.0, 1.0};
  r.upper = {0.1, 8.0};
  // One trajectory of k + 1 = 3 points.
  r.points = {0.0, 1.0, 0.0666, 1.0, 0.0666, 5.6667};
  r.trajectory = {0, 0, 0};
  r.changed = {-1, 0, 1};
  return r;
}

RunData keyed_run(std::uint32_t number, const std::string& scenario, std::uint32_t point,
                  std::uint32_t replicate) {
  RunData run = make_run(number, 10, 3, 256);
  run.meta.scenario_name = scenario;
  run.meta.experiment = "bologna-morris";
  run.meta.point = point;
  run.meta.replicate = replicate;
  return run;
}

TEST(ExperimentRecord, ReadsBackExactly) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  const ExperimentRecord record = make_record(5);
  {
    StoreWriter writer(path);
    writer.write_experiment(record);
  }
  const StoreReader reader(path);
  const auto read = reader.experiment();
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, record);
  EXPECT_EQ(read->point_count(), 3u);
  EXPECT_EQ(read->run_count(), 2u * 3u * 5u);
  EXPECT_TRUE(reader.runs().empty());
}

TEST(ExperimentRecord, NoSweepStoresOnePointWithNoValues) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  ExperimentRecord record = make_record(2);
  record.design = "none";
  record.levels = 0;
  record.parameters.clear();
  record.lower.clear();
  record.upper.clear();
  record.points.clear();
  record.trajectory = {-1};
  record.changed = {-1};
  StoreWriter(path).write_experiment(record);
  const auto read = StoreReader(path).experiment();
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, record);
  EXPECT_EQ(read->run_count(), 4u);
}

TEST(ExperimentRecord, AStoreWithoutOneHasNone) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter(path).append(make_run(1, 10, 3, 256));
  EXPECT_FALSE(StoreReader(path).experiment().has_value());
}

TEST(ExperimentRecord, ReplacingKeepsTheRuns) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter writer(path);
  writer.write_experiment(make_record(2));
  writer.append(keyed_run(1, "baseline", 0, 0));
  writer.append(keyed_run(2, "baseline", 0, 1));
  writer.write_experiment(make_record(4));
  const StoreReader reader(path);
  EXPECT_EQ(reader.experiment()->replicates, 4u);
  EXPECT_EQ(reader.run_keys().size(), 2u);
  EXPECT_EQ(reader.read_run("000002").meta.replicate, 1u);
}

TEST(ExperimentRecord, InconsistentRecordIsRejectedBeforeWriting) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter writer(path);
  writer.write_experiment(make_record(2));
  ExperimentRecord bad = make_record(3);
  bad.points.pop_back();
  EXPECT_THROW(writer.write_experiment(bad), StoreError);
  bad = make_record(3);
  bad.scenario_files.pop_back();
  EXPECT_THROW(writer.write_experiment(bad), StoreError);
  bad = make_record(3);
  bad.changed.push_back(2);
  EXPECT_THROW(writer.write_experiment(bad), StoreError);
  // The store still has the first record.
  EXPECT_EQ(StoreReader(path).experiment()->replicates, 2u);
}

TEST(RunKeys, FindAndGroupByScenarioPointAndReplicate) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  {
    StoreWriter writer(path);
    writer.write_experiment(make_record(2));
    // Appended out of order, as a parallel batch does.
    writer.append(keyed_run(1, "antennas", 1, 1));  // 000001
    writer.append(keyed_run(2, "baseline", 1, 0));  // 000002
    writer.append(keyed_run(3, "antennas", 0, 0));  // 000003
    writer.append(keyed_run(4, "baseline", 0, 1));  // 000004
    writer.append(keyed_run(5, "baseline", 0, 0));  // 000005
    writer.append(keyed_run(6, "antennas", 1, 0));  // 000006
  }
  const StoreReader reader(path);
  const auto keys = reader.run_keys();
  ASSERT_EQ(keys.size(), 6u);
  EXPECT_EQ(keys[0].id, "000001");
  EXPECT_EQ(keys[0].scenario, "antennas");
  EXPECT_EQ(keys[0].point, 1u);
  EXPECT_EQ(keys[0].replicate, 1u);

  EXPECT_EQ(reader.find_run("baseline", 0, 1), std::optional<std::string>("000004"));
  EXPECT_EQ(reader.find_run("antennas", 1, 0), std::optional<std::string>("000006"));
  EXPECT_FALSE(reader.find_run("antennas", 2, 0).has_value());
  EXPECT_FALSE(reader.find_run("nobody", 0, 0).has_value());

  // Scenarios in the experiment's order (baseline first although antennas was stored first),
  // points ascending, replicates in order.
  const auto groups = reader.run_groups();
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].scenario, "baseline");
  EXPECT_EQ(groups[0].point, 0u);
  ASSERT_EQ(groups[0].replicates.size(), 2u);
  EXPECT_EQ(groups[0].replicates[0].id, "000005");
  EXPECT_EQ(groups[0].replicates[1].id, "000004");
  EXPECT_EQ(groups[1].scenario, "baseline");
  EXPECT_EQ(groups[1].point, 1u);
  EXPECT_EQ(groups[1].replicates.size(), 1u);
  EXPECT_EQ(groups[2].scenario, "antennas");
  EXPECT_EQ(groups[2].point, 0u);
  EXPECT_EQ(groups[3].scenario, "antennas");
  EXPECT_EQ(groups[3].point, 1u);
  EXPECT_EQ(groups[3].replicates[0].id, "000006");
  EXPECT_EQ(groups[3].replicates[1].id, "000001");
}

TEST(RunKeys, StoresWithoutAnExperimentGroupInOrderOfFirstAppearance) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  {
    StoreWriter writer(path);
    for (std::uint32_t r = 0; r < 2; ++r) {
      RunData b = make_run(10 + r, 10, 3, 256);
      b.meta.scenario_name = "zeta";
      b.meta.experiment = "";
      b.meta.point = 0;
      b.meta.replicate = r;
      writer.append(b);
    }
    RunData a = make_run(20, 10, 3, 256);
    a.meta.scenario_name = "alpha";
    a.meta.experiment = "";
    a.meta.point = 0;
    a.meta.replicate = 0;
    writer.append(a);
    writer.append(a);  // the same key twice: both listed, find_run gives the latest
  }
  const StoreReader reader(path);
  const auto groups = reader.run_groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].scenario, "zeta");
  EXPECT_EQ(groups[1].scenario, "alpha");
  EXPECT_EQ(groups[1].replicates.size(), 2u);
  EXPECT_EQ(reader.find_run("alpha", 0, 0), std::optional<std::string>("000004"));
}

TEST(RunKeys, RunsOfFormat10ReadAsPointZeroOutsideAnExperiment) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  RunData run = make_run(1, 10, 3, 256);
  run.meta.point = 7;
  run.meta.experiment = "x";
  StoreWriter(path).append(run);
  // Remove what format 1.1 added, as a 1.0 store lacks it.
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    const hid_t group = H5Gopen2(file, "/runs/000001", H5P_DEFAULT);
    ASSERT_GE(H5Adelete(group, "point"), 0);
    ASSERT_GE(H5Adelete(group, "experiment"), 0);
    H5Gclose(group);
    H5Fclose(file);
  }
  const StoreReader reader(path);
  const RunData back = reader.read_run("000001");
  EXPECT_EQ(back.meta.point, 0u);
  EXPECT_EQ(back.meta.experiment, "");
  EXPECT_EQ(reader.run_keys()[0].point, 0u);
}

TEST(ExperimentRecord, DamagedRecordIsNamed) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter(path).write_experiment(make_record(2));
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    ASSERT_GE(H5Ldelete(file, "/experiment/point_changed", H5P_DEFAULT), 0);
    H5Fclose(file);
  }
  try {
    (void)StoreReader(path).experiment();
    FAIL() << "expected a StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("point_changed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace welfare::store
