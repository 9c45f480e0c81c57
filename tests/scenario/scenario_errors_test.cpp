// Each kind of problem in a scenario file is an InputError at the right file, line and column,
// saying what was wrong and what was expected.
#include <gtest/gtest.h>


#include "scenario/scenario.hpp"
#include "scenario/test_files.hpp"

namespace welfare {
namespace {

using test::expect_input_error;
using test::kScenario;
using test::kTerritory;
using test::replace_line;
using test::TempDir;

// A scenario file `text` next to the valid territory t.yaml; returns its path.
std::filesystem::path scenario_file(const TempDir& dir, const std::string& text) {
  dir.write("t.yaml", kTerritory);
  return dir.write("s.yaml", text);
}

void expect_scenario_error(const std::string& text, int line, int column,
                           const std::vector<std::string>& phrases) {
  TempDir dir;
  const auto file = scenario_file(dir, text);
  expect_input_error([&] { load_scenario(file); }, file.string(), line, column, phrases);
}

TEST(ScenarioErrors, WeeksNotANumber) {
  TempDir dir;
  const auto file = scenario_file(dir, replace_line(kScenario, 4, "  weeks: abc"));
  try {
    load_scenario(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              file.string() +
                  ":4:10: error: 'weeks' must be a whole number from 1 to 5200, "
                  "found 'abc'");
  }
}

TEST(ScenarioErrors, WeeksFractionOutOfRangeOrNotFinite) {
  expect_scenario_error(replace_line(kScenario, 4, "  weeks: 2.5"), 4, 10,
                        {"'weeks' must be a whole number from 1 to 5200, found '2.5'"});
  expect_scenario_error(replace_line(kScenario, 4, "  weeks: 5201"), 4, 10,
                        {"from 1 to 5200, found '5201'"});
  expect_scenario_error(replace_line(kScenario, 4, "  weeks: 0"), 4, 10, {"found '0'"});
  expect_scenario_error(replace_line(kScenario, 4, "  weeks: .nan"), 4, 10, {"found '.nan'"});
  expect_scenario_error(replace_line(kScenario, 4, "  weeks: .inf"), 4, 10, {"found '.inf'"});
  expect_scenario_error(replace_line(kScenario, 4, "  weeks: [1]"), 4, 10,
                        {"'weeks' must be a whole number", "found a list"});
  expect_scenario_error(replace_line(kScenario, 4, "  weeks:"), 4, 3,
                        {"'weeks' must be a whole number", "found nothing"});
  expect_scenario_error(kScenario + "  replicates: 100001\n", 5, 15,
                        {"'replicates' must be a whole number from 1 to 100000"});
}

TEST(ScenarioErrors, ParameterNotFinite) {
  expect_scenario_error(kScenario + "parameters:\n  population.max_age: {value: nan, source: x}\n",
                        6, 31, {"'population.max_age' must be a number from 85 to 115", "'nan'"});
  expect_scenario_error(kScenario + "parameters:\n  population.max_age: {value: inf, source: x}\n",
                        6, 31, {"found 'inf'"});
}

TEST(ScenarioErrors, NameWithForbiddenCharacters) {
  expect_scenario_error(replace_line(kScenario, 2, "  name: my scenario"), 2, 9,
                        {"'name' must use only letters, digits, '_', '-' and '.', found 'my "
                         "scenario'"});
  expect_scenario_error(replace_line(kScenario, 2, "  name: \"\""), 2, 9,
                        {"'name' must not be empty"});
}

TEST(ScenarioErrors, UnknownKeys) {
  expect_scenario_error(kScenario + "  wekes: 3\n", 5, 3,
                        {"unknown key 'wekes' in 'scenario'; did you mean 'weeks'?",
                         "(expected one of: name, description, territory, weeks, seed, "
                         "replicates, scale)"});
  expect_scenario_error(kScenario + "parameter:\n  population.max_age: {value: 90, source: x}\n", 5,
                        1,
                        {"unknown key 'parameter' in the scenario file; did you mean "
                         "'parameters'?"});
  // Nothing close: no suggestion, only the list.
  expect_scenario_error(
      kScenario + "zzzzzz: 1\n", 5, 1,
      {"unknown key 'zzzzzz' in the scenario file (expected one of: extends, scenario, "
       "parameters, policies)"});
}

TEST(ScenarioErrors, DuplicateKey) {
  expect_scenario_error(kScenario + "  name: t\n", 5, 3,
                        {"duplicate key 'name' (first given at line 2)"});
}

TEST(ScenarioErrors, MissingRequiredKey) {
  expect_scenario_error("scenario:\n  name: s\n  weeks: 3\n", 2, 3,
                        {"missing required key 'territory' in 'scenario'"});
  expect_scenario_error("parameters: {}\n", 1, 1,
                        {"missing required key 'scenario' in the scenario file"});
}

TEST(ScenarioErrors, WrongNodeTypes) {
  expect_scenario_error("scenario: [1, 2]\n", 1, 11,
                        {"'scenario' must be a mapping of the scenario's settings, found a list"});
  expect_scenario_error("- a\n- b\n", 1, 1, {"a scenario file must be a mapping", "found a list"});
  expect_scenario_error(replace_line(kScenario, 3, "  territory: [a.yaml]"), 3, 14,
                        {"'territory' must be a path to a territory file or an inline territory "
                         "mapping, found a list"});
  expect_scenario_error(kScenario + "parameters: [1]\n", 5, 13,
                        {"'parameters' must be a mapping from parameter path to {value: ..., "
                         "source: \"...\"}, found a list"});
}

TEST(ScenarioErrors, YamlSyntaxError) {
  expect_scenario_error(kScenario + "  seed: [1, 2\n", 0, 0, {"invalid YAML"});
  TempDir dir;
  const auto file = scenario_file(dir, "scenario:\n  name: s\n   weeks: 3\n");
  try {
    load_scenario(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, file.string());
    EXPECT_EQ(e.where().line, 3);
    EXPECT_GT(e.where().column, 0);
    EXPECT_NE(std::string(e.what()).find("invalid YAML"), std::string::npos) << e.what();
  }
}

TEST(ScenarioErrors, MoreThanOneDocument) {
  expect_scenario_error(kScenario + "---\nscenario: {}\n", 6, 1,
                        {"expected one YAML document, found 2"});
}

TEST(ScenarioErrors, EmptyOrMissingScenarioFile) {
  expect_scenario_error("# nothing here\n", 0, 0, {"scenario file is empty"});
  TempDir dir;
  const auto missing = dir.path() / "nowhere.yaml";
  expect_input_error(
      [&] { load_scenario(missing); }, missing.string(), 0, 0,
      {"cannot read scenario file '" + missing.string() + "'", "No such file or directory"});
  expect_input_error([&] { load_scenario(dir.path()); }, dir.path().string(), 0, 0,
                     {"cannot read scenario file", "Is a directory"});
}

TEST(ScenarioErrors, MissingTerritoryFile) {
  TempDir dir;
  const auto file = scenario_file(dir, replace_line(kScenario, 3, "  territory: nowhere.yaml"));
  const std::string resolved = (dir.path() / "nowhere.yaml").lexically_normal().string();
  try {
    load_scenario(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              file.string() +
                  ":3:14: error: cannot read territory file 'nowhere.yaml' (resolved "
                  "to '" +
                  resolved + "'): No such file or directory");
  }
}

TEST(ScenarioErrors, TerritoryPathIsRelativeToTheScenarioFile) {
  TempDir dir;
  dir.write("territories/t.yaml", kTerritory);
  const auto file = dir.write("scenarios/s.yaml",
                              replace_line(kScenario, 3, "  territory: ../territories/t.yaml"));
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.territory.file, (dir.path() / "territories/t.yaml").string());
  // Errors inside the territory name the territory file.
  dir.write("territories/t.yaml", replace_line(kTerritory, 2, "  name: [x]"));
  expect_input_error([&] { load_scenario(file); }, (dir.path() / "territories/t.yaml").string(), 2,
                     9, {"'name' must be text, found a list"});
}

TEST(ScenarioErrors, UnknownParameterSuggestsTheClosest) {
  expect_scenario_error(kScenario + "parameters:\n  population.max_ag: {value: 90, source: x}\n", 6,
                        3,
                        {"unknown parameter 'population.max_ag' in 'parameters'; did you mean "
                         "'population.max_age'?"});
}

TEST(ScenarioErrors, ParameterWithoutSource) {
  expect_scenario_error(kScenario + "parameters:\n  population.max_age: 99\n", 6, 23,
                        {"a parameter set in a scenario file must name its source: write {value: "
                         "99, source: \"...\"}"});
  expect_scenario_error(kScenario + "parameters:\n  population.max_age: {value: 99}\n", 6, 23,
                        {"missing required key 'source' in 'population.max_age'"});
  expect_scenario_error(
      kScenario + "parameters:\n  population.max_age: {value: 99, source: \"\"}\n", 6, 43,
      {"'population.max_age' source must not be empty"});
  expect_scenario_error(
      kScenario + "parameters:\n  population.max_age: {value: 99, source: x, note: y}\n", 6, 46,
      {"unknown key 'note' in 'population.max_age' (expected one of: value, source)"});
}

TEST(ScenarioErrors, ParameterOutOfRange) {
  expect_scenario_error(kScenario + "parameters:\n  population.max_age: {value: 200, source: x}\n",
                        6, 31,
                        {"'population.max_age' must be a number from 85 to 115 (years), found "
                         "'200'"});
  expect_scenario_error(
      kScenario + "parameters:\n  population.female_share_under_65: {value: -0.1, source: x}\n", 6,
      0, {"must be a number from 0 to 1 (share), found '-0.1'"});
}

TEST(ScenarioErrors, DuplicateParameter) {
  expect_scenario_error(kScenario +
                            "parameters:\n"
                            "  population.max_age: {value: 99, source: x}\n"
                            "  population.max_age: {value: 98, source: y}\n",
                        7, 3, {"duplicate key 'population.max_age' (first given at line 6)"});
}

TEST(ScenarioErrors, ParentAgeGapsCrossed) {
  expect_scenario_error(kScenario +
                            "parameters:\n"
                            "  population.parent_age_gap_min: {value: 30, source: x}\n"
                            "  population.parent_age_gap_max: {value: 25, source: y}\n",
                        7, 42,
                        {"population.parent_age_gap_min (30, set at",
                         "must not exceed "
                         "population.parent_age_gap_"
                         "max (25, set at"});
}

TEST(ScenarioErrors, AgeBandAboveMaxAge) {
  TempDir dir;
  dir.write("t.yaml", replace_line(kTerritory, 3, "  age_bands: [0, 65, 90]"));
  const auto file = dir.write(
      "s.yaml", kScenario + "parameters:\n  population.max_age: {value: 90, source: x}\n");
  expect_input_error([&] { load_scenario(file); }, (dir.path() / "t.yaml").string(), 3, 22,
                     {"'age_bands' item 3 (90) must be below population.max_age (90, set at " +
                          file.string() + ":6:31)",
                      "the last band is open up to that age"});
}

TEST(ScenarioErrors, Policies) {
  expect_scenario_error(kScenario + "policies:\n  - {type: home_care_expansion, size: 3}\n", 6, 12,
                        {"unknown policy type 'home_care_expansion'",
                         "(expected one of: "
                         "domiciliarity_expansion,"});
  expect_scenario_error(kScenario + "policies:\n  - {size: 3}\n", 6, 5,
                        {"policy has no 'type'; expected one of: domiciliarity_expansion"});
  expect_scenario_error(kScenario + "policies: {a: 1}\n", 5, 11,
                        {"'policies' must be a list of policy levers, found a mapping"});
  TempDir dir;
  const auto ok = scenario_file(dir, kScenario + "policies: []\n");
  EXPECT_NO_THROW(load_scenario(ok));
}

TEST(ScenarioErrors, SelfReferencingAliasDoesNotHang) {
  // &a refers to itself: yaml-cpp builds a cycle; reading must stop at the first wrong type.
  expect_scenario_error(
      kScenario + "policies: &a [*a]\n", 5, 11,
      {"'policies' item 1 must be a policy lever: a mapping with a 'type', found a list"});
  expect_scenario_error("scenario: &a {name: s, territory: t.yaml, weeks: *a}\n", 1, 11,
                        {"'weeks' must be a whole number", "found a mapping"});
}

TEST(ScenarioErrors, AliasBombIsRejectedQuickly) {
  // Nine levels of nine aliases each: 387 million leaves if expanded. A reader that expanded
  // them would not finish within ctest's time limit for the test.
  std::string text =
      kScenario + "policies:\n  - type: x\n    l0: &l0 [a, a, a, a, a, a, a, a, a]\n";
  for (int level = 1; level <= 8; ++level) {
    const std::string prev = "*l" + std::to_string(level - 1);
    text += "    l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 9; ++i)
      text += (i > 0 ? ", " : "") + prev;
    text += "]\n";
  }
  expect_scenario_error(text, 7, 5, {"unknown key 'l0' in policy"});
}

TEST(ScenarioErrors, HugeDocumentsAreCheckedQuickly) {
  // Many distinct keys in a free-form mapping, and a very long misspelt key.
  std::string text = kScenario + "policies:\n  - {";
  constexpr int kKeys = 100000;
  for (int i = 0; i < kKeys; ++i)
    text += "k" + std::to_string(i) + ": 1, ";
  text += "type: x}\n";
  expect_scenario_error(text, 6, 0, {"unknown key 'k0' in policy"});
  // YAML limits implicit keys to 1024 characters: a longer key must be explicit.
  expect_scenario_error(kScenario + "  ? " + std::string(1'000'000, 'w') + "\n  : 1\n", 5, 5,
                        {"unknown key 'wwww", "(1000000 characters) in 'scenario' (expected"});
}

}  // namespace
}  // namespace welfare
