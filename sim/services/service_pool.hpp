// The services of every zone: capacity (in each service's unit, scaled by the care
// workforce actually available) and the roster of persons served.
//
// A place is held by (person, domain) and recorded in the roster with the units it takes
// (home-care hours by severity, one place otherwise, a share of a social worker's caseload).
// Releasing a place only clears the case's service mark; the roster drops such entries when
// compacted, before each allocation.
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
  // add capacity or change the workforce zone by zone; `levers` may be empty).
  void update_capacity(const Territory& territory, const Parameters& params,
                       const std::vector<ZoneLevers>& levers = {});

  std::size_t zones() const { return rosters_.size(); }
  // Effective capacity this week, in the service's unit.
  double capacity(std::size_t zone, ServiceKind s) const {
    return capacity_[zone][static_cast<std::size_t>(s)];
  }
  double used(std::size_t zone, ServiceKind s) const {
    return used_[zone][static_cast<std::size_t>(s)];
  }
  const std::vector<Placement>& roster(std::size_t zone, ServiceKind s) const {
    return rosters_[zone][static_cast<std::size_t>(s)];
  }
  std::vector<Placement>& roster(std::size_t zone, ServiceKind s) {
    return rosters_[zone][static_cast<std::size_t>(s)];
  }

  void admit(std::size_t zone, ServiceKind s, const Placement& placement);
  // Keeps the entries for which `holds(placement)` is true and recounts the units used.
  template <class Holds>
  void compact(std::size_t zone, Holds&& holds) {
    for (std::size_t s = 0; s < kServiceKinds; ++s) {
      auto& r = rosters_[zone][s];
      std::erase_if(r,
                    [&](const Placement& pl) { return !holds(static_cast<ServiceKind>(s), pl); });
      double units = 0;
      for (const auto& pl : r)
        units += pl.units;
      used_[zone][s] = units;
    }
  }
  // Removes the most recent admissions until the units used fit the capacity (after a cut
  // in capacity); returns the placements removed.
  std::vector<Placement> shed_excess(std::size_t zone, ServiceKind s);

 private:
  std::vector<std::array<double, kServiceKinds>> capacity_;
  std::vector<std::array<double, kServiceKinds>> used_;
  std::vector<std::array<std::vector<Placement>, kServiceKinds>> rosters_;
};

// Services whose capacity depends on the care workforce (services.care_workforce_availability).
bool depends_on_care_workforce(ServiceKind s);

}  // namespace welfare
