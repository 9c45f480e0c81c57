// The synthetic population matches its territory's marginals and is deterministic.
#include "population/synthesis.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <map>
#include <numeric>

namespace welfare {
namespace {

Zone make_zone(std::string id, std::int64_t residents) {
  Zone z;
  z.id = id;
  z.name = "Zone " + id;
  z.residents = residents;
  z.household_size_shares = {0.45, 0.25, 0.15, 0.11, 0.04};
  z.age_shares = {0.13, 0.63, 0.15, 0.09};
  z.foreign_share = 0.2;
  z.income_shares = {0.25, 0.5, 0.25};
  return z;
}

// Three zones: one from shares only, one with households and one-person households given
// (as Milan's NIL are), one tiny.
Territory make_territory() {
  Territory t;
  t.name = "Testland";
  t.age_band_lower = {0, 15, 65, 80};
  t.income_bands = {{"low", 10000}, {"mid", 30000}, {"high", INFINITY}};
  t.districts = {{"D", "District"}};
  t.zones.push_back(make_zone("A", 20000));
  Zone b = make_zone("B", 15000);
  b.households = 8100;
  b.one_person_households = 4600;
  b.foreign_share = 0.35;
  b.age_shares = {0.10, 0.58, 0.19, 0.13};
  t.zones.push_back(b);
  Zone c = make_zone("C", 42);
  c.households = 22;
  c.one_person_households = 12;
  t.zones.push_back(c);
  return t;
}

class SynthesisTest : public ::testing::Test {
 protected:
  Territory territory = make_territory();
  Parameters params;
  Population pop = synthesise_population(territory, params, {7, 0});
};

TEST_F(SynthesisTest, ResidentsPerZoneAreExact) {
  ASSERT_EQ(pop.zone_count(), territory.zones.size());
  for (std::size_t z = 0; z < territory.zones.size(); ++z) {
    EXPECT_EQ(pop.zone_person_begin[z + 1] - pop.zone_person_begin[z],
              territory.zones[z].residents);
  }
  EXPECT_EQ(static_cast<std::int64_t>(pop.person_count()), territory.total_residents());
}

TEST_F(SynthesisTest, GivenHouseholdCountsAreExact) {
  for (std::size_t z = 1; z < territory.zones.size(); ++z) {
    const Zone& zone = territory.zones[z];
    std::int64_t households = 0, alone = 0;
    for (auto h = pop.zone_household_begin[z]; h < pop.zone_household_begin[z + 1]; ++h) {
      ++households;
      alone += pop.household_size(h) == 1;
    }
    EXPECT_EQ(households, *zone.households) << zone.id;
    EXPECT_EQ(alone, *zone.one_person_households) << zone.id;
  }
}

TEST_F(SynthesisTest, HouseholdSizesFollowTheSharesWhenCountsAreNotGiven) {
  const Zone& zone = territory.zones[0];
  std::array<double, kHouseholdSizeClasses> count{};
  double households = 0;
  for (auto h = pop.zone_household_begin[0]; h < pop.zone_household_begin[1]; ++h) {
    ++count[std::min<std::size_t>(pop.household_size(h), kHouseholdSizeClasses) - 1];
    ++households;
  }
  for (std::size_t k = 0; k < kHouseholdSizeClasses; ++k) {
    // Reconciling with the exact resident count moves a few households between sizes.
    EXPECT_NEAR(count[k] / households, zone.household_size_shares[k], 0.01) << "size " << k + 1;
  }
}

TEST_F(SynthesisTest, AgeBandCountsAreExact) {
  for (std::size_t z = 0; z < territory.zones.size(); ++z) {
    const auto expected = age_counts(territory, territory.zones[z], params);
    std::vector<std::int64_t> got(expected.size(), 0);
    for (auto p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p) {
      ++got[static_cast<std::size_t>(pop.age_years(p, 0))];
    }
    EXPECT_EQ(got, expected) << territory.zones[z].id;
    // And the band totals are the shares of the residents, to the person.
    const auto& lower = territory.age_band_lower;
    for (std::size_t b = 0; b < lower.size(); ++b) {
      const std::size_t hi =
          b + 1 < lower.size() ? static_cast<std::size_t>(lower[b + 1]) : got.size();
      const auto n = std::accumulate(
          got.begin() + lower[b], got.begin() + static_cast<std::ptrdiff_t>(hi), std::int64_t{0});
      EXPECT_LE(
          std::abs(static_cast<double>(n) - territory.zones[z].age_shares[b] *
                                                static_cast<double>(territory.zones[z].residents)),
          1.0);
    }
  }
}

TEST_F(SynthesisTest, ForeignCitizensMatchTheShareWithinOneHousehold) {
  for (std::size_t z = 0; z < territory.zones.size(); ++z) {
    std::int64_t foreign = 0;
    std::size_t largest = 0;
    for (auto p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p)
      foreign += pop.foreign[p];
    for (auto h = pop.zone_household_begin[z]; h < pop.zone_household_begin[z + 1]; ++h) {
      largest = std::max(largest, pop.household_size(h));
      // Citizenship is shared by the household.
      for (auto p = pop.household_begin[h]; p < pop.household_begin[h + 1]; ++p) {
        EXPECT_EQ(pop.foreign[p], pop.foreign[pop.household_begin[h]]);
      }
    }
    const double target =
        territory.zones[z].foreign_share * static_cast<double>(territory.zones[z].residents);
    EXPECT_LE(std::abs(static_cast<double>(foreign) - target),
              static_cast<double>(largest) / 2 + 1);
  }
}

TEST_F(SynthesisTest, IncomeBandCountsAreExact) {
  for (std::size_t z = 0; z < territory.zones.size(); ++z) {
    std::vector<double> count(territory.income_bands.size(), 0);
    double households = 0;
    for (auto h = pop.zone_household_begin[z]; h < pop.zone_household_begin[z + 1]; ++h) {
      ++count[pop.income_band[h]];
      ++households;
    }
    for (std::size_t b = 0; b < count.size(); ++b) {
      EXPECT_LE(std::abs(count[b] - territory.zones[z].income_shares[b] * households), 1.0);
    }
  }
}

TEST_F(SynthesisTest, AgesAreConsistentWithHouseholdTypes) {
  const int gap_min = static_cast<int>(params[Param::kParentAgeGapMin]);
  std::map<HouseholdType, int> seen;
  for (std::size_t h = 0; h < pop.household_count(); ++h) {
    const auto first = pop.household_begin[h];
    const auto size = pop.household_size(h);
    const int head_age = pop.age_years(first, 0);
    ASSERT_EQ(pop.role[first], Role::kHead);
    ++seen[pop.household_type[h]];
    switch (pop.household_type[h]) {
      case HouseholdType::kOnePersonElderly:
        EXPECT_EQ(size, 1u);
        EXPECT_GE(head_age, kElderlyAge);
        break;
      case HouseholdType::kOnePersonAdult:
        EXPECT_EQ(size, 1u);
        EXPECT_LT(head_age, kElderlyAge);
        break;
      case HouseholdType::kCouple:
        EXPECT_EQ(size, 2u);
        EXPECT_GE(head_age, kAdultAge);
        EXPECT_GE(pop.age_years(first + 1, 0), kAdultAge);
        EXPECT_NE(pop.sex[first], pop.sex[first + 1]);
        break;
      case HouseholdType::kCoupleWithChildren:
      case HouseholdType::kSingleParent: {
        EXPECT_GE(head_age, kAdultAge);
        bool any_minor = false;
        for (auto p = first + 1; p < pop.household_begin[h + 1]; ++p) {
          if (pop.role[p] != Role::kChild) continue;
          any_minor |= pop.age_years(p, 0) < kAdultAge;
          EXPECT_GE(head_age - pop.age_years(p, 0), gap_min - 1) << "household " << h;
        }
        EXPECT_TRUE(any_minor || pop.household_type[h] == HouseholdType::kCoupleWithChildren);
        break;
      }
      case HouseholdType::kOther:
        EXPECT_GE(size, 2u);
        break;
    }
  }
  // Every kind of household is made in a zone of 20,000.
  EXPECT_EQ(seen.size(), kHouseholdTypes);
}

TEST_F(SynthesisTest, EveryMinorLivesWithAnAdult) {
  for (std::size_t h = 0; h < pop.household_count(); ++h) {
    bool minor = false, adult = false;
    for (auto p = pop.household_begin[h]; p < pop.household_begin[h + 1]; ++p) {
      (pop.age_years(p, 0) < kAdultAge ? minor : adult) = true;
    }
    if (minor) {
      EXPECT_TRUE(adult) << "household " << h;
    }
  }
}

TEST_F(SynthesisTest, PersonsAreGroupedByZoneAndHousehold) {
  for (std::size_t h = 0; h < pop.household_count(); ++h) {
    ASSERT_LT(pop.household_begin[h], pop.household_begin[h + 1]);
    for (auto p = pop.household_begin[h]; p < pop.household_begin[h + 1]; ++p) {
      ASSERT_EQ(pop.household[p], h);
      ASSERT_EQ(pop.zone[p], pop.household_zone[h]);
    }
  }
  for (std::size_t z = 0; z < pop.zone_count(); ++z) {
    for (auto p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p)
      ASSERT_EQ(pop.zone[p], z);
  }
}

TEST_F(SynthesisTest, SexSharesAreWithinSamplingError) {
  double women = 0, persons = 0, old_women = 0, old = 0;
  for (std::size_t p = 0; p < pop.person_count(); ++p) {
    const bool female = pop.sex[p] == Sex::kFemale;
    if (pop.age_years(p, 0) >= 80) {
      old_women += female;
      ++old;
    } else if (pop.age_years(p, 0) < kElderlyAge) {
      women += female;
      ++persons;
    }
  }
  // Partners take the sex opposite the head's, so the spread is below binomial; 4 standard
  // errors of the binomial bound it.
  const double under65 = params[Param::kFemaleShareUnder65];
  EXPECT_NEAR(women / persons, under65, 4 * std::sqrt(under65 * (1 - under65) / persons));
  const double over80 = params[Param::kFemaleShare80Plus];
  EXPECT_NEAR(old_women / old, over80, 4 * std::sqrt(over80 * (1 - over80) / old) + 0.01);
}

bool same(const Population& a, const Population& b) {
  return a.birth_week == b.birth_week && a.sex == b.sex && a.foreign == b.foreign &&
         a.role == b.role && a.household == b.household && a.zone == b.zone &&
         a.household_begin == b.household_begin && a.household_type == b.household_type &&
         a.income_band == b.income_band && a.household_zone == b.household_zone;
}

TEST(SynthesisDeterminism, SameSeedSamePopulationAtOneAndTwoThreads) {
  const Territory t = make_territory();
  const Parameters params;
  Population one, two;
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = synthesise_population(t, params, {11, 2});
  }
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 2);
    two = synthesise_population(t, params, {11, 2});
  }
  EXPECT_TRUE(same(one, two));
}

