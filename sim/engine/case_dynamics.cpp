// Phase 4, case dynamics: the active cases, in parallel: detection of hidden needs through
// the channels, progression, resolution, escalation and the end of a service spell. In a
// week a case is visited, it draws from its own stream keyed (week, person, domain) and always
// draws the same numbers in the same order, whatever branch it takes, so that a change in one
// process never shifts the draws of another (common random numbers).
//
// A case is not visited every week. Each of its five tests compares a uniform draw with a
// weekly probability, and its state fixes a bound on each probability (case_bounds): in a
// week where every draw lies at or above its bound, nothing can happen. Such weeks are
// independent, so the week of the next one that is not quiet is drawn at once (a geometric
// waiting time, draw_visit), and only then is the case visited, with its five draws drawn
// given that the week is not quiet (conditioned_draws). Whenever the state or something its
// bounds depend on changes, the waiting time is drawn again from the current week, which the
// geometric law's lack of memory allows. This gives the same model in distribution as
// testing every case every week (CaseDraws::kEveryWeek, kept as the reference), with work
// proportional to the weeks in which something may happen.
//
// A case writes only its own slot; everything that touches others (the onsets whose risk it
// changes, a new case in another domain, a redrawn death) is collected per thread and applied
// after the loop in person order.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <span>

#include "common/parallel.hpp"
#include "engine/simulation.hpp"
#include "needs/hazard.hpp"
#include "rng/stream.hpp"

