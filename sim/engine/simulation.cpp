#include "engine/simulation.hpp"

#include <tbb/parallel_for.h>

#include <chrono>
#include <ctime>
#include <limits>

#include "common/version.hpp"
#include "population/synthesis.hpp"

namespace welfare {

Simulation::Simulation(const Scenario& scenario, std::uint32_t replicate)
    : scenario_(scenario),
      replicate_(replicate),
      population_(synthesise_population(scenario.territory, scenario.parameters,
                                        {scenario.seed, replicate})),
      indicators_(static_cast<std::size_t>(scenario.weeks), scenario.territory.zones.size()) {}

void Simulation::step() {
  record_week();
  ++week_;
}

void Simulation::run(const std::function<void(int)>& on_week) {
  while (!finished()) {
    step();
    if (on_week) on_week(week_);
  }
}

void Simulation::record_week() {
  const Population& pop = population_;
  constexpr int kOldestOldAge = 80;
  const auto w = static_cast<std::size_t>(week_);
  const int now = week_ + 1;  // the state at the end of this week
  tbb::parallel_for(std::size_t{0}, pop.zone_count(), [&](std::size_t z) {
    std::int64_t persons = 0, minors = 0, elderly = 0, oldest = 0, foreign = 0;
    for (std::uint32_t p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p) {
      const int age = pop.age_years(p, now);
      ++persons;
      minors += age < kAdultAge;
      elderly += age >= kElderlyAge;
      oldest += age >= kOldestOldAge;
      foreign += pop.foreign[p];
    }
    std::int64_t households = 0, alone = 0, elderly_alone = 0;
    for (std::uint32_t h = pop.zone_household_begin[z]; h < pop.zone_household_begin[z + 1]; ++h) {
      const std::size_t size = pop.household_size(h);
      households += size > 0;
      if (size == 1) {
        ++alone;
        elderly_alone += pop.age_years(pop.household_begin[h], now) >= kElderlyAge;
      }
    }
    auto set = [&](Indicator i, std::int64_t v) {
      indicators_.at(i, w, z) = static_cast<float>(v);
    };
    set(Indicator::kPopulation, persons);
    set(Indicator::kMinors, minors);
    set(Indicator::kElderly, elderly);
    set(Indicator::kOldestOld, oldest);
    set(Indicator::kForeign, foreign);
    set(Indicator::kHouseholds, households);
    set(Indicator::kOnePerson, alone);
    set(Indicator::kElderlyAlone, elderly_alone);
  });
}

store::RunData Simulation::run_data() const {
  store::RunData run;
  run.meta.scenario_name = scenario_.name;
  run.meta.scenario_yaml = scenario_.resolved_yaml;
  run.meta.territory_name = scenario_.territory.name;
  run.meta.seed = scenario_.seed;
  run.meta.replicate = replicate_;
  run.meta.weeks = static_cast<std::uint32_t>(week_);
  run.meta.software_version = kSoftwareVersion;
  run.meta.created_utc = utc_timestamp();
  for (int w = 1; w <= week_; ++w)
    run.weeks.push_back(w);
  const Territory& t = scenario_.territory;
  for (const Zone& z : t.zones) {
    run.zones.ids.push_back(z.id);
    run.zones.names.push_back(z.name);
    run.zones.districts.push_back(t.districts[z.district].name);
  }
  const std::size_t cells = static_cast<std::size_t>(week_) * t.zones.size();
  for (const auto& spec : indicator_specs()) {
    const auto& all = indicators_.series(spec.id);
    run.indicators.push_back(
        {std::string(spec.name), std::string(spec.units), std::string(spec.description),
         std::vector<float>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(cells))});
  }
  return run;
}

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace welfare