TEST(SynthesisDeterminism, DifferentSeedOrReplicateGivesADifferentPopulation) {
  const Territory t = make_territory();
  const Parameters params;
  const Population base = synthesise_population(t, params, {11, 2});
  const Population other_seed = synthesise_population(t, params, {12, 2});
  const Population other_replicate = synthesise_population(t, params, {11, 3});
  EXPECT_FALSE(same(base, other_seed));
  EXPECT_FALSE(same(base, other_replicate));
  // ... but the marginals they match are the same.
  EXPECT_EQ(base.person_count(), other_seed.person_count());
}

TEST(HouseholdPlan, DerivedHouseholdsFillTheResidentsExactly) {
  Zone z = make_zone("X", 1001);
  const Parameters params;
  const HouseholdPlan plan = plan_households(z, params);
  EXPECT_EQ(plan.persons(), 1001);
  EXPECT_GE(plan.five_plus_persons, 5 * plan.count[4]);
}

TEST(HouseholdPlan, InconsistentSharesStillGiveExactCounts) {
  const Parameters params;
  Zone z = make_zone("Y", 3000);
  z.households = 1000;  // mean size 3, far from what the shares say
  z.household_size_shares = {0.6, 0.4, 0, 0, 0};
  const HouseholdPlan plan = plan_households(z, params);
  EXPECT_EQ(plan.households(), 1000);
  EXPECT_EQ(plan.persons(), 3000);

  z.residents = 1100;  // mean size 1.1
  z.household_size_shares = {0.1, 0.2, 0.3, 0.2, 0.2};
  const HouseholdPlan small = plan_households(z, params);
  EXPECT_EQ(small.households(), 1000);
  EXPECT_EQ(small.persons(), 1100);
}

TEST(HouseholdPlan, EmptyZoneHasNoHouseholds) {
  Zone z = make_zone("E", 0);
  const HouseholdPlan plan = plan_households(z, Parameters{});
  EXPECT_EQ(plan.households(), 0);
  EXPECT_EQ(plan.persons(), 0);
}

}  // namespace
}  // namespace welfare
