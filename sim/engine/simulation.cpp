// The Simulation's construction, its weekly step and the helpers the phases share.
#include "engine/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <string>

#include "common/parallel.hpp"
#include "common/version.hpp"
#include "needs/hazard.hpp"
#include "population/synthesis.hpp"
#include "rng/stream.hpp"

namespace welfare {

std::string_view domain_key(Domain d) {
  switch (d) {
    case Domain::kLongTermCare:
      return "ltc";
    case Domain::kDisability:
      return "disability";
    case Domain::kFamily:
      return "family";
    case Domain::kPoverty:
      return "poverty";
    case Domain::kMentalHealth:
      return "mental";
    case Domain::kLoneliness:
      return "loneliness";
  }
  return "?";
}

Simulation::Simulation(const Scenario& scenario, std::uint32_t replicate, CaseDraws case_draws)
    : case_draws_(case_draws),
      scenario_(scenario),
      params_(scenario.parameters),
      policies_(scenario.policies),
      replicate_(replicate),
      pop_(synthesise_population(scenario.territory, scenario.parameters,
                                 {scenario.seed, replicate})),
      network_(SocialNetwork::build(pop_, scenario.territory, scenario.parameters,
                                    {scenario.seed, replicate})),
      services_(scenario.territory, scenario.parameters),
      calendar_(scenario.weeks),
      flows_(scenario.territory.zones.size()),
      indicators_(static_cast<std::size_t>(scenario.weeks), scenario.territory.zones.size()) {
  add_person_slots(pop_.person_count());
  apply_policies();  // levers that start at week 0 shape the services as they stand
  housing_burden_.assign(pop_.household_count(), 0);
  extra_member_head_.assign(pop_.household_count(), kNoPerson);
  assign_barriers();
  assign_initial_needs();
  schedule_initial_events();
  // The services as they stand at the start: places filled from the needs known then
  // (not counted as this run's admissions).
  find_informal_carers();
  allocate_services();
  flows_.clear();
}

void Simulation::set_parameter(Param p, double value) {
  params_.set(p, value);
  redraw_all_ = true;  // the cases' bounds may depend on it
  apply_policies();
}

void Simulation::add_policy(const Policy& policy) {
  if (policy.start_week < now()) {
    throw std::invalid_argument(
        "a policy added during a run must start at the current week or later");
  }
  policies_.push_back(policy);
  apply_policies();
}

void Simulation::end_policy(std::size_t index) {
  if (index >= policies_.size()) {
    throw std::out_of_range("no policy " + std::to_string(index) + "; the run has " +
                            std::to_string(policies_.size()));
  }
  Policy& p = policies_[index];
  if (!p.end_week || *p.end_week > now()) p.end_week = now();
  apply_policies();
}

void Simulation::apply_policies() {
  std::vector<ZoneLevers> levers = zone_levers(policies_, scenario_.territory, params_, now());
  // The hidden needs' detection bounds read these levers: where they changed, the visits
  // drawn under the old ones are drawn again (see advance_cases).
  zone_redraw_.resize(levers.size(), 0);
  for (std::size_t z = 0; z < levers_.size() && z < levers.size(); ++z) {
    const ZoneLevers& a = levers_[z];
    const ZoneLevers& b = levers[z];
    if (a.outreach != b.outreach || a.antennas != b.antennas || a.health_boost != b.health_boost ||
        a.barrier_relief != b.barrier_relief) {
      zone_redraw_[z] = 1;
    }
  }
  levers_ = std::move(levers);
  services_.update_capacity(scenario_.territory, params_, levers_);
}

bool Simulation::few_ties(std::uint32_t p) const {
  if (p >= network_.person_count()) return true;
  const auto outside = network_.degree(p) - network_.degree(p, TieKind::kHousehold);
  return outside <= params_[Param::kLonelinessFewTies];
}

void Simulation::add_person_slots(std::size_t persons) {
  for (auto& c : cases_)
    c.resize(persons);
  barriers_.resize(persons, 0);
  carer_of_.resize(persons, kNoCarer);
  is_carer_.resize(persons, 0);
  next_extra_member_.resize(persons, kNoPerson);
  calendar_.resize(persons);
}

std::string_view phase_key(Phase p) {
  switch (p) {
    case Phase::kPolicies:
      return "policies";
    case Phase::kDemography:
      return "demography";
    case Phase::kOnset:
      return "onset";
    case Phase::kInformalCare:
      return "informal_care";
    case Phase::kCaseDynamics:
      return "case_dynamics";
    case Phase::kAllocation:
      return "allocation";
    case Phase::kHubs:
      return "hubs";
    case Phase::kWellbeing:
      return "wellbeing";
    case Phase::kRecording:
      return "recording";
    case Phase::kCompaction:
      return "compaction";
  }
  return "?";
}

double PhaseTimes::total() const {
  double sum = 0;
  for (const double s : seconds)
    sum += s;
  return sum;
}

PhaseTimes& PhaseTimes::operator+=(const PhaseTimes& other) {
  for (std::size_t i = 0; i < kPhases; ++i)
    seconds[i] += other.seconds[i];
  weeks += other.weeks;
  return *this;
}

void Simulation::step(PhaseTimes* times) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point start;
  if (times != nullptr) start = Clock::now();
  // Runs one phase, adding its time to `times` when asked.
  auto phase = [&](Phase p, auto&& body) {
    body();
    if (times == nullptr) return;
    const Clock::time_point end = Clock::now();
    times->seconds[static_cast<std::size_t>(p)] +=
        std::chrono::duration<double>(end - start).count();
    start = end;
  };
  phase(Phase::kPolicies, [&] {
    flows_.clear();
    due_events_ = calendar_.take(now());  // events drawn later are always for later weeks
    apply_policies();
  });
  phase(Phase::kDemography, [&] { apply_births_and_deaths(); });
  phase(Phase::kOnset, [&] { apply_onsets(); });
  phase(Phase::kInformalCare, [&] { find_informal_carers(); });
  phase(Phase::kCaseDynamics, [&] { advance_cases(); });
  phase(Phase::kAllocation, [&] { allocate_services(); });
  phase(Phase::kHubs, [&] { form_hub_ties(); });
  phase(Phase::kWellbeing, [&] { update_wellbeing(); });
  phase(Phase::kRecording, [&] { record_week(); });
  phase(Phase::kCompaction, [&] { compact_active_lists(); });
  ++week_;
  if (times != nullptr) ++times->weeks;
}

