// Phase 4, case dynamics: every active case, once a week, in parallel: detection of hidden
// needs through the channels, progression, resolution, escalation and the end of a service
// spell. Each case draws from its own stream keyed (week, person, domain) and always draws
// the same numbers in the same order, whatever branch it takes, so that a change in one
// process never shifts the draws of another (common random numbers).
//
// A case writes only its own slot; everything that touches others (the onsets whose risk it
// changes, a new case in another domain, a redrawn death) is collected per thread and applied
// after the loop in person order.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

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
};

// The uniform draws of one case-week, always drawn in full.
struct Draws {
  double detect, progress, resolve, escalate, exit;
};

}  // namespace

double Simulation::detection_rate(Domain d, std::uint32_t p, std::uint8_t severity) const {
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
  int contacts = 0;
  const int max_ties = static_cast<int>(params_[Param::kNetworkChannelMaxTies]);
  if (p < network_.person_count()) {
    network_.for_each_tie(p, [&](std::uint32_t other, TieKind) {
      if (contacts < max_ties && in_contact_[other]) ++contacts;
    });
  }
  rate += params_[Param::kNetworkChannel] * contacts;
  rate += params_[Param::kOutreachChannel] + zl.outreach;
  if (d == Domain::kLoneliness) rate += params_[Param::kAntennaChannel] + zl.antennas;
  return rate;
}

void Simulation::advance_cases() {
  // Who is in contact with services at the start of the phase (read by the network channel).
  in_contact_.assign(pop_.person_count(), 0);
  for (std::size_t d = 0; d < kDomains; ++d) {
    for (std::uint32_t p : active_[d]) {
      const auto s = cases_[d].state[p];
      if (s == CaseState::kWaiting || s == CaseState::kServed) in_contact_[p] = 1;
    }
  }

  tbb::enumerable_thread_specific<ThreadLocal> locals(
      [&] { return ThreadLocal(pop_.zone_count()); });
  const auto week = static_cast<std::uint32_t>(now());
  const int age_limit_weeks = kElderlyAge * kWeeksPerYear;

  for (Domain d : kAllDomains) {
    auto& c = cases_[index(d)];
    const auto& list = active_[index(d)];
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, list.size()), [&](const auto& r) {
      ThreadLocal& local = locals.local();
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        const std::uint32_t p = list[i];
        if (!pop_.alive[p]) continue;
        CaseState state = c.state[p];
        if (state == CaseState::kNone || state == CaseState::kResolved) continue;
        rng::Stream s({scenario_.seed, replicate_, week, p,
                       rng::per_domain(rng::Purpose::kCaseWeek, index(d))});
        const Draws u{s.uniform(), s.uniform(), s.uniform(), s.uniform(), s.uniform()};
        const std::size_t zone = pop_.zone[p];
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
          return u_draw < weekly_probability(hazard_per_week);
        };

        // Detection of a hidden need.
        if (state == CaseState::kHidden && happens(u.detect, detection_rate(d, p, c.severity[p]))) {
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
            if (age_weeks(p) >= kAdultAge * kWeeksPerYear) {  // the minor comes of age
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
            const auto hub_ties =
                p < network_.person_count() ? network_.degree(p, TieKind::kHub) : 0u;
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
      }
    });
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
