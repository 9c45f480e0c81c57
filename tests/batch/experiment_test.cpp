// Experiment files: the run plan of a valid file (grid, Latin hypercube and Morris sweeps of
// parameters, scenario settings and policy levers), the overrides and scenarios of each sweep
// point, the record kept in the store, each kind of bad input as an InputError at the right
// file, line and column, and which stores can take an experiment's runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "batch/experiment.hpp"
#include "scenario/test_files.hpp"

namespace welfare::batch {
namespace {

namespace fs = std::filesystem;

using test::expect_input_error;
using test::replace_line;
using test::TempDir;

// The repository's scenarios, by absolute path: the parser joins a scenario path onto the
// experiment file's folder, and an absolute path must replace that folder.
const std::string kBaseline = WELFARE_SOURCE_DIR "/scenarios/bologna/baseline.yaml";
const std::string kManagers = WELFARE_SOURCE_DIR "/scenarios/bologna/community_managers.yaml";
// The lever of community_managers.yaml (the baseline has none).
const std::string kLever = "welfare community managers";

// The settings and scenarios of a test experiment, lines 1 to 10:
//  1 experiment:            6   weeks: 4
//  2   name: exp-test       7   scale: 0.02
//  3   description: ...     8 scenarios:
//  4   seed: 777            9   - <baseline>
//  5   replicates: 2       10   - <community managers>
std::string head(const std::string& first = kBaseline, const std::string& second = kManagers) {
  return "experiment:\n"
         "  name: exp-test\n"
         "  description: a test experiment\n"
         "  seed: 777\n"
         "  replicates: 2\n"
         "  weeks: 4\n"
         "  scale: 0.02\n"
         "scenarios:\n"
         "  - " +
         first + "\n  - " + second + "\n";
}

// A grid over two parameters, lines 11 to 17 (after head()): 2 x 3 = 6 points, the
// last parameter varying fastest.
// 11 sweep:                  15       values: [0.01, 0.03]
// 12   design: grid          16     - path: scenario.weeks
// 13   parameters:           17       values: [3, 5, 4]
// 14     - path: parameters.detection.self_referral
const std::string kGridSweep =
    "sweep:\n"
    "  design: grid\n"
    "  parameters:\n"
    "    - path: parameters.detection.self_referral\n"
    "      values: [0.01, 0.03]\n"
    "    - path: scenario.weeks\n"
    "      values: [3, 5, 4]\n";

// Removes line `number` (1-based) of `text`.
std::string remove_line(const std::string& text, int number) {
  std::istringstream in(text);
  std::string out, current;
  for (int n = 1; std::getline(in, current); ++n) {
    if (n != number) out += current + "\n";
  }
  return out;
}

// Loads `text` written as an experiment file and expects an InputError at line:column of
// that file containing every one of `phrases`.
void expect_experiment_error(const std::string& text, int line, int column,
                             const std::vector<std::string>& phrases) {
  TempDir dir;
  const auto file = dir.write("experiment.yaml", text);
  expect_input_error([&] { load_experiment(file); }, file.string(), line, column, phrases);
}

// The value of the last override of `path`, if any.
std::optional<std::string> set_value(const std::vector<SetOverride>& sets,
                                     const std::string& path) {
  std::optional<std::string> value;
  for (const auto& s : sets) {
    if (s.path == path) value = s.value;
  }
  return value;
}

// --- a valid grid ----------------------------------------------------------------------------

TEST(Experiment, GridSettingsScenariosAndPoints) {
  TempDir dir;
  const auto file = dir.write("grid.yaml", head() + kGridSweep);
  const Experiment e = load_experiment(file);

  EXPECT_EQ(e.name(), "exp-test");
  EXPECT_EQ(e.description(), "a test experiment");
  EXPECT_EQ(e.file(), file);
  EXPECT_EQ(e.seed(), 777u);
  EXPECT_EQ(e.replicates(), 2u);
  ASSERT_TRUE(e.weeks().has_value());
  EXPECT_EQ(*e.weeks(), 4);
  ASSERT_TRUE(e.scale().has_value());
  EXPECT_DOUBLE_EQ(*e.scale(), 0.02);
  EXPECT_EQ(e.design(), DesignKind::kGrid);
  EXPECT_EQ(e.levels(), 0u);

  // Absolute scenario paths are used as they are, not under the experiment's folder.
  ASSERT_EQ(e.scenarios().size(), 2u);
  EXPECT_EQ(e.scenarios()[0].file, fs::path(kBaseline).lexically_normal());
  EXPECT_EQ(e.scenarios()[1].file, fs::path(kManagers).lexically_normal());
  EXPECT_EQ(e.scenarios()[0].name, "bologna-baseline");
  EXPECT_EQ(e.scenarios()[1].name, "bologna-community-managers");
  EXPECT_FALSE(e.scenarios()[0].resolved_yaml.empty());
  EXPECT_FALSE(e.scenarios()[1].resolved_yaml.empty());

  ASSERT_EQ(e.parameters().size(), 2u);
  const SweepParameter& rate = e.parameters()[0];
  EXPECT_EQ(rate.path, "parameters.detection.self_referral");
  EXPECT_EQ(rate.values, (std::vector<double>{0.01, 0.03}));
  EXPECT_DOUBLE_EQ(rate.range.lower, 0.01);
  EXPECT_DOUBLE_EQ(rate.range.upper, 0.03);
  EXPECT_FALSE(rate.whole);
  EXPECT_EQ(rate.where.file, file.string());
  EXPECT_EQ(rate.where.line, 14);
  EXPECT_EQ(rate.where.column, 13);
  const SweepParameter& weeks = e.parameters()[1];
  EXPECT_EQ(weeks.path, "scenario.weeks");
  EXPECT_EQ(weeks.values, (std::vector<double>{3, 5, 4}));
  EXPECT_DOUBLE_EQ(weeks.range.lower, 3);
  EXPECT_DOUBLE_EQ(weeks.range.upper, 5);
  EXPECT_TRUE(weeks.whole);
  EXPECT_EQ(weeks.where.line, 16);

  // Every combination, the last parameter fastest.
  const std::vector<std::vector<double>> expected = {{0.01, 3}, {0.01, 5}, {0.01, 4},
                                                     {0.03, 3}, {0.03, 5}, {0.03, 4}};
  ASSERT_EQ(e.points().size(), expected.size());
  for (std::size_t p = 0; p < expected.size(); ++p) {
    EXPECT_EQ(e.points()[p].values, expected[p]) << "point " << p;
    EXPECT_EQ(e.points()[p].trajectory, -1);
    EXPECT_EQ(e.points()[p].changed, -1);
  }
}

TEST(Experiment, RunPlanOrderAndInverse) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("grid.yaml", head() + kGridSweep));
  const std::size_t scenarios = 2;
  const std::size_t points = 6;
  const std::size_t replicates = 2;
  ASSERT_EQ(e.run_count(), scenarios * points * replicates);

