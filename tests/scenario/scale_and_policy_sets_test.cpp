// `scale:` (runs on a fraction of the territory, scaled once at the outermost load) and
// --set overrides of policy levers' fields, policies.<name or index>.<field>, applied once
// the whole scenario (levers inherited with `extends:` included) is read.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "engine/simulation.hpp"
#include "scenario/scenario.hpp"
#include "scenario/test_files.hpp"

namespace welfare {
namespace {

using test::expect_input_error;
using test::kScenario;
using test::kTerritory;
using test::TempDir;

const std::filesystem::path kData = std::filesystem::path(WELFARE_TEST_DATA) / "scenario";

// A scenario on the test extract of Bologna (3 zones; households, one-person households,
// capacities from rates and absolute ones); `extra` starts at line 5.
std::string on_small_territory(const std::string& extra = "") {
  return "scenario:\n"
         "  name: s\n"
         "  territory: " +
         (kData / "small_territory.yaml").string() +
         "\n"
         "  weeks: 10\n" +
         extra;
}

// kTerritory with a second zone of 10 residents in district D2 (lines 18-22).
const std::string kTwoZones = kTerritory +
                              "    - id: Z2\n"
                              "      name: Zone two\n"
                              "      district: D2\n"
                              "      centroid: {lon: 9.1, lat: 45.1}\n"
                              "      residents: 10\n";

// Levers of four types; two share the name 'twin'.
const std::string kPolicies =
    "policies:\n"
    "  - {type: case_di_quartiere, zones: all, size: 2}\n"
    "  - {type: loneliness_antennas, name: pharmacies, zones: [Z2], size: 3, start_week: 4,\n"
    "     end_week: 8}\n"
    "  - {type: access_criteria, name: twin, zones: all, size: 1}\n"
    "  - {type: domiciliarity_expansion, name: twin, zones: [Z1], size: 1}\n";

std::string strip_comments(const std::string& text) {
  std::istringstream in(text);
  std::string out, line;
  while (std::getline(in, line)) {
    if (!line.starts_with("#")) out += line + "\n";
  }
  return out;
}

std::vector<SetOverride> sets(const std::vector<std::string>& args) {
  std::vector<SetOverride> out;
  for (const auto& a : args)
    out.push_back(parse_set_override(a));
  return out;
}

// Loads the resolved text of `s` and checks it gives the same scenario (scaled once).
Scenario reload(const TempDir& dir, const Scenario& s) {
  const Scenario back = load_scenario(dir.write("resolved.yaml", s.resolved_yaml));
  EXPECT_EQ(back.scale, s.scale);
  EXPECT_EQ(back.territory.zones, s.territory.zones);
  EXPECT_EQ(back.territory.total_residents(), s.territory.total_residents());
  EXPECT_EQ(strip_comments(back.resolved_yaml), strip_comments(s.resolved_yaml));
  EXPECT_EQ(back.policies.size(), s.policies.size());
  for (std::size_t i = 0; i < std::min(back.policies.size(), s.policies.size()); ++i) {
    EXPECT_EQ(back.policies[i].name, s.policies[i].name);
    EXPECT_EQ(back.policies[i].size, s.policies[i].size);
    EXPECT_EQ(back.policies[i].start_week, s.policies[i].start_week);
    EXPECT_EQ(back.policies[i].end_week, s.policies[i].end_week);
    EXPECT_EQ(back.policies[i].zones, s.policies[i].zones);
  }
  return back;
}

// --- scale ----------------------------------------------------------------------------------

TEST(Scale, DefaultsToTheWholeTerritory) {
  TempDir dir;
  const Scenario s = load_scenario(dir.write("s.yaml", on_small_territory()));
  EXPECT_EQ(s.scale, 1.0);
  EXPECT_EQ(s.territory.zones, load_territory(kData / "small_territory.yaml").zones);
  EXPECT_NE(s.resolved_yaml.find("\n  scale: 1\n"), std::string::npos) << s.resolved_yaml;
}

TEST(Scale, HalvesResidentsHouseholdsAndCapacities) {
  TempDir dir;
  const Scenario full = load_scenario(dir.write("full.yaml", on_small_territory()));
  const Scenario half = load_scenario(dir.write("half.yaml", on_small_territory("  scale: 0.5\n")));
  EXPECT_EQ(half.scale, 0.5);
  ASSERT_EQ(half.territory.zones.size(), full.territory.zones.size());
  for (std::size_t z = 0; z < full.territory.zones.size(); ++z) {
    const Zone& f = full.territory.zones[z];
    const Zone& h = half.territory.zones[z];
    EXPECT_EQ(h.residents, std::llround(static_cast<double>(f.residents) * 0.5)) << f.id;
    EXPECT_EQ(h.households.has_value(), f.households.has_value()) << f.id;
    if (f.households) {
      EXPECT_EQ(*h.households, std::llround(static_cast<double>(*f.households) * 0.5)) << f.id;
    }
    for (std::size_t k = 0; k < kServiceKinds; ++k)
      EXPECT_DOUBLE_EQ(h.capacity[k], f.capacity[k] * 0.5) << f.id << " service " << k;
    EXPECT_EQ(h.age_shares, f.age_shares);
    EXPECT_EQ(h.household_size_shares, f.household_size_shares);
    EXPECT_EQ(h.foreign_share, f.foreign_share);
  }
  // The figures of the test territory, halved.
  EXPECT_EQ(half.territory.zones[0].residents, 30552);  // 61103 / 2, rounded
  EXPECT_EQ(half.territory.zones[1].households, 19000);
  EXPECT_EQ(half.territory.zones[1].one_person_households, 10500);
  EXPECT_EQ(half.territory.zones[1].capacity[0], 400);  // home care: 800 hours a week
  EXPECT_NEAR(static_cast<double>(half.territory.total_residents()),
              static_cast<double>(full.territory.total_residents()) / 2.0, 2.0);
}

TEST(Scale, ResolvedScenarioHoldsTheFullTerritoryAndReloadsTheSame) {
  TempDir dir;
  const Scenario half = load_scenario(dir.write("half.yaml", on_small_territory("  scale: 0.5\n")));
  EXPECT_NE(half.resolved_yaml.find("\n  scale: 0.5\n"), std::string::npos) << half.resolved_yaml;
  // The territory is written at full size: 61103 residents, not 30552.
  EXPECT_NE(half.resolved_yaml.find("61103"), std::string::npos);
  EXPECT_EQ(half.resolved_yaml.find("30552"), std::string::npos);
  const Scenario back = reload(dir, half);
  EXPECT_EQ(back.territory.zones[0].residents, 30552);  // scaled once, not twice
}

TEST(Scale, ExtendsInheritsTheScaleAndScalesOnce) {
  TempDir dir;
  dir.write("t.yaml", kTerritory);  // one zone of 1000 residents
  dir.write("base.yaml", kScenario + "  scale: 0.5\n");
  const Scenario inherits =
      load_scenario(dir.write("child.yaml", "extends: base.yaml\nscenario:\n  name: child\n"));
  EXPECT_EQ(inherits.scale, 0.5);
  EXPECT_EQ(inherits.territory.total_residents(), 500);  // not 250
  reload(dir, inherits);

  const Scenario own = load_scenario(
      dir.write("own.yaml", "extends: base.yaml\nscenario:\n  name: own\n  scale: 0.2\n"));
  EXPECT_EQ(own.scale, 0.2);
  EXPECT_EQ(own.territory.total_residents(), 200);

  dir.write("plain.yaml", kScenario);
  const Scenario scaled_child = load_scenario(
      dir.write("scaled.yaml", "extends: plain.yaml\nscenario:\n  name: sc\n  scale: 0.1\n"));
  EXPECT_EQ(scaled_child.territory.total_residents(), 100);

  // A --set wins over the files'.
  const Scenario set = load_scenario(dir.path() / "child.yaml", sets({"scenario.scale=0.3"}));
  EXPECT_EQ(set.scale, 0.3);
  EXPECT_EQ(set.territory.total_residents(), 300);
}

TEST(Scale, OutOfRangeIsReportedAtItsPlace) {
  TempDir dir;
  dir.write("t.yaml", kTerritory);
  for (const std::string value : {"0", "-0.5", "1.5", "abc", ".nan", "[0.5]"}) {
    const auto file = dir.write("s.yaml", kScenario + "  scale: " + value + "\n");
    const std::string found = value == "[0.5]" ? "found a list" : "found '" + value + "'";
    expect_input_error([&] { load_scenario(file); }, file.string(), 5, 10,
                       {"'scale' must be a number greater than 0 and at most 1", found});
  }
  // In a scenario extended: reported in that file.
  const auto base = dir.write("base.yaml", kScenario + "  scale: 2\n");
  const auto child = dir.write("child.yaml", "extends: base.yaml\nscenario:\n  name: c\n");
  expect_input_error([&] { load_scenario(child); }, base.string(), 5, 10,
                     {"'scale' must be a number greater than 0 and at most 1", "found '2'"});
}

TEST(Scale, SetOnTheCommandLine) {
  TempDir dir;
  dir.write("t.yaml", kTerritory);
  const auto file = dir.write("s.yaml", kScenario);
  const Scenario s = load_scenario(file, sets({"scenario.scale=0.1"}));
  EXPECT_EQ(s.scale, 0.1);
  EXPECT_EQ(s.territory.total_residents(), 100);
  EXPECT_NE(s.resolved_yaml.find("\n  scale: 0.1\n"), std::string::npos);
  reload(dir, s);
  expect_input_error([&] { load_scenario(file, sets({"scenario.scale=0"})); },
                     "--set scenario.scale=0", 0, 0,
                     {"'scale' must be a number greater than 0 and at most 1", "found '0'"});
  expect_input_error([&] { load_scenario(file, sets({"scenario.scael=0.5"})); },
                     "--set scenario.scael=0.5", 0, 0, {"did you mean 'scenario.scale'?"});
}

TEST(Scale, TinyScalesKeepEmptyZonesButNotAnEmptyTerritory) {
  TempDir dir;
  dir.write("t.yaml", kTwoZones);
  const auto file = dir.write("s.yaml", kScenario + "  scale: 0.01\n");
  // Zone Z2 (10 residents) is left with none: it is simulated empty.
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.territory.zones[0].residents, 10);
  EXPECT_EQ(s.territory.zones[1].residents, 0);
  Simulation sim(s, 0);
  sim.run();
  EXPECT_EQ(sim.week(), 10);
  EXPECT_EQ(sim.population().zone_count(), 2u);

