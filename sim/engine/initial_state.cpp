// The state at week 0: access barriers, the needs present at the start (from published
// prevalences), and the first due week of every person's events.

#include <algorithm>
#include <cmath>

#include "common/parallel.hpp"
#include "engine/simulation.hpp"
#include "needs/hazard.hpp"
#include "population/synthesis.hpp"
#include "rng/stream.hpp"

namespace welfare {
namespace {

constexpr int kLanguageAge = 15;  // age from which language and digital access are assessed
constexpr int kYoungOldAge = 75;
constexpr int kVeryOldAge = 85;
constexpr int kDisabilityMinAge = 3;
constexpr int kMentalMinAge = 15;
constexpr double kMaxProbability = 0.95;  // a prevalence times a relative risk is capped here

}  // namespace

void Simulation::assign_barriers() {
  const std::uint64_t seed = scenario_.seed;
  parallel::for_ranges<std::uint32_t>(
      0, static_cast<std::uint32_t>(pop_.person_count()), [&](const auto& r) {
        for (auto p = r.begin(); p != r.end(); ++p) {
          rng::Stream s({seed, replicate_, rng::kInitialisationWeek, p, rng::Purpose::kBarriers});
          const double u_language = s.uniform(), u_digital = s.uniform();
          const int age = pop_.age_years(p, 0);
          std::uint8_t b = 0;
          if (age >= kLanguageAge) {
            if (pop_.foreign[p] && u_language < params_[Param::kLanguageBarrierForeign]) {
              b |= kLanguageBarrierBit;
            }
            const double access = age < kElderlyAge    ? params_[Param::kDigitalAccessUnder65]
                                  : age < kYoungOldAge ? params_[Param::kDigitalAccess65To74]
                                                       : params_[Param::kDigitalAccess75Plus];
            if (u_digital >= access) b |= kNoDigitalAccessBit;
          }
          barriers_[p] = b;
        }
      });
}

void Simulation::assign_initial_needs() {
  const std::uint64_t seed = scenario_.seed;
  auto stream = [&](std::uint32_t p, Domain d) {
    return rng::Stream({seed, replicate_, rng::kInitialisationWeek, p,
                        rng::per_domain(rng::Purpose::kInitialNeed, index(d))});
  };
  // Households first: poverty and the housing-cost burden, held by the head.
  auto& poverty = cases_[index(Domain::kPoverty)];
  parallel::for_each<std::size_t>(0, pop_.household_count(), [&](std::size_t h) {
    const std::uint32_t head = pop_.household_head[h];
    rng::Stream s = stream(head, Domain::kPoverty);
    const double u_poor = s.uniform(), u_burden = s.uniform();
    const int band = pop_.income_band[h];
    double p_poor = band == 0   ? params_[Param::kPovertyLowestBand]
                    : band == 1 ? params_[Param::kPovertySecondBand]
                                : 0.0;
    p_poor = std::min(kMaxProbability, p_poor * poverty_risk(static_cast<std::uint32_t>(h)));
    const bool poor = u_poor < p_poor;
    if (poor) {
      poverty.state[head] = CaseState::kHidden;
      poverty.severity[head] = kMild;
    }
    housing_burden_[h] = u_burden < (poor ? params_[Param::kHousingBurdenPoor]
                                          : params_[Param::kHousingBurdenOther]);
  });

  auto severity_from = [](double u, double moderate, double severe) -> std::uint8_t {
    return u < severe ? kSevere : u < severe + moderate ? kModerate : kMild;
  };
  parallel::for_ranges<std::uint32_t>(
      0, static_cast<std::uint32_t>(pop_.person_count()), [&](const auto& r) {
        for (auto p = r.begin(); p != r.end(); ++p) {
          const int age = pop_.age_years(p, 0);
          const std::uint32_t h = pop_.household[p];
          auto set = [&](Domain d, std::uint8_t severity) {
            cases_[index(d)].state[p] = CaseState::kHidden;
            cases_[index(d)].severity[p] = severity;
          };
          {  // long-term care
            rng::Stream s = stream(p, Domain::kLongTermCare);
            const double u = s.uniform(), u_sev = s.uniform();
            const double prev = age < kElderlyAge    ? params_[Param::kLtcPrevalenceUnder65]
                                : age < kYoungOldAge ? params_[Param::kLtcPrevalence65To74]
                                : age < kVeryOldAge  ? params_[Param::kLtcPrevalence75To84]
                                                     : params_[Param::kLtcPrevalence85Plus];
            if (u < prev * ltc_sex_factor(p)) {
              set(Domain::kLongTermCare, severity_from(u_sev, params_[Param::kLtcShareModerate],
                                                       params_[Param::kLtcShareSevere]));
            }
          }
          if (age >= kDisabilityMinAge && age < kElderlyAge) {
            rng::Stream s = stream(p, Domain::kDisability);
            if (s.uniform() < params_[Param::kDisabilityPrevalence])
              set(Domain::kDisability, kModerate);
          }
          if (age < kAdultAge) {
            rng::Stream s = stream(p, Domain::kFamily);
            const double u = s.uniform(), u_sev = s.uniform();
            double prev = params_[Param::kFamilyPrevalence];
            if (household_poor(h)) prev *= params_[Param::kFamilyPovertyRisk];
            if (pop_.household_type[h] == HouseholdType::kSingleParent) {
              prev *= params_[Param::kFamilySingleParentRisk];
            }
            if (u < std::min(prev, kMaxProbability)) {
              set(Domain::kFamily,
                  u_sev < params_[Param::kFamilyShareSevere] ? kSevere : kModerate);
            }
          }
          if (age >= kMentalMinAge) {
            rng::Stream s = stream(p, Domain::kMentalHealth);
            if (s.uniform() < params_[Param::kMentalPrevalence])
              set(Domain::kMentalHealth, kModerate);
          }
          if (age >= kAdultAge) {
            rng::Stream s = stream(p, Domain::kLoneliness);
            double prev = age < kElderlyAge ? params_[Param::kLonelinessPrevalenceUnder65]
                                            : params_[Param::kLonelinessPrevalence65Plus];
            if (pop_.household_size(h) == 1) prev *= params_[Param::kLonelinessAloneRisk];
            if (few_ties(p)) prev *= params_[Param::kLonelinessFewTiesRisk];
            if (s.uniform() < std::min(prev, kMaxProbability)) set(Domain::kLoneliness, kMild);
          }
        }
      });

  // Of the needs present at the start, some are already known to the services.
  for (Domain d : kAllDomains) {
    auto& c = cases_[index(d)];
    for (std::uint32_t p = 0; p < pop_.person_count(); ++p) {
      if (c.state[p] != CaseState::kHidden) continue;
      rng::Stream s({seed, replicate_, rng::kInitialisationWeek, p,
                     rng::per_domain(rng::Purpose::kCaseWeek, index(d))});
      const double u_known = s.uniform(), u_waited = s.uniform();
      c.since[p] = 0;
      if (u_known < params_[Param::kInitialKnownShare]) {
        c.state[p] = CaseState::kWaiting;
        c.since[p] = static_cast<std::int16_t>(
            -std::floor(u_waited * (params_[Param::kInitialWaitingWeeks] + 1)));
      }
      active_[index(d)].push_back(p);
    }
  }
  // Children's well-being starts at its target.
  for (std::uint32_t p = 0; p < pop_.person_count(); ++p) {
    if (pop_.age_years(p, 0) < kAdultAge) add_minor(p);
  }
}

void Simulation::schedule_initial_events() {
  parallel::for_ranges<std::uint32_t>(
      0, static_cast<std::uint32_t>(pop_.person_count()), [&](const auto& r) {
        for (auto p = r.begin(); p != r.end(); ++p) {
          for (std::size_t k = 0; k < kEventKinds; ++k) {
            const auto kind = static_cast<EventKind>(k);
            const int w = draw_event_week(p, kind, rng::kInitialisationWeek);
            if (w != kNever) calendar_.set_due(p, kind, w);
          }
        }
      });
  calendar_.file_all();
}

int Simulation::draw_event_week(std::uint32_t p, EventKind kind, std::uint32_t draw_week) const {
  if (!pop_.alive[p]) return kNever;
  const int age = age_weeks(p);
  const std::uint32_t h = pop_.household[p];
  auto draw = [&](rng::Purpose purpose) {
    rng::Stream s({scenario_.seed, replicate_, draw_week, p, purpose});
    return s.exponential();
  };
  auto at = [&](int weeks) { return weeks == kNever ? kNever : now() + weeks; };

  if (kind == EventKind::kDeath) {
    const bool female = pop_.sex[p] == Sex::kFemale;
    const double mu65 = hazard_from_probability(female ? params_[Param::kMortality65Female]
                                                       : params_[Param::kMortality65Male]);
    const double slope =
        female ? params_[Param::kMortalitySlopeFemale] : params_[Param::kMortalitySlopeMale];
    const bool severe = cases_[index(Domain::kLongTermCare)].severity[p] == kSevere &&
                        cases_[index(Domain::kLongTermCare)].state[p] != CaseState::kNone &&
                        cases_[index(Domain::kLongTermCare)].state[p] != CaseState::kResolved;
    return at(weeks_until_death(mu65, slope, severe ? params_[Param::kMortalityLtcSevere] : 1.0,
                                age, draw(rng::Purpose::kDeath)));
  }
  // An age-dependent event: the exponential draw is made only when the event can happen at
  // all from this age on (a person past the ages of an onset, a man's births, ... are never).
  auto age_event = [&](const auto& hazard, double multiplier, rng::Purpose purpose) {
    if (!can_happen(hazard, age, multiplier)) return kNever;
    return at(weeks_until(hazard, age, multiplier, draw(purpose)));
  };
  if (kind == EventKind::kBirth) {
    if (pop_.sex[p] != Sex::kFemale || in_nursing_home(p)) return kNever;
    const AgeHazard<6> fertility{
        {0, 15, 25, 35, 45, 50},
        {0, params_[Param::kFertility15To24], params_[Param::kFertility25To34],
         params_[Param::kFertility35To44], params_[Param::kFertility45To49], 0}};
    return age_event(fertility, 1.0, rng::Purpose::kBirth);
  }

  const auto d = static_cast<Domain>(index(kind) - index(EventKind::kOnset));
  const CaseState state = cases_[index(d)].state[p];
  if (state != CaseState::kNone && state != CaseState::kResolved) return kNever;
  const auto purpose = rng::per_domain(rng::Purpose::kOnset, index(d));
  switch (d) {
    case Domain::kLongTermCare: {
      const AgeHazard<4> onset{{0, kElderlyAge, kYoungOldAge, kVeryOldAge},
                               {params_[Param::kLtcOnsetUnder65], params_[Param::kLtcOnset65To74],
                                params_[Param::kLtcOnset75To84], params_[Param::kLtcOnset85Plus]}};
      return age_event(onset, ltc_sex_factor(p), purpose);
    }
    case Domain::kDisability: {
      const AgeHazard<3> onset{{0, kDisabilityMinAge, kElderlyAge},
                               {0, params_[Param::kDisabilityOnset], 0}};
      return age_event(onset, 1.0, purpose);
    }
    case Domain::kFamily: {
      const AgeHazard<2> onset{{0, kAdultAge}, {params_[Param::kFamilyOnset], 0}};
      if (!can_happen(onset, age, 1.0)) return kNever;  // an adult: before the household's risks
      double m = household_poor(h) ? params_[Param::kFamilyPovertyRisk] : 1.0;
      if (pop_.household_type[h] == HouseholdType::kSingleParent)
        m *= params_[Param::kFamilySingleParentRisk];
      return age_event(onset, m, purpose);
    }
    case Domain::kPoverty: {
      if (pop_.household_head[h] != p) return kNever;
      // Each income band above the lowest halves the hazard of an income shock.
      const double m = std::ldexp(1.0, -static_cast<int>(pop_.income_band[h])) * poverty_risk(h);
      const AgeHazard<1> onset{{0}, {params_[Param::kPovertyOnset]}};
      return age_event(onset, m, purpose);
    }
    case Domain::kMentalHealth: {
      double m = lonely(p) ? params_[Param::kMentalLonelinessRisk] : 1.0;
      if (household_poor(h)) m *= params_[Param::kMentalPovertyRisk];
      if (is_carer_[p]) m *= params_[Param::kMentalCarerRisk];
      const AgeHazard<2> onset{{0, kMentalMinAge}, {0, params_[Param::kMentalOnset]}};
      return age_event(onset, m, purpose);
    }
    case Domain::kLoneliness: {
      double m = lives_alone(p) ? params_[Param::kLonelinessAloneRisk] : 1.0;
      if (few_ties(p)) m *= params_[Param::kLonelinessFewTiesRisk];
      const AgeHazard<3> onset{
          {0, kAdultAge, kElderlyAge},
          {0, params_[Param::kLonelinessOnsetUnder65], params_[Param::kLonelinessOnset65Plus]}};
      return age_event(onset, m, purpose);
    }
  }
  return kNever;
}

double Simulation::ltc_sex_factor(std::uint32_t p) const {
  // Women and men at the ratio needs.ltc.female_relative_risk, scaled so that the age's
  // mix of women and men has the band's rate on average.
  const double rr = params_[Param::kLtcFemaleRisk];
  const double f = female_share(age_weeks(p) / kWeeksPerYear, params_);
  const double mean = f * rr + (1 - f);
  return pop_.sex[p] == Sex::kFemale ? rr / mean : 1 / mean;
}

double Simulation::poverty_risk(std::uint32_t h) const {
  const std::uint32_t head = pop_.household_head[h];
  double risk = pop_.foreign[head] ? params_[Param::kPovertyForeignRisk] : 1.0;
  constexpr int kYoungHeadAge = 35;
  if (age_weeks(head) >= kElderlyAge * kWeeksPerYear) risk *= params_[Param::kPovertyElderlyRisk];
  if (age_weeks(head) < kYoungHeadAge * kWeeksPerYear) risk *= params_[Param::kPovertyYoungRisk];
  bool minors = false;
  for_each_member(h, [&](std::uint32_t m) { minors |= age_weeks(m) < kAdultAge * kWeeksPerYear; });
  if (minors) risk *= params_[Param::kPovertyMinorsRisk];
  return risk;
}

void Simulation::reschedule(std::uint32_t p, EventKind kind) {
  const int w = draw_event_week(p, kind, static_cast<std::uint32_t>(now()));
  if (w == kNever) {
    calendar_.cancel(p, kind);
  } else {
    calendar_.schedule(p, kind, w);
  }
}

}  // namespace welfare
