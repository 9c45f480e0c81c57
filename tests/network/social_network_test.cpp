// The static network built from a population: its ties have the structure and the shares the
// parameters say, it is deterministic at any thread count, and parameters move it the right
// way.
#include "network/social_network.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "network/network_test_support.hpp"

namespace welfare {
namespace {

using testing::age;
using testing::all_ties;
using testing::make_territory;

class NetworkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    territory_ = new Territory(make_territory());
    pop_ = new Population(synthesise_population(*territory_, Parameters{}, {7, 0}));
    net_ = new SocialNetwork(SocialNetwork::build(*pop_, *territory_, Parameters{}, {7, 0}));
  }
  static void TearDownTestSuite() {
    delete net_;
    delete pop_;
    delete territory_;
  }

  static Territory* territory_;
  static Population* pop_;
  static SocialNetwork* net_;
  const Territory& territory = *territory_;
  const Population& pop = *pop_;
  const SocialNetwork& net = *net_;
  const Parameters params;
};
Territory* NetworkTest::territory_ = nullptr;
Population* NetworkTest::pop_ = nullptr;
SocialNetwork* NetworkTest::net_ = nullptr;

// Kin ties once each, as (parent, child): the parent is the older end.
std::vector<std::pair<std::uint32_t, std::uint32_t>> kin_pairs(const Population& pop,
                                                               const SocialNetwork& net) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (std::uint32_t p = 0; p < net.person_count(); ++p) {
    net.for_each_tie(p, [&](std::uint32_t q, TieKind k) {
      if (k == TieKind::kKin && age(pop, p) > age(pop, q)) out.emplace_back(p, q);
    });
  }
  return out;
}

TEST_F(NetworkTest, EveryTieIsStoredBothWaysWithItsKindAndNoneIsASelfTie) {
  auto forward = all_ties(net);
  ASSERT_FALSE(forward.empty());
  auto backward = forward;
  for (auto& [p, q, k] : backward)
    std::swap(p, q);
  for (const auto& [p, q, k] : forward)
    ASSERT_NE(p, q);
  std::sort(forward.begin(), forward.end());
  std::sort(backward.begin(), backward.end());
  EXPECT_EQ(forward, backward);
  EXPECT_EQ(net.person_count(), pop.person_count());
}

TEST_F(NetworkTest, CountsAgreeWithTheTieLists) {
  std::array<std::size_t, kTieKinds> directed{};
  std::size_t total = 0;
  for (std::uint32_t p = 0; p < net.person_count(); ++p) {
    total += net.degree(p);
    for (std::size_t k = 0; k < kTieKinds; ++k)
      directed[k] += net.degree(p, static_cast<TieKind>(k));
  }
  EXPECT_EQ(total, 2 * net.tie_count());
  for (std::size_t k = 0; k < kTieKinds; ++k)
    EXPECT_EQ(directed[k], 2 * net.tie_count(static_cast<TieKind>(k))) << k;
  std::size_t household_pairs = 0;
  for (std::size_t h = 0; h < pop.household_count(); ++h)
    household_pairs += pop.household_size(h) * (pop.household_size(h) - 1) / 2;
  EXPECT_EQ(net.tie_count(TieKind::kHousehold), household_pairs);
  EXPECT_EQ(net.tie_count(TieKind::kHub), 0u);  // hub ties are formed during runs only
  EXPECT_GT(net.tie_count(TieKind::kKin), 0u);
  EXPECT_GT(net.tie_count(TieKind::kNeighbour), 0u);
}

TEST_F(NetworkTest, EachHouseholdIsACompleteGraphOfHouseholdTies) {
  for (std::size_t h = 0; h < pop.household_count(); ++h) {
    const std::uint32_t first = pop.household_begin[h], last = pop.household_begin[h + 1];
    for (std::uint32_t p = first; p < last; ++p) {
      std::set<std::uint32_t> mates;
      net.for_each_tie(p, [&](std::uint32_t q, TieKind k) {
        if (k == TieKind::kHousehold) {
          EXPECT_EQ(pop.household[q], h) << "household tie outside the household";
          mates.insert(q);
        }
      });
      ASSERT_EQ(mates.size(), last - first - 1) << "household " << h;
      EXPECT_EQ(net.degree(p, TieKind::kHousehold), last - first - 1);
    }
  }
}

