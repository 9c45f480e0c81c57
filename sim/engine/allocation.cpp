// Phase 5, allocation: per zone (in parallel: a zone's persons, households and services are
// its own), the places held are recounted, capacity cuts send the latest admissions back to
// the queue, and waiting cases are admitted service by service in priority order (severity,
// then time waited, then person) while capacity lasts. Nobody ineligible is admitted.

#include <algorithm>

#include "common/parallel.hpp"
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

// The services that may take a case of each domain; Simulation::eligible adds the conditions
// of each pair (age, severity, income, waiting time). Allocation tests only these pairs.
constexpr bool may_take(ServiceKind s, Domain d) {
  switch (d) {
    case Domain::kLongTermCare:
      return s == ServiceKind::kHomeCare || s == ServiceKind::kNursingHome;
    case Domain::kDisability:
      return s == ServiceKind::kBudgetDiSalute || s == ServiceKind::kDayCentre ||
             s == ServiceKind::kChildrenServices;
    case Domain::kFamily:
      return s == ServiceKind::kChildrenServices || s == ServiceKind::kCaseManagement;
    case Domain::kPoverty:
      return s == ServiceKind::kHousingSupport || s == ServiceKind::kIncomeSupport ||
             s == ServiceKind::kCaseManagement;
    case Domain::kMentalHealth:
      return s == ServiceKind::kBudgetDiSalute || s == ServiceKind::kCaseManagement;
    case Domain::kLoneliness:
      return s == ServiceKind::kCommunityHub;
  }
  return false;
}

// A waiting case's place in the queue as one integer, smaller first: priority (higher
// first), then the week it began waiting (earlier first), then person, then domain. Sorting
// these keys puts the cases in the same total order as comparing them field by field.
constexpr int kDomainBits = 3;   // kDomains < 2^3
constexpr int kPersonBits = 32;  // a person index
constexpr int kSinceBits = 16;   // the week, an int16 offset to 0..65535
constexpr int kPersonShift = kDomainBits;
constexpr int kSinceShift = kPersonShift + kPersonBits;
constexpr int kPriorityShift = kSinceShift + kSinceBits;  // then 8 bits: 255 - priority
constexpr std::int32_t kSinceOffset = 32768;
constexpr std::uint8_t kPriorityTop = 255;  // priorities are 8-bit
constexpr std::uint64_t kDomainMask = (1u << kDomainBits) - 1;
static_assert(kDomains <= (1u << kDomainBits));

std::uint64_t queue_key(std::uint8_t priority, std::int16_t since, std::uint32_t person, Domain d) {
  return static_cast<std::uint64_t>(kPriorityTop - priority) << kPriorityShift |
         static_cast<std::uint64_t>(since + kSinceOffset) << kSinceShift |
         static_cast<std::uint64_t>(person) << kPersonShift | index(d);
}
std::uint32_t key_person(std::uint64_t key) {
  return static_cast<std::uint32_t>(key >> kPersonShift);
}
Domain key_domain(std::uint64_t key) {
  return static_cast<Domain>(key & kDomainMask);
}

}  // namespace

