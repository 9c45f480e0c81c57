// Writes a small run store with known contents for the Python example's test
// (tests/store/read_run_example_test.py): two runs of 10 weeks over 4 zones, where
// population[week][zone] = 1000 * (zone + 1) + week + run offset.
// Usage: make_example_store STORE
#include <cstdio>
#include <exception>
#include <string>

#include "store/store.hpp"

namespace {

constexpr std::uint32_t kWeeks = 10;
constexpr std::size_t kZones = 4;
constexpr float kPersonsPerZoneStep = 1000.0f;  // population grows by zone index
constexpr float kRunOffset = 0.5f;              // run 2's population is run 1's plus this

welfare::store::RunData make_run(std::uint32_t replicate) {
  using welfare::store::Indicator;
  welfare::store::RunData run;
  run.meta.scenario_name = "baseline";
  run.meta.scenario_yaml = "name: baseline\nweeks: 10\n";
  run.meta.territory_name = "Forlì-Cesena";
  run.meta.seed = 12345 + replicate;
  run.meta.replicate = replicate;
  run.meta.weeks = kWeeks;
  run.meta.software_version = "example";
  run.meta.created_utc = "2026-11-24T06:10:00Z";
  for (std::uint32_t w = 1; w <= kWeeks; ++w)
    run.weeks.push_back(static_cast<std::int32_t>(w));
  run.zones.ids = {"040012", "040013", "040014", "040015"};
  run.zones.names = {"Forlì", "Cesena", "Cesenatico", "Bertinoro"};
  run.zones.districts = {"Forlì", "Cesena-Valle Savio", "Rubicone", "Forlì"};

  Indicator population{"population", "persons", "Residents of the zone.", {}};
  Indicator requests{"home_care_requests", "requests", "Open home-care requests.", {}};
  for (std::uint32_t w = 0; w < kWeeks; ++w) {
    for (std::size_t z = 0; z < kZones; ++z) {
      population.values.push_back(kPersonsPerZoneStep * static_cast<float>(z + 1) +
                                  static_cast<float>(w) +
                                  kRunOffset * static_cast<float>(replicate - 1));
      requests.values.push_back(static_cast<float>(w * kZones + z));
    }
  }
  run.indicators = {population, requests};
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s STORE\n", argv[0]);
    return 2;
  }
  try {
    welfare::store::StoreWriter writer(argv[1]);
    for (std::uint32_t replicate = 1; replicate <= 2; ++replicate) {
      std::printf("%s\n", writer.append(make_run(replicate)).c_str());
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  return 0;
}
