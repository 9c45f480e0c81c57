// Waiting times drawn by inverting cumulative hazards.
#include "needs/hazard.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "rng/stream.hpp"

namespace welfare {
namespace {

TEST(Hazard, ConstantHazardGivesExponentialWaitingTimes) {
  const AgeHazard<1> h{{0}, {0.52}};  // 0.01 a week
  // e = 1 needs 100 weeks at 0.01 a week.
  EXPECT_EQ(weeks_until(h, 0, 1.0, 1.0), 100);
  EXPECT_EQ(weeks_until(h, 30 * 52, 1.0, 1.0), 100);  // age does not matter
  EXPECT_EQ(weeks_until(h, 0, 2.0, 1.0), 50);         // the multiplier scales the hazard
  EXPECT_EQ(weeks_until(h, 0, 1.0, 1e-9), 1);         // at least a week
  EXPECT_EQ(weeks_until(h, 0, 0.0, 1.0), kNever);
}

TEST(Hazard, PiecewiseHazardCrossesBands) {
  // Nothing before 10, then 5.2 a year (0.1 a week).
  const AgeHazard<2> h{{0, 10}, {0, 5.2}};
  EXPECT_EQ(weeks_until(h, 0, 1.0, 1.0), 10 * 52 + 10);
  // From age 9 and a half: half a year of nothing, then 10 weeks.
  EXPECT_EQ(weeks_until(h, 9 * 52 + 26, 1.0, 1.0), 26 + 10);
  // A hazard that stops: never reached.
  const AgeHazard<2> stops{{0, 1}, {0.52, 0}};
  EXPECT_EQ(weeks_until(stops, 0, 1.0, 5.0), kNever);
}

TEST(Hazard, CanHappenIsFalseExactlyWhenNoDrawGivesAWeek) {
  // Nothing before 10, 5.2 a year from 10 to 18, nothing after.
  const AgeHazard<3> h{{0, 10, 18}, {0, 5.2, 0}};
  const double draws[] = {1e-9, 0.01, 0.5, 1.0, 3.0, 30.0, 700.0};
  for (int age_years = 0; age_years <= 30; ++age_years) {
    for (const double m : {0.0, -1.0, 0.5, 1.0, 4.0}) {
      const int age = age_years * 52 + 17;
      bool some_week = false;
      for (const double e : draws)
        some_week = some_week || weeks_until(h, age, m, e) != kNever;
      EXPECT_EQ(can_happen(h, age, m), some_week) << "age " << age_years << ", multiplier " << m;
    }
  }
  EXPECT_TRUE(can_happen(h, 17 * 52 + 51, 1.0));  // the last week of the band
  EXPECT_FALSE(can_happen(h, 18 * 52, 1.0));
  EXPECT_FALSE(can_happen(AgeHazard<1>{{0}, {0.0}}, 0, 1.0));
  EXPECT_FALSE(can_happen(AgeHazard<1>{{0}, {0.52}}, 0, std::nan("")));
}

TEST(Hazard, MeanOfDrawnTimesMatchesTheRate) {
  const AgeHazard<1> h{{0}, {2.6}};  // 0.05 a week: mean about 20 weeks (+0.5 for rounding up)
  rng::Stream s({3, 0, 0, 0, rng::Purpose::kOnset});
  double sum = 0;
  constexpr int kDraws = 20000;
  for (int i = 0; i < kDraws; ++i)
    sum += weeks_until(h, 0, 1.0, s.exponential());
  EXPECT_NEAR(sum / kDraws, 20.5, 0.5);
}

TEST(Hazard, GompertzMortalityRisesWithAgeAndMatchesItsLevel) {
  const double mu65 = hazard_from_probability(0.01);
  // At 65, one unit of cumulative hazard over a year is about mu65: a draw of mu65 dies
  // within the year.
  const int weeks = weeks_until_death(mu65, 0.1, 1.0, 65 * 52, mu65);
  EXPECT_GE(weeks, 50);
  EXPECT_LE(weeks, 53);
  // Older people die sooner for the same draw; a multiplier shortens the time.
  EXPECT_LT(weeks_until_death(mu65, 0.1, 1.0, 85 * 52, 0.5),
            weeks_until_death(mu65, 0.1, 1.0, 65 * 52, 0.5));
  EXPECT_LT(weeks_until_death(mu65, 0.1, 2.0, 75 * 52, 0.5),
            weeks_until_death(mu65, 0.1, 1.0, 75 * 52, 0.5));
  // The share dying within a year at 65 is about q65.
  rng::Stream s({4, 0, 0, 0, rng::Purpose::kDeath});
  int died = 0;
  constexpr int kPersons = 100000;
  for (int i = 0; i < kPersons; ++i)
    died += weeks_until_death(mu65, 0.1, 1.0, 65 * 52, s.exponential()) <= 52;
  EXPECT_NEAR(static_cast<double>(died) / kPersons, 0.0105, 0.0015);  // q65 and a year's rise
}

TEST(Hazard, WeeklyProbability) {
  EXPECT_NEAR(weekly_probability(0.01), 1 - std::exp(-0.01), 1e-15);
  EXPECT_EQ(weekly_probability(0), 0);
}

}  // namespace
}  // namespace welfare