bool Simulation::eligible(ServiceKind s, Domain d, std::uint32_t p, std::size_t zone,
                          CaseState state, std::uint8_t severity, std::int16_t since) const {
  // Which services a domain may use at all is may_take's alone; below, the conditions of
  // each pair it allows.
  if (!may_take(s, d)) return false;
  const bool homeless = d == Domain::kPoverty && state == CaseState::kEscalated;
  if (state != CaseState::kWaiting && !homeless) return false;
  switch (d) {
    case Domain::kLongTermCare:
      if (s == ServiceKind::kHomeCare) {
        const ZoneLevers& zl = levers_[zone];
        return severity >= zl.home_care_min_severity.value_or(
                               static_cast<int>(params_[Param::kHomeCareMinSeverity]));
      }
      // A nursing home: severe needs, after the weeks at home the parameters give.
      if (severity != kSevere) return false;
      return now() - since >= (carer_of_[p] == kNoCarer
                                   ? params_[Param::kLtcNursingHomeWeeks]
                                   : params_[Param::kLtcNursingHomeWeeksWithCarer]);
    case Domain::kDisability: {
      const int age = age_weeks(p) / kWeeksPerYear;
      if (s == ServiceKind::kDayCentre) return age >= kAdultAge;
      if (s == ServiceKind::kChildrenServices) return age < kAdultAge;
      return true;  // Budget di Salute
    }
    case Domain::kPoverty:
      if (homeless || severity == kSevere) return s == ServiceKind::kHousingSupport;
      if (s == ServiceKind::kIncomeSupport) {
        return pop_.income_band[pop_.household[p]] <=
               levers_[zone].income_max_band.value_or(
                   static_cast<int>(params_[Param::kIncomeSupportMaxBand]));
      }
      return s == ServiceKind::kCaseManagement;
    case Domain::kFamily:
    case Domain::kMentalHealth:
    case Domain::kLoneliness:
      return true;  // every service may_take allows them
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
    if (s == ServiceKind::kNursingHome) moved_back[pop_.zone[pl.person]].push_back(pl.person);
    set_state(pl.domain, pl.person, CaseState::kWaiting);  // the place is released
  }

  const double capacity = services_.capacity(area, s);
  // No room for even the smallest need: nothing to sort (a full service, most weeks).
  if (services_.used(area, s) + min_units(s) > capacity) return;
  // The queue is put in a total order below (priority: severity, or a person on the
  // street first; then time waited; then person and domain), so the order it is gathered in
  // does not matter: only the domains this service may take are visited.
  std::vector<std::uint64_t> queue;
  const std::size_t zones = pop_.zone_count();
  for (std::size_t z : services_.zones_of(area, s)) {
    for (Domain d : kAllDomains) {
      if (!may_take(s, d)) continue;
      const auto& c = cases_[index(d)];
      for (const Candidate& cand : by_zone[index(d) * zones + z]) {
        const std::uint32_t p = cand.person;
        // Admitted this week by a service filled earlier: no longer in the queue. (A case
        // still in it has the severity and start week it had when the week began.)
        if (c.state[p] != cand.state) continue;
        if (!eligible(s, d, p, z, cand.state, cand.severity, cand.since)) continue;
        const bool street = d == Domain::kPoverty && cand.state == CaseState::kEscalated;
        queue.push_back(queue_key(street ? kStreetPriority : cand.severity, cand.since, p, d));
      }
    }
  }
  // Only the head of the queue can be admitted: order just the part that room allows.
  const double smallest = min_units(s);
  const std::size_t room =
      smallest > 0 ? static_cast<std::size_t>((capacity - services_.used(area, s)) / smallest) + 1
                   : queue.size();
  if (room < queue.size()) {
    std::nth_element(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(room), queue.end());
    queue.resize(room);
  }
  std::sort(queue.begin(), queue.end());
  for (const std::uint64_t key : queue) {
    const std::uint32_t p = key_person(key);
    const Domain d = key_domain(key);
    const double units = units_needed(s, d, p);
    if (services_.used(area, s) + units > capacity) break;  // strict priority: no overtaking
    auto& c = cases_[index(d)];
    const std::size_t z = pop_.zone[p];
    services_.admit(area, s, {p, d, units, static_cast<std::int16_t>(now())});
    // In a nursing home the case is escalated; any other service serves it (for a person on
    // the street: housed).
    set_state(d, p, s == ServiceKind::kNursingHome ? CaseState::kEscalated : CaseState::kServed);
    c.service[p] = static_cast<std::uint8_t>(s);
    if (s == ServiceKind::kNursingHome) {
      flows_.add(z, Flow::kNursingHomeAdmissions);
      if (pop_.foreign[p]) flows_.add(z, Flow::kEscalationsForeign);
      moved_out[z].push_back(p);
    } else {
      // Case di Quartiere with digital facilitation: attendees learn to go online.
      if (s == ServiceKind::kCommunityHub && levers_[z].hub_digital) {
        if (barriers_[p] & kNoDigitalAccessBit) {
          barriers_[p] &= static_cast<std::uint8_t>(~kNoDigitalAccessBit);
          // The person's hidden needs are now easier to detect: their visits are drawn again.
          for (auto& other : cases_)
            other.redraw_visit(p);
        }
      }
    }
  }
}

void Simulation::allocate_services() {
  // Waiting cases (and persons on the street, for housing) grouped by domain and zone
  // (entry d * zones + z), in person order.
  const std::size_t zones = pop_.zone_count();
  // Domains in parallel: each fills only its own entries.
  auto& by_zone = waiting_by_zone_;
  by_zone.resize(zones * kDomains);
  parallel::for_each<std::size_t>(0, kDomains, [&](std::size_t di) {
    const Domain d = kAllDomains[di];
    const auto& c = cases_[di];
    for (std::size_t z = 0; z < zones; ++z)
      by_zone[di * zones + z].clear();
    for (std::uint32_t p : active_[di]) {
      if (!pop_.alive[p]) continue;
      const CaseState state = c.state[p];
      const bool homeless = d == Domain::kPoverty && state == CaseState::kEscalated;
      if (state == CaseState::kWaiting || homeless)
        by_zone[di * zones + pop_.zone[p]].push_back({p, c.since[p], c.severity[p], state});
    }
  });

  // Service by service in the allocation order, each area of a service on its own (areas
  // are disjoint sets of zones: a zone's persons, households and places are touched by one
  // task at a time). Moves into and (after a capacity cut) out of nursing homes, per zone.
  std::vector<std::vector<std::uint32_t>> moved_out(zones), moved_back(zones);
  for (ServiceKind s : kAllocationOrder) {
    parallel::for_each<std::size_t>(0, services_.areas(s), [&](std::size_t area) {
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
