// The case dynamics visit a case only in the weeks drawn for it (CaseDraws::kScheduled);
// testing every case every week (CaseDraws::kEveryWeek) is the same model drawn the slow way.
// The two cannot agree bit for bit (they draw different numbers), so they are compared in
// distribution: every indicator, summed over the run, over independent replicates of each.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/simulation.hpp"
#include "engine/test_scenario.hpp"

namespace welfare {
namespace {

using testing::lever_everywhere;
using testing::small_scenario;

// A scenario that moves what the cases' bounds depend on during the run: outreach ramped up
// week by week (the zones' detection levers change), Case di Quartiere (hub ties added, access
// barriers removed), antennas ended halfway.
Scenario scenario_with_levers(int weeks) {
  Scenario sc = small_scenario(weeks, 5000, 0.8, 11);
  Policy managers = lever_everywhere(sc, LeverType::kCommunityManagers, 3, "managers");
  managers.start_week = 8;
  managers.ramp_weeks = 12;
  Policy hubs = lever_everywhere(sc, LeverType::kCaseDiQuartiere, 10, "hubs");
  hubs.start_week = 4;
  Policy antennas = lever_everywhere(sc, LeverType::kLonelinessAntennas, 5, "antennas");
  antennas.end_week = weeks / 2;
  sc.policies = {managers, hubs, antennas};
  return sc;
}

struct Sample {
  std::vector<double> sum;
  std::vector<double> sum_sq;
  int n = 0;
};

// Per indicator, the run's total over weeks and zones, accumulated over `replicates`.
Sample run_replicates(const Scenario& sc, CaseDraws draws, std::uint32_t first, int replicates) {
  Sample s{std::vector<double>(kIndicatorCount), std::vector<double>(kIndicatorCount), 0};
  for (int r = 0; r < replicates; ++r) {
    Simulation sim(sc, first + static_cast<std::uint32_t>(r), draws);
    sim.run();
    for (std::size_t i = 0; i < kIndicatorCount; ++i) {
      double total = 0;
      for (const float v : sim.indicators().series(static_cast<Indicator>(i)))
        total += v;
      s.sum[i] += total;
      s.sum_sq[i] += total * total;
    }
    ++s.n;
  }
  return s;
}

// Welch's t of the difference between the two samples' means of indicator i (0 when neither
// varies and the means are equal).
double welch_t(const Sample& a, const Sample& b, std::size_t i) {
  const auto mean_var = [i](const Sample& s) {
    const double mean = s.sum[i] / s.n;
    const double var = std::max(0.0, (s.sum_sq[i] - s.n * mean * mean) / (s.n - 1));
    return std::pair{mean, var / s.n};
  };
  const auto [ma, va] = mean_var(a);
  const auto [mb, vb] = mean_var(b);
  const double se = std::sqrt(va + vb);
  if (se == 0) return ma == mb ? 0.0 : INFINITY;
  return (ma - mb) / se;
}

TEST(CaseDraws, ScheduledVisitsGiveTheModelOfWeeklyTests) {
  constexpr int kWeeks = 52;
  constexpr int kReplicates = 40;
  const Scenario sc = scenario_with_levers(kWeeks);
  // Different replicates for the two, so that the samples are independent.
  const Sample scheduled = run_replicates(sc, CaseDraws::kScheduled, 0, kReplicates);
  const Sample weekly = run_replicates(sc, CaseDraws::kEveryWeek, 1000, kReplicates);
  // With about a hundred indicators, |t| > 5 by chance has a probability of about 1e-3 in all
  // (t with 78 degrees of freedom); a wrong bound or a wrongly conditioned draw shifts the
  // detections, resolutions and escalations by many standard errors.
  constexpr double kLimit = 5.0;
  int compared = 0;
  for (const auto& spec : indicator_specs()) {
    const auto i = static_cast<std::size_t>(spec.id);
    const double t = welch_t(scheduled, weekly, i);
    EXPECT_LT(std::abs(t), kLimit)
        << spec.name << ": mean " << scheduled.sum[i] / kReplicates << " scheduled against "
        << weekly.sum[i] / kReplicates << " weekly";
    if (weekly.sum[i] > 0) ++compared;
  }
  EXPECT_GT(compared, 80);
  // The events the draws decide happened in numbers (the comparison is not of zeros).
  for (const Indicator i : {Indicator::kLtcDetected, Indicator::kLonelinessResolved,
                            Indicator::kHospitalisations, Indicator::kEvictions}) {
    EXPECT_GT(weekly.sum[static_cast<std::size_t>(i)] / kReplicates, 20.0);
  }
}

TEST(CaseDraws, ScheduledRunsAreReproducible) {
  const Scenario sc = scenario_with_levers(30);
  Simulation a(sc, 3);
  Simulation b(sc, 3);
  a.run();
  b.run();
  for (std::size_t i = 0; i < kIndicatorCount; ++i)
    ASSERT_EQ(a.indicators().series(static_cast<Indicator>(i)),
              b.indicators().series(static_cast<Indicator>(i)));
}

TEST(CaseDraws, EveryOpenCaseHasAVisitToComeForItsStateOrIsDrawnAgain) {
  // After each week, an open case's drawn visit is in a week still to come (or none), and was
  // drawn for the state the case is in, and filed in the calendar for its week; or it has
  // been cleared (and flagged) to be drawn again (a new case, or one whose state changed after
  // phase 4). A visit drawn for another state would mean a change the bounds depend on that
  // did not clear it; one not filed or flagged, a case the next phase 4 would not visit.
  const Scenario sc = scenario_with_levers(40);
  Simulation sim(sc, 0);
  int cleared = 0;
  int drawn = 0;
  int filed = 0;
  int at_limit = 0;
  while (!sim.finished()) {
    sim.step();
    for (Domain d : kAllDomains) {
      const DomainCases& c = sim.cases(d);
      for (std::uint32_t p : sim.active(d)) {
        if (!sim.population().alive[p] ||
            !(in_need(c.state[p]) || c.state[p] == CaseState::kEscalated))
          continue;
        const std::uint32_t schedule = c.schedule[p];
        if (schedule == 0) {
          ++cleared;
          // Phase 4 finds the cases to draw again by their flags alone.
          ASSERT_TRUE(c.redraw_flagged(p))
              << domain_key(d) << " person " << p << " week " << sim.week();
          continue;
        }
        ++drawn;
        ASSERT_EQ(visit_signature_of(schedule), sim.visit_signature(d, p))
            << domain_key(d) << " person " << p << " week " << sim.week();
        ASSERT_GE(visit_week(schedule), sim.week())
            << domain_key(d) << " person " << p << " week " << sim.week();
        // Phase 4 visits only the cases filed for its week: the visit must be filed there.
        if (visit_week(schedule) != kNoVisit) {
          ASSERT_TRUE(sim.visit_filed(d, p, visit_week(schedule)))
              << domain_key(d) << " person " << p << " week " << sim.week() << " visit "
              << visit_week(schedule);
          ++filed;
        }
        // An age limit that comes first ends the case in its own week: filed there too.
        const int limit = d == Domain::kDisability ? kElderlyAge * kWeeksPerYear
                          : d == Domain::kFamily   ? kAdultAge * kWeeksPerYear
                                                   : -1;
        const int at = sim.population().birth_week[p] + limit;
        if (limit >= 0 && at >= sim.week() && at < visit_week(schedule) && at < sc.weeks) {
          ASSERT_TRUE(sim.visit_filed(d, p, at))
              << domain_key(d) << " person " << p << " week " << sim.week() << " age limit " << at;
          ++at_limit;
        }
      }
    }
  }
  EXPECT_GT(cleared, 0);
  EXPECT_GT(drawn, 10 * cleared);
  EXPECT_GT(filed, cleared);
  EXPECT_GT(at_limit, 0);
}

}  // namespace
}  // namespace welfare
