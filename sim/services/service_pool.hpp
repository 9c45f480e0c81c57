// The services of a territory: for each service, its areas (each zone, each district, or
// the whole territory, as the territory organises it), their capacity (in the service's
// unit, scaled by the care workforce actually available) and the roster of persons served.
//
// A place is held by (person, domain) and recorded in its area's roster with the units it
// takes (home-care hours by severity, one place otherwise, a share of a social worker's
// caseload). Releasing a place only clears the case's service mark; the roster drops such
// entries when compacted, before each allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "needs/needs.hpp"
#include "params/parameters.hpp"
#include "policies/zone_levers.hpp"
#include "scenario/territory.hpp"

namespace welfare {

struct Placement {
  std::uint32_t person;
  Domain domain;
  double units;
  std::int16_t since;  // week of admission
};

class ServicePool {
 public:
  ServicePool(const Territory& territory, const Parameters& params);
  // Recomputes the effective capacities (after a change of parameters, or as policy levers
  // add capacity or change the workforce zone by zone; `levers` may be empty). An area's
  // capacity is the sum of its zones'.
  void update_capacity(const Territory& territory, const Parameters& params,
                       const std::vector<ZoneLevers>& levers = {});

  // The areas of service s, and the area a zone belongs to for it.
  std::size_t areas(ServiceKind s) const { return of(s).capacity.size(); }
  std::size_t area(std::size_t zone, ServiceKind s) const { return of(s).area_of_zone[zone]; }
  // The zones of an area, in order.
  const std::vector<std::size_t>& zones_of(std::size_t area, ServiceKind s) const {
    return of(s).zones[area];
  }

  // Effective capacity this week, in the service's unit.
  double capacity(std::size_t area, ServiceKind s) const { return of(s).capacity[area]; }
  double used(std::size_t area, ServiceKind s) const { return of(s).used[area]; }
  const std::vector<Placement>& roster(std::size_t area, ServiceKind s) const {
    return of(s).rosters[area];
  }

  void admit(std::size_t area, ServiceKind s, const Placement& placement);
  // Keeps the entries of an area for which `holds(placement)` is true and recounts the units.
  template <class Holds>
  void compact(std::size_t area, ServiceKind s, Holds&& holds) {
    auto& r = of(s).rosters[area];
    std::erase_if(r, [&](const Placement& pl) { return !holds(pl); });
    double units = 0;
    for (const auto& pl : r)
      units += pl.units;
    of(s).used[area] = units;
  }
  // Removes the most recent admissions until the units used fit the capacity (after a cut
  // in capacity); returns the placements removed.
  std::vector<Placement> shed_excess(std::size_t area, ServiceKind s);

 private:
  struct Service {
    std::vector<std::size_t> area_of_zone;
    std::vector<std::vector<std::size_t>> zones;  // per area
    std::vector<double> capacity;
    std::vector<double> used;
    std::vector<std::vector<Placement>> rosters;
  };
  const Service& of(ServiceKind s) const { return services_[static_cast<std::size_t>(s)]; }
  Service& of(ServiceKind s) { return services_[static_cast<std::size_t>(s)]; }

  std::array<Service, kServiceKinds> services_;
};

// Services whose capacity depends on the care workforce (services.care_workforce_availability).
bool depends_on_care_workforce(ServiceKind s);

}  // namespace welfare
