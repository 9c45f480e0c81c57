// The malformed-input corpus (tests/data/malformed/, see its README.md) and inputs too large
// to keep there: each is refused by the loader with an InputError at file:line:col saying what
// was wrong and what was expected, quickly and without exhausting memory or stack.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"
#include "scenario/test_files.hpp"
#include "scenario/yaml_reader.hpp"

namespace welfare {
namespace {

namespace fs = std::filesystem;

using test::expect_input_error;
using test::TempDir;

const fs::path kCorpus = fs::path(WELFARE_TEST_DATA).lexically_normal() / "malformed";

struct Case {
  const char* file;      // the scenario loaded
  const char* reported;  // the file the error points into (the scenario or its territory)
  int line;              // 0: no line (nothing in the file to point at)
  int column;
  std::vector<std::string> phrases;
};

void expect_case(const Case& c) {
  SCOPED_TRACE(c.file);
  const fs::path file = kCorpus / c.file;
  ASSERT_TRUE(fs::exists(file)) << file;
  expect_input_error([&] { load_scenario(file); }, (kCorpus / c.reported).string(), c.line,
                     c.column, c.phrases);
  // Where a line is expected, the message says it.
  if (c.line > 0) {
    try {
      load_scenario(file);
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().line, c.line) << e.what();
      EXPECT_GT(e.where().column, 0) << e.what();
      EXPECT_NE(std::string(e.what()).find((kCorpus / c.reported).string() + ":" +
                                           std::to_string(c.line) + ":"),
                std::string::npos)
          << e.what();
    }
  }
}

void expect_cases(const std::vector<Case>& cases) {
  for (const Case& c : cases)
    expect_case(c);
}

TEST(MalformedInput, TheValidPairLoads) {
  const Scenario s = load_scenario(kCorpus / "valid.yaml");
  EXPECT_EQ(s.territory.zones.size(), 2u);
  EXPECT_EQ(s.territory.total_residents(), 1800);
}

TEST(MalformedInput, FilesThatAreNotScenarios) {
  const std::string empty = "scenario file is empty; expected a mapping with the keys";
  expect_cases({
      {"empty.yaml", "empty.yaml", 0, 0, {empty}},
      {"whitespace_only.yaml", "whitespace_only.yaml", 0, 0, {empty}},
      {"comments_only.yaml", "comments_only.yaml", 0, 0, {empty}},
      {"plain_text.yaml",
       "plain_text.yaml",
       1,
       1,
       {"a scenario file must be a mapping with the keys 'scenario'", "found 'This is a letter"}},
      {"list_at_top.yaml", "list_at_top.yaml", 1, 1, {"must be a mapping", "found a list"}},
      {"not_yaml.yaml", "not_yaml.yaml", 2, 1, {"invalid YAML: end of map flow not found"}},
      {"bad_indentation.yaml", "bad_indentation.yaml", 3, 13, {"invalid YAML: illegal map value"}},
      {"tab_indented.yaml", "tab_indented.yaml", 2, 6, {"invalid YAML"}},
  });
}

TEST(MalformedInput, BinaryDataAndTextThatIsNotUtf8) {
  const std::string binary = "binary data: control character";
  const std::string expected = "expected a YAML text file (UTF-8)";
  expect_cases({
      {"binary.yaml", "binary.yaml", 1, 1, {binary + " 0x7F", expected}},
      {"nul_byte.yaml", "nul_byte.yaml", 2, 10, {binary + " 0x00", expected}},
      {"invalid_utf8.yaml", "invalid_utf8.yaml", 2, 12, {"the text is not UTF-8", "in UTF-8"}},
      // A territory file that is binary: the error is in it, not in the scenario.
      {"uses_binary_territory.yaml", "binary.yaml", 1, 1, {binary + " 0x7F"}},
      // UTF-16 with a byte order mark is text: its error is an ordinary one.
      {"utf16.yaml", "utf16.yaml", 4, 10, {"'weeks' must be a whole number", "found 'zero'"}},
  });
}

TEST(MalformedInput, WeeksReplicatesAndSeedsOutOfRange) {
  const std::string weeks = "'weeks' must be a whole number from 1 to 5200, found ";
  const std::string replicates = "'replicates' must be a whole number from 1 to 100000, found ";
  const std::string seed = "'seed' must be a whole number from 0 to 18446744073709551615, found ";
  expect_cases({
      {"weeks_zero.yaml", "weeks_zero.yaml", 4, 10, {weeks + "'0'"}},
      {"weeks_negative.yaml", "weeks_negative.yaml", 4, 10, {weeks + "'-52'"}},
      {"weeks_billion.yaml", "weeks_billion.yaml", 4, 10, {weeks + "'1000000000'"}},
      {"weeks_beyond_int.yaml", "weeks_beyond_int.yaml", 4, 10, {weeks + "'2147483648'"}},
      {"weeks_beyond_int64.yaml",
       "weeks_beyond_int64.yaml",
       4,
       10,
       {weeks + "'99999999999999999999999'"}},
      {"weeks_huge_exponent.yaml", "weeks_huge_exponent.yaml", 4, 10, {weeks + "'1e400'"}},
      {"weeks_nan.yaml", "weeks_nan.yaml", 4, 10, {weeks + "'.nan'"}},
      {"weeks_inf.yaml", "weeks_inf.yaml", 4, 10, {weeks + "'.inf'"}},
      {"weeks_text.yaml", "weeks_text.yaml", 4, 10, {weeks + "'fifty-two'"}},
      {"weeks_hex.yaml", "weeks_hex.yaml", 4, 10, {weeks + "'0x34'"}},
      {"weeks_list.yaml", "weeks_list.yaml", 4, 10, {weeks + "a list"}},
      {"replicates_zero.yaml", "replicates_zero.yaml", 4, 15, {replicates + "'0'"}},
      {"replicates_negative.yaml", "replicates_negative.yaml", 4, 15, {replicates + "'-1'"}},
      {"replicates_billion.yaml", "replicates_billion.yaml", 4, 15, {replicates + "'1000000000'"}},
      {"replicates_beyond_int.yaml",
       "replicates_beyond_int.yaml",
       4,
       15,
       {replicates + "'4294967297'"}},
      {"seed_negative.yaml", "seed_negative.yaml", 4, 9, {seed + "'-1'"}},
      {"seed_beyond_uint64.yaml",
       "seed_beyond_uint64.yaml",
       4,
       9,
       {seed + "'18446744073709551616'"}},
      {"seed_fraction.yaml", "seed_fraction.yaml", 4, 9, {seed + "'1.5'"}},
  });
}

TEST(MalformedInput, NumbersThatAreNotFiniteOrOutOfRange) {
  const std::string scale = "'scale' must be a number greater than 0 and at most 1";
  const std::string age = "'population.max_age' must be a number from 85 to 115 (years), found ";
  expect_cases({
      {"scale_nan.yaml", "scale_nan.yaml", 4, 10, {scale, "found '.nan'"}},
      {"scale_negative.yaml", "scale_negative.yaml", 4, 10, {scale, "found '-0.5'"}},
      {"parameter_nan.yaml", "parameter_nan.yaml", 5, 31, {age + "'.nan'"}},
      {"parameter_minus_inf.yaml", "parameter_minus_inf.yaml", 5, 31, {age + "'-.inf'"}},
      {"parameter_overflow.yaml", "parameter_overflow.yaml", 5, 31, {age + "'1e999'"}},
      {"parameter_text.yaml", "parameter_text.yaml", 5, 31, {age + "'ninety'"}},
      {"policy_negative_size.yaml",
       "policy_negative_size.yaml",
       5,
       55,
       {"'size' must be a number from 0 to 1000", "found '-0.3'"}},
  });
}

TEST(MalformedInput, TerritoryFigures) {
  const std::string capacity = "must be a number from 0 to 1000000000";
  const std::string residents = "'residents' must be a whole number from 0 to 100000000, found ";
  expect_cases({
      {"uses_t_negative_capacity.yaml",
       "t_negative_capacity.yaml",
       15,
       117,
       {"'services.home_care' " + capacity + " (hours per week), found '-40'"}},
      {"uses_t_capacity_nan.yaml",
       "t_capacity_nan.yaml",
       15,
       120,
       {"'services.nursing_home' " + capacity, "found '.nan'"}},
      {"uses_t_capacity_inf.yaml",
       "t_capacity_inf.yaml",
       15,
       118,
       {"'services.day_centre' " + capacity, "found '.inf'"}},
      {"uses_t_capacity_overflow.yaml",
       "t_capacity_overflow.yaml",
       15,
       118,
       {"'services.day_centre' " + capacity, "found '1e309'"}},
      {"uses_t_residents_negative.yaml",
       "t_residents_negative.yaml",
       15,
       90,
       {residents + "'-800'"}},
      {"uses_t_residents_fraction.yaml",
       "t_residents_fraction.yaml",
       15,
       90,
       {residents + "'800.5'"}},
      {"uses_t_residents_beyond_int64.yaml",
       "t_residents_beyond_int64.yaml",
       15,
       90,
       {residents + "'9223372036854775808'"}},
      {"uses_t_centroid_nan.yaml",
       "t_centroid_nan.yaml",
       15,
       62,
       {"'lon' must be a number from -180 to 180", "found '.nan'"}},
  });
}

TEST(MalformedInput, TerritoriesWithoutPersonsOrWithBadZones) {
  expect_cases({
      {"uses_t_zero_persons.yaml",
       "t_zero_persons.yaml",
       13,
       3,
       {"territory 'Malformia' has no residents", "expected at least one zone with residents"}},
      {"uses_t_no_zones.yaml", "t_no_zones.yaml", 13, 10, {"'zones' must list at least one zone"}},
      {"uses_t_duplicate_zone.yaml",
       "t_duplicate_zone.yaml",
       15,
       12,
       {"duplicate zone id 'Z1' (first defined at line 14)"}},
      {"uses_t_undefined_district.yaml",
       "t_undefined_district.yaml",
       15,
       42,
       {"unknown district 'D9' in zone 'Z2'", "(defined districts: D1, D2)"}},
  });
}

TEST(MalformedInput, ReferencesToThingsNotDefined) {
  expect_cases({
      {"policy_unknown_zone.yaml",
       "policy_unknown_zone.yaml",
       5,
       49,
       {"unknown zone 'Z9'; did you mean 'Z1'?"}},
      {"policy_unknown_district.yaml",
       "policy_unknown_district.yaml",
       5,
       49,
       {"unknown district 'D7'"}},
      {"territory_file_missing.yaml",
       "territory_file_missing.yaml",
       3,
       14,
       {"cannot read territory file 'territory_missing.yaml'", "No such file or directory"}},
      {"undefined_alias.yaml",
       "undefined_alias.yaml",
       2,
       9,
       {"invalid YAML: the referenced anchor is not defined"}},
  });
}

TEST(MalformedInput, AliasesNeitherExpandNorLoop) {
  expect_cases({
      // Nine levels of nine aliases (387 million leaves if expanded) are refused at once.
      {"billion_laughs.yaml",
       "billion_laughs.yaml",
       5,
       5,
       {"'description' must be text, found a list"}},
      // An alias is reported where its anchor's node is.
      {"billion_laughs_zones.yaml",
       "billion_laughs_zones.yaml",
       5,
       53,
       {"'zones' item 1 must be text, found a list"}},
      {"alias_cycle.yaml", "alias_cycle.yaml", 1, 11, {"'description' must be text"}},
      {"merge_key.yaml", "merge_key.yaml", 6, 0, {"unknown key '<<' in policy"}},
      // One lever repeated by aliases: each alias costs a few bytes of input but a lever's
      // work every week and its zones in every run's resolved scenario.
      {"alias_lever_flood.yaml",
       "alias_lever_flood.yaml",
       4,
       1,
       {"'policies' lists 5001 policy levers; at most 1000 are allowed"}},
  });
}

TEST(MalformedInput, LeversUpToTheLimitLoad) {
  TempDir dir;
  fs::copy_file(kCorpus / "territory.yaml", dir.path() / "territory.yaml");
  std::string text =
      "scenario:\n  name: s\n  territory: territory.yaml\npolicies:\n"
      "  - &p {type: domiciliarity_expansion, zones: all, size: 1}\n";
  for (int i = 1; i < 1000; ++i)
    text += "  - *p\n";
  const Scenario s = load_scenario(dir.write("s.yaml", text));
  EXPECT_EQ(s.policies.size(), 1000u);
  // The resolved scenario grows with the levers, not with anything aliases could multiply.
  EXPECT_LT(s.resolved_yaml.size(), 1000u * 300u);
}

TEST(MalformedInput, DeepNestingIsRefusedAtItsPlace) {
  const std::string deep = "lists and mappings nested more than 64 levels deep";
  expect_cases({
      // Beyond the parser's own guard: the message places the first level too deep.
      {"deep_flow_lists.yaml", "deep_flow_lists.yaml", 4, 16 + 64, {deep}},
      {"deep_flow_maps.yaml", "deep_flow_maps.yaml", 4, 16 + 64 * 4, {deep}},
      // Within the parser's guard, beyond ours: the first node too deep.
      {"deep_block_maps.yaml", "deep_block_maps.yaml", 67, 0, {deep}},
      {"deep_block_lists.yaml", "deep_block_lists.yaml", 67, 0, {deep}},
  });
}

TEST(MalformedInput, AMillionLevelsOfNestingDoNotOverflowTheStack) {
  TempDir dir;
  fs::copy_file(kCorpus / "territory.yaml", dir.path() / "territory.yaml");
  constexpr std::size_t kLevels = 1'000'000;
  const std::string head = "scenario:\n  name: s\n  territory: territory.yaml\n  description: ";
  const std::string deep = "lists and mappings nested more than 64 levels deep";
  for (const auto& [open, close] :
       {std::pair<std::string, std::string>{"[", "]"}, {"{a: ", "}"}, {"- ", ""}}) {
    std::string text = head;
    if (open == "- ") text = head + "\n    ";  // a block list of lists, on one line
    for (std::size_t i = 0; i < kLevels; ++i)
      text += open;
    text += "x";
    for (std::size_t i = 0; i < kLevels && !close.empty(); ++i)
      text += close;
    text += "\n";
    const fs::path file = dir.write("deep.yaml", text);
    expect_input_error([&] { load_scenario(file); }, file.string(), 0, 0, {deep});
  }
}

TEST(MalformedInput, FilesOverTheSizeLimitAreNotRead) {
  TempDir dir;
  const std::string limit = "larger than 16777216 bytes (16 MiB), the limit for an input file";
  // A scenario of 17 MiB: a valid one followed by a long comment.
  std::string huge = "scenario:\n  name: s\n  territory: territory.yaml\n";
  huge += "# " + std::string(yaml_reader::kMaxDocumentBytes + (1 << 20), 'x') + "\n";
  fs::copy_file(kCorpus / "territory.yaml", dir.path() / "territory.yaml");
  const fs::path scenario = dir.write("huge.yaml", huge);
  expect_input_error(
      [&] { load_scenario(scenario); }, scenario.string(), 0, 0,
      {"cannot read scenario file", "it is " + std::to_string(huge.size()) + " bytes, " + limit});
  // A territory of 17 MiB: reported at the scenario's 'territory'.
  std::string territory = "territory:\n  name: T\n  description: \"";
  territory += std::string(yaml_reader::kMaxDocumentBytes + 1, 'y') + "\"\n";
  dir.write("big_territory.yaml", territory);
  const fs::path uses =
      dir.write("uses.yaml", "scenario:\n  name: s\n  territory: big_territory.yaml\n");
  expect_input_error([&] { load_scenario(uses); }, uses.string(), 3, 14,
                     {"cannot read territory file 'big_territory.yaml'", limit});
  // Just under the limit is read (and refused for what it holds, not for its size).
  std::string large = "scenario:\n  name: s\n  territory: territory.yaml\n  description: \"";
  large += std::string(yaml_reader::kMaxDocumentBytes - large.size() - 100, 'z') + "\"\n";
  large += "  weeks: 0\n";
  const fs::path under = dir.write("large.yaml", large);
  expect_input_error([&] { load_scenario(under); }, under.string(), 5, 10,
                     {"'weeks' must be a whole number from 1 to 5200, found '0'"});
}

TEST(MalformedInput, CommandLineValuesOutOfRange) {
  const fs::path file = kCorpus / "valid.yaml";
  const auto expect_set_error = [&](const std::string& path, const std::string& value,
                                    const std::string& phrase) {
    const std::string argument = "--set " + path + "=" + value;
    expect_input_error(
        [&] {
          load_scenario(file, {SetOverride{path, value}});
        },
        argument, 0, 0, {phrase + "'" + value + "'"});
  };
  const std::string weeks = "'weeks' must be a whole number from 1 to 5200, found ";
  const std::string replicates = "'replicates' must be a whole number from 1 to 100000, found ";
  for (const char* v : {"0", "-1", "1000000000", "2147483648", "1e400", ".nan", "-.inf", "many"})
    expect_set_error("scenario.weeks", v, weeks);
  for (const char* v : {"0", "-5", "1000000000", "4294967297", ".inf"})
    expect_set_error("scenario.replicates", v, replicates);
  expect_set_error("scenario.seed", "-1",
                   "'seed' must be a whole number from 0 to 18446744073709551615, found ");
  expect_set_error("scenario.scale", ".nan", "found ");
  expect_set_error("parameters.population.max_age", ".inf",
                   "'population.max_age' must be a number from 85 to 115 (years), found ");
}

}  // namespace
}  // namespace welfare