namespace welfare {
namespace {

// What a case asks of the rest of the model once the parallel loop is over.
struct FollowUp {
  enum Kind : std::uint8_t { kNeedChanged, kDeathRedraw, kLtcAtSixtyFive } kind;
  Domain domain;
  std::uint32_t person;
  bool operator<(const FollowUp& o) const {
    return person != o.person ? person < o.person
           : kind != o.kind   ? kind < o.kind
                              : domain < o.domain;
  }
};

struct ThreadLocal {
  explicit ThreadLocal(std::size_t zones) : flows(zones) {}
  ZoneFlows flows;
  std::vector<FollowUp> follow_ups;
  std::vector<std::uint64_t> filed;  // visits drawn, to file in the calendar (filed_visit)
};

// A visit to file: domain, week and person in one word.
constexpr std::uint64_t filed_visit(Domain d, std::uint16_t week, std::uint32_t p) {
  return static_cast<std::uint64_t>(index(d)) << 48 | static_cast<std::uint64_t>(week) << 32 | p;
}
constexpr std::size_t filed_domain(std::uint64_t e) {
  return static_cast<std::size_t>(e >> 48);
}
constexpr std::size_t filed_week(std::uint64_t e) {
  return static_cast<std::size_t>((e >> 32) & 0xFFFFu);
}
constexpr std::uint32_t filed_person(std::uint64_t e) {
  return static_cast<std::uint32_t>(e);
}

// The uniform draws of one case-week, always drawn in full: each has a fixed place in the
// case's stream whatever branch the case takes. (Drawing them all up front is also the fast
// way: the generator's blocks are independent and overlap in the processor, where drawing
// each only when a test needs it chains them one after the other.)
struct Draws {
  double detect, progress, resolve, escalate, exit;
};
inline constexpr std::size_t kTests = 5;  // the draws of a Draws, in order

// A quiet week's draws, for a case visited only because an age limit ends it: each test
// compares its draw with a probability below 1 (or equal to 1 only where 1 − e^{−h} rounds to
// it), so none can succeed.
inline constexpr Draws kQuietWeek{1.0, 1.0, 1.0, 1.0, 1.0};

// The five uniform draws of a week known not to be quiet (some draw lies below its bound b),
// distributed as five independent uniform draws given that. Draw by draw: the first below its
// bound is draw i with probability b_i / P(some of i..4 below) given that none before it was;
// the draws before it are uniform above their bounds, those after it plain uniform. Each draw
// takes one uniform of the stream, in order, whatever the outcome.
Draws conditioned_draws(rng::Stream& s, const std::array<double, kTests>& b) {
  std::array<double, kTests + 1> log_quiet_from{};  // log P(draws i..4 all quiet)
  for (std::size_t i = kTests; i-- > 0;)
    log_quiet_from[i] = log_quiet_from[i + 1] + std::log1p(-b[i]);
  std::array<double, kTests> u{};
  bool below = false;
  for (std::size_t i = 0; i < kTests; ++i) {
    const double v = s.uniform();
    if (below) {
      u[i] = v;
      continue;
    }
    const double some = -std::expm1(log_quiet_from[i]);
    const double q = some > 0 ? std::min(1.0, b[i] / some) : 1.0;
    if (v < q) {
      u[i] = v / q * b[i];
      below = true;
    } else {
      u[i] = b[i] + (v - q) / (1 - q) * (1 - b[i]);
    }
  }
  return {u[0], u[1], u[2], u[3], u[4]};
}

// The weekly probability of hazard h, clamped to [0, 1].
double bound_probability(double h) {
  return h > 0 ? std::min(1.0, weekly_probability(h)) : 0.0;
}

// What a case's bounds depend on in its own slots and its person's: state, severity, service
// and access barriers. The top bit is set, so that 0 means no visit drawn yet. (What else
// they depend on is tracked by zone_redraw_, redraw_all_ and the hub ties added.)
std::uint16_t case_signature(CaseState state, std::uint8_t severity, std::uint8_t service,
                             std::uint8_t barriers) {
  static_assert(kServiceKinds < 15 && kCaseStates <= 8);
  const unsigned svc = service == kNoService ? 15u : (service & 15u);
  return static_cast<std::uint16_t>(0x8000u | static_cast<unsigned>(state) | (severity & 3u) << 3 |
                                    svc << 5 | (barriers & 3u) << 9);
}

// How far (relative) a draw must lie outside the bounds in below_weekly_probability() for the
// bounds to decide: the bounds and expm1 are computed to within a few units in the last place
// (about 1e-16 relative), so this margin leaves four orders of magnitude to spare.
constexpr double kProbabilityBoundMargin = 1e-12;

// Whether the uniform draw u falls below the weekly probability 1 − e^{−h} of hazard h: always
// the same answer as `u < weekly_probability(h)`, but e^{−h} is computed only when u lies
// close to it. For h ≥ 0, h − h²/2 ≤ 1 − e^{−h} ≤ h, so a draw clearly above h or clearly
// below h − h²/2 is decided by the bounds; with weekly hazards of a few percent only about one
// draw in h²/2 falls between them and needs expm1.
bool below_weekly_probability(double u, double h) {
  if (h >= 0) {
    if (u >= h * (1 + kProbabilityBoundMargin)) return false;
    if (u < (h - h * h / 2) * (1 - kProbabilityBoundMargin)) return true;
  }
  return u < weekly_probability(h);
}

}  // namespace

int Simulation::network_contacts(std::uint32_t p) const {
  // Ties to persons in contact with services, counted up to max_ties (contact_ties_ holds
  // them all, see update_contact_ties).
  const int max_ties = static_cast<int>(params_[Param::kNetworkChannelMaxTies]);
  if (p >= network_.person_count() || max_ties <= 0) return 0;
  return static_cast<int>(std::min(contact_ties_[p], static_cast<std::uint32_t>(max_ties)));
}

double Simulation::detection_rate(Domain d, std::uint32_t p, std::uint8_t severity,
                                  int contacts) const {
  double self = d == Domain::kLoneliness ? params_[Param::kSelfReferralLoneliness]
                                         : params_[Param::kSelfReferral];
  const ZoneLevers& zl = levers_[pop_.zone[p]];
  const double relief = 1 - zl.barrier_relief;  // assisted and multichannel access
  if (barriers_[p] & kLanguageBarrierBit)
    self *= 1 - params_[Param::kLanguageBarrierEffect] * relief;
  if (barriers_[p] & kNoDigitalAccessBit)
    self *= 1 - params_[Param::kDigitalBarrierEffect] * relief;
  double rate = self;
  if (d == Domain::kLongTermCare || d == Domain::kDisability || d == Domain::kMentalHealth) {
    rate += params_[Param::kHealthChannel] * zl.health_boost * severity;
  }
  rate += params_[Param::kNetworkChannel] * contacts;
  rate += params_[Param::kOutreachChannel] + zl.outreach;
  if (d == Domain::kLoneliness) rate += params_[Param::kAntennaChannel] + zl.antennas;
  return rate;
}

void Simulation::update_contact_ties() {
  // Reads: the active lists and case states, the network, the ties added to it since the last
  // call. Writes: in_contact_ (who is waiting for or receiving a service now), hub_ties_ and
  // contact_ties_, kept equal to what counting every person's tie list against in_contact_
  // would give. Ties are stored both ways, so when q's contact changes, each person r it is
  // tied to gains or loses one per entry r -> q, as many as q has entries q -> r: walking the
  // ties of the persons whose contact changed is enough.
  //
  // Threads: a person in contact in several domains is marked by each (the same value), and
  // the counts are changed by atomic increments, whose sums do not depend on their order.
  const std::size_t persons = pop_.person_count();
  const std::size_t in_network = network_.person_count();
  in_contact_next_.assign(persons, 0);
  for (std::size_t d = 0; d < kDomains; ++d) {
    const auto& list = active_[d];
    const auto& state = cases_[d].state;
    parallel::for_ranges<std::size_t>(0, list.size(), [&](const auto& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        const std::uint32_t p = list[i];
        if (state[p] == CaseState::kWaiting || state[p] == CaseState::kServed) {
          std::atomic_ref<std::uint8_t>(in_contact_next_[p]).store(1, std::memory_order_relaxed);
        }
      }
    });
  }
  if (contact_ties_.size() != in_network) {
    // First call: nobody counted yet; from now on the network records the ties added.
    network_.record_added();
    contact_ties_.assign(in_network, 0);
    in_contact_.assign(persons, 0);
    hub_ties_.assign(in_network, 0);
    if (network_.tie_count(TieKind::kHub) > 0) {  // none unless added before the first week
      parallel::for_ranges<std::size_t>(0, in_network, [&](const auto& r) {
        for (std::size_t p = r.begin(); p != r.end(); ++p)
          hub_ties_[p] = network_.degree(static_cast<std::uint32_t>(p), TieKind::kHub);
      });
    }
  } else {
    // Ties added since the last call, counted against the contacts they were added under.
    network_.take_added(added_ties_);
    for (const Tie& t : added_ties_) {
      contact_ties_[t.a] += in_contact_[t.b];
      contact_ties_[t.b] += in_contact_[t.a];
      if (t.kind == TieKind::kHub) {
        ++hub_ties_[t.a];
        ++hub_ties_[t.b];
        // A hub tie raises the chance a loneliness need ends: its next visit is drawn again.
        auto& lonely = cases_[index(Domain::kLoneliness)];
        lonely.redraw_visit(t.a);
        lonely.redraw_visit(t.b);
      }
    }
    in_contact_.resize(persons, 0);  // persons born since: never in the network
  }
  // Persons whose contact changed, found a word of flags at a time (most words are equal).
  constexpr std::size_t kWord = sizeof(std::uint64_t);
  const std::size_t words = in_network / kWord;
  const auto changed = [&](std::size_t q) {
    const std::uint32_t step = in_contact_next_[q] != 0 ? 1u : ~0u;  // +1 or -1 (mod 2^32)
    network_.for_each_tie(static_cast<std::uint32_t>(q), [&](std::uint32_t other, TieKind) {
      std::atomic_ref<std::uint32_t>(contact_ties_[other])
          .fetch_add(step, std::memory_order_relaxed);
    });
  };
  parallel::for_ranges<std::size_t>(0, words, [&](const auto& r) {
    for (std::size_t w = r.begin(); w != r.end(); ++w) {
      std::uint64_t was = 0;
      std::uint64_t is = 0;
      std::memcpy(&was, in_contact_.data() + w * kWord, kWord);
      std::memcpy(&is, in_contact_next_.data() + w * kWord, kWord);
      if (was == is) continue;
      for (std::size_t q = w * kWord; q < (w + 1) * kWord; ++q) {
        if (in_contact_[q] != in_contact_next_[q]) changed(q);
      }
    }
  });
  for (std::size_t q = words * kWord; q < in_network; ++q) {
    if (in_contact_[q] != in_contact_next_[q]) changed(q);
  }
  in_contact_.swap(in_contact_next_);
}

