// Valid scenario and territory files load with the right values; the resolved scenario reads
// back to an equal scenario; --set overrides go through the same checks as the file.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "scenario/scenario.hpp"
#include "scenario/test_files.hpp"

namespace welfare {
namespace {

using test::expect_input_error;
using test::kScenario;
using test::kTerritory;
using test::TempDir;

const std::filesystem::path kData = std::filesystem::path(WELFARE_TEST_DATA) / "scenario";

std::size_t service_index(std::string_view key) {
  for (std::size_t k = 0; k < kServiceKinds; ++k) {
    if (service_catalogue()[k].key == key) return k;
  }
  ADD_FAILURE() << "no service " << key;
  return 0;
}

TEST(ServiceCatalogue, KeysAreUniqueAndDescribed) {
  std::set<std::string_view> keys;
  for (std::size_t k = 0; k < kServiceKinds; ++k) {
    const auto& info = service_catalogue()[k];
    EXPECT_EQ(static_cast<std::size_t>(info.kind), k);
    EXPECT_TRUE(keys.insert(info.key).second) << info.key;
    EXPECT_FALSE(info.unit.empty()) << info.key;
    EXPECT_FALSE(info.description.empty()) << info.key;
  }
  EXPECT_EQ(service_catalogue()[service_index("home_care")].unit, "hours per week");
  EXPECT_EQ(service_catalogue()[service_index("case_management")].unit,
            "social workers (full-time equivalent)");
}

TEST(LoadTerritory, ReadsFiguresAndInheritsDefaults) {
  const Territory t = load_territory(kData / "small_territory.yaml");
  EXPECT_EQ(t.name, "Bologna (test extract)");
  EXPECT_EQ(t.file, (kData / "small_territory.yaml").string());
  EXPECT_EQ(t.age_band_lower, (std::vector<int>{0, 15, 65, 80}));
  ASSERT_EQ(t.income_bands.size(), 3u);
  EXPECT_EQ(t.income_bands[1].name, "10-26k");
  EXPECT_EQ(t.income_bands[1].upper_eur, 26000);
  EXPECT_TRUE(std::isinf(t.income_bands[2].upper_eur));
  ASSERT_EQ(t.districts.size(), 2u);
  ASSERT_EQ(t.zones.size(), 3u);

  const Zone& reno = t.zones[0];
  EXPECT_EQ(reno.id, "11");
  EXPECT_EQ(reno.district, 0u);
  EXPECT_DOUBLE_EQ(reno.lon, 11.270449);
  EXPECT_EQ(reno.residents, 61103);
  EXPECT_FALSE(reno.households.has_value());
  EXPECT_EQ(reno.household_size_shares[0], 0.573);
  EXPECT_EQ(reno.household_size_shares[4], 0.023);
  EXPECT_EQ(reno.age_shares, (std::vector<double>{0.114, 0.642, 0.150, 0.094}));
  EXPECT_EQ(reno.foreign_share, 0.156);
  EXPECT_EQ(reno.income_shares, (std::vector<double>{0.3, 0.5, 0.2}));
  EXPECT_EQ(reno.sources.at("residents"), "Comune di Bologna statistics, 31/12/2020");
  EXPECT_EQ(reno.sources.at("foreign_share"), "Comune di Bologna, foreign citizens, 30/6/2023");
}

TEST(LoadTerritory, TurnsRatesPer1000IntoCapacities) {
  const Territory t = load_territory(kData / "small_territory.yaml");
  const Zone& reno = t.zones[0];
  EXPECT_DOUBLE_EQ(reno.capacity[service_index("home_care")], 12.5 * 61103 / 1000.0);
  EXPECT_DOUBLE_EQ(reno.capacity[service_index("nursing_home")], 5.2 * 61103 / 1000.0);
  EXPECT_EQ(reno.capacity[service_index("day_centre")], 0);
  EXPECT_NE(reno.sources.at("services.home_care").find("Test rate"), std::string::npos);
  EXPECT_FALSE(reno.sources.contains("services.day_centre"));

  // Navile gives home care as an absolute capacity: it wins over the rate.
  const Zone& navile = t.zones[1];
  EXPECT_EQ(navile.capacity[service_index("home_care")], 800);
  EXPECT_DOUBLE_EQ(navile.capacity[service_index("nursing_home")], 5.2 * 69211 / 1000.0);
  EXPECT_EQ(navile.capacity[service_index("community_hub")], 40);
  EXPECT_EQ(navile.sources.at("services.community_hub"), "Test: Case di Quartiere");
}

TEST(LoadTerritory, ZoneFiguresOverrideDefaults) {
  const Territory t = load_territory(kData / "small_territory.yaml");
  const Zone& navile = t.zones[1];
  EXPECT_EQ(navile.id, "12");  // a number, taken as text
  EXPECT_EQ(navile.households, 38000);
  EXPECT_EQ(navile.one_person_households, 21000);
  EXPECT_EQ(navile.foreign_share, 0.22);
  EXPECT_EQ(navile.sources.at("foreign_share"), "Test: Navile foreign share");
  EXPECT_EQ(navile.sources.at("one_person_households"), "Test: one-person households");

  const Zone& savena = t.zones[2];
  EXPECT_EQ(savena.district, 1u);
  EXPECT_EQ(savena.age_shares, (std::vector<double>{0.11, 0.611, 0.17, 0.109}));
  EXPECT_EQ(savena.sources.at("age_shares"), "Comune di Bologna: Savena 65+ share 27.9%, 2023");
}

TEST(LoadTerritory, TotalResidentsAndFindZone) {
  const Territory t = load_territory(kData / "small_territory.yaml");
  EXPECT_EQ(t.total_residents(), 61103 + 69211 + 59000);
  EXPECT_EQ(t.find_zone("13"), 2u);
  EXPECT_EQ(t.find_zone("11"), 0u);
  EXPECT_FALSE(t.find_zone("99").has_value());
}

TEST(LoadScenario, ReadsSettingsParametersAndTerritoryByPath) {
  const Scenario s = load_scenario(kData / "valid_scenario.yaml");
  EXPECT_EQ(s.name, "bologna-test");
  EXPECT_EQ(s.description, "Bologna test extract");
  EXPECT_EQ(s.file, (kData / "valid_scenario.yaml").string());
  EXPECT_EQ(s.weeks, 52);
  EXPECT_EQ(s.seed, 20261124u);
  EXPECT_EQ(s.replicates, 3);
  EXPECT_EQ(s.parameters[Param::kMaxAge], 99);
  EXPECT_EQ(s.parameters[Param::kParentAgeGapMax], spec(Param::kParentAgeGapMax).default_value);
  ASSERT_EQ(s.overrides.size(), 1u);
  EXPECT_EQ(s.overrides[0].param, Param::kMaxAge);
  EXPECT_EQ(s.overrides[0].source, "Test: a lower age cap");
  EXPECT_EQ(s.overrides[0].where.line, 10);
  EXPECT_EQ(s.overrides[0].where.column, 31);
  EXPECT_EQ(s.territory, load_territory(kData / "small_territory.yaml"));
}

TEST(LoadScenario, InlineTerritoryAndDefaults) {
  const Scenario s = load_scenario(kData / "inline_scenario.yaml");
  EXPECT_EQ(s.name, "inline.one");
  EXPECT_EQ(s.weeks, 156);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.replicates, 1);
  EXPECT_TRUE(s.overrides.empty());
  EXPECT_EQ(s.parameters, Parameters());
  EXPECT_EQ(s.territory.file, "");
  ASSERT_EQ(s.territory.zones.size(), 1u);
  const Zone& a = s.territory.zones[0];
  EXPECT_EQ(a.residents, 1000);
  EXPECT_EQ(a.age_shares, (std::vector<double>{0.75, 0.25}));
  // Items cited one by one: the zone's citation lists them all.
  EXPECT_EQ(a.sources.at("age_shares"), "Test A; Test B");
  EXPECT_EQ(a.capacity, (std::array<double, kServiceKinds>{}));
}

TEST(LoadScenario, SeedUpTo2To64Minus1) {
  TempDir dir;
  dir.write("t.yaml", kTerritory);
  const auto file = dir.write("s.yaml", kScenario + "  seed: 18446744073709551615\n");
  EXPECT_EQ(load_scenario(file).seed, std::numeric_limits<std::uint64_t>::max());
  const auto zero = dir.write("z.yaml", kScenario + "  seed: 0\n");
  EXPECT_EQ(load_scenario(zero).seed, 0u);
  const auto over = dir.write("o.yaml", kScenario + "  seed: 18446744073709551616\n");
  expect_input_error([&] { load_scenario(over); }, over.string(), 5, 9,
                     {"'seed' must be a whole number from 0 to 18446744073709551615, found "
                      "'18446744073709551616'"});
  const auto negative = dir.write("n.yaml", kScenario + "  seed: -1\n");
  expect_input_error([&] { load_scenario(negative); }, negative.string(), 5, 9,
                     {"'seed' must be a whole number from 0 to"});
}

// Loads the resolved text of `s` and checks it gives the same scenario.
void expect_round_trip(const Scenario& s) {
  TempDir dir;
  const auto file = dir.write("resolved.yaml", s.resolved_yaml);
  const Scenario back = load_scenario(file);
  EXPECT_EQ(back.name, s.name);
  EXPECT_EQ(back.description, s.description);
  EXPECT_EQ(back.weeks, s.weeks);
  EXPECT_EQ(back.seed, s.seed);
  EXPECT_EQ(back.replicates, s.replicates);
  EXPECT_EQ(back.parameters, s.parameters);
  // Every parameter is written with its source, so each reads back as an override.
  ASSERT_EQ(back.overrides.size(), kParamCount);
  for (const auto& o : back.overrides) {
    std::string expected(spec(o.param).source);
    for (const auto& given : s.overrides) {
      if (given.param == o.param) expected = given.source;
    }
    EXPECT_EQ(o.source, expected) << spec(o.param).path;
  }
  EXPECT_EQ(back.territory.file, "");  // inline in the resolved text
  Territory expected = s.territory;
  expected.file = "";
  EXPECT_EQ(back.territory, expected);
  // And resolving again changes nothing but the note on where the territory was read from.
  const auto strip_comments = [](const std::string& text) {
    std::string out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (!line.starts_with("#")) out += line + "\n";
    }
    return out;
  };
  EXPECT_EQ(strip_comments(back.resolved_yaml), strip_comments(s.resolved_yaml));
}

