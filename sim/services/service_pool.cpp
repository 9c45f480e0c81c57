#include "services/service_pool.hpp"

#include <algorithm>

namespace welfare {

bool depends_on_care_workforce(ServiceKind s) {
  return s == ServiceKind::kHomeCare || s == ServiceKind::kDayCentre ||
         s == ServiceKind::kNursingHome;
}

ServicePool::ServicePool(const Territory& territory, const Parameters& params)
    : capacity_(territory.zones.size()),
      used_(territory.zones.size()),
      rosters_(territory.zones.size()) {
  for (auto& u : used_)
    u.fill(0);
  update_capacity(territory, params);
}

void ServicePool::update_capacity(const Territory& territory, const Parameters& params,
                                  const std::vector<ZoneLevers>& levers) {
  for (std::size_t z = 0; z < territory.zones.size(); ++z) {
    for (std::size_t s = 0; s < kServiceKinds; ++s) {
      const auto kind = static_cast<ServiceKind>(s);
      double cap = territory.zones[z].capacity[s];
      if (!levers.empty()) cap = std::max(0.0, cap + levers[z].extra_capacity[s]);
      if (depends_on_care_workforce(kind)) {
        cap *= params[Param::kWorkforceAvailability];
        if (!levers.empty()) cap *= levers[z].workforce;
      }
      // Social workers are counted in full-time equivalents; a case takes one caseload slot.
      if (kind == ServiceKind::kCaseManagement) cap *= params[Param::kCaseload];
      capacity_[z][s] = cap;
    }
  }
}

void ServicePool::admit(std::size_t zone, ServiceKind s, const Placement& placement) {
  rosters_[zone][static_cast<std::size_t>(s)].push_back(placement);
  used_[zone][static_cast<std::size_t>(s)] += placement.units;
}

std::vector<Placement> ServicePool::shed_excess(std::size_t zone, ServiceKind s) {
  const auto i = static_cast<std::size_t>(s);
  auto& r = rosters_[zone][i];
  std::vector<Placement> shed;
  if (used_[zone][i] <= capacity_[zone][i]) return shed;
  // Latest admissions leave first; ties by person for a fixed order.
  std::stable_sort(r.begin(), r.end(), [](const Placement& a, const Placement& b) {
    return a.since != b.since ? a.since < b.since : a.person < b.person;
  });
  while (!r.empty() && used_[zone][i] > capacity_[zone][i]) {
    used_[zone][i] -= r.back().units;
    shed.push_back(r.back());
    r.pop_back();
  }
  return shed;
}

}  // namespace welfare