std::uint16_t Simulation::visit_signature(Domain d, std::uint32_t p) const {
  const auto& c = cases_[index(d)];
  return case_signature(c.state[p], c.severity[p], c.service[p], barriers_[p]);
}

bool Simulation::visit_filed(Domain d, std::uint32_t p, int week) const {
  const auto& filed = visit_calendar_[index(d)];
  if (week < 0 || static_cast<std::size_t>(week) >= filed.size()) return false;
  const auto& bucket = filed[static_cast<std::size_t>(week)];
  return std::find(bucket.begin(), bucket.end(), p) != bucket.end();
}

std::array<double, 5> Simulation::case_bounds(Domain d, std::uint32_t p, int most_contacts) const {
  // Mirrors the tests of advance_cases: each hazard at its largest over what the state leaves
  // open. A looser bound only costs visits; a bound below a probability would change the model.
  const auto& c = cases_[index(d)];
  const CaseState state = c.state[p];
  const std::uint8_t sev = c.severity[p];
  const bool served = state == CaseState::kServed;
  const bool unmet_now = unmet(state);
  const auto& pr = params_;
  double detect = 0, progress = 0, resolve = 0, escalate = 0, exit = 0;  // hazards per week
  if (state == CaseState::kHidden) detect = detection_rate(d, p, sev, most_contacts);
  switch (d) {
    case Domain::kLongTermCare: {
      if (state == CaseState::kEscalated) break;
      const bool home_care =
          served && c.service[p] == static_cast<std::uint8_t>(ServiceKind::kHomeCare);
      for (const bool carer : {false, true}) {  // the carer is found each week (phase 3)
        double relief = carer ? 1 - pr[Param::kInformalCareEffect] : 1.0;
        if (home_care) relief *= 1 - pr[Param::kHomeCareEffect];
        if (sev < kSevere)
          progress = std::max(progress, pr[Param::kLtcProgression] / kWeeksPerYearD * relief);
        // The severity the escalation test sees: this week's, or one more after progressing.
        for (int s = sev; s <= std::min<int>(sev + 1, kSevere); ++s) {
          if (s < kModerate) continue;
          double h = pr[Param::kLtcHospitalisation] * relief;
          if (s == kSevere) h *= pr[Param::kLtcSevereEscalationFactor];
          escalate = std::max(escalate, h);
        }
      }
      break;
    }
    case Domain::kDisability:
      escalate =
          pr[Param::kDisabilityHospitalisation] * (served ? 1 - pr[Param::kDayCentreEffect] : 1.0);
      break;
    case Domain::kFamily:
      if (state == CaseState::kEscalated) break;
      resolve = served ? pr[Param::kFamilyResolutionServed] : pr[Param::kFamilyResolutionUnserved];
      if (sev == kSevere)
        escalate =
            pr[Param::kChildProtection] * (served ? 1 - pr[Param::kCaseManagementEffect] : 1.0);
      break;
    case Domain::kPoverty: {
      if (state == CaseState::kEscalated) break;
      const bool housing = sev == kSevere;
      resolve = housing
                    ? (served ? pr[Param::kHousingEmergencyExitServed] : 0.0)
                    : (served ? pr[Param::kPovertyExitServed] : pr[Param::kPovertyExitUnserved]);
      // An eviction needs a housing burden, which the household may gain any week.
      if (unmet_now) escalate = housing ? pr[Param::kHomelessness] : pr[Param::kEviction];
      break;
    }
    case Domain::kMentalHealth:
      resolve = pr[Param::kMentalRecoveryUnserved];
      if (served) {
        resolve = pr[Param::kMentalRecoveryServed];
        if (c.service[p] == static_cast<std::uint8_t>(ServiceKind::kBudgetDiSalute))
          resolve *= pr[Param::kBudgetDiSaluteEffect];
      }
      if (unmet_now) escalate = pr[Param::kMentalHospitalisation];
      break;
    case Domain::kLoneliness: {
      double base = served                         ? pr[Param::kLonelinessResolutionServed]
                    : state == CaseState::kWaiting ? pr[Param::kLonelinessResolutionKnown]
                                                   : pr[Param::kLonelinessResolutionUnserved];
      // A hidden need detected earlier in the week is tested at the rate of a known one.
      if (state == CaseState::kHidden) base = std::max(base, pr[Param::kLonelinessResolutionKnown]);
      const auto hub_ties = p < network_.person_count() ? hub_ties_[p] : 0u;
      resolve = base + pr[Param::kLonelinessResolutionPerTie] * hub_ties;
      break;
    }
  }
  if (served) {
    const auto service = static_cast<ServiceKind>(c.service[p]);
    const double mean_weeks = service == ServiceKind::kCommunityHub ? pr[Param::kHubMeanWeeks]
                              : service == ServiceKind::kChildrenServices
                                  ? pr[Param::kChildrenServicesMeanWeeks]
                                  : 0.0;
    if (mean_weeks > 0) exit = 1.0 / mean_weeks;
  }
  return {bound_probability(detect), bound_probability(progress), bound_probability(resolve),
          bound_probability(escalate), bound_probability(exit)};
}

