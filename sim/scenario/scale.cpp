// A territory scaled down (or up): for quick runs and tests at a fraction of a city.
#include <algorithm>
#include <cmath>

#include "scenario/territory.hpp"

namespace welfare {

Territory scale_territory(const Territory& territory, double factor) {
  Territory t = territory;
  auto scaled = [&](std::int64_t n) {
    return static_cast<std::int64_t>(std::llround(static_cast<double>(n) * factor));
  };
  for (Zone& z : t.zones) {
    z.residents = scaled(z.residents);
    if (z.households) z.households = std::min(scaled(*z.households), z.residents);
    if (z.one_person_households && z.households) {
      z.one_person_households = std::min(scaled(*z.one_person_households), *z.households);
      // Multi-person households need two persons each: rounding may have broken that.
      const std::int64_t one = *z.one_person_households;
      z.households = std::min(*z.households, one + (z.residents - one) / 2);
    } else if (z.one_person_households) {
      z.one_person_households = std::min(scaled(*z.one_person_households), z.residents);
    }
    if (z.residents > 0 && z.households && *z.households == 0) z.households = 1;
    for (double& c : z.capacity)
      c *= factor;
  }
  return t;
}

}  // namespace welfare
