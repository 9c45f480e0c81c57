// A Simulation owns the mutable state of one run of a Scenario (scenario, seed, replicate)
// and advances it one week at a time through an ordered list of phases (step()).
//
// Every phase states what it reads and writes. Per-person phases run in parallel (TBB) and
// write only the person they process, plus per-thread counters that are summed as integers
// (so the sums do not depend on the thread count); anything that changes structure (deaths,
// births, moves into a nursing home, new ties, queue admissions) is applied between or
// within phases in a fixed order.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/calendar.hpp"
#include "engine/flows.hpp"
#include "engine/indicators.hpp"
#include "needs/needs.hpp"
#include "network/social_network.hpp"
#include "policies/zone_levers.hpp"
#include "population/population.hpp"
#include "scenario/scenario.hpp"
#include "services/service_pool.hpp"
#include "store/store.hpp"

namespace welfare {

// The phases of a week, in the order Simulation::step() runs them (each is described with
// its member function below), and the end-of-week compaction of the active-case lists.
enum class Phase : std::uint8_t {
  kPolicies,
  kDemography,
  kOnset,
  kInformalCare,
  kCaseDynamics,
  kAllocation,
  kHubs,
  kWellbeing,
  kRecording,
  kCompaction,
};
inline constexpr std::size_t kPhases = 10;
// A phase's short name, as `welfare run --timings` and the benchmarks print it.
std::string_view phase_key(Phase p);

// Wall-clock seconds spent in each phase over the steps that were given it, and how many
// steps those were. Measuring costs two clock reads a phase.
struct PhaseTimes {
  std::array<double, kPhases> seconds{};
  int weeks = 0;

  double total() const;
  PhaseTimes& operator+=(const PhaseTimes& other);
};

// How the case dynamics (phase 4) draw the weeks in which a case's state may change.
enum class CaseDraws : std::uint8_t {
  // Each open case draws the week of its next possible change from bounds on its weekly
  // probabilities, and is visited only then (or when its state or what its probabilities
  // depend on changes, or when an age limit ends it): the weekly work follows the events.
  kScheduled,
  // Every open case draws and is tested every week. The same model, drawn the slow way: kept
  // as the reference the scheduled draws are checked against (tests/engine), in distribution.
  kEveryWeek,
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, std::uint32_t replicate,
             CaseDraws case_draws = CaseDraws::kScheduled);

  // Advances one week. Precondition: !finished(). With `times`, adds the wall-clock time of
  // each phase to it (the run is the same either way).
  void step(PhaseTimes* times = nullptr);
  // Runs the remaining weeks; `on_week` is called after each with the weeks done.
  void run(const std::function<void(int)>& on_week = {});

  int week() const { return week_; }  // weeks completed
  bool finished() const { return week_ >= scenario_.weeks; }
  const Scenario& scenario() const { return scenario_; }
  std::uint32_t replicate() const { return replicate_; }
  const Population& population() const { return pop_; }
  const SocialNetwork& network() const { return network_; }
  const DomainCases& cases(Domain d) const { return cases_[index(d)]; }
  const ServicePool& services() const { return services_; }
  const IndicatorTable& indicators() const { return indicators_; }
  // Persons whose domain-d case is active (hidden, waiting, served or escalated).
  const std::vector<std::uint32_t>& active(Domain d) const { return active_[index(d)]; }
  // Whether the person, with a long-term-care need at home, found an informal carer this
  // week (as phase 3 left it).
  bool has_carer(std::uint32_t p) const { return carer_of_[p] != kNoCarer; }
  // Whether person p faces a language barrier or has no digital access.
  bool has_access_barrier(std::uint32_t p) const { return barriers_[p] != 0; }
  // What the visit drawn for person p's domain-d case depends on in the case's own slots and
  // the person's (state, severity, service, access barriers), as DomainCases::schedule keeps
  // it in its high 16 bits; never 0.
  std::uint16_t visit_signature(Domain d, std::uint32_t p) const;
  // Whether person p's domain-d visit is filed for `week` (for tests: a visit drawn must be
  // found in its week).
  bool visit_filed(Domain d, std::uint32_t p, int week) const;
  // Births and deaths since the start of the run.
  std::int64_t births() const { return births_; }
  std::int64_t deaths() const { return deaths_; }

  // The run as the store keeps it: provenance, axes and every indicator.
  store::RunData run_data() const;

