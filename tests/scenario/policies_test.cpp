// Policy levers in scenario files, and scenarios that extend another.
#include <gtest/gtest.h>

#include <fstream>

#include "scenario/scenario.hpp"
#include "scenario/test_files.hpp"

namespace welfare {
namespace {

using test::expect_input_error;
using test::kScenario;
using test::kTerritory;
using test::TempDir;

// kTerritory with a second zone in district D2 (lines 18-22).
const std::string kTwoZones = kTerritory +
                              "    - id: Z2\n"
                              "      name: Zone two\n"
                              "      district: D2\n"
                              "      centroid: {lon: 9.1, lat: 45.1}\n"
                              "      residents: 800\n";

std::filesystem::path write_pair(TempDir& dir, const std::string& scenario) {
  dir.write("t.yaml", kTwoZones);
  return dir.write("s.yaml", scenario);
}

TEST(Policies, ReadTheirSettingsAndTargets) {
  TempDir dir;
  const auto file = write_pair(
      dir, kScenario +
               "policies:\n"
               "  - {type: loneliness_antennas, start_week: 4, end_week: 8, ramp_weeks: 2,\n"
               "     zones: [Z2], size: 3, cost_per_unit: 25, name: pharmacies}\n"
               "  - {type: third_sector_coprogramming, districts: [D1], size: 1.5, service: "
               "day_centre}\n"
               "  - {type: care_workforce, zones: all, size: -0.15}\n");
  const Scenario sc = load_scenario(file);
  ASSERT_EQ(sc.policies.size(), 3u);
  const Policy& a = sc.policies[0];
  EXPECT_EQ(a.type, LeverType::kLonelinessAntennas);
  EXPECT_EQ(a.name, "pharmacies");
  EXPECT_EQ(a.start_week, 4);
  EXPECT_EQ(a.end_week, 8);
  EXPECT_EQ(a.ramp_weeks, 2);
  EXPECT_EQ(a.zones, (std::vector<std::size_t>{1}));
  EXPECT_DOUBLE_EQ(a.cost_per_unit, 25);
  EXPECT_EQ(sc.policies[1].zones, (std::vector<std::size_t>{0}));
  EXPECT_EQ(sc.policies[1].service, ServiceKind::kDayCentre);
  EXPECT_EQ(sc.policies[2].zones, (std::vector<std::size_t>{0, 1}));
  EXPECT_DOUBLE_EQ(sc.policies[2].size, -0.15);

  // The resolved scenario keeps them, and reads back the same.
  const auto resolved = dir.write("resolved.yaml", sc.resolved_yaml);
  const Scenario again = load_scenario(resolved);
  ASSERT_EQ(again.policies.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(again.policies[i].type, sc.policies[i].type);
    EXPECT_EQ(again.policies[i].zones, sc.policies[i].zones);
    EXPECT_EQ(again.policies[i].start_week, sc.policies[i].start_week);
    EXPECT_EQ(again.policies[i].end_week, sc.policies[i].end_week);
    EXPECT_EQ(again.policies[i].ramp_weeks, sc.policies[i].ramp_weeks);
    EXPECT_EQ(again.policies[i].size, sc.policies[i].size);
    EXPECT_EQ(again.policies[i].cost_per_unit, sc.policies[i].cost_per_unit);
    EXPECT_EQ(again.policies[i].service, sc.policies[i].service);
    EXPECT_EQ(again.policies[i].name, sc.policies[i].name);
  }
}

TEST(Policies, BadLeversAreRejectedWithTheirPlace) {
  TempDir dir;
  auto expect = [&](const std::string& policies, int line, int column,
                    std::vector<std::string> phrases) {
    const auto file = write_pair(dir, kScenario + "policies:\n" + policies);
    expect_input_error([&] { load_scenario(file); }, file.string(), line, column, phrases);
  };
  expect("  - {type: loneliness_antenas, zones: all, size: 1}\n", 6, 12,
         {"unknown policy type 'loneliness_antenas'; did you mean 'loneliness_antennas'?"});
  expect("  - {type: budget_di_salute, zones: [Z3], size: 1}\n", 6, 38,
         {"unknown zone 'Z3'", "did you mean 'Z1'?"});
  expect("  - {type: budget_di_salute, districts: [D9], size: 1}\n", 6, 42,
         {"unknown district 'D9'"});
  expect("  - {type: budget_di_salute, size: 1}\n", 6, 5, {"policy names no target"});
  expect("  - {type: budget_di_salute, zones: all}\n", 6, 5, {"missing required key 'size'"});
  expect("  - {type: care_workforce, zones: all, size: -2}\n", 6, 46,
         {"'size' must be", "relative change of the staffed care workforce"});
  expect("  - {type: third_sector_coprogramming, zones: all, size: 1}\n", 6, 5,
         {"needs a 'service'"});
  expect("  - {type: third_sector_coprogramming, zones: all, size: 1, service: daycentre}\n", 6, 70,
         {"unknown service 'daycentre'; did you mean 'day_centre'?"});
  expect("  - {type: case_di_quartiere, zones: all, size: 1, beds_shifted_per_1000: 2}\n", 6, 52,
         {"'beds_shifted_per_1000' applies only to domiciliarity_expansion levers"});
  expect("  - {type: case_di_quartiere, zones: all, size: 1, start_week: 10, end_week: 5}\n", 6, 78,
         {"'end_week' must be a whole number from 11"});
  expect("  - {type: case_di_quartiere, zones: all, size: 1, strat_week: 3}\n", 6, 52,
         {"unknown key 'strat_week' in policy; did you mean 'start_week'?"});
}

TEST(Extends, AScenarioStatesOnlyItsDifference) {
  TempDir dir;
  dir.write("t.yaml", kTwoZones);
  dir.write("base.yaml", kScenario +
                             "  seed: 7\n"
                             "parameters:\n"
                             "  population.max_age: {value: 99, source: base}\n"
                             "  population.partner_age_gap_mean: {value: 3, source: base}\n"
                             "policies:\n"
                             "  - {type: case_di_quartiere, zones: all, size: 2}\n");
  const auto child =
      dir.write("more_care.yaml",
                "# Home care +30% from week 26.\n"
                "extends: base.yaml\n"
                "scenario:\n"
                "  name: more-care\n"
                "  weeks: 20\n"
                "parameters:\n"
                "  population.max_age: {value: 101, source: child}\n"
                "policies:\n"
                "  - {type: domiciliarity_expansion, start_week: 5, zones: [Z1], size: 4}\n");
  const Scenario sc = load_scenario(child);
  EXPECT_EQ(sc.name, "more-care");
  EXPECT_EQ(sc.weeks, 20);
  EXPECT_EQ(sc.seed, 7u);                    // inherited
  EXPECT_EQ(sc.territory.zones.size(), 2u);  // inherited
  EXPECT_EQ(sc.parameters[Param::kMaxAge], 101);
  EXPECT_EQ(sc.parameters[Param::kPartnerAgeGapMean], 3);
  ASSERT_EQ(sc.policies.size(), 2u);
  EXPECT_EQ(sc.policies[0].type, LeverType::kCaseDiQuartiere);
  EXPECT_EQ(sc.policies[1].type, LeverType::kDomiciliarityExpansion);
  // The resolved text stands alone: no 'extends', every setting and lever inline.
  EXPECT_EQ(sc.resolved_yaml.find("\nextends:"), std::string::npos);
  const auto resolved = dir.write("resolved.yaml", sc.resolved_yaml);
  const Scenario again = load_scenario(resolved);
  EXPECT_EQ(again.parameters, sc.parameters);
  EXPECT_EQ(again.policies.size(), 2u);
  EXPECT_EQ(again.territory.zones, sc.territory.zones);  // (the file it came from differs)
  EXPECT_NE(sc.resolved_yaml.find("source: child"), std::string::npos);
}

TEST(Extends, MissingOrCyclicParentsAreReported) {
  TempDir dir;
  dir.write("t.yaml", kTwoZones);
  const auto orphan = dir.write("o.yaml", "extends: nowhere.yaml\nscenario:\n  name: o\n");
  expect_input_error([&] { load_scenario(orphan); }, orphan.string(), 1, 10,
                     {"cannot read the scenario extended, 'nowhere.yaml'"});
  const auto a = dir.write("a.yaml", "extends: b.yaml\nscenario:\n  name: a\n");
  dir.write("b.yaml", "extends: a.yaml\nscenario:\n  name: b\n");
  expect_input_error([&] { load_scenario(a); }, a.string(), 1, 10, {"is there a cycle?"});
}

}  // namespace
}  // namespace welfare