  // Replicate slowest, then point, then scenario.
  std::set<std::tuple<std::size_t, std::size_t, std::uint32_t>> seen;
  for (std::size_t i = 0; i < e.run_count(); ++i) {
    const RunSpec spec = e.run(i);
    EXPECT_EQ(spec.scenario, i % scenarios) << "run " << i;
    EXPECT_EQ(spec.point, (i / scenarios) % points) << "run " << i;
    EXPECT_EQ(spec.replicate, i / (scenarios * points)) << "run " << i;
    EXPECT_EQ(e.index_of(spec), i) << "run " << i;
    seen.insert({spec.scenario, spec.point, spec.replicate});
  }
  EXPECT_EQ(seen.size(), e.run_count()) << "every run of the plan is a different one";

  const RunSpec second = e.run(1);
  EXPECT_EQ(second.scenario, 1u);
  EXPECT_EQ(second.point, 0u);
  EXPECT_EQ(second.replicate, 0u);
  const RunSpec third = e.run(2);
  EXPECT_EQ(third.scenario, 0u);
  EXPECT_EQ(third.point, 1u);
  const RunSpec replicate_one = e.run(scenarios * points);
  EXPECT_EQ(replicate_one.scenario, 0u);
  EXPECT_EQ(replicate_one.point, 0u);
  EXPECT_EQ(replicate_one.replicate, 1u);
  const RunSpec last = e.run(e.run_count() - 1);
  EXPECT_EQ(last.scenario, scenarios - 1);
  EXPECT_EQ(last.point, points - 1);
  EXPECT_EQ(last.replicate, replicates - 1);
}