  // Changes a parameter from the current week on (a lever moved during a live run). The
  // value must lie in the parameter's range. Weeks already simulated are not touched, and
  // the draws of the weeks to come are the same as without the change.
  void set_parameter(Param p, double value);
  // Adds a policy lever from the current week on (a presenter's slider in a live run): it
  // must start now or later. Weeks already simulated are not touched.
  void add_policy(const Policy& policy);
  // Ends policy `index` (into policies()) at the current week: it acts in no week from now on
  // (its end week is moved to now when it would otherwise act later). With add_policy, moves
  // a lever during a live run. Weeks already simulated are not touched. Throws
  // std::out_of_range when there is no such policy.
  void end_policy(std::size_t index);
  const std::vector<Policy>& policies() const { return policies_; }
  const ZoneLevers& levers(std::size_t zone) const { return levers_[zone]; }
  const Parameters& parameters() const { return params_; }

 private:
  static constexpr std::uint32_t kNoCarer = 0xFFFFFFFFu;
  static constexpr std::uint32_t kNoPerson = 0xFFFFFFFFu;
  // Bits of barriers_.
  static constexpr std::uint8_t kLanguageBarrierBit = 1;
  static constexpr std::uint8_t kNoDigitalAccessBit = 2;

  // --- set-up (initial_state.cpp) ---
  void assign_barriers();
  void assign_initial_needs();
  void schedule_initial_events();

  // --- the phases of a week, in order ---
  // 0. Policy levers (policies.cpp). Reads: the scenario's policies. Writes: what they do to
  //    each zone this week (capacities, channels, barriers, eligibility, their cost).
  void apply_policies();
  // 1. Demography (demography.cpp). Reads: calendar. Writes: deaths (alive, households,
  //    cases ended, service places freed, bereavement), births (new persons).
  void apply_births_and_deaths();
  // 2. Onset (onset.cpp). Reads: calendar. Writes: new hidden cases.
  void apply_onsets();
  // 3. Informal care (informal_care.cpp). Reads: households, kin ties, LTC cases. Writes:
  //    each LTC case's carer and the hours given; carers' onset schedules.
  void find_informal_carers();
  // 4. Case dynamics (case_dynamics.cpp). Reads: all cases, carers, zone channels. Writes:
  //    detection, progression, resolution, escalation, service exits of active cases.
  void advance_cases();
  // 5. Allocation (allocation.cpp). Reads: waiting cases, capacities. Writes: admissions
  //    by priority (severity, then waiting time) within capacity, per zone and service.
  void allocate_services();
  struct Candidate {  // a waiting case (or a person on the street) as the week began
    std::uint32_t person;
    std::int16_t since;
    std::uint8_t severity;
    CaseState state;
  };
  // Allocation in one area of one service: recount, shed after a cut, admit by priority.
  // by_zone[d * zones + z] holds the waiting cases of domain d in zone z, in person order.
  void allocate_area(ServiceKind s, std::size_t area,
                     const std::vector<std::vector<Candidate>>& by_zone,
                     std::vector<std::vector<std::uint32_t>>& moved_out,
                     std::vector<std::vector<std::uint32_t>>& moved_back);
  // 6. Community hubs (hubs_wellbeing.cpp). Reads: hub attendees. Writes: new ties between them.
  void form_hub_ties();
  // 7. Children's well-being (hubs_wellbeing.cpp). Reads: minors' households and services.
  //    Writes: the seven scores of each minor, and their sums per zone (minor_score_sums_).
  void update_wellbeing();
  // A minor's target scores, given the zone's hub provision (0-1, see hub_provision).
  std::array<std::uint16_t, 7> wellbeing_target(std::uint32_t p, double provision) const;
  // Person p has just entered the population as a minor (at the start, or born): their
  // scores start at their target, and phase 7 takes them into minors_.
  void add_minor(std::uint32_t p);
  double hub_provision(std::size_t zone) const;
  // 8. Recording (recording.cpp). Reads: everything (the minors' scores as phase 7 summed
  //    them). Writes: row `week_` of the indicators.
  void record_week();

  // --- working state passed from phase 7 to phase 8 (hubs_wellbeing.cpp, recording.cpp); not
  //     model state, kept so that recording need not read every person's scores again ---
  // Per zone: each score summed over the minors alive at the end of the week, as phase 7
  // leaves them (phase 7 adds them up while it updates the scores; phase 8 records them).
  std::vector<std::array<std::int64_t, 7>> minor_score_sums_;
  // --- end of the phase-7 / phase-8 working state ---

