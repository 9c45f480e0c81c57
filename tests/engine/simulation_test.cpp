// The weekly step: ageing, recording, determinism across thread counts, and a policy ended
// during the run.
#include "engine/simulation.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>

#include "engine/test_scenario.hpp"

namespace welfare {
namespace {

Scenario make_scenario(int weeks) {
  Scenario sc;
  sc.name = "engine-test";
  sc.weeks = weeks;
  sc.seed = 5;
  Territory& t = sc.territory;
  t.name = "Testland";
  t.age_band_lower = {0, 15, 65, 80};
  t.income_bands = {{"low", 15000}, {"high", INFINITY}};
  t.districts = {{"D1", "North"}, {"D2", "South"}};
  for (int i = 0; i < 3; ++i) {
    Zone z;
    z.id = "Z" + std::to_string(i);
    z.name = "Zone " + std::to_string(i);
    z.district = static_cast<std::size_t>(i % 2);
    z.residents = 3000 + 1000 * i;
    z.household_size_shares = {0.5, 0.25, 0.12, 0.1, 0.03};
    z.age_shares = {0.12, 0.62, 0.17, 0.09};
    z.foreign_share = 0.1 * i;
    z.income_shares = {0.4, 0.6};
    t.zones.push_back(z);
  }
  return sc;
}

TEST(Simulation, AYearOfWeeksAgesEveryoneByOneYear) {
  const Scenario sc = make_scenario(52);
  Simulation sim(sc, 0);
  sim.run();
  EXPECT_TRUE(sim.finished());
  EXPECT_EQ(sim.week(), 52);
  const Population& pop = sim.population();
  const std::size_t initial = pop.zone_person_begin.back();  // persons born since come after
  for (std::size_t p = 0; p < initial; ++p) {
    ASSERT_EQ(pop.age_years(p, sim.week()), pop.age_years(p, 0) + 1);
  }
  // Those alive who were 64 at the start are counted among the 65+ at the end.
  double turned_65 = 0, elderly_at_start = 0;
  for (std::size_t p = 0; p < initial; ++p) {
    if (!pop.alive[p]) continue;
    turned_65 += pop.age_years(p, 0) == kElderlyAge - 1;
    elderly_at_start += pop.age_years(p, 0) >= kElderlyAge;
  }
  double elderly_at_end = 0;
  for (std::size_t z = 0; z < pop.zone_count(); ++z) {
    elderly_at_end += sim.indicators().at(Indicator::kElderly, 51, z);
  }
  EXPECT_GT(turned_65, 0);
  EXPECT_EQ(elderly_at_end, elderly_at_start + turned_65);
}

TEST(Simulation, RecordsEachZoneAndWeekFromThePersons) {
  const Scenario sc = make_scenario(30);
  Simulation sim(sc, 0);
  sim.run();
  const Population& pop = sim.population();
  const auto& ind = sim.indicators();
  const std::size_t last = 29;
  for (std::size_t z = 0; z < pop.zone_count(); ++z) {
    double elderly = 0, minors = 0;
    for (std::uint32_t p = 0; p < pop.person_count(); ++p) {
      if (!pop.alive[p] || pop.zone[p] != z) continue;
      elderly += pop.age_years(p, 30) >= kElderlyAge;
      minors += pop.age_years(p, 30) < kAdultAge;
    }
    double alive = 0;
    for (auto p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p)
      alive += pop.alive[p];
    for (auto p = static_cast<std::uint32_t>(pop.zone_person_begin.back()); p < pop.person_count();
         ++p) {
      alive += pop.alive[p] && pop.zone[p] == z;
    }
    EXPECT_EQ(ind.at(Indicator::kPopulation, last, z), alive);
    EXPECT_EQ(ind.at(Indicator::kElderly, last, z), elderly);
    EXPECT_EQ(ind.at(Indicator::kMinors, last, z), minors);
  }
}

TEST(Simulation, RunDataCarriesProvenanceAxesAndEveryIndicator) {
  const Scenario sc = make_scenario(8);
  Simulation sim(sc, 3);
  sim.run();
  const store::RunData run = sim.run_data();
  EXPECT_EQ(run.meta.scenario_name, "engine-test");
  EXPECT_EQ(run.meta.territory_name, "Testland");
  EXPECT_EQ(run.meta.seed, 5u);
  EXPECT_EQ(run.meta.replicate, 3u);
  EXPECT_EQ(run.meta.weeks, 8u);
  EXPECT_EQ(run.weeks.size(), 8u);
  EXPECT_EQ(run.zones.ids, (std::vector<std::string>{"Z0", "Z1", "Z2"}));
  EXPECT_EQ(run.zones.districts, (std::vector<std::string>{"North", "South", "North"}));
  ASSERT_EQ(run.indicators.size(), kIndicatorCount);
  for (const auto& i : run.indicators) {
    EXPECT_EQ(i.values.size(), 8u * 3u) << i.name;
    EXPECT_FALSE(i.units.empty());
    EXPECT_FALSE(i.description.empty());
  }
}

TEST(Simulation, IdenticalIndicatorsAtOneAndTwoThreads) {
  const Scenario sc = make_scenario(20);
  auto run_with = [&](int threads) {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism,
                          static_cast<std::size_t>(threads));
    Simulation sim(sc, 1);
    sim.run();
    return sim.run_data().indicators;
  };
  const auto one = run_with(1);
  const auto two = run_with(2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i)
    EXPECT_EQ(one[i].values, two[i].values) << one[i].name;
}

// Community managers acting from week 0 in every zone of the test territory.
Policy managers_everywhere(const Scenario& sc) {
  constexpr double kManagersPer10000 = 2;
  return testing::lever_everywhere(sc, LeverType::kCommunityManagers, kManagersPer10000,
                                   "managers");
}

TEST(Simulation, EndingAPolicyDuringTheRunIsTheSameAsAnEndWeek) {
  constexpr int kWeeks = 30;
  constexpr int kEndWeek = 12;
  Scenario live = make_scenario(kWeeks);
  live.policies.push_back(managers_everywhere(live));
  Scenario ended = live;
  ended.policies[0].end_week = kEndWeek;

  Simulation moved(live, 0), planned(ended, 0), kept(live, 0);
  for (int w = 0; w < kEndWeek; ++w)
    moved.step();
  moved.end_policy(0);
  EXPECT_EQ(moved.policies()[0].end_week, kEndWeek);
  moved.run();
  planned.run();
  kept.run();
  const auto a = moved.run_data().indicators;
  const auto b = planned.run_data().indicators;
  const auto c = kept.run_data().indicators;
  bool differs_from_kept = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].values, b[i].values) << a[i].name;
    differs_from_kept = differs_from_kept || a[i].values != c[i].values;
  }
  EXPECT_TRUE(differs_from_kept);
}