TEST(ResolvedScenario, RoundTripsTerritoryByPath) {
  const Scenario s = load_scenario(kData / "valid_scenario.yaml");
  expect_round_trip(s);
}

TEST(ResolvedScenario, RoundTripsInlineTerritory) {
  expect_round_trip(load_scenario(kData / "inline_scenario.yaml"));
}

TEST(ResolvedScenario, RoundTripsAwkwardValues) {
  TempDir dir;
  // Shares with no short decimal form, a huge seed, names that look like other YAML types.
  const std::string text = test::replace_line(kTerritory, 5,
                                              "  sources: {residents: R, household_size_shares: "
                                              "H, age_shares: A, foreign_share: F, income_shares: "
                                              "I, households: HH, services: SV}");
  dir.write("t.yaml", test::replace_line(text, 9,
                                         "    age_shares: [0.30000000000000004, "
                                         "0.69999999999999996]") +
                          "      households: 400\n"
                          "      services: {home_care: 0.1}\n"
                          "    - id: \"007\"\n"
                          "      name: \"null\"\n"
                          "      district: D2\n"
                          "      centroid: {lon: -0.1, lat: 1e-3}\n"
                          "      residents: 0\n"
                          "      households: 0\n");
  const auto file = dir.write("s.yaml", kScenario +
                                            "  seed: 18446744073709551615\n"
                                            "  description: \"yes: a 'quoted' #text\"\n"
                                            "parameters:\n"
                                            "  population.partner_age_gap_mean: {value: "
                                            "-1.2345678901234567, source: \"x\"}\n");
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.territory.zones[1].id, "007");
  EXPECT_EQ(s.territory.zones[1].name, "null");
  expect_round_trip(s);
}

