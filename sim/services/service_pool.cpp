#include "services/service_pool.hpp"

#include <algorithm>

namespace welfare {

bool depends_on_care_workforce(ServiceKind s) {
  return s == ServiceKind::kHomeCare || s == ServiceKind::kDayCentre ||
         s == ServiceKind::kNursingHome;
}

ServicePool::ServicePool(const Territory& territory, const Parameters& params) {
  const std::size_t zones = territory.zones.size();
  for (std::size_t s = 0; s < kServiceKinds; ++s) {
    Service& svc = services_[s];
    const ServiceArea organised = territory.service_area[s];
    const std::size_t areas = organised == ServiceArea::kZone       ? zones
                              : organised == ServiceArea::kDistrict ? territory.districts.size()
                                                                    : 1;
    svc.zones.resize(areas);
    svc.area_of_zone.resize(zones);
    for (std::size_t z = 0; z < zones; ++z) {
      const std::size_t a = organised == ServiceArea::kZone       ? z
                            : organised == ServiceArea::kDistrict ? territory.zones[z].district
                                                                  : 0;
      svc.area_of_zone[z] = a;
      svc.zones[a].push_back(z);
    }
    svc.capacity.assign(areas, 0.0);
    svc.used.assign(areas, 0.0);
    svc.rosters.resize(areas);
  }
  update_capacity(territory, params);
}

void ServicePool::update_capacity(const Territory& territory, const Parameters& params,
                                  const std::vector<ZoneLevers>& levers) {
  for (std::size_t s = 0; s < kServiceKinds; ++s) {
    const auto kind = static_cast<ServiceKind>(s);
    Service& svc = services_[s];
    std::fill(svc.capacity.begin(), svc.capacity.end(), 0.0);
    for (std::size_t z = 0; z < territory.zones.size(); ++z) {
      double cap = territory.zones[z].capacity[s];
      if (!levers.empty()) cap = std::max(0.0, cap + levers[z].extra_capacity[s]);
      if (depends_on_care_workforce(kind)) {
        cap *= params[Param::kWorkforceAvailability];
        if (!levers.empty()) cap *= levers[z].workforce;
      }
      // Social workers are counted in full-time equivalents; a case takes one caseload slot.
      if (kind == ServiceKind::kCaseManagement) cap *= params[Param::kCaseload];
      svc.capacity[svc.area_of_zone[z]] += cap;
    }
  }
}

void ServicePool::admit(std::size_t area, ServiceKind s, const Placement& placement) {
  of(s).rosters[area].push_back(placement);
  of(s).used[area] += placement.units;
}

std::vector<Placement> ServicePool::shed_excess(std::size_t area, ServiceKind s) {
  Service& svc = of(s);
  auto& r = svc.rosters[area];
  std::vector<Placement> shed;
  if (svc.used[area] <= svc.capacity[area]) return shed;
  // Latest admissions leave first; ties by person for a fixed order.
  std::stable_sort(r.begin(), r.end(), [](const Placement& a, const Placement& b) {
    return a.since != b.since ? a.since < b.since : a.person < b.person;
  });
  while (!r.empty() && svc.used[area] > svc.capacity[area]) {
    svc.used[area] -= r.back().units;
    shed.push_back(r.back());
    r.pop_back();
  }
  return shed;
}

}  // namespace welfare