void Simulation::run(const std::function<void(int)>& on_week) {
  while (!finished()) {
    step();
    if (on_week) on_week(week_);
  }
}

bool Simulation::household_poor(std::uint32_t h) const {
  const auto s = cases_[index(Domain::kPoverty)].state[pop_.household_head[h]];
  return in_need(s) || s == CaseState::kEscalated;
}

void Simulation::open_case(Domain d, std::uint32_t p, std::uint8_t severity) {
  auto& c = cases_[index(d)];
  c.state[p] = CaseState::kHidden;
  c.severity[p] = severity;
  c.since[p] = static_cast<std::int16_t>(now());
  c.service[p] = kNoService;
  c.redraw_visit(p);  // a new case: its first visit is drawn at the next phase 4
  active_[index(d)].push_back(p);
}

void Simulation::release_service(Domain d, std::uint32_t p) {
  cases_[index(d)].service[p] = kNoService;
}

void Simulation::set_state(Domain d, std::uint32_t p, CaseState state) {
  auto& c = cases_[index(d)];
  if (state != CaseState::kServed && state != CaseState::kEscalated) release_service(d, p);
  c.state[p] = state;
  c.since[p] = static_cast<std::int16_t>(now());
  c.redraw_visit(p);  // its next visit is drawn again for the new state
}

void Simulation::compact_active_lists() {
  // Reads: alive, each domain's case states. Writes: each active list, sorted and without
  // duplicates, holding only the persons alive with an open case. The lists are independent,
  // so they are compacted in parallel, one domain per task.
  parallel::for_each<std::size_t>(0, kDomains, [&](std::size_t d) {
    auto& list = active_[d];
    const auto& state = cases_[d].state;
    std::erase_if(list, [&](std::uint32_t p) {
      return !pop_.alive[p] || state[p] == CaseState::kNone || state[p] == CaseState::kResolved;
    });
    // The list is last week's compacted list, still sorted, followed by the cases opened
    // since (appended). Only that tail is sorted; it is then merged into the sorted part from
    // the back, which gives the same list as sorting the whole of it.
    const auto sorted_end = std::is_sorted_until(list.begin(), list.end());
    if (sorted_end != list.end()) {
      auto& tail = compact_tail_[d];
      tail.assign(sorted_end, list.end());
      std::sort(tail.begin(), tail.end());
      auto out = list.end();  // fills the list from the back, largest first
      auto head = sorted_end;
      auto next = tail.end();
      while (next != tail.begin()) {
        if (head != list.begin() && *(head - 1) > *(next - 1)) {
          *--out = *--head;
        } else {
          *--out = *--next;
        }
      }
    }
    list.erase(std::unique(list.begin(), list.end()), list.end());
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
