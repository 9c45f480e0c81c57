// A small territory and scenario defined in code for the engine's tests.
#pragma once

#include <cmath>
#include <string>
#include <utility>

#include "scenario/scenario.hpp"

namespace welfare::testing {

// Three zones in two districts, `residents_per_zone` each (the last zone a little larger),
// with every service at `capacity_scale` times a moderate provision per 1,000 residents.
inline Scenario small_scenario(int weeks, std::int64_t residents_per_zone = 8000,
                               double capacity_scale = 1.0, std::uint64_t seed = 5) {
  Scenario sc;
  sc.name = "engine-test";
  sc.weeks = weeks;
  sc.seed = seed;
  Territory& t = sc.territory;
  t.name = "Testland";
  t.age_band_lower = {0, 15, 65, 80};
  t.income_bands = {{"low", 12000}, {"mid", 26000}, {"high", INFINITY}};
  t.districts = {{"D1", "North"}, {"D2", "South"}};
  // Capacity per 1,000 residents, in each service's unit (ServiceKind order).
  const std::array<double, kServiceKinds> per_thousand = {20.0,  // home care, hours a week
                                                          1.0,   // day centre places
                                                          5.0,   // nursing-home beds
                                                          3.0,   // community-hub places
                                                          0.2,   // social workers
                                                          8.0,   // income support places
                                                          1.0,   // housing support places
                                                          3.0,   // children's services places
                                                          0.5};  // Budget di Salute plans
  for (int i = 0; i < 3; ++i) {
    Zone z;
    z.id = "Z" + std::to_string(i);
    z.name = "Zone " + std::to_string(i);
    z.district = static_cast<std::size_t>(i % 2);
    z.residents = residents_per_zone + 500 * i;
    z.household_size_shares = {0.5, 0.25, 0.12, 0.1, 0.03};
    z.age_shares = {0.12, 0.62, 0.17, 0.09};
    z.foreign_share = 0.1 * (i + 1);
    z.income_shares = {0.25, 0.35, 0.4};
    for (std::size_t s = 0; s < kServiceKinds; ++s) {
      z.capacity[s] = capacity_scale * per_thousand[s] * static_cast<double>(z.residents) / 1000.0;
    }
    t.zones.push_back(z);
  }
  return sc;
}

// A policy lever of `type` and `size` acting in every zone of the scenario from week 0.
inline Policy lever_everywhere(const Scenario& sc, LeverType type, double size, std::string name) {
  Policy p;
  p.type = type;
  p.name = std::move(name);
  p.size = size;
  for (std::size_t z = 0; z < sc.territory.zones.size(); ++z)
    p.zones.push_back(z);
  return p;
}

}  // namespace welfare::testing