TEST(Experiment, SetsCarryTheSettingsAndThePointValues) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("grid.yaml", head() + kGridSweep));
  for (std::size_t p = 0; p < e.points().size(); ++p) {
    const auto sets = e.sets(p);
    // The experiment's settings come first: the point's values override them.
    ASSERT_GE(sets.size(), 4u);
    EXPECT_EQ(set_value(sets, "scenario.seed"), "777");
    EXPECT_EQ(set_value(sets, "scenario.replicates"), "1");
    EXPECT_EQ(sets.front().path, "scenario.seed");
    EXPECT_TRUE(std::any_of(sets.begin(), sets.end(), [](const SetOverride& s) {
      return s.path == "scenario.weeks" && s.value == "4";
    }));
    EXPECT_EQ(set_value(sets, "scenario.scale"), "0.02");
    const auto rate = set_value(sets, "parameters.detection.self_referral");
    ASSERT_TRUE(rate.has_value());
    EXPECT_DOUBLE_EQ(std::stod(*rate), e.points()[p].values[0]) << "point " << p;
    const auto weeks = set_value(sets, "scenario.weeks");
    ASSERT_TRUE(weeks.has_value());
    EXPECT_EQ(*weeks, std::to_string(static_cast<int>(e.points()[p].values[1])));
  }
  EXPECT_EQ(set_value(e.sets(1), "parameters.detection.self_referral"), "0.01");
  EXPECT_EQ(set_value(e.sets(1), "scenario.weeks"), "5");
  EXPECT_EQ(set_value(e.sets(5), "parameters.detection.self_referral"), "0.03");
  EXPECT_EQ(set_value(e.sets(5), "scenario.weeks"), "4");
}

TEST(Experiment, ScenarioAtAPointHasTheSweptValues) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("grid.yaml", head() + kGridSweep));
  for (std::size_t s = 0; s < e.scenarios().size(); ++s) {
    for (std::size_t p = 0; p < e.points().size(); ++p) {
      const Scenario scenario = e.scenario(s, p);
      EXPECT_EQ(scenario.name, e.scenarios()[s].name);
      EXPECT_EQ(scenario.seed, 777u);
      EXPECT_EQ(scenario.replicates, 1);
      EXPECT_DOUBLE_EQ(scenario.scale, 0.02);
      EXPECT_DOUBLE_EQ(scenario.parameters[Param::kSelfReferral], e.points()[p].values[0])
          << "scenario " << s << " point " << p;
      EXPECT_EQ(scenario.weeks, static_cast<int>(e.points()[p].values[1]))
          << "scenario " << s << " point " << p;
    }
  }
  // A parameter not swept keeps the scenario's value.
  EXPECT_DOUBLE_EQ(e.scenario(0, 0).parameters[Param::kSelfReferralLoneliness],
                   spec(Param::kSelfReferralLoneliness).default_value);
  EXPECT_THROW((void)e.scenario(0, e.points().size()), std::out_of_range);
}

TEST(Experiment, NoSweepIsOnePoint) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("plain.yaml", head()));
  EXPECT_EQ(e.design(), DesignKind::kNone);
  ASSERT_EQ(e.points().size(), 1u);
  EXPECT_TRUE(e.points()[0].values.empty());
  EXPECT_EQ(e.run_count(), 2u * 1u * 2u);
  const Scenario s = e.scenario(1, 0);
  EXPECT_EQ(s.weeks, 4);
  EXPECT_EQ(s.seed, 777u);
  EXPECT_EQ(e.record().design, "none");
}

TEST(Experiment, RepositoryGridFileWithRelativePaths) {
  // Its scenario paths are relative to its own folder.
  const fs::path file = fs::path(WELFARE_TEST_DATA) / "batch" / "bologna_grid.yaml";
  const Experiment e = load_experiment(file);
  EXPECT_EQ(e.name(), "bologna-grid-test");
  ASSERT_EQ(e.scenarios().size(), 2u);
  EXPECT_EQ(e.scenarios()[0].file,
            (file.parent_path() / "../../../scenarios/bologna/baseline.yaml").lexically_normal());
  EXPECT_TRUE(fs::exists(e.scenarios()[0].file));
  EXPECT_EQ(e.points().size(), 2u);
  EXPECT_EQ(e.run_count(), 2u * 2u * 3u);
}

// --- sampled designs ---------------------------------------------------------------------------