TEST_F(NetworkTest, KinTiesJoinAnElderlyParentWithAnAdultChildInAnotherHousehold) {
  const auto pairs = kin_pairs(pop, net);
  ASSERT_GT(pairs.size(), 1000u);
  EXPECT_EQ(2 * pairs.size(), 2 * net.tie_count(TieKind::kKin))
      << "a kin tie between persons of the same age";
  const int min_age = static_cast<int>(params[Param::kKinParentMinAge]);
  const int gap_min = static_cast<int>(params[Param::kKinAgeGapMin]);
  for (const auto& [parent, child] : pairs) {
    EXPECT_GE(age(pop, parent), min_age);
    EXPECT_GE(age(pop, child), kAdultAge);
    EXPECT_GE(age(pop, parent) - age(pop, child), gap_min);
    EXPECT_NE(pop.household[parent], pop.household[child]);
    EXPECT_NE(pop.role[child], Role::kChild) << "matched child lives with their own parents";
  }
}

TEST_F(NetworkTest, KinChildrenLiveNearbyAtTheParameterShares) {
  const auto pairs = kin_pairs(pop, net);
  double same_zone = 0, same_district = 0;
  for (const auto& [parent, child] : pairs) {
    const auto zp = pop.zone[parent], zc = pop.zone[child];
    same_zone += zp == zc;
    same_district += zp != zc && territory.zones[zp].district == territory.zones[zc].district;
  }
  const auto n = static_cast<double>(pairs.size());
  const double q_zone = params[Param::kKinSameZoneShare];
  const double q_district = (1 - q_zone) * params[Param::kKinSameDistrictShare];
  // Couples share children and siblings cluster: a few points of tolerance.
  EXPECT_NEAR(same_zone / n, q_zone, 0.03);
  EXPECT_NEAR(same_district / n, q_district, 0.03);
  EXPECT_NEAR(1 - (same_zone + same_district) / n, 1 - q_zone - q_district, 0.03);
}

// Share of persons 65+ living alone who are no one's parent: their only possible unit is
// themselves, with no children at home, so it is the childless share.
double childless_share_living_alone(const Population& pop, const SocialNetwork& net) {
  double alone = 0, childless = 0;
  for (std::uint32_t p = 0; p < pop.person_count(); ++p) {
    if (age(pop, p) < kElderlyAge || pop.household_size(pop.household[p]) != 1) continue;
    ++alone;
    bool parent = false;
    net.for_each_tie(p, [&](std::uint32_t q, TieKind k) {
      parent |= k == TieKind::kKin && age(pop, q) < age(pop, p);
    });
    childless += !parent;
  }
  return childless / alone;
}

TEST_F(NetworkTest, ChildlessShareOfTheElderlyIsTheParameter) {
  EXPECT_NEAR(childless_share_living_alone(pop, net), params[Param::kChildlessShare], 0.025);

  Parameters more;
  more.set(Param::kChildlessShare, 0.4);
  const SocialNetwork other = SocialNetwork::build(pop, territory, more, {7, 0});
  EXPECT_NEAR(childless_share_living_alone(pop, other), 0.4, 0.03);
}

TEST_F(NetworkTest, NeighbourTiesJoinAdultsOfOneZoneOutsideTheirHousehold) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  for (std::uint32_t p = 0; p < net.person_count(); ++p) {
    net.for_each_tie(p, [&](std::uint32_t q, TieKind k) {
      if (k != TieKind::kNeighbour) return;
      EXPECT_EQ(pop.zone[p], pop.zone[q]);
      EXPECT_NE(pop.household[p], pop.household[q]);
      EXPECT_GE(age(pop, p), kAdultAge);
      EXPECT_TRUE(seen.emplace(p, q).second) << "duplicate neighbour tie " << p << "-" << q;
    });
  }
}

struct GroupDegrees {
  double adults = 0, adult_ties = 0;         // 18-64
  double young_old = 0, young_old_ties = 0;  // 65-79
  double oldest = 0, oldest_ties = 0;        // 80+
  double minors_ties = 0;
  double elderly = 0, elderly_none = 0;
};

