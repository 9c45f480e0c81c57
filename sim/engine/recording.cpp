// Phase 8, recording: every indicator of indicator_list.hpp for each zone, written to row
// `week_`. Counts are summed as integers per thread, so they do not depend on the threads.
// The minors' well-being scores were summed per zone by phase 7 (minor_score_sums_).

#include <algorithm>

#include "common/parallel.hpp"
#include "engine/simulation.hpp"

namespace welfare {
namespace {

constexpr double kWaitingPercentile = 0.9;
constexpr double kScoreScale = 100.0;  // well-being scores are stored in hundredths

// Per-zone counts from the passes over persons, households and active cases.
struct ZoneCounts {
  // Persons: age groups, citizenship.
  std::int64_t persons = 0, minors = 0, elderly = 0, oldest = 0, foreign = 0;
  // Households living at home.
  std::int64_t households = 0, alone = 0, elderly_alone = 0;
  // Cases.
  std::array<std::array<std::int64_t, kCaseStates>, kDomains> by_state{};
  std::array<std::int64_t, kDomains> unmet_foreign{};
  std::int64_t lonely_old = 0, served = 0, open = 0, served_f = 0, open_f = 0;
  std::int64_t wait_sum = 0, wait_n = 0, wait_sum_f = 0, wait_n_f = 0;

