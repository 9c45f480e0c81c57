// The memory guard: its estimate grows with persons and with the indicator table, and a run
// that would not fit is refused with a message that says what fits.
#include "engine/memory.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "test_scenario.hpp"

namespace welfare {
namespace {

using testing::small_scenario;

constexpr int kWeeks = 52;

TEST(Memory, EstimateGrowsWithPersonsWeeksAndRuns) {
  const Scenario small = small_scenario(kWeeks, 8000);
  const Scenario large = small_scenario(kWeeks, 80000);
  const Scenario longer = small_scenario(4 * kWeeks, 8000);
  EXPECT_GT(estimate_run_bytes(large), estimate_run_bytes(small));
  EXPECT_GT(estimate_run_bytes(longer), estimate_run_bytes(small));
  // Ten times the persons: close to ten times the per-person part (the fixed part aside).
  const double ratio = static_cast<double>(estimate_run_bytes(large) - estimate_run_bytes(small)) /
                       static_cast<double>(estimate_run_bytes(small));
  EXPECT_GT(ratio, 1.0);
  // A real run's peak memory is well below the estimate for a few persons.
  EXPECT_GT(estimate_run_bytes(small), 3 * 8000 * 100U);
}

TEST(Memory, RefusesWhatDoesNotFitAndSaysWhatWould) {
  constexpr std::int64_t kResidents = 80000;  // per zone
  constexpr double kScaleSlack = 0.05;        // beyond the suggested scale's rounding
  const Scenario sc = small_scenario(kWeeks, kResidents);
  const std::uint64_t need = estimate_run_bytes(sc);
  EXPECT_NO_THROW(check_memory(sc, 1, need));
  EXPECT_NO_THROW(check_memory(sc, 1, std::nullopt));  // unknown: nothing is checked
  try {
    check_memory(sc, 1, need / 2);
    FAIL() << "expected a MemoryError";
  } catch (const MemoryError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(sc.name), std::string::npos) << what;
    // The scale it suggests fits, and a little more would not (the fixed part stays).
    const std::string key = "--set scenario.scale=";
    const auto at = what.find(key);
    ASSERT_NE(at, std::string::npos) << what;
    const double scale = std::stod(what.substr(at + key.size()));
    EXPECT_GT(scale, 0.0);
    EXPECT_LT(scale, 0.5);  // half the memory fits less than half the persons
    const auto residents = [&](double s) {
      return static_cast<std::int64_t>(static_cast<double>(kResidents) * s);
    };
    EXPECT_LE(estimate_run_bytes(small_scenario(kWeeks, residents(scale))), need / 2);
    EXPECT_GT(estimate_run_bytes(small_scenario(kWeeks, residents(scale + kScaleSlack))), need / 2);
  }
  // Two runs at once need twice as much.
  EXPECT_NO_THROW(check_memory(sc, 2, 2 * need));
  try {
    check_memory(sc, 2, need);
    FAIL() << "expected a MemoryError";
  } catch (const MemoryError& e) {
    EXPECT_NE(std::string(e.what()).find("--jobs"), std::string::npos) << e.what();
  }
}

TEST(Memory, SizesAndTheLimitVariable) {
  EXPECT_EQ(parse_bytes("1048576"), 1048576U);
  EXPECT_EQ(parse_bytes("8G"), 8ULL << 30);
  EXPECT_EQ(parse_bytes("512M"), 512ULL << 20);
  EXPECT_EQ(parse_bytes("64k"), 64ULL << 10);
  EXPECT_EQ(parse_bytes(""), std::nullopt);
  EXPECT_EQ(parse_bytes("-1G"), std::nullopt);
  EXPECT_EQ(parse_bytes("8 GB"), std::nullopt);
  EXPECT_EQ(parse_bytes("lots"), std::nullopt);
  EXPECT_EQ(parse_bytes("99999999999999999999"), std::nullopt);

  ASSERT_EQ(setenv(kMemoryLimitVariable, "100M", 1), 0);
  const auto capped = available_memory_bytes();
  ASSERT_TRUE(capped.has_value());
  EXPECT_LE(*capped, 100ULL << 20);
  ASSERT_EQ(setenv(kMemoryLimitVariable, "a lot", 1), 0);
  EXPECT_THROW(available_memory_bytes(), MemoryError);
  ASSERT_EQ(unsetenv(kMemoryLimitVariable), 0);
  EXPECT_NO_THROW(available_memory_bytes());
}

TEST(Memory, FormatBytes) {
  EXPECT_EQ(format_bytes(850'000'000), "850 MB");
  EXPECT_EQ(format_bytes(12'300'000'000), "12.3 GB");
}

}  // namespace
}  // namespace welfare