GroupDegrees neighbour_degrees(const Population& pop, const SocialNetwork& net) {
  GroupDegrees g;
  for (std::uint32_t p = 0; p < net.person_count(); ++p) {
    const double d = net.degree(p, TieKind::kNeighbour);
    const int a = age(pop, p);
    if (a < kAdultAge) {
      g.minors_ties += d;
    } else if (a < kElderlyAge) {
      ++g.adults;
      g.adult_ties += d;
    } else {
      ++g.elderly;
      g.elderly_none += d == 0;
      if (a < 80) {
        ++g.young_old;
        g.young_old_ties += d;
      } else {
        ++g.oldest;
        g.oldest_ties += d;
      }
    }
  }
  return g;
}

TEST_F(NetworkTest, NeighbourDegreeByAgeGroupIsItsParameter) {
  const GroupDegrees g = neighbour_degrees(pop, net);
  // Pairs inside one household and repeated pairs are dropped: a little below the mean.
  const double m1 = params[Param::kNeighbourDegree18To64];
  const double m2 = params[Param::kNeighbourDegree65To79];
  const double m3 = params[Param::kNeighbourDegree80Plus];
  EXPECT_NEAR(g.adult_ties / g.adults, m1, 0.04 * m1);
  EXPECT_NEAR(g.young_old_ties / g.young_old, m2, 0.05 * m2);
  EXPECT_NEAR(g.oldest_ties / g.oldest, m3, 0.06 * m3);
  EXPECT_EQ(g.minors_ties, 0);

  // Without ties: the isolated, plus the others' Poisson zeros.
  const double iso = params[Param::kNeighbourIsolatedShare65Plus];
  const double expected =
      iso + (1 - iso) *
                (g.young_old * std::exp(-m2 / (1 - iso)) + g.oldest * std::exp(-m3 / (1 - iso))) /
                g.elderly;
  EXPECT_NEAR(g.elderly_none / g.elderly, expected, 0.02);
}

TEST_F(NetworkTest, GraphIsWhatBoostBuildsFromTheSameEdges) {
  // The builder hands finished CSR arrays to the graph; Boost's own in-place constructor,
  // given the same directed edges, must make the same graph.
  std::vector<std::uint32_t> sources, targets;
  std::vector<TieKind> kinds;
  for (const auto& [p, q, k] : all_ties(net)) {
    sources.push_back(p);
    targets.push_back(q);
    kinds.push_back(k);
  }
  const auto n = static_cast<std::uint32_t>(net.person_count());
  const SocialNetwork::Graph reference(boost::construct_inplace_from_sources_and_targets, sources,
                                       targets, kinds, n);
  const SocialNetwork::Graph& g = net.graph();
  ASSERT_EQ(boost::num_vertices(g), boost::num_vertices(reference));
  ASSERT_EQ(boost::num_edges(g), boost::num_edges(reference));
  for (std::uint32_t v = 0; v < n; ++v) {
    ASSERT_EQ(boost::out_degree(v, g), boost::out_degree(v, reference));
    auto [e, end] = boost::out_edges(v, g);
    auto [r, rend] = boost::out_edges(v, reference);
    for (; e != end; ++e, ++r) {
      ASSERT_EQ(boost::target(*e, g), boost::target(*r, reference));
      ASSERT_EQ(g[*e], reference[*r]);
    }
  }
}

TEST(NetworkDeterminism, SameTiesInTheSameOrderAtOneAndTwoThreads) {
  const Territory t = make_territory();
  const Parameters params;
  const Population pop = synthesise_population(t, params, {3, 1});
  testing::TieList one, two;
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = all_ties(SocialNetwork::build(pop, t, params, {3, 1}));
  }
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 2);
    two = all_ties(SocialNetwork::build(pop, t, params, {3, 1}));
  }
  EXPECT_EQ(one, two);
}

TEST(NetworkDeterminism, AnotherSeedOrReplicateGivesOtherTies) {
  const Territory t = make_territory();
  const Parameters params;
  const Population pop = synthesise_population(t, params, {3, 1});
  const auto base = all_ties(SocialNetwork::build(pop, t, params, {3, 1}));
  EXPECT_EQ(base, all_ties(SocialNetwork::build(pop, t, params, {3, 1})));
  EXPECT_NE(base, all_ties(SocialNetwork::build(pop, t, params, {4, 1})));
  EXPECT_NE(base, all_ties(SocialNetwork::build(pop, t, params, {3, 2})));
}