TEST(Experiment, LatinHypercubePointsWithinRanges) {
  TempDir dir;
  const std::string sweep =
      "sweep:\n"
      "  design: latin_hypercube\n"
      "  points: 7\n"
      "  parameters:\n"
      "    - path: parameters.detection.self_referral\n"
      "      min: 0.01\n"
      "      max: 0.05\n"
      "    - path: parameters.detection.outreach\n"
      "      min: 0\n"
      "      max: 0.2\n";
  const Experiment e = load_experiment(dir.write("lhs.yaml", head() + sweep));
  EXPECT_EQ(e.design(), DesignKind::kLatinHypercube);
  ASSERT_EQ(e.points().size(), 7u);
  EXPECT_EQ(e.run_count(), 2u * 7u * 2u);
  ASSERT_EQ(e.parameters().size(), 2u);
  EXPECT_DOUBLE_EQ(e.parameters()[0].range.lower, 0.01);
  EXPECT_DOUBLE_EQ(e.parameters()[0].range.upper, 0.05);
  EXPECT_DOUBLE_EQ(e.parameters()[1].range.upper, 0.2);
  for (std::size_t k = 0; k < 2; ++k) {
    const Range r = e.parameters()[k].range;
    // Every stratum of the range used exactly once.
    std::set<int> strata;
    for (const auto& p : e.points()) {
      ASSERT_EQ(p.values.size(), 2u);
      EXPECT_GE(p.values[k], r.lower);
      EXPECT_LE(p.values[k], r.upper);
      strata.insert(
          static_cast<int>(std::floor((p.values[k] - r.lower) / (r.upper - r.lower) * 7)));
    }
    EXPECT_EQ(strata.size(), 7u) << "parameter " << k;
  }
  // The scenario at a point carries the point's value.
  EXPECT_DOUBLE_EQ(e.scenario(1, 3).parameters[Param::kOutreachChannel], e.points()[3].values[1]);
  EXPECT_EQ(e.record().design, "latin_hypercube");
}

const std::string kMorrisSweep =
    "sweep:\n"                                          // 11
    "  design: morris\n"                                // 12
    "  trajectories: 3\n"                               // 13
    "  levels: 4\n"                                     // 14
    "  parameters:\n"                                   // 15
    "    - path: parameters.detection.self_referral\n"  // 16
    "      min: 0.01\n"                                 // 17
    "      max: 0.05\n"                                 // 18
    "    - path: parameters.detection.outreach\n"       // 19
    "      min: 0\n"                                    // 20
    "      max: 0.2\n";                                 // 21

TEST(Experiment, MorrisTrajectories) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("morris.yaml", head() + kMorrisSweep));
  EXPECT_EQ(e.design(), DesignKind::kMorris);
  EXPECT_EQ(e.levels(), 4u);
  const std::size_t r = 3;
  const std::size_t k = 2;
  ASSERT_EQ(e.points().size(), r * (k + 1));
  EXPECT_EQ(e.run_count(), 2u * r * (k + 1) * 2u);
  for (std::size_t i = 0; i < e.points().size(); ++i) {
    const DesignPoint& p = e.points()[i];
    EXPECT_EQ(p.trajectory, static_cast<int>(i / (k + 1))) << "point " << i;
    if (i % (k + 1) == 0) {
      EXPECT_EQ(p.changed, -1) << "point " << i;
    } else {
      EXPECT_GE(p.changed, 0) << "point " << i;
      EXPECT_LT(p.changed, static_cast<int>(k)) << "point " << i;
    }
    for (std::size_t j = 0; j < k; ++j) {
      EXPECT_GE(p.values[j], e.parameters()[j].range.lower - 1e-12);
      EXPECT_LE(p.values[j], e.parameters()[j].range.upper + 1e-12);
    }
  }
  const store::ExperimentRecord record = e.record();
  EXPECT_EQ(record.design, "morris");
  EXPECT_EQ(record.levels, 4u);
}

TEST(Experiment, MorrisOddLevelsRejected) {
  expect_experiment_error(replace_line(head() + kMorrisSweep, 14, "  levels: 5"), 14, 11,
                          {"'levels' must be even", "found 5"});
  expect_experiment_error(replace_line(head() + kMorrisSweep, 14, "  levels: 1"), 14, 11,
                          {"'levels' must be a whole number from 2"});
}

// --- policy levers -----------------------------------------------------------------------------

