// Inputs found by fuzz/scenario_fuzzer, minimised, kept in tests/data/fuzz/scenario_fuzzer/:
// each is read through load_scenario and load_territory, as the fuzzer reads it, and must give
// a clean InputError at its place instead of the crash or hang it once caused.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "scenario/scenario.hpp"
#include "scenario/test_files.hpp"

namespace welfare {
namespace {

using test::expect_input_error;

const std::filesystem::path kFuzzData = std::filesystem::path(WELFARE_TEST_DATA) / "fuzz";

std::filesystem::path input(const std::string& name) {
  return kFuzzData / "scenario_fuzzer" / name;
}

// Both loaders, each well within a second (the inputs below once ran for ever).
void expect_both_refuse(const std::filesystem::path& file, int line, int column,
                        const std::vector<std::string>& phrases) {
  const auto start = std::chrono::steady_clock::now();
  expect_input_error([&] { load_scenario(file); }, file.string(), line, column, phrases);
  expect_input_error([&] { load_territory(file); }, file.string(), line, column, phrases);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// yaml-cpp's LoadAll looped for ever, allocating gigabytes, on a ',' that can start no
// document: the parser yielded an empty document without consuming it, again and again.
TEST(ScenarioFuzzRegressions, FlowEntryAtTopLevelIsRefusedNotLoopedOn) {
  expect_both_refuse(
      input("flow_entry_at_top_level.yaml"), 1, 2,
      {"invalid YAML", "',' outside a [...] list or {...} mapping", "expected a key or a value"});
}

// The input the fuzzer found: a scenario whose line 7 starts with " ,", after a mapping.
TEST(ScenarioFuzzRegressions, FlowEntryAfterAMappingIsRefusedNotLoopedOn) {
  expect_both_refuse(input("yaml_cpp_endless_documents.yaml"), 7, 2,
                     {"invalid YAML", "',' outside a [...] list or {...} mapping"});
}

// Texts that are fine for yaml-cpp are not taken for the endless case: several documents
// are still reported as such, and document markers alone are an empty file.
TEST(ScenarioFuzzRegressions, DocumentMarkersAreNotMistakenForTheEndlessCase) {
  test::TempDir dir;
  const auto two = dir.write("two.yaml", test::kScenario + "---\nscenario: {name: t}\n");
  expect_input_error([&] { load_scenario(two); }, two.string(), 0, 0,
                     {"expected one YAML document, found 2"});
  const auto markers = dir.write("markers.yaml", "---\n...\n");
  expect_input_error([&] { load_scenario(markers); }, markers.string(), 0, 0,
                     {"scenario file is empty"});
}

}  // namespace
}  // namespace welfare