  // --- helpers shared by the phases ---
  int now() const { return week_; }  // the week being simulated (0-based)
  int age_weeks(std::uint32_t p) const { return pop_.age_weeks(p, week_); }
  bool household_poor(std::uint32_t h) const;
  bool lonely(std::uint32_t p) const {
    return in_need(cases_[index(Domain::kLoneliness)].state[p]);
  }
  bool lives_alone(std::uint32_t p) const { return pop_.household_alive[pop_.household[p]] <= 1; }
  // Few ties outside the household (kin, neighbours, hub): a risk of loneliness.
  bool few_ties(std::uint32_t p) const;
  // (Re)draws the week of person p's next event of `kind` from the current state; the draw
  // is keyed by the current week, so redrawing twice in a week gives the same week.
  void reschedule(std::uint32_t p, EventKind kind);
  int draw_event_week(std::uint32_t p, EventKind kind, std::uint32_t draw_week) const;
  // Starts a case (hidden) in domain d for person p with the given severity.
  void open_case(Domain d, std::uint32_t p, std::uint8_t severity);
  // Moves a case to `state` from week `now()`, releasing any service place it held.
  void set_state(Domain d, std::uint32_t p, CaseState state);
  void release_service(Domain d, std::uint32_t p);
  // Redraws the onsets whose risk depends on person p's need in domain d, after it began or
  // ended (and p's own next onset in d).
  void on_need_changed(Domain d, std::uint32_t p);
  void compact_active_lists();

  // --- working state of phase 4 and of the end-of-week compaction (case_dynamics.cpp,
  //     simulation.cpp); none of it is model state: each is derived from the cases and the
  //     network, kept only so that it need not be rebuilt from scratch every week ---
  // Brings in_contact_ to this week's contacts, and contact_ties_ and hub_ties_ up to date
  // with it and with the ties added since the last call (start of phase 4).
  void update_contact_ties();
  // Bounds on the weekly probabilities of the five tests a visit makes of person p's domain-d
  // case in its current state (detection, progression, resolution, escalation, end of a
  // service spell), over everything the state does not fix: the ties in contact (at most
  // `most_contacts`), an informal carer or not, the household's housing burden, and the
  // changes earlier tests of the same week can make. A draw at or above its bound fails its
  // test whatever those turn out to be.
  std::array<double, 5> case_bounds(Domain d, std::uint32_t p, int most_contacts) const;
  // The first week from `from` on in which a case with these bounds draws below one of them
  // (a geometric waiting time, from the case's stream keyed by `from`), or kNoVisit when that
  // is after the run's last week.
  std::uint16_t draw_visit(Domain d, std::uint32_t p, int from,
                           const std::array<double, 5>& bounds) const;
  CaseDraws case_draws_;
  // Zones whose detection levers changed since the last phase 4, and whether a parameter did:
  // the visits drawn under the old values are drawn again at the next phase 4.
  std::vector<std::uint8_t> zone_redraw_;
  bool redraw_all_ = false;
  // The visits drawn, filed by domain and week (the persons visited then; an entry is stale
  // when the case's schedule word has since changed, and is then passed over). Phase 4 visits
  // the week's entries and the cases whose visit was cleared (DomainCases::redraw_bits), not
  // every open case. A visit is filed a second time at the week an age limit ends the case
  // (disability at 65, family at 18) when that comes first.
  std::array<std::vector<std::vector<std::uint32_t>>, kDomains> visit_calendar_;
  // Whether every open case's visit is drawn and filed: until then (the first phase 4), or
  // when a zone's levers or a parameter change, phase 4 goes over every open case instead.
  bool visits_filed_ = false;
  std::vector<std::uint32_t> visits_due_;  // one domain's cases to visit this week
  // Per person in the network: how many entries of its tie list (static and added) lead to a
  // person with in_contact_ set. The network channel reads min(this, max ties).
  std::vector<std::uint32_t> contact_ties_;
  std::vector<std::uint8_t> in_contact_next_;  // this week's in_contact_ while it is compared
  // Per person in the network: its hub ties (what network_.degree(p, TieKind::kHub) gives),
  // kept up to date with the ties added, by the same call.
  std::vector<std::uint32_t> hub_ties_;
  std::vector<Tie> added_ties_;  // ties added to the network since the last call
  // Per domain: the cases appended to the active list since the last compaction, sorted
  // before they are merged into the sorted rest (capacity reused from week to week).
  std::array<std::vector<std::uint32_t>, kDomains> compact_tail_;
  // --- end of the phase-4 / compaction working state ---
  // Phase 5's waiting cases by domain and zone (entry d * zones + z), gathered afresh each
  // week into the same vectors (their capacity reused from week to week).
  std::vector<std::vector<Candidate>> waiting_by_zone_;

