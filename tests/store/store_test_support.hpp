// Helpers shared by the run store tests: a scratch directory, deterministic runs whose every
// value is a function of the run number, and an exact (bit-for-bit) comparison of runs.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace welfare::store::test_support {

// A fresh directory under the system temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "welfare-store-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Default shape of a test run: three years of weeks over the 88 zones of a mid-size province.
inline constexpr std::size_t kTestWeeks = 156;
inline constexpr std::size_t kTestZones = 88;
// A resolved scenario of a realistic size (they run to tens of KB).
inline constexpr std::size_t kTestYamlBytes = 24 * 1024;

// A cheap, well-mixed hash (splitmix64 finaliser) so values do not compress to nothing.
inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline std::string make_yaml(std::uint32_t number, std::size_t bytes) {
  std::string yaml = "scenario: test run " + std::to_string(number) + "\nparameters:\n";
  for (std::uint64_t i = 0; yaml.size() < bytes; ++i) {
    yaml += "  p" + std::to_string(i) + ": " + std::to_string(mix(number * 1000003ULL + i)) +
            "  # città, età\n";
  }
  return yaml;
}

// Run `number` (1-based): metadata, axes and indicators are all functions of it.
inline RunData make_run(std::uint32_t number, std::size_t weeks = kTestWeeks,
                        std::size_t zones = kTestZones, std::size_t yaml_bytes = kTestYamlBytes) {
  RunData run;
  run.meta.scenario_name = "scenario-" + std::to_string(number % 3);
  run.meta.scenario_yaml = make_yaml(number, yaml_bytes);
  run.meta.territory_name = number % 2 == 0 ? "Provincia di Forlì-Cesena" : "Umbria";
  run.meta.seed = mix(number);  // uses all 64 bits
  run.meta.replicate = number;
  run.meta.weeks = static_cast<std::uint32_t>(weeks);
  run.meta.software_version = "0.1.0+test" + std::to_string(number);
  run.meta.created_utc = "2026-11-24T06:10:" + std::to_string(10 + number % 50) + "Z";
  run.meta.experiment = number % 4 == 0 ? "" : "sweep-è";
  run.meta.point = number % 5;
  for (std::size_t w = 0; w < weeks; ++w)
    run.weeks.push_back(static_cast<std::int32_t>(w + 1));
  for (std::size_t z = 0; z < zones; ++z) {
    run.zones.ids.push_back("Z" + std::to_string(1000 + z));
    run.zones.names.push_back(z % 5 == 0 ? "Città " + std::to_string(z)
                                         : "Comune " + std::to_string(z));
    run.zones.districts.push_back("Distretto " + std::to_string(z % 4 + 1));
  }
  const char* names[] = {"population", "demand_home_care", "waiting_weeks", "spending"};
  const char* units[] = {"persons", "requests", "weeks", "EUR"};
  for (std::size_t i = 0; i < std::size(names); ++i) {
    Indicator indicator;
    indicator.name = names[i];
    indicator.units = units[i];
    indicator.description =
        "Test indicator " + std::string(names[i]) + " of run " + std::to_string(number) + ".";
    indicator.values.resize(weeks * zones);
    for (std::size_t k = 0; k < indicator.values.size(); ++k) {
      const std::uint64_t h = mix((std::uint64_t{number} << 40) ^ (i << 32) ^ k);
      indicator.values[k] = static_cast<float>(h % 1000000) / 7.0f;
    }
    run.indicators.push_back(std::move(indicator));
  }
  // Values whose bits must survive exactly.
  if (weeks * zones >= 4) {
    auto& v = run.indicators[0].values;
    v[0] = -0.0f;
    v[1] = std::numeric_limits<float>::quiet_NaN();
    v[2] = std::numeric_limits<float>::infinity();
    v[3] = std::numeric_limits<float>::denorm_min();
  }
  return run;
}

inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  // memcmp must not be given the null data() of an empty vector, even for zero bytes.
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

inline void expect_same_meta(const RunMetadata& expected, const RunMetadata& actual) {
  EXPECT_EQ(expected.scenario_name, actual.scenario_name);
  EXPECT_EQ(expected.scenario_yaml, actual.scenario_yaml);
  EXPECT_EQ(expected.territory_name, actual.territory_name);
  EXPECT_EQ(expected.seed, actual.seed);
  EXPECT_EQ(expected.replicate, actual.replicate);
  EXPECT_EQ(expected.weeks, actual.weeks);
  EXPECT_EQ(expected.software_version, actual.software_version);
  EXPECT_EQ(expected.created_utc, actual.created_utc);
  EXPECT_EQ(expected.experiment, actual.experiment);
  EXPECT_EQ(expected.point, actual.point);
}

inline void expect_same_run(const RunData& expected, const RunData& actual) {
  expect_same_meta(expected.meta, actual.meta);
  EXPECT_EQ(expected.weeks, actual.weeks);
  EXPECT_EQ(expected.zones.ids, actual.zones.ids);
  EXPECT_EQ(expected.zones.names, actual.zones.names);
  EXPECT_EQ(expected.zones.districts, actual.zones.districts);
  ASSERT_EQ(expected.indicators.size(), actual.indicators.size());
  for (std::size_t i = 0; i < expected.indicators.size(); ++i) {
    const Indicator& e = expected.indicators[i];
    const Indicator& a = actual.indicators[i];
    EXPECT_EQ(e.name, a.name);
    EXPECT_EQ(e.units, a.units);
    EXPECT_EQ(e.description, a.description);
    EXPECT_TRUE(same_bits(e.values, a.values)) << "values of " << e.name << " differ";
  }
}

inline std::vector<char> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::filesystem::path& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Runs `body` expecting a StoreError whose message contains every one of `parts`.
template <typename Body>
void expect_store_error(Body&& body, const std::vector<std::string>& parts) {
  try {
    body();
    ADD_FAILURE() << "expected a StoreError";
  } catch (const StoreError& error) {
    const std::string message = error.what();
    for (const std::string& part : parts) {
      EXPECT_NE(message.find(part), std::string::npos)
          << "message \"" << message << "\" lacks \"" << part << "\"";
    }
  }
}

}  // namespace welfare::store::test_support
