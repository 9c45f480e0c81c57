// Each policy lever moves its target in the documented direction through its mechanism,
// leaves the weeks before its start identical (common random numbers), and is costed.
#include <gtest/gtest.h>

#include <functional>

#include "engine/simulation.hpp"
#include "engine/test_scenario.hpp"

namespace welfare {
namespace {

constexpr int kWeeks = 78;
constexpr int kStart = 13;

// How many replicates each side of a pair runs: the directions are checked on their sums (the
// two sides share each replicate's draws), so that a rare outcome is not judged on one run.
constexpr std::uint32_t kReplicates = 3;

struct Pair {
  std::unique_ptr<Simulation> base, policy;                         // replicate 0
  std::vector<std::unique_ptr<Simulation>> more_base, more_policy;  // the other replicates
  double sum(const Simulation& sim, Indicator i, int from = kStart) const {
    double s = 0;
    for (int w = from; w < sim.week(); ++w) {
      for (std::size_t z = 0; z < sim.population().zone_count(); ++z) {
        s += sim.indicators().at(i, static_cast<std::size_t>(w), z);
      }
    }
    return s;
  }
  double before(Indicator i) const {
    double s = sum(*base, i);
    for (const auto& sim : more_base)
      s += sum(*sim, i);
    return s;
  }
  double after(Indicator i) const {
    double s = sum(*policy, i);
    for (const auto& sim : more_policy)
      s += sum(*sim, i);
    return s;
  }
};

// Runs the test territory with and without the lever (all zones, from week kStart).
Pair run_pair(Policy lever, const std::function<void(Scenario&)>& adjust = {}) {
  static std::vector<std::unique_ptr<Scenario>> keep;  // Simulations refer to their scenario
  auto base = std::make_unique<Scenario>(testing::small_scenario(kWeeks, 8000));
  if (adjust) adjust(*base);
  auto with = std::make_unique<Scenario>(*base);
  lever.start_week = kStart;
  for (std::size_t z = 0; z < with->territory.zones.size(); ++z)
    lever.zones.push_back(z);
  with->policies.push_back(lever);
  Pair pair{std::make_unique<Simulation>(*base, 0), std::make_unique<Simulation>(*with, 0), {}, {}};
  pair.base->run();
  pair.policy->run();
  for (std::uint32_t r = 1; r < kReplicates; ++r) {
    pair.more_base.push_back(std::make_unique<Simulation>(*base, r));
    pair.more_policy.push_back(std::make_unique<Simulation>(*with, r));
    pair.more_base.back()->run();
    pair.more_policy.back()->run();
  }
  keep.push_back(std::move(base));
  keep.push_back(std::move(with));
  return pair;
}

void expect_identical_before_start(const Pair& p) {
  for (const auto& spec : indicator_specs()) {
    for (std::size_t w = 0; w < kStart; ++w) {
      for (std::size_t z = 0; z < 3; ++z) {
        ASSERT_EQ(p.base->indicators().at(spec.id, w, z), p.policy->indicators().at(spec.id, w, z))
            << spec.name << " week " << w;
      }
    }
  }
}

Policy lever(LeverType type, double size, double cost = 0) {
  Policy p;
  p.type = type;
  p.name = std::string(lever_info(type).key);
  p.size = size;
  p.cost_per_unit = cost;
  return p;
}

TEST(Levers, DomiciliarityExpansionShortensHomeCareQueuesAndNursingHomeAdmissions) {
  // Beds to spare, so that admissions follow the severe needs left unserved, not the beds.
  const Pair p = run_pair(lever(LeverType::kDomiciliarityExpansion, 30), [](Scenario& sc) {
    for (auto& z : sc.territory.zones)
      z.capacity[static_cast<std::size_t>(ServiceKind::kNursingHome)] *= 4;
  });
  expect_identical_before_start(p);
  EXPECT_LT(p.after(Indicator::kLtcWaiting), p.before(Indicator::kLtcWaiting));
  EXPECT_LT(p.after(Indicator::kNursingHomeAdmissions),
            p.before(Indicator::kNursingHomeAdmissions));
  EXPECT_GT(p.after(Indicator::kSpendingHomeCare), p.before(Indicator::kSpendingHomeCare));
}

TEST(Levers, ShiftingBedsToHomeCareLowersNursingHomeSpending) {
  Policy l = lever(LeverType::kDomiciliarityExpansion, 10);
  l.beds_shifted_per_1000 = 2;
  const Pair p = run_pair(l);
  expect_identical_before_start(p);
  EXPECT_LT(p.after(Indicator::kSpendingNursingHome), p.before(Indicator::kSpendingNursingHome));
}

TEST(Levers, LonelinessAntennasDetectLonelyPersonsSoonerAndLowerLoneliness) {
  const Pair p = run_pair(lever(LeverType::kLonelinessAntennas, 5, 50));
  expect_identical_before_start(p);
  EXPECT_GT(p.after(Indicator::kLonelinessDetected),
            1.5 * p.before(Indicator::kLonelinessDetected));
  EXPECT_LT(p.after(Indicator::kLonelinessHidden), p.before(Indicator::kLonelinessHidden));
  const double lonely_base = p.before(Indicator::kLonelinessHidden) +
                             p.before(Indicator::kLonelinessWaiting) +
                             p.before(Indicator::kLonelinessServed);
  const double lonely_policy = p.after(Indicator::kLonelinessHidden) +
                               p.after(Indicator::kLonelinessWaiting) +
                               p.after(Indicator::kLonelinessServed);
  EXPECT_LT(lonely_policy, lonely_base);
  EXPECT_GT(p.after(Indicator::kSpendingPolicies), 0);
  EXPECT_EQ(p.before(Indicator::kSpendingPolicies), 0);
}

TEST(Levers, CommunityManagersFindHiddenNeedsAndMobiliseCarers) {
  const Pair p = run_pair(lever(LeverType::kCommunityManagers, 3, 800));
  expect_identical_before_start(p);
  for (auto i : {Indicator::kLtcHidden, Indicator::kPovertyHidden, Indicator::kMentalHidden}) {
    EXPECT_LT(p.after(i), p.before(i));
  }
  EXPECT_GT(p.after(Indicator::kInformalCarers), p.before(Indicator::kInformalCarers));
  EXPECT_GT(p.after(Indicator::kSpendingPolicies), 0);
}

TEST(Levers, BudgetDiSaluteServesMentalHealthAndDisabilityNeedsAndLowersEscalation) {
  const Pair p = run_pair(lever(LeverType::kBudgetDiSalute, 6));
  expect_identical_before_start(p);
  EXPECT_GT(p.after(Indicator::kMentalServed) + p.after(Indicator::kDisabilityServed),
            p.before(Indicator::kMentalServed) + p.before(Indicator::kDisabilityServed));
  EXPECT_LT(p.after(Indicator::kMentalWaiting) + p.after(Indicator::kDisabilityWaiting),
            p.before(Indicator::kMentalWaiting) + p.before(Indicator::kDisabilityWaiting));
  EXPECT_LE(p.after(Indicator::kHospitalisations) + p.after(Indicator::kPsychiatricAdmissions),
            p.before(Indicator::kHospitalisations) + p.before(Indicator::kPsychiatricAdmissions));
  EXPECT_GT(p.after(Indicator::kSpendingBudgetDiSalute),
            p.before(Indicator::kSpendingBudgetDiSalute));
}

TEST(Levers, CaseDiQuartiereRelieveLonelinessAndImproveCommonSpaces) {
  const Pair p = run_pair(lever(LeverType::kCaseDiQuartiere, 10));
  expect_identical_before_start(p);
  EXPECT_GT(p.after(Indicator::kLonelinessServed), p.before(Indicator::kLonelinessServed));
  EXPECT_GT(p.after(Indicator::kLonelinessResolved), p.before(Indicator::kLonelinessResolved));
  EXPECT_GT(p.after(Indicator::kWellbeingCommonSpaces),
            p.before(Indicator::kWellbeingCommonSpaces));
  // Attendees form ties.
  std::size_t hub_ties_base = 0, hub_ties_policy = 0;
  for (std::uint32_t q = 0; q < p.base->network().person_count(); ++q) {
    hub_ties_base += p.base->network().degree(q, TieKind::kHub);
    hub_ties_policy += p.policy->network().degree(q, TieKind::kHub);
  }
  EXPECT_GT(hub_ties_policy, hub_ties_base);
}

TEST(Levers, SocioHealthIntegrationRaisesHealthReferrals) {
  const Pair p = run_pair(lever(LeverType::kSocioHealthIntegration, 20, 100));
  expect_identical_before_start(p);
  EXPECT_LT(p.after(Indicator::kLtcHidden), p.before(Indicator::kLtcHidden));
  EXPECT_LT(p.after(Indicator::kMentalHidden), p.before(Indicator::kMentalHidden));
  // Loneliness is not referred by health services: untouched until needs interact.
  EXPECT_GT(p.after(Indicator::kSpendingPolicies), 0);
}

TEST(Levers, MultichannelAccessNarrowsTheGapForPersonsWithBarriers) {
  // Needs that reach services mostly by self-referral, which barriers weaken.
  auto hidden_share = [](const Simulation& sim, bool barrier) {
    double hidden = 0, open = 0;
    for (Domain d : {Domain::kPoverty, Domain::kFamily, Domain::kLoneliness}) {
      for (std::uint32_t q : sim.active(d)) {
        if (sim.has_access_barrier(q) != barrier) continue;
        const auto s = sim.cases(d).state[q];
        if (!in_need(s)) continue;
        ++open;
        hidden += s == CaseState::kHidden;
      }
    }
    return hidden / open;
  };
  const Pair p = run_pair(lever(LeverType::kDigitalAccess, 5, 200));
  expect_identical_before_start(p);
  const double gap_base = hidden_share(*p.base, true) - hidden_share(*p.base, false);
  const double gap_policy = hidden_share(*p.policy, true) - hidden_share(*p.policy, false);
  EXPECT_GT(gap_base, 0) << "persons with barriers stay hidden longer";
  EXPECT_LT(gap_policy, gap_base);
}

TEST(Levers, AccessCriteriaOpenIncomeSupportToAHigherBand) {
  Scenario sc = testing::small_scenario(kWeeks, 8000, 3.0);  // room for the newly eligible
  sc.parameters.set(Param::kIncomeSupportMaxBand, 0);
  Scenario with = sc;
  Policy l = lever(LeverType::kAccessCriteria, 1);
  l.start_week = kStart;
  for (std::size_t z = 0; z < 3; ++z)
    l.zones.push_back(z);
  with.policies.push_back(l);
  Simulation base(sc, 0), policy(with, 0);
  base.run();
  policy.run();
  auto band1_supported = [](const Simulation& sim) {
    int n = 0;
    for (std::size_t z = 0; z < 3; ++z) {
      for (const auto& pl : sim.services().roster(z, ServiceKind::kIncomeSupport)) {
        n += sim.population().income_band[sim.population().household[pl.person]] == 1;
      }
    }
    return n;
  };
  EXPECT_EQ(band1_supported(base), 0);
  EXPECT_GT(band1_supported(policy), 0);
}

TEST(Levers, CareWorkforceShortageLengthensQueues) {
  const Pair p = run_pair(lever(LeverType::kCareWorkforce, -0.3));
  expect_identical_before_start(p);
  EXPECT_LT(p.after(Indicator::kLtcServed), p.before(Indicator::kLtcServed));
  EXPECT_GT(p.after(Indicator::kLtcWaiting), p.before(Indicator::kLtcWaiting));
  EXPECT_LT(p.after(Indicator::kSpendingHomeCare), p.before(Indicator::kSpendingHomeCare));
}

TEST(Levers, HousingSolutionsKeepPersonsOffTheStreet) {
  // Few housing places, so that persons stay on the street without the lever (with the test
  // territory's provision most are housed the week they lose their home).
  const Pair p = run_pair(lever(LeverType::kHousingSolutions, 5), [](Scenario& sc) {
    for (auto& z : sc.territory.zones)
      z.capacity[static_cast<std::size_t>(ServiceKind::kHousingSupport)] /= 4;
  });
  expect_identical_before_start(p);
  EXPECT_GT(p.after(Indicator::kPovertyServed), p.before(Indicator::kPovertyServed));
  EXPECT_LT(p.after(Indicator::kPovertyEscalated), p.before(Indicator::kPovertyEscalated));
  EXPECT_GT(p.after(Indicator::kSpendingHousingSupport),
            p.before(Indicator::kSpendingHousingSupport));
}

TEST(Levers, ThirdSectorCapacityServesMoreInItsService) {
  Policy l = lever(LeverType::kThirdSector, 3, 10);
  l.service = ServiceKind::kDayCentre;
  const Pair p = run_pair(l);
  expect_identical_before_start(p);
  EXPECT_GT(p.after(Indicator::kDisabilityServed), p.before(Indicator::kDisabilityServed));
  EXPECT_GT(p.after(Indicator::kSpendingDayCentre), p.before(Indicator::kSpendingDayCentre));
}

TEST(Levers, ALeverEndsAndRampsUp) {
  Policy l = lever(LeverType::kLonelinessAntennas, 4);
  l.start_week = 10;
  l.ramp_weeks = 4;
  l.end_week = 20;
  EXPECT_EQ(l.strength(9), 0.0);
  EXPECT_DOUBLE_EQ(l.strength(10), 0.25);
  EXPECT_DOUBLE_EQ(l.strength(13), 1.0);
  EXPECT_EQ(l.strength(20), 0.0);
}

}  // namespace
}  // namespace welfare