  void add_person_slots(std::size_t persons);
  // Calls f(p) for every member of household h alive and living in it: the members made at
  // the start, then those born since (a chain through next_extra_member_).
  template <class F>
  void for_each_member(std::uint32_t h, F&& f) const {
    for (auto p = pop_.household_begin[h]; p < pop_.household_begin[h + 1]; ++p) {
      if (pop_.alive[p] && !in_nursing_home(p)) f(p);
    }
    for (auto p = extra_member_head_[h]; p != kNoPerson; p = next_extra_member_[p]) {
      if (pop_.alive[p] && !in_nursing_home(p)) f(p);
    }
  }
  bool can_care(std::uint32_t m) const;
  // Relative risks: of a long-term-care need by sex; of poverty for household h (foreign
  // head, elderly head, minors in the household).
  double ltc_sex_factor(std::uint32_t p) const;
  double poverty_risk(std::uint32_t h) const;
  // Whether service s may take person p's waiting domain-d case now, given the case's state,
  // severity and start week and the person's zone (as allocation has them at hand); and the
  // units it takes.
  bool eligible(ServiceKind s, Domain d, std::uint32_t p, std::size_t zone, CaseState state,
                std::uint8_t severity, std::int16_t since) const;
  double units_needed(ServiceKind s, Domain d, std::uint32_t p) const;
  double min_units(ServiceKind s) const;  // the fewest units any case takes
  // Weekly detection hazard of person p's hidden need in domain d (the channels summed), the
  // network channel counting `contacts` ties in contact with services.
  double detection_rate(Domain d, std::uint32_t p, std::uint8_t severity, int contacts) const;
  // The ties of person p the network channel counts: those in contact, at most max ties.
  int network_contacts(std::uint32_t p) const;
  bool in_nursing_home(std::uint32_t p) const {
    return cases_[index(Domain::kLongTermCare)].state[p] == CaseState::kEscalated;
  }

  const Scenario& scenario_;
  Parameters params_;             // the scenario's, as changed by set_parameter
  std::vector<Policy> policies_;  // the scenario's, and any added during the run
  std::uint32_t replicate_;
  Population pop_;
  SocialNetwork network_;
  std::array<DomainCases, kDomains> cases_;
  std::array<std::vector<std::uint32_t>, kDomains> active_;
  std::vector<std::uint8_t> barriers_;        // bit 0: language, bit 1: no digital access
  std::vector<std::uint32_t> carer_of_;       // the person's informal carer, or kNoCarer
  std::vector<std::uint8_t> is_carer_;        // 1 while the person cares for someone
  std::vector<std::uint8_t> caring_scratch_;  // informal care: who cares this week
  // Children's well-being: each minor with the seven scores (x 100), in person order, and
  // some former minors (dead or come of age) that phase 7 skips until it drops them. Only
  // minors have scores, so they are kept here rather than one slot per person; the household
  // and zone are copied in, so that phase 7 reads one record a minor in order.
  struct Minor {
    std::uint32_t person;
    std::uint32_t household;
    std::uint16_t zone;
    std::array<std::uint16_t, 7> score;
  };
  std::vector<Minor> minors_;  // as phase 7 left them last week
  // Minors who have entered the population since phase 7 last ran (at the start, and born
  // since), with the scores they start at, in person order: phase 7 adds them to minors_.
  std::vector<Minor> new_minors_;
  std::vector<std::uint8_t> in_contact_;          // 1 if waiting for or receiving a service
  std::vector<double> informal_hours_;            // per zone, this week
  std::vector<std::int64_t> informal_carers_;     // per zone, this week
  std::vector<std::uint8_t> housing_burden_;      // per household: housing costs > 40% of income
  std::vector<std::uint32_t> extra_member_head_;  // per household: first member born since
  std::vector<std::uint32_t> next_extra_member_;  // per person: next member born since
  ServicePool services_;
  Calendar calendar_;
  std::vector<Event> due_events_;   // this week's, taken from the calendar at the start
  ZoneFlows flows_;                 // this week's events per zone
  std::vector<ZoneLevers> levers_;  // what the policy levers do to each zone this week
  IndicatorTable indicators_;
  std::int64_t births_ = 0;
  std::int64_t deaths_ = 0;
  int week_ = 0;
};

// The time now as ISO 8601 UTC, e.g. "2026-11-24T06:10:00Z".
std::string utc_timestamp();

}  // namespace welfare