  void add(const ZoneCounts& o) {
    persons += o.persons;
    minors += o.minors;
    elderly += o.elderly;
    oldest += o.oldest;
    foreign += o.foreign;
    households += o.households;
    alone += o.alone;
    elderly_alone += o.elderly_alone;
    for (std::size_t d = 0; d < kDomains; ++d) {
      for (std::size_t k = 0; k < kCaseStates; ++k)
        by_state[d][k] += o.by_state[d][k];
      unmet_foreign[d] += o.unmet_foreign[d];
    }
    lonely_old += o.lonely_old;
    served += o.served;
    open += o.open;
    served_f += o.served_f;
    open_f += o.open_f;
    wait_sum += o.wait_sum;
    wait_n += o.wait_n;
    wait_sum_f += o.wait_sum_f;
    wait_n_f += o.wait_n_f;
  }
};

// One thread's counts (all integers, so their sum does not depend on the threads): per zone,
// and per zone a histogram of the weeks waited (`weeks` entries a zone).
struct Tally {
  Tally(std::size_t zones, std::size_t weeks) : zone(zones), wait_hist(zones * weeks, 0) {}
  std::vector<ZoneCounts> zone;
  std::vector<std::int64_t> wait_hist;
};

// Adds persons [begin, end), all living in the zone counted by `c`. Ages are compared in
// weeks since birth: age_years >= y exactly when age_weeks >= y * kWeeksPerYear.
void count_persons(const Population& pop, std::uint32_t begin, std::uint32_t end, int end_of_week,
                   ZoneCounts& c) {
  const int elderly_born = end_of_week - kElderlyAge * kWeeksPerYear;  // born then or before
  const int oldest_born = end_of_week - kOldestOldAge * kWeeksPerYear;
  const int minor_born = end_of_week - kAdultAge * kWeeksPerYear;  // born after: a minor
  // Branch-free counts in 32 bits, so that the compiler vectorises them (a run is one zone's
  // persons at most).
  std::uint32_t persons = 0, minors = 0, elderly = 0, oldest = 0, foreign = 0;
  for (auto p = begin; p < end; ++p) {
    const std::uint32_t alive = pop.alive[p] != 0;
    const int born = pop.birth_week[p];
    persons += alive;
    elderly += alive & static_cast<std::uint32_t>(born <= elderly_born);
    oldest += alive & static_cast<std::uint32_t>(born <= oldest_born);
    foreign += (0u - alive) & pop.foreign[p];
    minors += alive & static_cast<std::uint32_t>(born > minor_born);
  }
  c.persons += persons;
  c.elderly += elderly;
  c.oldest += oldest;
  c.foreign += foreign;
  c.minors += minors;
}

}  // namespace

void Simulation::record_week() {
  const std::size_t zones = pop_.zone_count();
  const auto w = static_cast<std::size_t>(week_);
  auto set = [&](Indicator i, std::size_t z, double v) {
    indicators_.at(i, w, z) = static_cast<float>(v);
  };

  const int end_of_week = week_ + 1;     // ages as they are when the week is over
  const std::size_t hist_weeks = w + 2;  // room for 0 to week_ weeks waited
  parallel::PerThread<Tally> tallies([&] { return Tally(zones, hist_weeks); });

  // Persons. Those made at the start are ordered by zone: counted a run of one zone at a
  // time; those born since (after them), one by one.
  const std::uint32_t initial = pop_.zone_person_begin.back();
  parallel::for_ranges<std::uint32_t>(
      0, static_cast<std::uint32_t>(pop_.person_count()), [&](const auto& r) {
        auto& local = tallies.local().zone;
        auto p = r.begin();
        while (p < r.end() && p < initial) {
          const std::size_t z = pop_.zone[p];
          const std::uint32_t run_end = std::min(r.end(), pop_.zone_person_begin[z + 1]);
          count_persons(pop_, p, run_end, end_of_week, local[z]);
          p = run_end;
        }
        for (; p < r.end(); ++p)
          count_persons(pop_, p, p + 1, end_of_week, local[pop_.zone[p]]);
      });

  // Households living at home.
  parallel::for_ranges<std::uint32_t>(
      0, static_cast<std::uint32_t>(pop_.household_count()), [&](const auto& r) {
        auto& local = tallies.local().zone;
        for (auto h = r.begin(); h != r.end(); ++h) {
          const auto n = pop_.household_alive[h];
          if (n == 0) continue;
          ZoneCounts& c = local[pop_.household_zone[h]];
          ++c.households;
          if (n == 1) {
            ++c.alone;
            for_each_member(h, [&](std::uint32_t m) {
              c.elderly_alone += pop_.age_years(m, end_of_week) >= kElderlyAge;
            });
          }
        }
      });

  // Cases, from the active lists (taken as one sequence, domain after domain); waiting
  // times as a histogram per zone.
  std::array<std::size_t, kDomains + 1> list_begin{};
  for (std::size_t d = 0; d < kDomains; ++d)
    list_begin[d + 1] = list_begin[d] + active_[d].size();
  parallel::for_ranges<std::size_t>(0, list_begin.back(), [&](const auto& r) {
    Tally& local = tallies.local();
    for (std::size_t di = 0; di < kDomains; ++di) {
      const std::size_t first = std::max(r.begin(), list_begin[di]);
      const std::size_t last = std::min(r.end(), list_begin[di + 1]);
      if (first >= last) continue;
      const Domain d = kAllDomains[di];
      const auto& c = cases_[di];
      const auto& list = active_[di];
      for (std::size_t i = first - list_begin[di]; i < last - list_begin[di]; ++i) {
        const std::uint32_t p = list[i];
        if (!pop_.alive[p]) continue;
        const CaseState s = c.state[p];
        const std::size_t z = pop_.zone[p];
        ZoneCounts& n = local.zone[z];
        ++n.by_state[di][static_cast<std::size_t>(s)];
        const bool f = pop_.foreign[p];
        if (in_need(s)) {
          ++n.open;
          n.open_f += f;
          n.served += s == CaseState::kServed;
          n.served_f += f && s == CaseState::kServed;
          if (d == Domain::kLoneliness && pop_.age_years(p, end_of_week) >= kElderlyAge)
            ++n.lonely_old;
        }
        if (unmet(s) && f) ++n.unmet_foreign[di];
        if (s == CaseState::kWaiting) {
          const auto waited = static_cast<std::size_t>(std::clamp(week_ - c.since[p], 0, week_));
          n.wait_sum += static_cast<std::int64_t>(waited);
          ++n.wait_n;
          ++local.wait_hist[z * hist_weeks + waited];
          if (f) {
            n.wait_sum_f += static_cast<std::int64_t>(waited);
            ++n.wait_n_f;
          }
        }
      }
    }
  });

  Tally total(zones, hist_weeks);
  tallies.combine_each([&](const Tally& local) {
    for (std::size_t z = 0; z < zones; ++z)
      total.zone[z].add(local.zone[z]);
    for (std::size_t k = 0; k < total.wait_hist.size(); ++k)
      total.wait_hist[k] += local.wait_hist[k];
  });

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
    const ZoneCounts& cz = total.zone[z];
    set(Indicator::kPopulation, z, static_cast<double>(cz.persons));
    set(Indicator::kMinors, z, static_cast<double>(cz.minors));
    set(Indicator::kElderly, z, static_cast<double>(cz.elderly));
    set(Indicator::kOldestOld, z, static_cast<double>(cz.oldest));
    set(Indicator::kForeign, z, static_cast<double>(cz.foreign));
    set(Indicator::kHouseholds, z, static_cast<double>(cz.households));
    set(Indicator::kOnePerson, z, static_cast<double>(cz.alone));
    set(Indicator::kElderlyAlone, z, static_cast<double>(cz.elderly_alone));
    set(Indicator::kBirths, z, static_cast<double>(flows_.get(z, Flow::kBirths)));
    set(Indicator::kDeaths, z, static_cast<double>(flows_.get(z, Flow::kDeaths)));

    constexpr std::array<Indicator, kDomains> kHidden = {
        Indicator::kLtcHidden,     Indicator::kDisabilityHidden, Indicator::kFamilyHidden,
        Indicator::kPovertyHidden, Indicator::kMentalHidden,     Indicator::kLonelinessHidden};
    // The eight indicators of a domain follow each other in the list, hidden first.
    for (Domain d : kAllDomains) {
      const auto base = static_cast<std::size_t>(kHidden[index(d)]);
      auto at = [&](std::size_t offset) { return static_cast<Indicator>(base + offset); };
      const auto& n = cz.by_state[index(d)];
      set(at(0), z, static_cast<double>(n[static_cast<std::size_t>(CaseState::kHidden)]));
      set(at(1), z, static_cast<double>(n[static_cast<std::size_t>(CaseState::kWaiting)]));
      set(at(2), z, static_cast<double>(n[static_cast<std::size_t>(CaseState::kServed)]));
      set(at(3), z, static_cast<double>(n[static_cast<std::size_t>(CaseState::kEscalated)]));
      set(at(4), z, static_cast<double>(flows_.get(z, per_domain(Flow::kOnset, d))));
      set(at(5), z, static_cast<double>(flows_.get(z, per_domain(Flow::kDetected, d))));
      set(at(6), z, static_cast<double>(flows_.get(z, per_domain(Flow::kResolved, d))));
      set(at(7), z, static_cast<double>(cz.unmet_foreign[index(d)]));
    }
    set(Indicator::kLonely65Plus, z, static_cast<double>(cz.lonely_old));

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
    set(Indicator::kWaitingMean, z, ratio(cz.wait_sum, cz.wait_n));
    set(Indicator::kWaitingMeanForeign, z, ratio(cz.wait_sum_f, cz.wait_n_f));
    double p90 = 0;
    if (cz.wait_n > 0) {
      const auto rank =
          static_cast<std::int64_t>(std::ceil(kWaitingPercentile * static_cast<double>(cz.wait_n)));
      std::int64_t seen = 0;
      for (std::size_t k = 0; k < hist_weeks; ++k) {
        seen += total.wait_hist[z * hist_weeks + k];
        if (seen >= rank) {
          p90 = static_cast<double>(k);
          break;
        }
      }
    }
    set(Indicator::kWaitingP90, z, p90);
    set(Indicator::kCoverage, z, ratio(cz.served, cz.open));
    set(Indicator::kCoverageForeign, z, ratio(cz.served_f, cz.open_f));
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
          cz.minors > 0 ? static_cast<double>(minor_score_sums_[z][d]) /
                              static_cast<double>(cz.minors) / kScoreScale
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
            cz.by_state[index(Domain::kFamily)][static_cast<std::size_t>(CaseState::kEscalated)]) *
            params_[Param::kPlacementCost]);
    set(Indicator::kSpendingPolicies, z, levers_[z].spending);
    set(Indicator::kSpendingHomelessness, z,
        static_cast<double>(
            cz.by_state[index(Domain::kPoverty)][static_cast<std::size_t>(CaseState::kEscalated)]) *
            params_[Param::kHomelessCost]);
  }
}

}  // namespace welfare