TEST(Experiment, PolicyLeverSweep) {
  TempDir dir;
  const std::string text = head(kManagers, kManagers) +
                           "sweep:\n"
                           "  design: grid\n"
                           "  parameters:\n"
                           "    - path: policies." +
                           kLever +
                           ".size\n"
                           "      values: [0.5, 2]\n";
  // One scenario only: list it once.
  const std::string single = remove_line(text, 10);
  const Experiment e = load_experiment(dir.write("lever.yaml", single));
  ASSERT_EQ(e.scenarios().size(), 1u);
  ASSERT_EQ(e.points().size(), 2u);
  EXPECT_FALSE(e.parameters()[0].whole);
  for (std::size_t p = 0; p < 2; ++p) {
    const Scenario s = e.scenario(0, p);
    ASSERT_EQ(s.policies.size(), 1u);
    EXPECT_EQ(s.policies[0].name, kLever);
    EXPECT_DOUBLE_EQ(s.policies[0].size, e.points()[p].values[0]);
    EXPECT_EQ(s.policies[0].start_week, 13) << "fields not swept keep the file's value";
  }
  EXPECT_DOUBLE_EQ(e.scenario(0, 1).policies[0].size, 2.0);
}

TEST(Experiment, PolicyLeverSweepOnAScenarioWithoutTheLever) {
  // The baseline has no levers: the error points at the sweep entry's path.
  const std::string text = head() +
                           "sweep:\n"                 // 11
                           "  design: grid\n"         // 12
                           "  parameters:\n"          // 13
                           "    - path: policies." +  // 14
                           kLever +
                           ".size\n"
                           "      values: [0.5, 2]\n";  // 15
  expect_experiment_error(
      text, 14, 13,
      {"sweeping 'policies." + kLever + ".size'", "'bologna-baseline'", "no policy levers"});
}

TEST(Experiment, WholeNumberLeverFieldsAreRounded) {
  TempDir dir;
  const std::string text = remove_line(head(kManagers), 10) +
                           "sweep:\n"
                           "  design: latin_hypercube\n"
                           "  points: 9\n"
                           "  parameters:\n"
                           "    - path: policies." +
                           kLever +
                           ".start_week\n"
                           "      min: 0\n"
                           "      max: 20\n"
                           "    - path: parameters.detection.outreach\n"
                           "      min: 0\n"
                           "      max: 0.2\n";
  const Experiment e = load_experiment(dir.write("whole.yaml", text));
  ASSERT_EQ(e.points().size(), 9u);
  EXPECT_TRUE(e.parameters()[0].whole);
  EXPECT_FALSE(e.parameters()[1].whole);
  bool fractional_seen = false;
  for (std::size_t p = 0; p < e.points().size(); ++p) {
    const double week = e.points()[p].values[0];
    EXPECT_EQ(week, std::round(week)) << "point " << p;
    EXPECT_GE(week, 0);
    EXPECT_LE(week, 20);
    const double outreach = e.points()[p].values[1];
    if (outreach != std::round(outreach)) fractional_seen = true;
    EXPECT_EQ(set_value(e.sets(p), "policies." + kLever + ".start_week"),
              std::to_string(static_cast<int>(week)));
  }
  EXPECT_TRUE(fractional_seen) << "only whole-number parameters are rounded";
  EXPECT_EQ(e.scenario(0, 4).policies.at(0).start_week, static_cast<int>(e.points()[4].values[0]));
  // A whole-number field needs whole ends.
  expect_experiment_error(replace_line(text, 15, "      min: 0.5"), 15, 12,
                          {"takes whole numbers", "must be whole"});
}

// --- errors --------------------------------------------------------------------------------------

TEST(ExperimentErrors, UnknownTopLevelKey) {
  expect_experiment_error(head() + "sweeps: {}\n", 11, 1,
                          {"unknown key 'sweeps' in the experiment file; did you mean 'sweep'?",
                           "experiment, scenarios, sweep"});
  expect_experiment_error(head() + kGridSweep + "  pionts: 3\n", 18, 3,
                          {"unknown key 'pionts' in 'sweep'; did you mean 'points'?"});
}

TEST(ExperimentErrors, MissingName) {
  expect_experiment_error(remove_line(head(), 2), 2, 3,
                          {"missing required key 'name' in 'experiment'"});
  expect_experiment_error(replace_line(head(), 2, "  name: my experiment"), 2, 9,
                          {"'name' must use only letters, digits", "'my experiment'"});
  expect_experiment_error("scenarios:\n  - " + kBaseline + "\n", 1, 1,
                          {"missing required key 'experiment' in the experiment file"});
}

