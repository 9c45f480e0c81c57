// Running batches on this machine: every run of the plan stored once, the same data whatever
// the number of concurrent runs, resuming only what is missing, refusing a store of another
// experiment, common random numbers across scenarios, and a failing run stopping the batch
// with the finished runs kept.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "batch/batch.hpp"
#include "batch/experiment.hpp"
#include "scenario/test_files.hpp"
#include "scenario/yaml_reader.hpp"
#include "store/store.hpp"

namespace welfare::batch {
namespace {

namespace fs = std::filesystem;

const fs::path kGrid = fs::path(WELFARE_TEST_DATA) / "batch" / "bologna_grid.yaml";

// A scratch directory per test; `dir / name` is a path in it.
class Scratch : public test::TempDir {
 public:
  fs::path operator/(const std::string& name) const { return path() / name; }
};

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// The grid experiment with one setting changed, written to `file` with its scenario paths
// made absolute.
fs::path variant(const std::string& from, const std::string& to, const fs::path& file) {
  std::string text = read_text(kGrid);
  for (const auto& [a, b] :
       {std::pair{from, to},
        std::pair<std::string, std::string>{"../../../scenarios",
                                            std::string(WELFARE_SOURCE_DIR) + "/scenarios"}}) {
    for (auto at = text.find(a); at != std::string::npos; at = text.find(a, at + b.size())) {
      text.replace(at, a.size(), b);
    }
  }
  if (text == read_text(kGrid)) throw std::runtime_error("no '" + from + "' in the grid file");
  write_text(file, text);
  return file;
}

using Key = std::tuple<std::string, std::uint32_t, std::uint32_t>;

std::map<Key, store::RunData> runs_by_key(const fs::path& path) {
  const store::StoreReader reader(path);
  std::map<Key, store::RunData> runs;
  for (const auto& k : reader.run_keys()) {
    const bool fresh =
        runs.emplace(Key{k.scenario, k.point, k.replicate}, reader.read_run(k.id)).second;
    EXPECT_TRUE(fresh) << "a key stored twice: " << k.scenario << " " << k.point << " "
                       << k.replicate;
  }
  return runs;
}

bool same_values(const store::RunData& a, const store::RunData& b) {
  if (a.indicators.size() != b.indicators.size()) return false;
  for (std::size_t i = 0; i < a.indicators.size(); ++i) {
    const auto& x = a.indicators[i].values;
    const auto& y = b.indicators[i].values;
    if (x.size() != y.size() ||
        (!x.empty() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) != 0)) {
      return false;
    }
  }
  return true;
}

BatchStatus run_all(const Experiment& e, const fs::path& out, std::size_t jobs) {
  store::StoreWriter writer(out);
  const BatchPlan plan = prepare_batch(e, writer);
  return run_local(e, plan, writer, jobs, {});
}

TEST(Batch, StoresEveryRunOfThePlanOnceWithItsKey) {
  Scratch dir;
  const Experiment e = load_experiment(kGrid);
  ASSERT_EQ(e.run_count(), 12u);
  std::size_t calls = 0;
  store::StoreWriter writer(dir / "out.h5");
  const BatchPlan plan = prepare_batch(e, writer);
  EXPECT_EQ(plan.finished, 0u);
  EXPECT_EQ(plan.pending.size(), 12u);
  const BatchStatus status = run_local(e, plan, writer, 2, [&](const BatchStatus& s) {
    ++calls;
    EXPECT_EQ(s.this_session, calls);
    EXPECT_EQ(s.planned, 12u);
  });
  EXPECT_EQ(calls, 12u);
  EXPECT_EQ(status.finished, 12u);

  const auto runs = runs_by_key(dir / "out.h5");
  ASSERT_EQ(runs.size(), 12u);
  for (std::size_t i = 0; i < e.run_count(); ++i) {
    const RunSpec spec = e.run(i);
    const Key key{e.scenarios()[spec.scenario].name, static_cast<std::uint32_t>(spec.point),
                  spec.replicate};
    ASSERT_EQ(runs.count(key), 1u) << i;
    const store::RunData& run = runs.at(key);
    EXPECT_EQ(run.meta.experiment, "bologna-grid-test");
    EXPECT_EQ(run.meta.seed, 20261124u);
    EXPECT_EQ(run.meta.weeks, 26u);
  }
  const auto record = store::StoreReader(dir / "out.h5").experiment();
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(*record, e.record());
}

TEST(Batch, TheSweepValueReachesTheRunAndChangesIt) {
  Scratch dir;
  const Experiment e = load_experiment(kGrid);
  run_all(e, dir / "out.h5", 0);
  const auto runs = runs_by_key(dir / "out.h5");
  const store::RunData& low = runs.at(Key{"bologna-baseline", 0, 0});
  const store::RunData& high = runs.at(Key{"bologna-baseline", 1, 0});
  EXPECT_NE(low.meta.scenario_yaml.find("self_referral: {value: 0.01"), std::string::npos);
  EXPECT_NE(high.meta.scenario_yaml.find("self_referral: {value: 0.03"), std::string::npos);
  EXPECT_FALSE(same_values(low, high));
}

TEST(Batch, SameDataWhateverTheNumberOfConcurrentRuns) {
  Scratch dir;
  const Experiment e = load_experiment(kGrid);
  run_all(e, dir / "one.h5", 1);
  run_all(e, dir / "two.h5", 2);
  const auto one = runs_by_key(dir / "one.h5");
  const auto two = runs_by_key(dir / "two.h5");
  ASSERT_EQ(one.size(), two.size());
  for (const auto& [key, run] : one) {
    ASSERT_EQ(two.count(key), 1u);
    EXPECT_TRUE(same_values(run, two.at(key))) << std::get<0>(key) << " " << std::get<1>(key);
    EXPECT_EQ(run.meta.scenario_yaml, two.at(key).meta.scenario_yaml);
  }
}

TEST(Batch, ReplicatesShareRandomStreamsAcrossScenarios) {
  // The managers start at week 13: until then, replicate r of the baseline and of the
  // scenario at the same point draw the same numbers and so are identical.
  Scratch dir;
  const Experiment e = load_experiment(kGrid);
  run_all(e, dir / "out.h5", 0);
  const auto runs = runs_by_key(dir / "out.h5");
  constexpr std::size_t kWeeksBeforeLever = 12;
  for (std::uint32_t r = 0; r < 3; ++r) {
    const store::RunData& base = runs.at(Key{"bologna-baseline", 0, r});
    const store::RunData& policy = runs.at(Key{"bologna-community-managers", 0, r});
    const std::size_t zones = base.zones.ids.size();
    for (std::size_t i = 0; i < base.indicators.size(); ++i) {
      const auto& x = base.indicators[i].values;
      const auto& y = policy.indicators[i].values;
      EXPECT_EQ(std::memcmp(x.data(), y.data(), kWeeksBeforeLever * zones * sizeof(float)), 0)
          << base.indicators[i].name << " replicate " << r;
    }
    EXPECT_FALSE(same_values(base, policy)) << "the lever changes nothing";
    // Another replicate of the same scenario differs from the start.
    const store::RunData& other = runs.at(Key{"bologna-baseline", 0, (r + 1) % 3});
    EXPECT_FALSE(same_values(base, other));
  }
}

TEST(Batch, ResumingRunsOnlyWhatIsMissing) {
  Scratch dir;
  const Experiment e = load_experiment(kGrid);
  const fs::path out = dir / "out.h5";
  {
    store::StoreWriter writer(out);
    prepare_batch(e, writer);
    for (std::size_t i : {0u, 5u, 7u})
      writer.append(run_one(e, i));
  }
  store::StoreWriter writer(out);
  const BatchPlan plan = prepare_batch(e, writer);
  EXPECT_EQ(plan.finished, 3u);
  ASSERT_EQ(plan.pending.size(), 9u);
  const std::set<std::size_t> pending(plan.pending.begin(), plan.pending.end());
  for (std::size_t i : {0u, 5u, 7u})
    EXPECT_EQ(pending.count(i), 0u);
  run_local(e, plan, writer, 2, {});
  EXPECT_EQ(runs_by_key(out).size(), 12u);
  // A third time there is nothing to do.
  EXPECT_TRUE(prepare_batch(e, writer).pending.empty());
}

TEST(Batch, MoreReplicatesExtendTheStoredExperiment) {
  Scratch dir;
  const fs::path out = dir / "out.h5";
  run_all(load_experiment(kGrid), out, 0);
  const Experiment e =
      load_experiment(variant("replicates: 3", "replicates: 4", dir / "more_replicates.yaml"));
  store::StoreWriter writer(out);
  const BatchPlan plan = prepare_batch(e, writer);
  EXPECT_EQ(plan.finished, 12u);
  EXPECT_EQ(plan.pending.size(), 4u);
  for (std::size_t i : plan.pending)
    EXPECT_EQ(e.run(i).replicate, 3u);
  EXPECT_EQ(store::StoreReader(out).experiment()->replicates, 4u);
}

TEST(Batch, AStoreOfAnotherExperimentIsRefusedUntouched) {
  Scratch dir;
  const fs::path out = dir / "out.h5";
  {
    const Experiment e = load_experiment(kGrid);
    store::StoreWriter writer(out);
    prepare_batch(e, writer);
    writer.append(run_one(e, 0));
  }
  const std::string before = read_text(out);
  const Experiment e = load_experiment(variant("seed: 20261124", "seed: 7", dir / "seed.yaml"));
  store::StoreWriter writer(out);
  try {
    prepare_batch(e, writer);
    FAIL() << "expected a StoreError";
  } catch (const store::StoreError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("seed"), std::string::npos) << what;
    EXPECT_NE(what.find(out.string()), std::string::npos) << what;
  }
  EXPECT_EQ(read_text(out), before);
}