std::uint16_t Simulation::draw_visit(Domain d, std::uint32_t p, int from,
                                     const std::array<double, 5>& bounds) const {
  double log_quiet = 0;  // log of the probability that a week is quiet
  for (const double b : bounds)
    log_quiet += std::log1p(-b);
  if (!(log_quiet < 0)) return kNoVisit;  // every bound 0: nothing can ever happen
  rng::Stream s({scenario_.seed, replicate_, static_cast<std::uint32_t>(from), p,
                 rng::per_domain(rng::Purpose::kCaseVisit, index(d))});
  // The quiet weeks before the next one that is not: geometric, by inversion.
  const double quiet_weeks = std::floor(std::log1p(-s.uniform()) / log_quiet);
  const double week = from + quiet_weeks;
  const double last = std::min(scenario_.weeks, static_cast<int>(kNoVisit));
  return week < last ? static_cast<std::uint16_t>(week) : kNoVisit;
}

void Simulation::advance_cases() {
  // Who is in contact with services at the start of the phase (read by the network channel).
  update_contact_ties();

  parallel::PerThread<ThreadLocal> locals([&] { return ThreadLocal(pop_.zone_count()); });
  const auto week = static_cast<std::uint32_t>(now());
  const int age_limit_weeks = kElderlyAge * kWeeksPerYear;
  // The count of ties in contact that gives the largest detection rate (see below).
  const int most_contacts =
      params_[Param::kNetworkChannel] >= 0
          ? std::max(0, static_cast<int>(params_[Param::kNetworkChannelMaxTies]))
          : 0;

  const bool scheduled = case_draws_ == CaseDraws::kScheduled;
  const bool any_zone_redraw =
      std::find(zone_redraw_.begin(), zone_redraw_.end(), 1) != zone_redraw_.end();
  const int adult_age_weeks = kAdultAge * kWeeksPerYear;
  // The age limit that ends a case of domain d (kNever: none).
  const auto age_limit = [&](Domain d) {
    return d == Domain::kDisability ? age_limit_weeks
           : d == Domain::kFamily   ? adult_age_weeks
                                    : kNever;
  };
  // Every open case is gone over (not only those the calendar names) in the first week, when
  // no visit is drawn yet, and in a week whose redraws are not flagged case by case.
  const bool every_case = !scheduled || !visits_filed_ || redraw_all_ || any_zone_redraw;

  for (Domain d : kAllDomains) {
    auto& c = cases_[index(d)];
    // This week's cases to visit: the open cases, or the visits filed for the week and the
    // cases whose visit was cleared since the last phase 4 (sorted, each once).
    std::span<const std::uint32_t> todo = active_[index(d)];
    if (scheduled) {
      auto& filed = visit_calendar_[index(d)];
      if (filed.empty()) filed.resize(static_cast<std::size_t>(scenario_.weeks));
      visits_due_.clear();
      if (!every_case) {
        visits_due_.swap(filed[week]);
        c.take_redraws(visits_due_);
        std::sort(visits_due_.begin(), visits_due_.end());
        visits_due_.erase(std::unique(visits_due_.begin(), visits_due_.end()), visits_due_.end());
        todo = visits_due_;
      }
      std::vector<std::uint32_t>().swap(filed[week]);  // gone over either way
      if (every_case) std::fill(c.redraw_bits.begin(), c.redraw_bits.end(), 0);
    }
    parallel::for_ranges<std::size_t>(0, todo.size(), [&](const auto& r) {
      ThreadLocal& local = locals.local();
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        const std::uint32_t p = todo[i];
        Draws u = kQuietWeek;
        bool redraw = false;
        if (scheduled) {
          // The visit drawn stands unless it was cleared (the case is new, or its state or
          // what its bounds depend on changed since), or its week went by while the case was
          // closed, or the zone's levers or a parameter changed. Most cases are passed over
          // here on their schedule word alone.
          const std::uint32_t word = c.schedule[p];
          const std::uint16_t visit = visit_week(word);
          redraw = visit_signature_of(word) == 0 || visit < week || redraw_all_ ||
                   (any_zone_redraw && zone_redraw_[pop_.zone[p]]);
          if (!redraw && visit != week) {
            // Not visited this week, unless an age limit ends the case (with a quiet week's
            // draws: the week drawn says nothing can happen before the visit).
            const int limit = age_limit(d);
            if (limit == kNever || age_weeks(p) < limit) continue;
          }
        }
        if (!pop_.alive[p]) continue;
        CaseState state = c.state[p];
        if (state == CaseState::kNone || state == CaseState::kResolved) continue;
        const std::size_t zone = pop_.zone[p];
        const rng::StreamKey week_key{scenario_.seed, replicate_, week, p,
                                      rng::per_domain(rng::Purpose::kCaseWeek, index(d))};
        if (!scheduled) {
          rng::Stream s(week_key);
          u = {s.uniform(), s.uniform(), s.uniform(), s.uniform(), s.uniform()};
        } else {
          // A visit drawn for another state than the case's is drawn again too (every change
          // clears it, see DomainCases::redraw_visit; this keeps a missed one from standing).
          const std::uint16_t signature = visit_signature(d, p);
          std::uint16_t visit = visit_week(c.schedule[p]);
          const bool drawn_now = redraw || visit_signature_of(c.schedule[p]) != signature;
          if (drawn_now || visit == week) {
            const std::array<double, kTests> bounds = case_bounds(d, p, most_contacts);
            if (drawn_now) {
              visit = draw_visit(d, p, static_cast<int>(week), bounds);
              c.schedule[p] = visit_word(signature, visit);
            }
            if (visit == week) {
              rng::Stream s(week_key);
              u = conditioned_draws(s, bounds);
            }
          }
        }
        const bool served = state == CaseState::kServed;
        const bool unmet_now = unmet(state);
        auto move = [&](CaseState to) {
          if (to != CaseState::kServed && to != CaseState::kEscalated) c.service[p] = kNoService;
          c.state[p] = to;
          c.since[p] = static_cast<std::int16_t>(now());
          state = to;
        };
        auto resolve = [&] {
          move(CaseState::kResolved);
          local.flows.add(zone, per_domain(Flow::kResolved, d));
          local.follow_ups.push_back({FollowUp::kNeedChanged, d, p});
        };
        auto escalate = [&](Flow kind) {
          local.flows.add(zone, kind);
          if (pop_.foreign[p]) local.flows.add(zone, Flow::kEscalationsForeign);
        };
        auto happens = [](double u_draw, double hazard_per_week) {
          return below_weekly_probability(u_draw, hazard_per_week);
        };

        // Detection of a hidden need. The draw is first held against the rate with as many
        // ties in contact as the network channel can count (the largest rate when that channel
        // adds, the rate without it when it takes away): a draw above that bound cannot detect,
        // so most cases need not look up their ties in contact.
        if (state == CaseState::kHidden &&
            u.detect < detection_rate(d, p, c.severity[p], most_contacts) *
                           (1 + kProbabilityBoundMargin) &&
            happens(u.detect, detection_rate(d, p, c.severity[p], network_contacts(p)))) {
          move(CaseState::kWaiting);
          local.flows.add(zone, per_domain(Flow::kDetected, d));
        }

        switch (d) {
          case Domain::kLongTermCare: {
            if (state == CaseState::kEscalated) break;  // in a nursing home
            const bool carer = carer_of_[p] != kNoCarer;
            const bool home_care =
                served && c.service[p] == static_cast<std::uint8_t>(ServiceKind::kHomeCare);
            double relief = carer ? 1 - params_[Param::kInformalCareEffect] : 1.0;
            if (home_care) relief *= 1 - params_[Param::kHomeCareEffect];
            if (c.severity[p] < kSevere &&
                happens(u.progress, params_[Param::kLtcProgression] / kWeeksPerYearD * relief)) {
              ++c.severity[p];
              if (c.severity[p] == kSevere)
                local.follow_ups.push_back({FollowUp::kDeathRedraw, d, p});
            }
            if (c.severity[p] >= kModerate) {
              double h = params_[Param::kLtcHospitalisation] * relief;
              if (c.severity[p] == kSevere) h *= params_[Param::kLtcSevereEscalationFactor];
              if (happens(u.escalate, h)) escalate(Flow::kHospitalisations);
            }
            break;
          }
          case Domain::kDisability: {
            if (age_weeks(p) >= age_limit_weeks) {  // at 65 the need counts as long-term care
              move(CaseState::kNone);
              local.follow_ups.push_back({FollowUp::kLtcAtSixtyFive, d, p});
              break;
            }
            double h = params_[Param::kDisabilityHospitalisation];
            if (served) h *= 1 - params_[Param::kDayCentreEffect];
            if (happens(u.escalate, h)) escalate(Flow::kHospitalisations);
            break;
          }
          case Domain::kFamily: {
            if (age_weeks(p) >= adult_age_weeks) {  // the minor comes of age
              resolve();
              break;
            }
            if (state == CaseState::kEscalated) break;  // placed out of home until 18
            if (happens(u.resolve, served ? params_[Param::kFamilyResolutionServed]
                                          : params_[Param::kFamilyResolutionUnserved])) {
              resolve();
              break;
            }
            double h = c.severity[p] == kSevere ? params_[Param::kChildProtection] : 0.0;
            if (served) h *= 1 - params_[Param::kCaseManagementEffect];
            if (happens(u.escalate, h)) {
              escalate(Flow::kPlacements);
              move(CaseState::kEscalated);
            }
            break;
          }
          case Domain::kPoverty: {
            if (state == CaseState::kEscalated) break;  // on the street until housed
            const bool housing = c.severity[p] == kSevere;
            const double exit = housing
                                    ? (served ? params_[Param::kHousingEmergencyExitServed] : 0.0)
                                    : (served ? params_[Param::kPovertyExitServed]
                                              : params_[Param::kPovertyExitUnserved]);
            if (happens(u.resolve, exit)) {
              if (housing) {  // housed again, still poor: back in the queue for income support
                c.severity[p] = kMild;
                move(CaseState::kWaiting);
              } else {
                resolve();
              }
              break;
            }
            if (unmet_now && !housing && housing_burden_[pop_.household[p]] &&
                happens(u.escalate, params_[Param::kEviction])) {
              escalate(Flow::kEvictions);
              c.severity[p] = kSevere;
              if (served) move(CaseState::kWaiting);
            } else if (unmet_now && housing && happens(u.escalate, params_[Param::kHomelessness])) {
              escalate(Flow::kHomelessness);
              move(CaseState::kEscalated);
            }
            break;
          }
          case Domain::kMentalHealth: {
            double recovery = params_[Param::kMentalRecoveryUnserved];
            if (served) {
              recovery = params_[Param::kMentalRecoveryServed];
              if (c.service[p] == static_cast<std::uint8_t>(ServiceKind::kBudgetDiSalute)) {
                recovery *= params_[Param::kBudgetDiSaluteEffect];
              }
            }
            if (happens(u.resolve, recovery)) {
              resolve();
              break;
            }
            if (unmet_now && happens(u.escalate, params_[Param::kMentalHospitalisation])) {
              escalate(Flow::kPsychiatricAdmissions);
            }
            break;
          }
          case Domain::kLoneliness: {
            const auto hub_ties = p < network_.person_count() ? hub_ties_[p] : 0u;
            const double h =
                (served                         ? params_[Param::kLonelinessResolutionServed]
                 : state == CaseState::kWaiting ? params_[Param::kLonelinessResolutionKnown]
                                                : params_[Param::kLonelinessResolutionUnserved]) +
                params_[Param::kLonelinessResolutionPerTie] * hub_ties;
            if (happens(u.resolve, h)) resolve();
            break;
          }
        }

        // The end of a time-limited service spell: the need, if it persists, waits again.
        if (state == CaseState::kServed && served) {
          const auto service = static_cast<ServiceKind>(c.service[p]);
          const double mean_weeks = service == ServiceKind::kCommunityHub
                                        ? params_[Param::kHubMeanWeeks]
                                    : service == ServiceKind::kChildrenServices
                                        ? params_[Param::kChildrenServicesMeanWeeks]
                                        : 0.0;
          if (mean_weeks > 0 && happens(u.exit, 1.0 / mean_weeks)) move(CaseState::kWaiting);
        }

        // The next visit, from next week on, for the state the case is left in, filed in its
        // week and, when an age limit comes first, in that week too.
        if (scheduled && (in_need(state) || state == CaseState::kEscalated)) {
          const int next = static_cast<int>(week) + 1;
          const std::uint16_t visit = draw_visit(d, p, next, case_bounds(d, p, most_contacts));
          c.schedule[p] = visit_word(visit_signature(d, p), visit);
          if (visit != kNoVisit) local.filed.push_back(filed_visit(d, visit, p));
          if (const int limit = age_limit(d); limit != kNever) {
            const int at = std::max(next, pop_.birth_week[p] + limit);
            if (at < visit && at < scenario_.weeks)
              local.filed.push_back(filed_visit(d, static_cast<std::uint16_t>(at), p));
          }
        }
      }
    });
  }
  std::fill(zone_redraw_.begin(), zone_redraw_.end(), 0);
  redraw_all_ = false;
  if (scheduled) {
    for (auto& local : locals) {
      for (const std::uint64_t e : local.filed)
        visit_calendar_[filed_domain(e)][filed_week(e)].push_back(filed_person(e));
      local.filed.clear();
    }
    visits_filed_ = true;
  }

  std::vector<FollowUp> follow_ups;
  for (auto& local : locals) {
    flows_.merge(local.flows);
    follow_ups.insert(follow_ups.end(), local.follow_ups.begin(), local.follow_ups.end());
  }
  std::sort(follow_ups.begin(), follow_ups.end());
  for (const FollowUp& f : follow_ups) {
    switch (f.kind) {
      case FollowUp::kNeedChanged:
        on_need_changed(f.domain, f.person);
        break;
      case FollowUp::kDeathRedraw:
        reschedule(f.person, EventKind::kDeath);
        break;
      case FollowUp::kLtcAtSixtyFive: {
        const auto s = cases_[index(Domain::kLongTermCare)].state[f.person];
        if (!in_need(s) && s != CaseState::kEscalated) {
          open_case(Domain::kLongTermCare, f.person, kModerate);
          set_state(Domain::kLongTermCare, f.person, CaseState::kWaiting);
          calendar_.cancel(f.person, onset_event(Domain::kLongTermCare));
        }
        reschedule(f.person, onset_event(Domain::kDisability));
        break;
      }
    }
  }
}

}  // namespace welfare