TEST(ExperimentErrors, ReplicatesZero) {
  expect_experiment_error(replace_line(head(), 5, "  replicates: 0"), 5, 15,
                          {"'replicates' must be a whole number from 1 to 100000, found '0'"});
}

TEST(ExperimentErrors, BadSettings) {
  expect_experiment_error(replace_line(head(), 4, "  seed: -1"), 4, 9, {"'seed' must be a whole"});
  expect_experiment_error(replace_line(head(), 6, "  weeks: 0"), 6, 10,
                          {"'weeks' must be a whole number from 1 to 5200"});
  expect_experiment_error(replace_line(head(), 7, "  scale: 2"), 7, 10,
                          {"'scale' must be a number"});
}

TEST(ExperimentErrors, UnknownDesign) {
  expect_experiment_error(replace_line(head() + kGridSweep, 12, "  design: gird"), 12, 11,
                          {"unknown design 'gird'; did you mean 'grid'?",
                           "expected one of: grid, latin_hypercube, morris"});
}

TEST(ExperimentErrors, PointsForAGrid) {
  // Line 12 becomes two lines: the grid gets a 'points' key at line 13.
  expect_experiment_error(replace_line(head() + kGridSweep, 12, "  design: grid\n  points: 5"), 13,
                          3, {"'points' applies only to latin_hypercube designs, not to 'grid'"});
}

TEST(ExperimentErrors, MorrisWithoutLevels) {
  expect_experiment_error(remove_line(head() + kMorrisSweep, 14), 12, 3,
                          {"a morris design needs 'levels'"});
  expect_experiment_error(remove_line(head() + kMorrisSweep, 13), 12, 3,
                          {"a morris design needs 'trajectories'"});
}

TEST(ExperimentErrors, UnknownParameterPath) {
  expect_experiment_error(
      replace_line(head() + kGridSweep, 14, "    - path: parameters.detection.self_referal"), 14,
      13,
      {"unknown parameter 'detection.self_referal'; did you mean 'detection.self_referral'?",
       "welfare params"});
  expect_experiment_error(replace_line(head() + kGridSweep, 14, "    - path: detection.outreach"),
                          14, 13, {"cannot sweep 'detection.outreach'", "parameters.<parameter"});
  expect_experiment_error(
      replace_line(head() + kGridSweep, 14, "    - path: policies." + kLever + ".zones"), 14, 13,
      {"cannot sweep the lever field 'zones'"});
}

TEST(ExperimentErrors, SeedCannotBeSwept) {
  expect_experiment_error(replace_line(head() + kGridSweep, 14, "    - path: scenario.seed"), 14,
                          13,
                          {"cannot sweep 'scenario.seed'", "only weeks and scale can be swept"});
}

TEST(ExperimentErrors, ValueOutsideTheParameterRange) {
  expect_experiment_error(replace_line(head() + kGridSweep, 15, "      values: [0.01, 2]"), 14, 13,
                          {"sweeping 'parameters.detection.self_referral' to 2 does not suit "
                           "scenario 'bologna-baseline'",
                           "from 0 to 1"});
  // The same for sampled designs: the ends of the range are checked.
  expect_experiment_error(replace_line(head() + kMorrisSweep, 21, "      max: 1.5"), 19, 13,
                          {"sweeping 'parameters.detection.outreach' to 1.5 does not suit"});
}

TEST(ExperimentErrors, MinNotBelowMax) {
  expect_experiment_error(replace_line(head() + kMorrisSweep, 18, "      max: 0.005"), 18, 12,
                          {"'max' (0.005) must be greater than 'min' (0.01)"});
  expect_experiment_error(replace_line(head() + kMorrisSweep, 18, "      max: 0.01"), 18, 12,
                          {"'max' (0.01) must be greater than 'min' (0.01)"});
}

TEST(ExperimentErrors, ValueListedTwice) {
  expect_experiment_error(replace_line(head() + kGridSweep, 15, "      values: [0.01, 0.03, 0.01]"),
                          15, 28, {"value 0.01 is listed twice"});
  // 5 and 5.0 are the same value.
  expect_experiment_error(replace_line(head() + kGridSweep, 17, "      values: [5, 3, 5.0]"), 17,
                          22, {"value 5 is listed twice"});
}

