// Phase 8, recording: every indicator of indicator_list.hpp for each zone, written to row
// `week_`. Counts are summed as integers per thread, so they do not depend on the threads.
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "engine/simulation.hpp"

namespace welfare {
namespace {

constexpr double kWaitingPercentile = 0.9;
constexpr double kScoreScale = 100.0;  // well-being scores are stored in hundredths

// Per-zone counts from the pass over persons.
struct PersonCounts {
  std::int64_t persons = 0, minors = 0, elderly = 0, oldest = 0, foreign = 0;
  std::array<std::int64_t, 7> wellbeing{};
};

}  // namespace

void Simulation::record_week() {
  const std::size_t zones = pop_.zone_count();
  const auto w = static_cast<std::size_t>(week_);
  auto set = [&](Indicator i, std::size_t z, double v) {
    indicators_.at(i, w, z) = static_cast<float>(v);
  };

  const int end_of_week = week_ + 1;  // ages as they are when the week is over
  // Persons: age groups, citizenship, minors' well-being.
  tbb::combinable<std::vector<PersonCounts>> person_counts(
      [&] { return std::vector<PersonCounts>(zones); });
  tbb::parallel_for(
      tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(pop_.person_count())),
      [&](const auto& r) {
        auto& local = person_counts.local();
        for (auto p = r.begin(); p != r.end(); ++p) {
          if (!pop_.alive[p]) continue;
          PersonCounts& c = local[pop_.zone[p]];
          const int age = pop_.age_years(p, end_of_week);
          ++c.persons;
          c.elderly += age >= kElderlyAge;
          c.oldest += age >= kOldestOldAge;
          c.foreign += pop_.foreign[p];
          if (age < kAdultAge) {
            ++c.minors;
            for (std::size_t d = 0; d < 7; ++d)
              c.wellbeing[d] += wellbeing_[p][d];
          }
        }
      });
  std::vector<PersonCounts> pc(zones);
  person_counts.combine_each([&](const std::vector<PersonCounts>& local) {
    for (std::size_t z = 0; z < zones; ++z) {
      pc[z].persons += local[z].persons;
      pc[z].minors += local[z].minors;
      pc[z].elderly += local[z].elderly;
      pc[z].oldest += local[z].oldest;
      pc[z].foreign += local[z].foreign;
      for (std::size_t d = 0; d < 7; ++d)
        pc[z].wellbeing[d] += local[z].wellbeing[d];
    }
  });

  // Households living at home.
  std::vector<std::int64_t> households(zones, 0), alone(zones, 0), elderly_alone(zones, 0);
  for (std::uint32_t h = 0; h < pop_.household_count(); ++h) {
    const auto n = pop_.household_alive[h];
    if (n == 0) continue;
    const std::size_t z = pop_.household_zone[h];
    ++households[z];
    if (n == 1) {
      ++alone[z];
      for_each_member(h, [&](std::uint32_t m) {
        elderly_alone[z] += pop_.age_years(m, end_of_week) >= kElderlyAge;
      });
    }
  }

  // Cases, from the active lists; waiting times as a histogram per zone.
  std::array<std::vector<std::array<std::int64_t, 6>>, kDomains> by_state;
  std::vector<std::int64_t> lonely_old(zones, 0);
  std::vector<std::int64_t> served(zones, 0), open(zones, 0), served_f(zones, 0), open_f(zones, 0);
  std::vector<std::int64_t> wait_sum(zones, 0), wait_n(zones, 0), wait_sum_f(zones, 0),
      wait_n_f(zones, 0);
  std::vector<std::vector<std::int64_t>> wait_hist(zones, std::vector<std::int64_t>(w + 2, 0));
  std::array<std::vector<std::int64_t>, kDomains> unmet_foreign;
  for (Domain d : kAllDomains) {
    auto& counts = by_state[index(d)];
    counts.assign(zones, {});
    unmet_foreign[index(d)].assign(zones, 0);
    const auto& c = cases_[index(d)];
    for (std::uint32_t p : active_[index(d)]) {
      if (!pop_.alive[p]) continue;
      const CaseState s = c.state[p];
      const std::size_t z = pop_.zone[p];
      ++counts[z][static_cast<std::size_t>(s)];
      const bool f = pop_.foreign[p];
      if (in_need(s)) {
        ++open[z];
        open_f[z] += f;
        served[z] += s == CaseState::kServed;
        served_f[z] += f && s == CaseState::kServed;
        if (d == Domain::kLoneliness && pop_.age_years(p, end_of_week) >= kElderlyAge)
          ++lonely_old[z];
      }
      if (unmet(s) && f) ++unmet_foreign[index(d)][z];
      if (s == CaseState::kWaiting) {
        const auto waited = static_cast<std::size_t>(std::clamp(week_ - c.since[p], 0, week_));
        wait_sum[z] += static_cast<std::int64_t>(waited);
        ++wait_n[z];
        ++wait_hist[z][waited];
        if (f) {
          wait_sum_f[z] += static_cast<std::int64_t>(waited);
          ++wait_n_f[z];
        }
      }
    }
  }