TEST(ResolvedScenario, ListsEveryParameterWithItsSource) {
  const Scenario s = load_scenario(kData / "valid_scenario.yaml");
  for (const auto& p : param_specs()) {
    EXPECT_NE(s.resolved_yaml.find(std::string(p.path) + ":"), std::string::npos) << p.path;
  }
  EXPECT_NE(s.resolved_yaml.find("Test: a lower age cap"), std::string::npos);
  EXPECT_NE(s.resolved_yaml.find("Territory read from"), std::string::npos);
}

// The YAML block that follows "`name`:" in docs/scenario-format.md.
std::string docs_example(const std::string& text, const std::string& name) {
  const std::string heading = "`" + name + "`:\n\n```yaml\n";
  const auto begin = text.find(heading);
  if (begin == std::string::npos) return "";
  const auto start = begin + heading.size();
  return text.substr(start, text.find("```", start) - start);
}

TEST(DocsExample, LoadsAsDocumented) {
  std::ifstream in(std::filesystem::path(WELFARE_SOURCE_DIR) / "docs" / "scenario-format.md");
  std::ostringstream doc;
  doc << in.rdbuf();
  const std::string territory = docs_example(doc.str(), "territories/demo.yaml");
  const std::string scenario = docs_example(doc.str(), "scenarios/demo.yaml");
  ASSERT_FALSE(territory.empty());
  ASSERT_FALSE(scenario.empty());
  TempDir dir;
  dir.write("territories/demo.yaml", territory);
  const Scenario s = load_scenario(dir.write("scenarios/demo.yaml", scenario));
  EXPECT_EQ(s.name, "demo-baseline");
  ASSERT_EQ(s.territory.zones.size(), 2u);
  EXPECT_NEAR(s.territory.zones[0].capacity[service_index("home_care")], 763.79, 0.01);
  EXPECT_EQ(s.territory.zones[1].capacity[service_index("home_care")], 800);
  EXPECT_EQ(s.territory.zones[1].foreign_share, 0.22);
}