  // Nobody left at all: an error naming the scale and the smallest that leaves a resident.
  const auto none = dir.write("none.yaml", kScenario + "  scale: 0.0001\n");
  expect_input_error([&] { load_scenario(none); }, none.string(), 5, 10,
                     {"'scale' 0.0001 leaves no residents in territory 'T'",
                      "expected a scale of at least 0.0005"});
  expect_input_error([&] { load_scenario(file, sets({"scenario.scale=1e-9"})); },
                     "--set scenario.scale=1e-9", 0, 0, {"leaves no residents"});
}

TEST(Scale, OnePercentOfTheTestAndBolognaTerritories) {
  TempDir dir;
  const Scenario small = load_scenario(dir.write("s.yaml", on_small_territory("  scale: 0.01\n")));
  for (const Zone& z : small.territory.zones)
    EXPECT_GT(z.residents, 0) << z.id;
  Simulation small_sim(small, 0);
  small_sim.run();
  EXPECT_EQ(small_sim.week(), 10);

  const auto bologna =
      std::filesystem::path(WELFARE_SOURCE_DIR) / "scenarios" / "bologna" / "baseline.yaml";
  const Scenario full = load_scenario(bologna);
  const Scenario s = load_scenario(bologna, sets({"scenario.scale=0.01", "scenario.weeks=4"}));
  EXPECT_NEAR(static_cast<double>(s.territory.total_residents()),
              static_cast<double>(full.territory.total_residents()) * 0.01,
              static_cast<double>(s.territory.zones.size()));
  Simulation sim(s, 0);
  sim.run();
  EXPECT_EQ(sim.week(), 4);
}

// --- --set policies.<lever>.<field> -------------------------------------------------------

std::filesystem::path write_with_policies(TempDir& dir) {
  dir.write("t.yaml", kTwoZones);
  return dir.write("s.yaml", kScenario + kPolicies);
}

TEST(PolicySets, SizeByNameAndByIndex) {
  TempDir dir;
  const auto file = write_with_policies(dir);
  const Scenario plain = load_scenario(file);
  const Scenario s =
      load_scenario(file, sets({"policies.case_di_quartiere.size=5", "policies.1.size=7.5"}));
  ASSERT_EQ(s.policies.size(), 4u);
  EXPECT_EQ(s.policies[0].size, 5);
  EXPECT_EQ(s.policies[1].size, 7.5);
  EXPECT_EQ(s.policies[2].size, plain.policies[2].size);
  EXPECT_EQ(s.policies[3].size, plain.policies[3].size);
  EXPECT_EQ(plain.policies[0].size, 2);
  // The resolved scenario holds the new sizes, and reads back the same.
  EXPECT_NE(s.resolved_yaml.find("size: 5\n"), std::string::npos) << s.resolved_yaml;
  EXPECT_NE(s.resolved_yaml.find("size: 7.5\n"), std::string::npos) << s.resolved_yaml;
  EXPECT_EQ(plain.resolved_yaml.find("size: 7.5\n"), std::string::npos);
  const Scenario back = reload(dir, s);
  EXPECT_EQ(back.policies[0].size, 5);
  EXPECT_EQ(back.policies[1].size, 7.5);
}

TEST(PolicySets, EveryField) {
  TempDir dir;
  const auto file = write_with_policies(dir);
  const Scenario s = load_scenario(
      file, sets({"policies.pharmacies.start_week=10", "policies.pharmacies.end_week=20",
                  "policies.1.ramp_weeks=3", "policies.1.cost_per_unit=12.5",
                  "policies.3.beds_shifted_per_1000=0.4", "policies.2.home_care_min_severity=2",
                  "policies.0.end_week=30"}));
  const Policy& p = s.policies[1];
  EXPECT_EQ(p.start_week, 10);  // set before its end week moved past it: order does not matter
  EXPECT_EQ(p.end_week, 20);
  EXPECT_EQ(p.ramp_weeks, 3);
  EXPECT_EQ(p.cost_per_unit, 12.5);
  EXPECT_EQ(s.policies[3].beds_shifted_per_1000, 0.4);
  EXPECT_EQ(s.policies[2].home_care_min_severity, 2);
  EXPECT_EQ(s.policies[0].end_week, 30);
  EXPECT_NE(s.resolved_yaml.find("beds_shifted_per_1000: 0.4"), std::string::npos);
  EXPECT_NE(s.resolved_yaml.find("home_care_min_severity: 2"), std::string::npos);
  EXPECT_NE(s.resolved_yaml.find("cost_per_unit: 12.5"), std::string::npos);
  const Scenario back = reload(dir, s);
  EXPECT_EQ(back.policies[1].ramp_weeks, 3);
  EXPECT_EQ(back.policies[3].beds_shifted_per_1000, 0.4);
  EXPECT_EQ(back.policies[2].home_care_min_severity, 2);
}

TEST(PolicySets, InheritedLeversCanBeSet) {
  TempDir dir;
  dir.write("t.yaml", kTwoZones);
  dir.write("base.yaml", kScenario + "  scale: 0.5\n" +
                             "policies:\n"
                             "  - {type: case_di_quartiere, name: hubs, zones: all, size: 2}\n");
  const auto child = dir.write("child.yaml",
                               "extends: base.yaml\n"
                               "scenario:\n"
                               "  name: child\n"
                               "policies:\n"
                               "  - {type: budget_di_salute, zones: [Z1], size: 1}\n");
  const Scenario s =
      load_scenario(child, sets({"policies.hubs.size=4", "policies.1.size=3", "scenario.weeks=6"}));
  ASSERT_EQ(s.policies.size(), 2u);
  EXPECT_EQ(s.policies[0].size, 4);  // inherited from base.yaml
  EXPECT_EQ(s.policies[1].size, 3);
  EXPECT_EQ(s.weeks, 6);  // other --set paths still apply
  EXPECT_EQ(s.scale, 0.5);
  EXPECT_EQ(s.territory.total_residents(), 505);  // 500 + 5
  EXPECT_NE(s.resolved_yaml.find("size: 4\n"), std::string::npos);
  const Scenario by_index = load_scenario(child, sets({"policies.0.size=6"}));
  EXPECT_EQ(by_index.policies[0].size, 6);
  EXPECT_EQ(by_index.policies[1].size, 1);
  reload(dir, s);
}

TEST(PolicySets, UnknownAmbiguousOrMalformedLeverNames) {
  TempDir dir;
  const auto file = write_with_policies(dir);
  auto expect = [&](const std::string& arg, std::vector<std::string> phrases) {
    expect_input_error([&] { load_scenario(file, sets({arg})); }, "--set " + arg, 0, 0, phrases);
  };
  expect("policies.pharmacys.size=1",
         {"unknown policy lever 'pharmacys'; did you mean 'pharmacies'?",
          "'case_di_quartiere', 'pharmacies', 'twin'", "0-based", "indices 0 to 3"});
  expect("policies.loneliness_antennas.size=1",
         {"unknown policy lever 'loneliness_antennas'", "lever 1 ('pharmacies')"});
  expect("policies.twin.size=1", {"'twin' is shared by the levers at 2 and 3", "index"});
  expect("policies.4.size=1", {"no policy lever at index 4", "4 policy levers (indices 0 to 3)"});
  expect("policies.size=1", {"malformed --set path 'policies.size'",
                             "policies.<lever name or 0-based index>.<field>"});
  expect("policies.0.sise=1", {"unknown policy lever field 'sise'; did you mean 'size'?"});
  expect("policies.0.zones=all", {"'zones' of a policy lever cannot be set with --set"});

  dir.write("none.yaml", kScenario);
  expect_input_error([&] { load_scenario(dir.path() / "none.yaml", sets({"policies.0.size=1"})); },
                     "--set policies.0.size=1", 0, 0, {"the scenario has no policy levers"});
  // The message for an unknown --set path names the new form too.
  expect("polices.0.size=1",
         {"unknown --set path 'polices.0.size'", "policies.<lever name or index>.<field>"});
}

TEST(PolicySets, ValuesAreCheckedLikeTheFiles) {
  TempDir dir;
  const auto file = write_with_policies(dir);
  auto expect = [&](const std::string& arg, std::vector<std::string> phrases) {
    expect_input_error([&] { load_scenario(file, sets({arg})); }, "--set " + arg, 0, 0, phrases);
  };
  expect("policies.0.size=abc",
         {"'size' must be a number from 0 to 1000 (hub places per 1,000 residents), found 'abc'"});
  expect("policies.0.size=2000", {"'size' must be a number from 0 to 1000", "found '2000'"});
  expect("policies.0.size=", {"'size' must be a number"});
  expect("policies.0.start_week=2.5", {"'start_week' must be a whole number from 0 to 5199"});
  expect("policies.0.ramp_weeks=-1", {"'ramp_weeks' must be a whole number from 0 to 5200"});
  expect("policies.0.cost_per_unit=-3", {"'cost_per_unit' must be a number from 0"});
  expect("policies.2.home_care_min_severity=4",
         {"'home_care_min_severity' must be a whole number from 1 to 3", "found '4'"});
  expect("policies.0.beds_shifted_per_1000=2",
         {"'beds_shifted_per_1000' applies only to domiciliarity_expansion levers",
          "lever 0 ('case_di_quartiere')"});
  expect("policies.pharmacies.home_care_min_severity=2",
         {"'home_care_min_severity' applies only to access_criteria levers",
          "lever 1 ('pharmacies')"});
  expect("policies.pharmacies.end_week=4",
         {"lever 1 ('pharmacies'): 'end_week' (4) must be after 'start_week' (4)"});
  expect("policies.pharmacies.start_week=9", {"'end_week' (8) must be after 'start_week' (9)"});
}

}  // namespace
}  // namespace welfare
