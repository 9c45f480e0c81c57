// Phase 1, demography: the deaths and births due this week (from the calendar), applied in
// the calendar's order (kind, then person).
#include <algorithm>

#include "engine/simulation.hpp"
#include "rng/stream.hpp"

namespace welfare {

void Simulation::apply_births_and_deaths() {
  std::vector<std::uint32_t> mothers;
  std::vector<std::uint32_t> touched_households;
  for (const Event& e : due_events_) {
    const std::uint32_t p = e.person;
    if (!pop_.alive[p]) continue;
    if (e.kind == EventKind::kBirth) {
      mothers.push_back(p);
      continue;
    }
    if (e.kind != EventKind::kDeath) continue;  // onsets are the next phase's

    const std::uint32_t h = pop_.household[p];
    const std::size_t zone = pop_.zone[p];
    const bool at_home = !in_nursing_home(p);
    pop_.alive[p] = 0;
    ++deaths_;
    flows_.add(zone, Flow::kDeaths);
    for (std::size_t k = 0; k < kEventKinds; ++k)
      calendar_.cancel(p, static_cast<EventKind>(k));
    if (at_home) --pop_.household_alive[h];

    // The partner, if any, is bereaved.
    std::uint32_t partner = kNoPerson;
    if (pop_.role[p] == Role::kHead || pop_.role[p] == Role::kPartner) {
      for_each_member(h, [&](std::uint32_t m) {
        if (partner == kNoPerson && (pop_.role[m] == Role::kHead || pop_.role[m] == Role::kPartner))
          partner = m;
      });
    }
    // Household cases pass to another adult member; if none is left they end.
    const bool held_household_case = pop_.household_head[h] == p;
    if (held_household_case) {
      std::uint32_t successor = kNoPerson;
      for_each_member(h, [&](std::uint32_t m) {
        if (successor == kNoPerson && age_weeks(m) >= kAdultAge * kWeeksPerYear) successor = m;
      });
      if (successor != kNoPerson) {
        auto& pov = cases_[index(Domain::kPoverty)];
        pov.state[successor] = pov.state[p];
        pov.severity[successor] = pov.severity[p];
        pov.since[successor] = pov.since[p];
        pov.service[successor] = kNoService;  // the place is re-assessed: back to waiting
        pov.redraw_visit(successor);          // its next visit is drawn afresh
        if (pov.state[successor] == CaseState::kServed) pov.state[successor] = CaseState::kWaiting;
        if (in_need(pov.state[successor]) || pov.state[successor] == CaseState::kEscalated) {
          active_[index(Domain::kPoverty)].push_back(successor);
        }
        pop_.household_head[h] = successor;
        calendar_.cancel(successor, onset_event(Domain::kPoverty));
      }
    }
    for (Domain d : kAllDomains) {
      auto& c = cases_[index(d)];
      c.state[p] = CaseState::kNone;
      c.service[p] = kNoService;
    }
    if (partner != kNoPerson) {
      rng::Stream s({scenario_.seed, replicate_, static_cast<std::uint32_t>(now()), partner,
                     rng::Purpose::kBereavement});
      const auto state = cases_[index(Domain::kLoneliness)].state[partner];
      if (!in_need(state) && age_weeks(partner) >= kAdultAge * kWeeksPerYear &&
          s.uniform() < params_[Param::kLonelinessBereavement]) {
        calendar_.cancel(partner, onset_event(Domain::kLoneliness));
        open_case(Domain::kLoneliness, partner, kMild);
        flows_.add(pop_.zone[partner], per_domain(Flow::kOnset, Domain::kLoneliness));
      }
    }
    touched_households.push_back(h);
  }

  // Births: a new person in the mother's household, zone and citizenship.
  for (std::uint32_t mother : mothers) {
    const auto child = static_cast<std::uint32_t>(pop_.person_count());
    const std::uint32_t h = pop_.household[mother];
    rng::Stream s({scenario_.seed, replicate_, static_cast<std::uint32_t>(now()), mother,
                   rng::Purpose::kNewborn});
    const bool girl = s.uniform() < params_[Param::kFemaleShareUnder65];
    pop_.birth_week.push_back(static_cast<std::int16_t>(now()));
    pop_.sex.push_back(girl ? Sex::kFemale : Sex::kMale);
    pop_.foreign.push_back(pop_.foreign[mother]);
    pop_.role.push_back(Role::kChild);
    pop_.household.push_back(h);
    pop_.zone.push_back(pop_.zone[mother]);
    pop_.alive.push_back(1);
    add_person_slots(pop_.person_count());
    next_extra_member_[child] = extra_member_head_[h];
    extra_member_head_[h] = child;
    ++pop_.household_alive[h];
    ++births_;
    flows_.add(pop_.zone[child], Flow::kBirths);
    add_minor(child);
    for (std::size_t k = 0; k < kEventKinds; ++k)
      reschedule(child, static_cast<EventKind>(k));
    reschedule(mother, EventKind::kBirth);
    touched_households.push_back(h);
  }

  // Living alone raises the risk of loneliness: redraw for those whose household changed.
  std::sort(touched_households.begin(), touched_households.end());
  touched_households.erase(std::unique(touched_households.begin(), touched_households.end()),
                           touched_households.end());
  for (std::uint32_t h : touched_households) {
    for_each_member(h, [&](std::uint32_t m) { reschedule(m, onset_event(Domain::kLoneliness)); });
  }
}

}  // namespace welfare