TEST(SetOverride, ParsesPathAndValue) {
  const SetOverride o = parse_set_override("scenario.weeks=52");
  EXPECT_EQ(o.path, "scenario.weeks");
  EXPECT_EQ(o.value, "52");
  const SetOverride eq = parse_set_override("scenario.description=a=b");
  EXPECT_EQ(eq.path, "scenario.description");
  EXPECT_EQ(eq.value, "a=b");
}

TEST(SetOverride, RejectsMalformedArguments) {
  expect_input_error([] { parse_set_override("scenario.weeks"); }, "", 0, 0,
                     {"malformed --set argument 'scenario.weeks'", "expected path=value"});
  expect_input_error([] { parse_set_override("=5"); }, "", 0, 0,
                     {"malformed --set argument '=5'", "the path before '=' is empty"});
}

TEST(SetOverride, AppliesSettingsAndParameters) {
  const Scenario s =
      load_scenario(kData / "valid_scenario.yaml",
                    {parse_set_override("scenario.weeks=8"), parse_set_override("scenario.seed=7"),
                     parse_set_override("scenario.name=other"),
                     parse_set_override("parameters.population.max_age=90"),
                     parse_set_override("parameters.population.parent_age_gap_min=18")});
  EXPECT_EQ(s.weeks, 8);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.name, "other");
  EXPECT_EQ(s.parameters[Param::kMaxAge], 90);
  EXPECT_EQ(s.parameters[Param::kParentAgeGapMin], 18);
  for (const auto& o : s.overrides) {
    EXPECT_EQ(o.source, "--set") << spec(o.param).path;
    EXPECT_EQ(o.where.line, 0);
  }
  EXPECT_NE(s.resolved_yaml.find("source: --set"), std::string::npos);
}

TEST(SetOverride, AddsKeysMissingFromTheFile) {
  TempDir dir;
  dir.write("t.yaml", kTerritory);
  const auto file = dir.write("s.yaml", kScenario);
  const Scenario s = load_scenario(file, {parse_set_override("scenario.replicates=4"),
                                          parse_set_override("parameters.population.max_age=88")});
  EXPECT_EQ(s.replicates, 4);
  EXPECT_EQ(s.parameters[Param::kMaxAge], 88);
}

TEST(SetOverride, TerritoryPathIsRelativeToTheWorkingDirectory) {
  TempDir dir;
  const auto territory = dir.write("sub/t2.yaml", kTerritory);
  const Scenario s =
      load_scenario(kData / "valid_scenario.yaml",
                    {parse_set_override("scenario.territory=" + territory.string())});
  EXPECT_EQ(s.territory.name, "T");
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const Scenario relative = load_scenario(kData / "valid_scenario.yaml",
                                          {parse_set_override("scenario.territory=sub/t2.yaml")});
  std::filesystem::current_path(previous);
  EXPECT_EQ(relative.territory.name, "T");
  EXPECT_EQ(relative.territory.file, "sub/t2.yaml");
}

TEST(SetOverride, UnknownPathSuggestsTheClosest) {
  expect_input_error(
      [] {
        load_scenario(kData / "valid_scenario.yaml", {parse_set_override("scenario.wekes=5")});
      },
      "--set scenario.wekes=5", 0, 0,
      {"unknown --set path 'scenario.wekes'; did you mean 'scenario.weeks'?"});
  expect_input_error(
      [] {
        load_scenario(kData / "valid_scenario.yaml",
                      {parse_set_override("parameters.population.max_ag=90")});
      },
      "--set parameters.population.max_ag=90", 0, 0,
      {"did you mean 'parameters.population.max_age'?"});
  expect_input_error(
      [] { load_scenario(kData / "valid_scenario.yaml", {parse_set_override("weeks=5")}); },
      "--set weeks=5", 0, 0, {"unknown --set path 'weeks'", "parameters.<parameter path>"});
}

TEST(SetOverride, InvalidValueIsReportedAtTheArgument) {
  try {
    load_scenario(kData / "valid_scenario.yaml", {parse_set_override("scenario.weeks=abc")});
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "--set scenario.weeks=abc: error: 'weeks' must be a whole number from 1 to "
                 "5200, found 'abc'");
  }
  expect_input_error(
      [] {
        load_scenario(kData / "valid_scenario.yaml",
                      {parse_set_override("parameters.population.max_age=200")});
      },
      "--set parameters.population.max_age=200", 0, 0,
      {"'population.max_age' must be a number from 85 to 115 (years), found '200'"});
  expect_input_error(
      [] {
        load_scenario(kData / "valid_scenario.yaml",
                      {parse_set_override("scenario.territory=nowhere.yaml")});
      },
      "--set scenario.territory=nowhere.yaml", 0, 0,
      {"cannot read territory file 'nowhere.yaml'", "No such file or directory"});
}

}  // namespace
}  // namespace welfare