TEST(ExperimentErrors, DuplicateParameterPaths) {
  TempDir dir;
  const auto file = dir.write(
      "experiment.yaml",
      replace_line(head() + kGridSweep, 16, "    - path: parameters.detection.self_referral"));
  expect_input_error([&] { load_experiment(file); }, file.string(), 16, 13,
                     {"'parameters.detection.self_referral' is swept twice (first at " +
                      file.string() + ":14:13)"});
}

TEST(ExperimentErrors, MissingScenarioFile) {
  TempDir dir;
  const auto file = dir.write("experiment.yaml", replace_line(head(), 9, "  - nowhere.yaml"));
  expect_input_error([&] { load_experiment(file); }, file.string(), 9, 5,
                     {"cannot read scenario file 'nowhere.yaml'",
                      "resolved to '" + (dir.path() / "nowhere.yaml").string() + "'"});
}

TEST(ExperimentErrors, EmptyScenariosList) {
  const std::string text =
      replace_line(remove_line(remove_line(head(), 10), 9), 8, "scenarios: []");
  expect_experiment_error(text, 8, 12, {"'scenarios' is empty; list at least one"});
}

TEST(ExperimentErrors, TwoScenariosWithTheSameName) {
  expect_experiment_error(
      head(kBaseline, kBaseline), 10, 5,
      {"two scenarios of the experiment are named 'bologna-baseline'", "rename one"});
}

TEST(ExperimentErrors, EmptyFile) {
  expect_experiment_error("", 0, 0, {"experiment file is empty"});
  expect_experiment_error("# only a comment\n\n", 0, 0, {"experiment file is empty"});
  TempDir dir;
  const auto missing = dir.path() / "absent.yaml";
  expect_input_error([&] { load_experiment(missing); }, missing.string(), 0, 0,
                     {"cannot read experiment file"});
}

TEST(ExperimentErrors, NotYaml) {
  expect_experiment_error("experiment: [name, seed\n", 0, 0, {"invalid YAML"});
  expect_experiment_error("just some words\n", 1, 1,
                          {"an experiment file must be a mapping", "found 'just some words'"});
  expect_experiment_error("- experiment\n- scenarios\n", 1, 1,
                          {"must be a mapping", "found a list"});
}

// --- the store ----------------------------------------------------------------------------------

TEST(StoreMismatch, EmptyStoreAndSameExperiment) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("grid.yaml", head() + kGridSweep));
  EXPECT_EQ(store_mismatch(e, std::nullopt, {}), std::nullopt);
  EXPECT_EQ(store_mismatch(e, e.record(), {}), std::nullopt);
  const std::vector<store::RunKey> runs = {{"000001", "bologna-baseline", 0, 0}};
  EXPECT_EQ(store_mismatch(e, e.record(), runs), std::nullopt);

  // The same experiment with more replicates (a resumed batch extended).
  const Experiment more = load_experiment(
      dir.write("more.yaml", replace_line(head() + kGridSweep, 5, "  replicates: 5")));
  EXPECT_EQ(store_mismatch(more, e.record(), runs), std::nullopt);
  EXPECT_EQ(store_mismatch(e, more.record(), runs), std::nullopt);

  // The same experiment file moved to another folder: its record names other files, but the
  // scenarios are the same.
  TempDir other;
  const Experiment moved = load_experiment(other.write("moved.yaml", head() + kGridSweep));
  EXPECT_EQ(store_mismatch(moved, e.record(), runs), std::nullopt);
}

TEST(StoreMismatch, RunsWithoutARecord) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("grid.yaml", head() + kGridSweep));
  const auto one = store_mismatch(e, std::nullopt, {{"000001", "bologna-baseline", 0, 0}});
  ASSERT_TRUE(one.has_value());
  EXPECT_NE(one->find("1 run not made by a batch experiment"), std::string::npos) << *one;
  const auto two =
      store_mismatch(e, std::nullopt,
                     {{"000001", "bologna-baseline", 0, 0}, {"000002", "bologna-baseline", 0, 1}});
  ASSERT_TRUE(two.has_value());
  EXPECT_NE(two->find("2 runs not made"), std::string::npos) << *two;
}

TEST(StoreMismatch, AnotherExperiment) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("grid.yaml", head() + kGridSweep));
  store::ExperimentRecord other = e.record();
  other.name = "someone-else";
  const auto message = store_mismatch(e, other, {});
  ASSERT_TRUE(message.has_value());
  EXPECT_NE(message->find("'someone-else'"), std::string::npos) << *message;
  EXPECT_NE(message->find("'exp-test'"), std::string::npos) << *message;
}