TEST(Simulation, PhaseTimesCoverEveryPhaseAndLeaveTheRunUnchanged) {
  const Scenario sc = make_scenario(6);
  Simulation timed(sc, 0), plain(sc, 0);
  PhaseTimes times;
  while (!timed.finished()) {
    timed.step(&times);
    plain.step();
  }
  EXPECT_EQ(times.weeks, 6);
  double sum = 0;
  for (std::size_t p = 0; p < kPhases; ++p) {
    EXPECT_GE(times.seconds[p], 0.0) << phase_key(static_cast<Phase>(p));
    sum += times.seconds[p];
  }
  EXPECT_GT(times.seconds[static_cast<std::size_t>(Phase::kCaseDynamics)], 0.0);
  EXPECT_DOUBLE_EQ(times.total(), sum);
  for (const auto& spec : indicator_specs()) {
    ASSERT_EQ(timed.indicators().series(spec.id), plain.indicators().series(spec.id)) << spec.name;
  }
  PhaseTimes both = times;
  both += times;
  EXPECT_EQ(both.weeks, 12);
  EXPECT_DOUBLE_EQ(both.total(), 2 * times.total());
  // Every phase has its own name.
  for (std::size_t p = 0; p < kPhases; ++p) {
    for (std::size_t q = p + 1; q < kPhases; ++q) {
      EXPECT_NE(phase_key(static_cast<Phase>(p)), phase_key(static_cast<Phase>(q)));
    }
  }
}

TEST(Simulation, EndPolicyKeepsAnEarlierEndAndRejectsAnUnknownPolicy) {
  constexpr int kWeeks = 10;
  constexpr int kEarlyEnd = 3;
  Scenario sc = make_scenario(kWeeks);
  sc.policies.push_back(managers_everywhere(sc));
  sc.policies[0].end_week = kEarlyEnd;
  Simulation sim(sc, 0);
  for (int w = 0; w < kEarlyEnd + 2; ++w)
    sim.step();
  sim.end_policy(0);
  EXPECT_EQ(sim.policies()[0].end_week, kEarlyEnd);
  EXPECT_THROW(sim.end_policy(1), std::out_of_range);
}

}  // namespace
}  // namespace welfare