TEST(Batch, AStoreOfSingleRunsIsRefused) {
  Scratch dir;
  const fs::path out = dir / "out.h5";
  const Experiment e = load_experiment(kGrid);
  {
    store::RunData run = run_one(e, 0);
    run.meta.experiment = "";
    store::StoreWriter(out).append(run);
  }
  store::StoreWriter writer(out);
  try {
    prepare_batch(e, writer);
    FAIL() << "expected a StoreError";
  } catch (const store::StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("not made by a batch experiment"), std::string::npos)
        << error.what();
  }
}

TEST(Batch, AFailingRunStopsTheBatchAndKeepsTheFinishedRuns) {
  // A lever swept in start and end week: each end of each range is valid on its own, but the
  // point (start 30, end 20) is not; that run fails when reached.
  Scratch dir;
  const fs::path scenario = dir / "managers.yaml";
  write_text(
      scenario,
      "extends: " +
          (fs::path(WELFARE_SOURCE_DIR) / "scenarios" / "bologna" / "baseline.yaml").string() +
          "\nscenario:\n  name: managers\npolicies:\n"
          "  - type: welfare_community_managers\n    name: managers\n"
          "    start_week: 10\n    zones: all\n    size: 1\n");
  const fs::path file = dir / "experiment.yaml";
  write_text(file,
             "experiment:\n  name: clash\n  seed: 1\n  replicates: 1\n  weeks: 8\n  scale: 0.02\n"
             "scenarios: [managers.yaml]\nsweep:\n  design: grid\n  parameters:\n"
             "    - path: policies.managers.start_week\n      values: [10, 30]\n"
             "    - path: policies.managers.end_week\n      values: [20, 40]\n");
  const Experiment e = load_experiment(file);
  ASSERT_EQ(e.run_count(), 4u);
  const fs::path out = dir / "out.h5";
  store::StoreWriter writer(out);
  const BatchPlan plan = prepare_batch(e, writer);
  EXPECT_THROW(run_local(e, plan, writer, 1, {}), InputError);
  // With one run at a time in plan order, the two points before the clash are stored.
  const auto keys = store::StoreReader(out).run_keys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].point, 0u);
  EXPECT_EQ(keys[1].point, 1u);
}