  // Service units used, by the zone of the person served (areas may pool zones).
  std::vector<std::array<double, kServiceKinds>> used_in_zone(zones);
  for (auto& u : used_in_zone)
    u.fill(0.0);
  for (std::size_t s = 0; s < kServiceKinds; ++s) {
    const auto kind = static_cast<ServiceKind>(s);
    for (std::size_t area = 0; area < services_.areas(kind); ++area) {
      for (const Placement& pl : services_.roster(area, kind))
        used_in_zone[pop_.zone[pl.person]][s] += pl.units;
    }
  }

  const Territory& t = scenario_.territory;
  for (std::size_t z = 0; z < zones; ++z) {
    set(Indicator::kPopulation, z, static_cast<double>(pc[z].persons));
    set(Indicator::kMinors, z, static_cast<double>(pc[z].minors));
    set(Indicator::kElderly, z, static_cast<double>(pc[z].elderly));
    set(Indicator::kOldestOld, z, static_cast<double>(pc[z].oldest));
    set(Indicator::kForeign, z, static_cast<double>(pc[z].foreign));
    set(Indicator::kHouseholds, z, static_cast<double>(households[z]));
    set(Indicator::kOnePerson, z, static_cast<double>(alone[z]));
    set(Indicator::kElderlyAlone, z, static_cast<double>(elderly_alone[z]));
    set(Indicator::kBirths, z, static_cast<double>(flows_.get(z, Flow::kBirths)));
    set(Indicator::kDeaths, z, static_cast<double>(flows_.get(z, Flow::kDeaths)));

    constexpr std::array<Indicator, kDomains> kHidden = {
        Indicator::kLtcHidden,     Indicator::kDisabilityHidden, Indicator::kFamilyHidden,
        Indicator::kPovertyHidden, Indicator::kMentalHidden,     Indicator::kLonelinessHidden};
    // The eight indicators of a domain follow each other in the list, hidden first.
    for (Domain d : kAllDomains) {
      const auto base = static_cast<std::size_t>(kHidden[index(d)]);
      auto at = [&](std::size_t offset) { return static_cast<Indicator>(base + offset); };
      const auto& n = by_state[index(d)][z];
      set(at(0), z, static_cast<double>(n[static_cast<std::size_t>(CaseState::kHidden)]));
      set(at(1), z, static_cast<double>(n[static_cast<std::size_t>(CaseState::kWaiting)]));
      set(at(2), z, static_cast<double>(n[static_cast<std::size_t>(CaseState::kServed)]));
      set(at(3), z, static_cast<double>(n[static_cast<std::size_t>(CaseState::kEscalated)]));
      set(at(4), z, static_cast<double>(flows_.get(z, per_domain(Flow::kOnset, d))));
      set(at(5), z, static_cast<double>(flows_.get(z, per_domain(Flow::kDetected, d))));
      set(at(6), z, static_cast<double>(flows_.get(z, per_domain(Flow::kResolved, d))));
      set(at(7), z, static_cast<double>(unmet_foreign[index(d)][z]));
    }
    set(Indicator::kLonely65Plus, z, static_cast<double>(lonely_old[z]));

    set(Indicator::kHospitalisations, z,
        static_cast<double>(flows_.get(z, Flow::kHospitalisations)));
    set(Indicator::kPsychiatricAdmissions, z,
        static_cast<double>(flows_.get(z, Flow::kPsychiatricAdmissions)));
    set(Indicator::kNursingHomeAdmissions, z,
        static_cast<double>(flows_.get(z, Flow::kNursingHomeAdmissions)));
    set(Indicator::kEvictions, z, static_cast<double>(flows_.get(z, Flow::kEvictions)));
    set(Indicator::kHomelessness, z, static_cast<double>(flows_.get(z, Flow::kHomelessness)));
    set(Indicator::kPlacements, z, static_cast<double>(flows_.get(z, Flow::kPlacements)));
    set(Indicator::kEscalationsForeign, z,
        static_cast<double>(flows_.get(z, Flow::kEscalationsForeign)));

    auto ratio = [](std::int64_t a, std::int64_t b) {
      return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
    };
    set(Indicator::kWaitingMean, z, ratio(wait_sum[z], wait_n[z]));
    set(Indicator::kWaitingMeanForeign, z, ratio(wait_sum_f[z], wait_n_f[z]));
    double p90 = 0;
    if (wait_n[z] > 0) {
      const auto rank =
          static_cast<std::int64_t>(std::ceil(kWaitingPercentile * static_cast<double>(wait_n[z])));
      std::int64_t seen = 0;
      for (std::size_t k = 0; k < wait_hist[z].size(); ++k) {
        seen += wait_hist[z][k];
        if (seen >= rank) {
          p90 = static_cast<double>(k);
          break;
        }
      }
    }
    set(Indicator::kWaitingP90, z, p90);
    set(Indicator::kCoverage, z, ratio(served[z], open[z]));
    set(Indicator::kCoverageForeign, z, ratio(served_f[z], open_f[z]));
    set(Indicator::kInformalCareHours, z, informal_hours_.empty() ? 0.0 : informal_hours_[z]);
    set(Indicator::kInformalCarers, z,
        informal_carers_.empty() ? 0.0 : static_cast<double>(informal_carers_[z]));

    constexpr std::array<Indicator, 7> kWellbeing = {
        Indicator::kWellbeingSocialRelations, Indicator::kWellbeingHealthAccess,
        Indicator::kWellbeingEducation,       Indicator::kWellbeingPhysicalActivity,
        Indicator::kWellbeingTalents,         Indicator::kWellbeingSelfDetermination,
        Indicator::kWellbeingCommonSpaces};
    for (std::size_t d = 0; d < 7; ++d) {
      set(kWellbeing[d], z,
          pc[z].minors > 0 ? static_cast<double>(pc[z].wellbeing[d]) /
                                 static_cast<double>(pc[z].minors) / kScoreScale
                           : 0.0);
    }

    // Spending: places used times their unit cost; social workers are paid as staffed.
    auto used = [&](ServiceKind s) { return used_in_zone[z][static_cast<std::size_t>(s)]; };
    set(Indicator::kSpendingHomeCare, z,
        used(ServiceKind::kHomeCare) * params_[Param::kHomeCareCost]);
    set(Indicator::kSpendingDayCentre, z,
        used(ServiceKind::kDayCentre) * params_[Param::kDayCentreCost]);
    set(Indicator::kSpendingNursingHome, z,
        used(ServiceKind::kNursingHome) * params_[Param::kNursingHomeCost]);
    set(Indicator::kSpendingCommunityHub, z,
        used(ServiceKind::kCommunityHub) * params_[Param::kHubCost]);
    set(Indicator::kSpendingCaseManagement, z,
        t.zones[z].capacity[static_cast<std::size_t>(ServiceKind::kCaseManagement)] *
            params_[Param::kCaseManagementCost]);
    set(Indicator::kSpendingIncomeSupport, z,
        used(ServiceKind::kIncomeSupport) * params_[Param::kIncomeSupportCost]);
    set(Indicator::kSpendingHousingSupport, z,
        used(ServiceKind::kHousingSupport) * params_[Param::kHousingSupportCost]);
    set(Indicator::kSpendingChildrenServices, z,
        used(ServiceKind::kChildrenServices) * params_[Param::kChildrenServicesCost]);
    set(Indicator::kSpendingBudgetDiSalute, z,
        used(ServiceKind::kBudgetDiSalute) * params_[Param::kBudgetDiSaluteCost]);
    const double hospital_days = static_cast<double>(flows_.get(z, Flow::kHospitalisations)) *
                                     params_[Param::kHospitalStayDays] +
                                 static_cast<double>(flows_.get(z, Flow::kPsychiatricAdmissions)) *
                                     params_[Param::kPsychiatricStayDays];
    set(Indicator::kSpendingHospital, z, hospital_days * params_[Param::kHospitalDayCost]);
    set(Indicator::kSpendingPlacements, z,
        static_cast<double>(
            by_state[index(Domain::kFamily)][z][static_cast<std::size_t>(CaseState::kEscalated)]) *
            params_[Param::kPlacementCost]);
    set(Indicator::kSpendingPolicies, z, levers_[z].spending);
    set(Indicator::kSpendingHomelessness, z,
        static_cast<double>(
            by_state[index(Domain::kPoverty)][z][static_cast<std::size_t>(CaseState::kEscalated)]) *
            params_[Param::kHomelessCost]);
  }
}

}  // namespace welfare