class NetworkParameters : public ::testing::Test {
 protected:
  Territory territory = make_territory();
  Population pop = synthesise_population(territory, Parameters{}, {5, 0});
  SocialNetwork with(Param p, double value) const {
    Parameters params;
    params.set(p, value);
    return SocialNetwork::build(pop, territory, params, {5, 0});
  }
};

TEST_F(NetworkParameters, MoreNeighbourTiesRaiseTheMeanDegree) {
  const SocialNetwork base = with(Param::kNeighbourDegree18To64, 4);
  const SocialNetwork more = with(Param::kNeighbourDegree18To64, 8);
  EXPECT_GT(more.tie_count(TieKind::kNeighbour), base.tie_count(TieKind::kNeighbour) * 3 / 2);
  const GroupDegrees b = neighbour_degrees(pop, base), m = neighbour_degrees(pop, more);
  EXPECT_NEAR(m.adult_ties / m.adults, 8, 0.04 * 8);
  EXPECT_GT(m.adult_ties / m.adults, b.adult_ties / b.adults);
  // Other kinds do not move.
  EXPECT_EQ(more.tie_count(TieKind::kHousehold), base.tie_count(TieKind::kHousehold));
  EXPECT_EQ(more.tie_count(TieKind::kKin), base.tie_count(TieKind::kKin));
}

TEST_F(NetworkParameters, NoKinTiesWhenEveryoneIsChildless) {
  EXPECT_EQ(with(Param::kChildlessShare, 1).tie_count(TieKind::kKin), 0u);
  EXPECT_GT(with(Param::kChildlessShare, 0).tie_count(TieKind::kKin),
            with(Param::kChildlessShare, 0.5).tie_count(TieKind::kKin));
}

TEST_F(NetworkParameters, AllChildrenInTheZoneWhenTheSameZoneShareIsOne) {
  const SocialNetwork net = with(Param::kKinSameZoneShare, 1);
  const auto pairs = kin_pairs(pop, net);
  ASSERT_FALSE(pairs.empty());
  for (const auto& [parent, child] : pairs)
    EXPECT_EQ(pop.zone[parent], pop.zone[child]);
}

TEST_F(NetworkParameters, YoungerParentAgeGivesKinTiesToMorePersons) {
  const SocialNetwork base = with(Param::kKinParentMinAge, 65);
  const SocialNetwork younger = with(Param::kKinParentMinAge, 55);
  EXPECT_GT(younger.tie_count(TieKind::kKin), base.tie_count(TieKind::kKin));
}

TEST_F(NetworkParameters, EveryoneIsolatedMeansNoElderlyNeighbourTies) {
  const GroupDegrees g = neighbour_degrees(pop, with(Param::kNeighbourIsolatedShare65Plus, 1));
  EXPECT_EQ(g.young_old_ties + g.oldest_ties, 0);
  EXPECT_GT(g.adult_ties, 0);
}

TEST_F(NetworkParameters, SameAgeShareMakesNeighboursCloserInAge) {
  auto mean_age_gap = [&](const SocialNetwork& net) {
    double gap = 0, n = 0;
    for (std::uint32_t p = 0; p < net.person_count(); ++p) {
      net.for_each_tie(p, [&](std::uint32_t q, TieKind k) {
        if (k != TieKind::kNeighbour) return;
        gap += std::abs(age(pop, p) - age(pop, q));
        ++n;
      });
    }
    return gap / n;
  };
  EXPECT_LT(mean_age_gap(with(Param::kNeighbourSameAgeShare, 1)),
            mean_age_gap(with(Param::kNeighbourSameAgeShare, 0)) / 2);
}

TEST(NetworkBuild, RejectsATerritoryThatIsNotThePopulations) {
  Territory t = make_territory();
  const Population pop = synthesise_population(t, Parameters{}, {1, 0});
  t.zones.pop_back();
  EXPECT_THROW(SocialNetwork::build(pop, t, Parameters{}, {1, 0}), std::invalid_argument);
}

TEST(NetworkBuild, EmptyPopulationGivesAnEmptyNetwork) {
  Territory t = make_territory();
  for (Zone& z : t.zones)
    z.residents = 0;
  const Population pop = synthesise_population(t, Parameters{}, {1, 0});
  const SocialNetwork net = SocialNetwork::build(pop, t, Parameters{}, {1, 0});
  EXPECT_EQ(net.person_count(), 0u);
  EXPECT_EQ(net.tie_count(), 0u);
}

}  // namespace
}  // namespace welfare
