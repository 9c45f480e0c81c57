// Each kind of problem in a territory file is an InputError at the right place, saying what was
// wrong and what was expected. The territory is read on its own with load_territory().
#include <gtest/gtest.h>

#include "scenario/scenario.hpp"
#include "scenario/test_files.hpp"

namespace welfare {
namespace {

using test::expect_input_error;
using test::kTerritory;
using test::replace_line;
using test::TempDir;

void expect_territory_error(const std::string& text, int line, int column,
                            const std::vector<std::string>& phrases) {
  TempDir dir;
  const auto file = dir.write("t.yaml", text);
  expect_input_error([&] { load_territory(file); }, file.string(), line, column, phrases);
}

TEST(TerritoryErrors, ValidBaseLoads) {
  TempDir dir;
  const Territory t = load_territory(dir.write("t.yaml", kTerritory));
  ASSERT_EQ(t.zones.size(), 1u);
  EXPECT_EQ(t.zones[0].residents, 1000);
}

TEST(TerritoryErrors, UnknownZoneKeySuggestsTheClosest) {
  TempDir dir;
  const auto file = dir.write("t.yaml", kTerritory + "      residens: 5\n");
  try {
    load_territory(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              file.string() +
                  ":18:7: error: unknown key 'residens' in zone 'Z1'; did you mean 'residents'? "
                  "(expected one of: id, name, district, centroid, residents, households, "
                  "one_person_households, household_size_shares, age_shares, foreign_share, "
                  "income_shares, services)");
  }
}

TEST(TerritoryErrors, DuplicateKey) {
  expect_territory_error(kTerritory + "      name: again\n", 18, 7,
                         {"duplicate key 'name' (first given at line 14)"});
}

TEST(TerritoryErrors, SharesNotSummingToOne) {
  expect_territory_error(replace_line(kTerritory, 9, "    age_shares: [0.8, 0.13]"), 9, 17,
                         {"age_shares sum to 0.93; expected shares summing to 1 (within 0.002)"});
  // Rounded published shares are accepted.
  TempDir dir;
  EXPECT_NO_THROW(load_territory(dir.write("t.yaml", replace_line(kTerritory, 9,
                                                                  "    age_shares: [0.8, "
                                                                  "0.201]"))));
  expect_territory_error(replace_line(kTerritory, 8,
                                      "    household_size_shares: {\"1\": 0.5, \"2\": 0.3, "
                                      "\"3\": 0.15, \"4\": 0.1, \"5+\": 0.05}"),
                         8, 28, {"household_size_shares sum to 1.1; expected shares summing to 1"});
}

TEST(TerritoryErrors, ShareOutOfRangeOrWrongCount) {
  expect_territory_error(replace_line(kTerritory, 9, "    age_shares: [1.2, -0.2]"), 9, 18,
                         {"'age_shares' item 1 must be a number from 0 to 1 (share), found "
                          "'1.2'"});
  expect_territory_error(replace_line(kTerritory, 9, "    age_shares: [0.5, 0.3, 0.2]"), 9, 17,
                         {"'age_shares' has 3 values; expected one per age band (2: 0-64, 65+)"});
  expect_territory_error(replace_line(kTerritory, 11, "    income_shares: 1"), 11, 20,
                         {"'income_shares' must be a list of shares, one per income band (low, "
                          "high), found '1'"});
  expect_territory_error(replace_line(kTerritory, 10, "    foreign_share: 1.5"), 10, 20,
                         {"'foreign_share' must be a number from 0 to 1 (share), found '1.5'"});
}

TEST(TerritoryErrors, HouseholdSizeKeys) {
  expect_territory_error(replace_line(kTerritory, 8,
                                      "    household_size_shares: {\"1\": 0.4, \"2\": 0.3, "
                                      "\"3\": 0.15, \"4\": 0.1, \"5\": 0.05}"),
                         8, 70,
                         {"unknown household size '5' in household_size_shares; did you mean "
                          "'5+'?"});
  expect_territory_error(replace_line(kTerritory, 8,
                                      "    household_size_shares: {\"1\": 0.4, \"2\": 0.3, "
                                      "\"3\": 0.2, \"4\": 0.1}"),
                         8, 28, {"missing required key '5+' in household_size_shares"});
}

TEST(TerritoryErrors, MissingRequiredKeyNamesTheZone) {
  expect_territory_error(replace_line(kTerritory, 17, "      foreign_share: 0.2"), 13, 7,
                         {"missing required key 'residents' in zone 'Z1'"});
  expect_territory_error(replace_line(kTerritory, 10, ""), 13, 7,
                         {"missing required key 'foreign_share' in zone 'Z1' (territory.defaults "
                          "gives none)"});
  expect_territory_error(replace_line(kTerritory, 2, "  description: x"), 2, 3,
                         {"missing required key 'name' in 'territory'"});
}

TEST(TerritoryErrors, FigureWithoutSource) {
  expect_territory_error(kTerritory + "      households: 300\n", 18, 7,
                         {"figure 'households' has no source; add it under territory.sources or "
                          "write {value: ..., source: ...}"});
  expect_territory_error(kTerritory + "      services: {home_care: 3}\n", 18, 18,
                         {"figure 'services.home_care' has no source"});
  expect_territory_error(replace_line(kTerritory, 10,
                                      "    services_per_1000_residents: "
                                      "{day_centre: 1}") +
                             "      foreign_share: 0.1\n",
                         10, 35, {"figure 'services_per_1000_residents.day_centre' has no source"});
  // Inline citations, of a whole list or of single figures, are enough.
  TempDir dir;
  EXPECT_NO_THROW(load_territory(dir.write(
      "t.yaml", kTerritory +
                    "      households: {value: 300, source: \"x\"}\n"
                    "      services: {value: {home_care: 3, day_centre: 2}, source: y}\n")));
  // Some items cited and the rest without a source: not enough.
  expect_territory_error(replace_line(kTerritory, 5,
                                      "  sources: {residents: R, "
                                      "household_size_shares: H, foreign_share: F, "
                                      "income_shares: I}")
                             .append("      age_shares: [{value: 0.5, source: a}, 0.5]\n"),
                         9, 5, {"figure 'age_shares' has no source"});
}

TEST(TerritoryErrors, CitedFigureForm) {
  expect_territory_error(kTerritory + "      households: {value: 300}\n", 18, 19,
                         {"missing required key 'source' in 'households'"});
  expect_territory_error(kTerritory + "      households: {value: 300, source: x, year: 2020}\n", 18,
                         43, {"unknown key 'year' in 'households'"});
  expect_territory_error(kTerritory + "      households: {value: 300.5, source: x}\n", 18, 27,
                         {"'households' must be a whole number from 0 to 100000000, found "
                          "'300.5'"});
}

TEST(TerritoryErrors, UnknownServiceSuggestsTheClosest) {
  expect_territory_error(kTerritory + "      services: {home_car: 3}\n", 18, 18,
                         {"unknown service 'home_car' in 'services'; did you mean 'home_care'?",
                          "expected one of: home_care, day_centre"});
  expect_territory_error(kTerritory + "      services: {home_care: -3}\n", 18, 29,
                         {"'services.home_care' must be a number from 0 to 1000000000 (hours per "
                          "week), found '-3'"});
}

TEST(TerritoryErrors, UnknownDistrictSuggestsTheClosest) {
  expect_territory_error(replace_line(kTerritory, 15, "      district: d2"), 15, 17,
                         {"unknown district 'd2' in zone 'Z1'; did you mean 'D2'? (defined "
                          "districts: D1, D2)"});
}

TEST(TerritoryErrors, DuplicateIds) {
  expect_territory_error(kTerritory +
                             "    - id: Z1\n"
                             "      name: Again\n"
                             "      district: D1\n"
                             "      centroid: {lon: 9, lat: 45}\n"
                             "      residents: 5\n",
                         18, 11, {"duplicate zone id 'Z1' (first defined at line 13)"});
  expect_territory_error(replace_line(kTerritory, 6,
                                      "  districts: [{id: D1, name: One}, {id: D1, "
                                      "name: Two}]"),
                         6, 41, {"duplicate district id 'D1' (first defined at line 6)"});
  expect_territory_error(
      replace_line(kTerritory, 4, "  income_bands: [{name: low, upper_eur: 1}, {name: low}]"), 4,
      52, {"duplicate income band name 'low'"});
}

TEST(TerritoryErrors, Centroid) {
  expect_territory_error(replace_line(kTerritory, 16, "      centroid: {lon: 200, lat: 45}"), 16,
                         23,
                         {"'lon' must be a number from -180 to 180 (degrees of longitude), found "
                          "'200'"});
  expect_territory_error(replace_line(kTerritory, 16, "      centroid: [9, 45]"), 16, 17,
                         {"'centroid' must be a mapping {lon, lat} in degrees (WGS84), found a "
                          "list"});
  expect_territory_error(replace_line(kTerritory, 16, "      centroid: {lon: 9}"), 16, 17,
                         {"missing required key 'lat' in 'centroid'"});
}

TEST(TerritoryErrors, ResidentsAndHouseholds) {
  expect_territory_error(replace_line(kTerritory, 17, "      residents: 1000.5"), 17, 18,
                         {"'residents' must be a whole number from 0 to 100000000, found "
                          "'1000.5'"});
  const std::string cited = replace_line(kTerritory, 5,
                                         "  sources: {residents: R, household_size_shares: H, "
                                         "age_shares: A, foreign_share: F, income_shares: I, "
                                         "households: HH, one_person_households: OP}");
  expect_territory_error(cited + "      households: 2000\n", 18, 19,
                         {"'households' (2000) cannot exceed 'residents' (1000) in zone 'Z1'"});
  expect_territory_error(cited + "      households: 0\n", 18, 19,
                         {"zone 'Z1' has 1000 residents but 0 households"});
  expect_territory_error(cited + "      households: 600\n      one_person_households: 700\n", 19,
                         30, {"'one_person_households' (700) cannot exceed 'households' (600)"});
  expect_territory_error(cited + "      households: 600\n      one_person_households: 100\n", 19,
                         30,
                         {"zone 'Z1' cannot hold its households: 100 one-person households and "
                          "500 households of two or more persons need at least 1100 residents, "
                          "but 'residents' is 1000"});
  TempDir dir;
  EXPECT_NO_THROW(load_territory(
      dir.write("t.yaml", cited + "      households: 600\n      one_person_households: 200\n")));
}

TEST(TerritoryErrors, AgeBands) {
  expect_territory_error(replace_line(kTerritory, 3, "  age_bands: [5, 65]"), 3, 15,
                         {"the first age band must start at 0, found '5'"});
  expect_territory_error(replace_line(kTerritory, 3, "  age_bands: [0, 65, 65]"), 3, 22,
                         {"'age_bands' item 3 (65) must be above the previous lower bound (65)"});
  expect_territory_error(replace_line(kTerritory, 3, "  age_bands: [0, 115]"), 3, 18,
                         {"must be below the largest population.max_age a scenario may set (115)"});
  expect_territory_error(replace_line(kTerritory, 3, "  age_bands: [0, 15.5]"), 3, 18,
                         {"'age_bands' item 2 must be a whole number"});
  expect_territory_error(replace_line(kTerritory, 3, "  age_bands: []"), 3, 14,
                         {"'age_bands' must list at least one lower bound"});
}

TEST(TerritoryErrors, IncomeBands) {
  expect_territory_error(replace_line(kTerritory, 4,
                                      "  income_bands: [{name: low, upper_eur: 1}, {name: high, "
                                      "upper_eur: 2}]"),
                         4, 58, {"the last income band 'high' is open-ended: remove 'upper_eur'"});
  expect_territory_error(replace_line(kTerritory, 4, "  income_bands: [{name: low}, {name: high}]"),
                         4, 18,
                         {"missing required key 'upper_eur' in income band 'low' (only the last "
                          "band is open-ended)"});
  expect_territory_error(
      replace_line(kTerritory, 4,
                   "  income_bands: [{name: a, upper_eur: 5}, {name: b, "
                   "upper_eur: 5}, {name: c}]") +
          "",
      4, 64, {"'upper_eur' of income band 'b' (5) must be above the previous band's (5)"});
}

TEST(TerritoryErrors, SourcesBlock) {
  expect_territory_error(replace_line(kTerritory, 5, "  sources: {residens: R}"), 5, 13,
                         {"unknown figure 'residens' in 'sources'; did you mean 'residents'?"});
  expect_territory_error(replace_line(kTerritory, 5, "  sources: {residents: \"\"}"), 5, 24,
                         {"'residents' must not be empty"});
}

TEST(TerritoryErrors, FileLevel) {
  expect_territory_error("", 0, 0, {"territory file is empty"});
  expect_territory_error("territory:\n  name: T\nzones: []\n", 3, 1,
                         {"unknown key 'zones' in the territory file (expected one of: "
                          "territory)"});
  expect_territory_error("{}\n", 1, 1, {"missing required key 'territory' in the territory file"});
  expect_territory_error("territory: [1]\n", 1, 12,
                         {"'territory' must be a mapping, found a list"});
  TempDir dir;
  const auto missing = dir.path() / "none.yaml";
  expect_input_error([&] { load_territory(missing); }, missing.string(), 0, 0,
                     {"cannot read territory file", "No such file or directory"});
}

TEST(TerritoryErrors, NonTextKeys) {
  expect_territory_error(kTerritory + "      [a]: 1\n", 18, 7,
                         {"keys in zone 'Z1' must be text, found a list"});
}

}  // namespace
}  // namespace welfare