TEST(StoreMismatch, ChangedSeedOrPoints) {
  TempDir dir;
  const Experiment e = load_experiment(dir.write("grid.yaml", head() + kGridSweep));

  const Experiment reseeded =
      load_experiment(dir.write("seed.yaml", replace_line(head() + kGridSweep, 4, "  seed: 778")));
  const auto seed = store_mismatch(reseeded, e.record(), {});
  ASSERT_TRUE(seed.has_value());
  EXPECT_NE(seed->find("also named 'exp-test'"), std::string::npos) << *seed;
  EXPECT_NE(seed->find("seed"), std::string::npos) << *seed;
  EXPECT_EQ(seed->find("sweep points"), std::string::npos) << "a grid does not depend on the seed";

  // Same range, one more value: only the points differ.
  const Experiment denser = load_experiment(dir.write(
      "points.yaml", replace_line(head() + kGridSweep, 15, "      values: [0.01, 0.02, 0.03]")));
  const auto points = store_mismatch(denser, e.record(), {});
  ASSERT_TRUE(points.has_value());
  EXPECT_NE(points->find("sweep points"), std::string::npos) << *points;
  EXPECT_EQ(points->find("seed"), std::string::npos) << *points;
  EXPECT_EQ(points->find("swept parameters"), std::string::npos) << *points;

  // A wider range: the parameters' ranges and the points differ.
  const Experiment wider = load_experiment(
      dir.write("wider.yaml", replace_line(head() + kGridSweep, 15, "      values: [0.01, 0.04]")));
  const auto range = store_mismatch(wider, e.record(), {});
  ASSERT_TRUE(range.has_value());
  EXPECT_NE(range->find("swept parameters"), std::string::npos) << *range;

  // Other scenarios.
  const Experiment fewer =
      load_experiment(dir.write("fewer.yaml", remove_line(head() + kGridSweep, 10)));
  const auto scenarios = store_mismatch(fewer, e.record(), {});
  ASSERT_TRUE(scenarios.has_value());
  EXPECT_NE(scenarios->find("scenarios"), std::string::npos) << *scenarios;
}

TEST(ExperimentRecord, ListsAreConsistent) {
  TempDir dir;
  const std::string text = head() + kGridSweep;
  const auto file = dir.write("grid.yaml", text);
  const Experiment e = load_experiment(file);
  const store::ExperimentRecord r = e.record();
  EXPECT_EQ(r.name, "exp-test");
  EXPECT_EQ(r.design, "grid");
  EXPECT_EQ(r.experiment_yaml, text);
  EXPECT_EQ(r.experiment_file, file.string());
  EXPECT_EQ(r.seed, 777u);
  EXPECT_EQ(r.replicates, 2u);
  EXPECT_EQ(r.levels, 0u);
  EXPECT_EQ(r.scenario_names,
            (std::vector<std::string>{"bologna-baseline", "bologna-community-managers"}));
  ASSERT_EQ(r.scenario_files.size(), 2u);
  EXPECT_EQ(r.scenario_files[0], fs::path(kBaseline).lexically_normal().string());
  ASSERT_EQ(r.scenario_yaml.size(), 2u);
  EXPECT_EQ(r.scenario_yaml[1], e.scenarios()[1].resolved_yaml);
  EXPECT_EQ(r.parameters,
            (std::vector<std::string>{"parameters.detection.self_referral", "scenario.weeks"}));
  EXPECT_EQ(r.lower, (std::vector<double>{0.01, 3}));
  EXPECT_EQ(r.upper, (std::vector<double>{0.03, 5}));
  ASSERT_EQ(r.point_count(), e.points().size());
  ASSERT_EQ(r.points.size(), r.point_count() * r.parameters.size());
  ASSERT_EQ(r.changed.size(), r.point_count());
  for (std::size_t p = 0; p < e.points().size(); ++p) {
    for (std::size_t k = 0; k < r.parameters.size(); ++k) {
      EXPECT_EQ(r.points[p * r.parameters.size() + k], e.points()[p].values[k]);
    }
  }
  EXPECT_EQ(r.run_count(), e.run_count());
}

}  // namespace
}  // namespace welfare::batch
