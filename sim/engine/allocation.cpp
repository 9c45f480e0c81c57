// Phase 5, allocation: per zone (in parallel: a zone's persons, households and services are
// its own), the places held are recounted, capacity cuts send the latest admissions back to
// the queue, and waiting cases are admitted service by service in priority order (severity,
// then time waited, then person) while capacity lasts. Nobody ineligible is admitted.
#include <tbb/parallel_for.h>

#include <algorithm>

#include "engine/simulation.hpp"

namespace welfare {
namespace {

// Services are filled in this order: a case that several could take goes to the first
// (personalised plans before generic ones, residential care before home care).
constexpr std::array<ServiceKind, kServiceKinds> kAllocationOrder = {
    ServiceKind::kBudgetDiSalute, ServiceKind::kNursingHome,    ServiceKind::kHousingSupport,
    ServiceKind::kHomeCare,       ServiceKind::kDayCentre,      ServiceKind::kChildrenServices,
    ServiceKind::kIncomeSupport,  ServiceKind::kCaseManagement, ServiceKind::kCommunityHub};

// Priority of a person on the street over any other housing need.
constexpr std::uint8_t kStreetPriority = kSevere + 1;

}  // namespace

bool Simulation::eligible(ServiceKind s, Domain d, std::uint32_t p) const {
  const auto& c = cases_[index(d)];
  const CaseState state = c.state[p];
  const bool homeless = d == Domain::kPoverty && state == CaseState::kEscalated;
  if (state != CaseState::kWaiting && !homeless) return false;
  const int age = age_weeks(p) / kWeeksPerYear;
  switch (d) {
    case Domain::kLongTermCare:
      if (s == ServiceKind::kHomeCare) {
        const ZoneLevers& zl = levers_[pop_.zone[p]];
        return c.severity[p] >= zl.home_care_min_severity.value_or(
                                    static_cast<int>(params_[Param::kHomeCareMinSeverity]));
      }
      if (s != ServiceKind::kNursingHome || c.severity[p] != kSevere) return false;
      return now() - c.since[p] >= (carer_of_[p] == kNoCarer
                                        ? params_[Param::kLtcNursingHomeWeeks]
                                        : params_[Param::kLtcNursingHomeWeeksWithCarer]);
    case Domain::kDisability:
      return s == ServiceKind::kBudgetDiSalute ||
             (s == ServiceKind::kDayCentre && age >= kAdultAge) ||
             (s == ServiceKind::kChildrenServices && age < kAdultAge);
    case Domain::kFamily:
      return s == ServiceKind::kChildrenServices || s == ServiceKind::kCaseManagement;
    case Domain::kPoverty:
      if (homeless || c.severity[p] == kSevere) return s == ServiceKind::kHousingSupport;
      return (s == ServiceKind::kIncomeSupport &&
              pop_.income_band[pop_.household[p]] <=
                  levers_[pop_.zone[p]].income_max_band.value_or(
                      static_cast<int>(params_[Param::kIncomeSupportMaxBand]))) ||
             s == ServiceKind::kCaseManagement;
    case Domain::kMentalHealth:
      return s == ServiceKind::kBudgetDiSalute || s == ServiceKind::kCaseManagement;
    case Domain::kLoneliness:
      return s == ServiceKind::kCommunityHub;
  }
  return false;
}

double Simulation::min_units(ServiceKind s) const {
  if (s != ServiceKind::kHomeCare) return 1.0;
  return std::min({params_[Param::kHomeCareHoursMild], params_[Param::kHomeCareHoursModerate],
                   params_[Param::kHomeCareHoursSevere]});
}

double Simulation::units_needed(ServiceKind s, Domain d, std::uint32_t p) const {
  if (s != ServiceKind::kHomeCare) return 1.0;
  const std::uint8_t sev = cases_[index(d)].severity[p];
  return sev == kSevere     ? params_[Param::kHomeCareHoursSevere]
         : sev == kModerate ? params_[Param::kHomeCareHoursModerate]
                            : params_[Param::kHomeCareHoursMild];
}

void Simulation::allocate_area(ServiceKind s, std::size_t area,
                               const std::vector<std::vector<Candidate>>& by_zone,
                               std::vector<std::vector<std::uint32_t>>& moved_out,
                               std::vector<std::vector<std::uint32_t>>& moved_back) {
  services_.compact(area, s, [&](const Placement& pl) {
    const auto& c = cases_[index(pl.domain)];
    return pop_.alive[pl.person] && c.service[pl.person] == static_cast<std::uint8_t>(s) &&
           (c.state[pl.person] == CaseState::kServed ||
            c.state[pl.person] == CaseState::kEscalated);
  });
  for (const Placement& pl : services_.shed_excess(area, s)) {
    auto& c = cases_[index(pl.domain)];
    if (s == ServiceKind::kNursingHome) moved_back[pop_.zone[pl.person]].push_back(pl.person);
    c.service[pl.person] = kNoService;
    c.state[pl.person] = CaseState::kWaiting;
    c.since[pl.person] = static_cast<std::int16_t>(now());
  }

  const double capacity = services_.capacity(area, s);
  // No room for even the smallest need: nothing to sort (a full service, most weeks).
  if (services_.used(area, s) + min_units(s) > capacity) return;
  std::vector<Candidate> queue;
  for (std::size_t z : services_.zones_of(area, s)) {
    for (const Candidate& cand : by_zone[z]) {
      if (eligible(s, cand.domain, cand.person)) queue.push_back(cand);
    }
  }
  auto priority = [&](const Candidate& a) {
    const auto& c = cases_[index(a.domain)];
    const bool street = a.domain == Domain::kPoverty && c.state[a.person] == CaseState::kEscalated;
    return std::make_tuple(street ? kStreetPriority : c.severity[a.person], -c.since[a.person]);
  };
  auto first = [&](const Candidate& a, const Candidate& b) {
    const auto pa = priority(a), pb = priority(b);
    if (pa != pb) return pa > pb;  // more severe first, then longer waiting
    return a.person != b.person ? a.person < b.person : a.domain < b.domain;
  };
  // Only the head of the queue can be admitted: order just the part that room allows.
  const double smallest = min_units(s);
  const std::size_t room =
      smallest > 0 ? static_cast<std::size_t>((capacity - services_.used(area, s)) / smallest) + 1
                   : queue.size();
  if (room < queue.size()) {
    std::nth_element(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(room), queue.end(),
                     first);
    queue.resize(room);
  }
  std::sort(queue.begin(), queue.end(), first);
  for (const Candidate& cand : queue) {
    const double units = units_needed(s, cand.domain, cand.person);
    if (services_.used(area, s) + units > capacity) break;  // strict priority: no overtaking
    auto& c = cases_[index(cand.domain)];
    const std::size_t z = pop_.zone[cand.person];
    services_.admit(area, s, {cand.person, cand.domain, units, static_cast<std::int16_t>(now())});
    c.service[cand.person] = static_cast<std::uint8_t>(s);
    c.since[cand.person] = static_cast<std::int16_t>(now());
    if (s == ServiceKind::kNursingHome) {
      c.state[cand.person] = CaseState::kEscalated;
      flows_.add(z, Flow::kNursingHomeAdmissions);
      if (pop_.foreign[cand.person]) flows_.add(z, Flow::kEscalationsForeign);
      moved_out[z].push_back(cand.person);
    } else {
      c.state[cand.person] = CaseState::kServed;  // for a person on the street: housed
      // Case di Quartiere with digital facilitation: attendees learn to go online.
      if (s == ServiceKind::kCommunityHub && levers_[z].hub_digital) {
        barriers_[cand.person] &= static_cast<std::uint8_t>(~kNoDigitalAccessBit);
      }
    }
  }
}

void Simulation::allocate_services() {
  // Waiting cases (and persons on the street, for housing) grouped by zone, in person order.
  const std::size_t zones = pop_.zone_count();
  std::vector<std::vector<Candidate>> by_zone(zones);  // in person order
  for (Domain d : kAllDomains) {
    const auto& c = cases_[index(d)];
    for (std::uint32_t p : active_[index(d)]) {
      if (!pop_.alive[p]) continue;
      const bool homeless = d == Domain::kPoverty && c.state[p] == CaseState::kEscalated;
      if (c.state[p] == CaseState::kWaiting || homeless) by_zone[pop_.zone[p]].push_back({p, d});
    }
  }

  // Service by service in the allocation order, each area of a service on its own (areas
  // are disjoint sets of zones: a zone's persons, households and places are touched by one
  // task at a time). Moves into and (after a capacity cut) out of nursing homes, per zone.
  std::vector<std::vector<std::uint32_t>> moved_out(zones), moved_back(zones);
  for (ServiceKind s : kAllocationOrder) {
    tbb::parallel_for(std::size_t{0}, services_.areas(s), [&](std::size_t area) {
      allocate_area(s, area, by_zone, moved_out, moved_back);
    });
  }

  // Moves into a nursing home change the household left behind.
  for (std::size_t z = 0; z < zones; ++z) {
    for (std::uint32_t p : moved_back[z])
      ++pop_.household_alive[pop_.household[p]];
    for (std::uint32_t p : moved_out[z]) {
      const std::uint32_t h = pop_.household[p];
      --pop_.household_alive[h];
      calendar_.cancel(p, EventKind::kBirth);
      for_each_member(h, [&](std::uint32_t m) { reschedule(m, onset_event(Domain::kLoneliness)); });
    }
  }
}

}  // namespace welfare