// Sampled designs end to end: every point of the design is run with its values.
void expect_points_run(const std::string& sweep, std::size_t expected_points) {
  Scratch dir;
  const fs::path file = dir / "experiment.yaml";
  write_text(file,
             "experiment:\n  name: sampled\n  seed: 5\n  replicates: 1\n  weeks: 4\n"
             "  scale: 0.02\nscenarios: [" +
                 (fs::path(WELFARE_SOURCE_DIR) / "scenarios/bologna/baseline.yaml").string() +
                 "]\n" + sweep);
  const Experiment e = load_experiment(file);
  ASSERT_EQ(e.points().size(), expected_points);
  run_all(e, dir / "out.h5", 0);
  const store::StoreReader reader(dir / "out.h5");
  const auto record = reader.experiment();
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(*record, e.record());
  const auto groups = reader.run_groups();
  ASSERT_EQ(groups.size(), expected_points);
  for (std::size_t p = 0; p < expected_points; ++p) {
    EXPECT_EQ(groups[p].point, p);
    ASSERT_EQ(groups[p].replicates.size(), 1u);
    const std::string yaml = reader.read_run(groups[p].replicates[0].id).meta.scenario_yaml;
    for (std::size_t k = 0; k < e.parameters().size(); ++k) {
      const std::string name = e.parameters()[k].path.substr(std::string("parameters.").size());
      const std::string entry =
          name + ": {value: " + yaml_reader::format_double(e.points()[p].values[k]) + ",";
      EXPECT_NE(yaml.find(entry), std::string::npos) << entry;
    }
  }
}

TEST(Batch, LatinHypercubePointsAreRunWithTheirValues) {
  expect_points_run(
      "sweep:\n  design: latin_hypercube\n  points: 3\n  parameters:\n"
      "    - {path: parameters.detection.self_referral, min: 0.01, max: 0.04}\n"
      "    - {path: parameters.detection.health_services, min: 0.005, max: 0.02}\n",
      3);
}

TEST(Batch, MorrisTrajectoriesAreRunWithTheirValues) {
  expect_points_run(
      "sweep:\n  design: morris\n  trajectories: 2\n  levels: 4\n  parameters:\n"
      "    - {path: parameters.detection.self_referral, min: 0.01, max: 0.04}\n"
      "    - {path: parameters.detection.health_services, min: 0.005, max: 0.02}\n",
      6);
}

}  // namespace
}  // namespace welfare::batch
