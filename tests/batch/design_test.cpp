// Tests of the experiment designs: full grid, Latin hypercube, Morris trajectories.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <vector>

#include "batch/design.hpp"
#include "rng/stream.hpp"

namespace welfare::batch {
namespace {

constexpr std::uint64_t kSeed = 20240517;
constexpr std::uint64_t kOtherSeed = 20240518;

// Ranges of different widths, offsets and signs, so a mix-up of parameters shows.
const std::vector<Range> kRanges = {{0.0, 1.0}, {-3.0, 5.0}, {100.0, 250.0}, {0.5, 0.75}};

std::vector<double> column(const std::vector<DesignPoint>& design, std::size_t k) {
  std::vector<double> out;
  for (const DesignPoint& p : design)
    out.push_back(p.values.at(k));
  return out;
}

// ---------------------------------------------------------------------------------------
// design_kind_name

TEST(DesignKindName, NamesEveryKind) {
  EXPECT_STREQ(design_kind_name(DesignKind::kNone), "none");
  EXPECT_STREQ(design_kind_name(DesignKind::kGrid), "grid");
  EXPECT_STREQ(design_kind_name(DesignKind::kLatinHypercube), "latin_hypercube");
  EXPECT_STREQ(design_kind_name(DesignKind::kMorris), "morris");
}

// ---------------------------------------------------------------------------------------
// grid_design

TEST(GridDesign, SizeIsTheProductOfTheListLengths) {
  EXPECT_EQ(grid_design({{1, 2, 3}, {4, 5}, {6, 7, 8, 9}}).size(), 3u * 2u * 4u);
  EXPECT_EQ(grid_design({{1}, {2}, {3}}).size(), 1u);
  EXPECT_EQ(grid_design({{0.1, 0.2, 0.3, 0.4, 0.5}}).size(), 5u);
}

TEST(GridDesign, LastParameterVariesFastest) {
  const auto design = grid_design({{1, 2}, {10, 20, 30}});
  const std::vector<std::vector<double>> expected = {{1, 10}, {1, 20}, {1, 30},
                                                     {2, 10}, {2, 20}, {2, 30}};
  ASSERT_EQ(design.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(design[i].values, expected[i]) << "point " << i;
  }
}

TEST(GridDesign, ThreeParametersInOdometerOrder) {
  const std::vector<std::vector<double>> values = {{-1, 1}, {0.25, 0.5}, {7, 8, 9}};
  const auto design = grid_design(values);
  ASSERT_EQ(design.size(), 12u);
  std::size_t i = 0;
  for (double a : values[0]) {
    for (double b : values[1]) {
      for (double c : values[2]) {
        EXPECT_EQ(design[i].values, (std::vector<double>{a, b, c})) << "point " << i;
        ++i;
      }
    }
  }
  // Every combination appears exactly once.
  std::set<std::vector<double>> distinct;
  for (const DesignPoint& p : design)
    distinct.insert(p.values);
  EXPECT_EQ(distinct.size(), design.size());
}

TEST(GridDesign, KeepsTheListedValuesAndTheirOrder) {
  // Values are used as listed: not sorted, not deduplicated.
  const auto design = grid_design({{3, 1, 2}});
  ASSERT_EQ(design.size(), 3u);
  EXPECT_EQ(design[0].values, std::vector<double>{3});
  EXPECT_EQ(design[1].values, std::vector<double>{1});
  EXPECT_EQ(design[2].values, std::vector<double>{2});
}

TEST(GridDesign, ZeroParametersGiveOnePointWithNoValues) {
  const auto design = grid_design({});
  ASSERT_EQ(design.size(), 1u);
  EXPECT_TRUE(design[0].values.empty());
  EXPECT_EQ(design[0].trajectory, -1);
  EXPECT_EQ(design[0].changed, -1);
}

TEST(GridDesign, PointsHaveNoTrajectory) {
  for (const DesignPoint& p : grid_design({{1, 2}, {3, 4}})) {
    EXPECT_EQ(p.trajectory, -1);
    EXPECT_EQ(p.changed, -1);
  }
}

TEST(GridDesign, EmptyValueListThrows) {
  EXPECT_THROW(grid_design({{}}), std::invalid_argument);
  EXPECT_THROW(grid_design({{1, 2}, {}, {3}}), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// latin_hypercube_design

// The stratum (0..n-1) of value v in range r cut into n strata.
std::size_t stratum_of(double v, const Range& r, std::size_t n) {
  const double share = (v - r.lower) / (r.upper - r.lower);
  return static_cast<std::size_t>(std::floor(share * static_cast<double>(n)));
}

TEST(LatinHypercube, HasTheRequestedNumberOfPoints) {
  for (std::size_t n : {1u, 2u, 7u, 50u}) {
    const auto design = latin_hypercube_design(n, kRanges, kSeed);
    ASSERT_EQ(design.size(), n);
    for (const DesignPoint& p : design) {
      EXPECT_EQ(p.values.size(), kRanges.size());
      EXPECT_EQ(p.trajectory, -1);
      EXPECT_EQ(p.changed, -1);
    }
  }
}

TEST(LatinHypercube, EveryParameterUsesEveryStratumOnce) {
  for (std::size_t n : {1u, 2u, 10u, 37u, 200u}) {
    const auto design = latin_hypercube_design(n, kRanges, kSeed);
    for (std::size_t k = 0; k < kRanges.size(); ++k) {
      std::vector<int> hits(n, 0);
      for (double v : column(design, k)) {
        const std::size_t s = stratum_of(v, kRanges[k], n);
        ASSERT_LT(s, n) << "value " << v << " outside parameter " << k << "'s range";
        ++hits[s];
      }
      for (std::size_t s = 0; s < n; ++s) {
        EXPECT_EQ(hits[s], 1) << "n " << n << ", parameter " << k << ", stratum " << s;
      }
    }
  }
}

TEST(LatinHypercube, ValuesStayWithinTheirRanges) {
  const auto design = latin_hypercube_design(500, kRanges, kSeed);
  for (std::size_t k = 0; k < kRanges.size(); ++k) {
    for (double v : column(design, k)) {
      EXPECT_GE(v, kRanges[k].lower);
      EXPECT_LE(v, kRanges[k].upper);
    }
  }
}

TEST(LatinHypercube, SameSeedGivesSamePoints) {
  const auto a = latin_hypercube_design(25, kRanges, kSeed);
  const auto b = latin_hypercube_design(25, kRanges, kSeed);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(a[i].values, b[i].values) << "point " << i;
}

TEST(LatinHypercube, OtherSeedGivesOtherPoints) {
  const auto a = latin_hypercube_design(25, kRanges, kSeed);
  const auto b = latin_hypercube_design(25, kRanges, kOtherSeed);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < kRanges.size(); ++k) {
    EXPECT_NE(column(a, k), column(b, k)) << "parameter " << k;
  }
}

TEST(LatinHypercube, AppendingAParameterLeavesTheOtherColumnsUnchanged) {
  const auto before = latin_hypercube_design(30, kRanges, kSeed);
  std::vector<Range> more = kRanges;
  more.push_back({-10.0, 10.0});
  const auto after = latin_hypercube_design(30, more, kSeed);
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t k = 0; k < kRanges.size(); ++k) {
    EXPECT_EQ(column(before, k), column(after, k)) << "parameter " << k;
  }
  EXPECT_EQ(after[0].values.size(), more.size());
}

TEST(LatinHypercube, ColumnsArePermutedIndependently) {
  // Identical ranges: the columns differ only through their own streams.
  const std::vector<Range> same(3, Range{0.0, 1.0});
  constexpr std::size_t kPoints = 40;
  const auto design = latin_hypercube_design(kPoints, same, kSeed);
  std::vector<std::vector<std::size_t>> strata(same.size());
  for (std::size_t k = 0; k < same.size(); ++k) {
    for (double v : column(design, k))
      strata[k].push_back(stratum_of(v, same[k], kPoints));
  }
  EXPECT_NE(strata[0], strata[1]);
  EXPECT_NE(strata[0], strata[2]);
  EXPECT_NE(strata[1], strata[2]);
  // Nor is any column simply in stratum order.
  std::vector<std::size_t> identity(kPoints);
  std::iota(identity.begin(), identity.end(), std::size_t{0});
  for (std::size_t k = 0; k < same.size(); ++k)
    EXPECT_NE(strata[k], identity) << "parameter " << k;
}

TEST(LatinHypercube, PointsAreSpreadWithinTheirStrata) {
  // The position within a stratum is drawn, not fixed (e.g. not always its midpoint).
  constexpr std::size_t kPoints = 100;
  const Range unit{0.0, 1.0};
  const auto design = latin_hypercube_design(kPoints, {unit}, kSeed);
  double lowest = 1.0;
  double highest = 0.0;
  for (double v : column(design, 0)) {
    const double n = static_cast<double>(kPoints);
    const double within = v * n - std::floor(v * n);
    lowest = std::min(lowest, within);
    highest = std::max(highest, within);
  }
  EXPECT_LT(lowest, 0.1);
  EXPECT_GT(highest, 0.9);
}

TEST(LatinHypercube, ColumnsComeFromTheParametersOwnStreams) {
  // Column k is fixed by the stream (seed, replicate 0, week 0, agent k, kLatinHypercube):
  // a Fisher-Yates permutation of the strata, then one uniform per point.
  constexpr std::size_t kPoints = 16;
  const auto design = latin_hypercube_design(kPoints, kRanges, kSeed);
  for (std::size_t k = 0; k < kRanges.size(); ++k) {
    rng::Stream s(
        rng::StreamKey{kSeed, 0, 0, static_cast<std::uint32_t>(k), rng::Purpose::kLatinHypercube});
    std::vector<std::size_t> perm(kPoints);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    for (std::size_t i = kPoints; i > 1; --i)
      std::swap(perm[i - 1], perm[s.below(static_cast<std::uint32_t>(i))]);
    const Range& r = kRanges[k];
    for (std::size_t i = 0; i < kPoints; ++i) {
      const double u = s.uniform();
      const double expected = r.lower + (static_cast<double>(perm[i]) + u) /
                                            static_cast<double>(kPoints) * (r.upper - r.lower);
      EXPECT_DOUBLE_EQ(design[i].values[k], expected) << "parameter " << k << ", point " << i;
    }
  }
}

TEST(LatinHypercube, ZeroParametersGivePointsWithNoValues) {
  const auto design = latin_hypercube_design(4, {}, kSeed);
  ASSERT_EQ(design.size(), 4u);
  for (const DesignPoint& p : design)
    EXPECT_TRUE(p.values.empty());
}

TEST(LatinHypercube, InvalidArgumentsThrow) {
  EXPECT_THROW(latin_hypercube_design(0, kRanges, kSeed), std::invalid_argument);
  EXPECT_THROW(latin_hypercube_design(5, {{1.0, 1.0}}, kSeed), std::invalid_argument);
  EXPECT_THROW(latin_hypercube_design(5, {{0.0, 1.0}, {2.0, 1.0}}, kSeed), std::invalid_argument);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(latin_hypercube_design(5, {{nan, 1.0}}, kSeed), std::invalid_argument);
  EXPECT_THROW(latin_hypercube_design(5, {{0.0, inf}}, kSeed), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// morris_design

TEST(MorrisDelta, IsHalfTheLevelsOverTheLevelsLessOne) {
  EXPECT_DOUBLE_EQ(morris_delta(4), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(morris_delta(2), 1.0);
  EXPECT_DOUBLE_EQ(morris_delta(6), 0.6);
  EXPECT_DOUBLE_EQ(morris_delta(10), 10.0 / 18.0);
}

TEST(MorrisDelta, InvalidLevelsThrow) {
  EXPECT_THROW(morris_delta(0), std::invalid_argument);
  EXPECT_THROW(morris_delta(1), std::invalid_argument);
  EXPECT_THROW(morris_delta(3), std::invalid_argument);
  EXPECT_THROW(morris_delta(7), std::invalid_argument);
}

// The level (0..levels-1) that value v stands for in range r, or -1 if it is off the grid.
int grid_level(double v, const Range& r, std::size_t levels) {
  const double scaled = (v - r.lower) / (r.upper - r.lower) * static_cast<double>(levels - 1);
  const double nearest = std::round(scaled);
  if (std::abs(scaled - nearest) > 1e-9) return -1;
  if (nearest < 0 || nearest > static_cast<double>(levels - 1)) return -1;
  return static_cast<int>(nearest);
}

TEST(Morris, HasKPlusOnePointsPerTrajectoryInTrajectoryOrder) {
  constexpr std::size_t kTrajectories = 7;
  const auto design = morris_design(kTrajectories, 4, kRanges, kSeed);
  const std::size_t per = kRanges.size() + 1;
  ASSERT_EQ(design.size(), kTrajectories * per);
  for (std::size_t i = 0; i < design.size(); ++i) {
    EXPECT_EQ(design[i].trajectory, static_cast<int>(i / per)) << "point " << i;
    EXPECT_EQ(design[i].values.size(), kRanges.size());
    if (i % per == 0) {
      EXPECT_EQ(design[i].changed, -1) << "point " << i;
    } else {
      EXPECT_GE(design[i].changed, 0) << "point " << i;
      EXPECT_LT(design[i].changed, static_cast<int>(kRanges.size())) << "point " << i;
    }
  }
}

TEST(Morris, EachStepMovesExactlyTheChangedParameterByDelta) {
  for (std::size_t levels : {2u, 4u, 6u, 8u}) {
    const double delta = morris_delta(levels);
    const auto design = morris_design(20, levels, kRanges, kSeed);
    for (std::size_t i = 1; i < design.size(); ++i) {
      if (design[i].trajectory != design[i - 1].trajectory) continue;
      int differing = 0;
      for (std::size_t k = 0; k < kRanges.size(); ++k) {
        const double step = design[i].values[k] - design[i - 1].values[k];
        if (step == 0) continue;
        ++differing;
        EXPECT_EQ(static_cast<int>(k), design[i].changed) << "levels " << levels << ", point " << i;
        const double expected = delta * (kRanges[k].upper - kRanges[k].lower);
        EXPECT_NEAR(std::abs(step), expected, 1e-12 * expected)
            << "levels " << levels << ", point " << i << ", parameter " << k;
      }
      EXPECT_EQ(differing, 1) << "levels " << levels << ", point " << i;
    }
  }
}

TEST(Morris, EveryParameterChangesExactlyOncePerTrajectory) {
  constexpr std::size_t kTrajectories = 15;
  const auto design = morris_design(kTrajectories, 4, kRanges, kSeed);
  const std::size_t per = kRanges.size() + 1;
  ASSERT_EQ(design.size(), kTrajectories * per);
  for (std::size_t t = 0; t < kTrajectories; ++t) {
    std::vector<int> changes(kRanges.size(), 0);
    for (std::size_t i = t * per + 1; i < (t + 1) * per; ++i) {
      ASSERT_GE(design[i].changed, 0);
      ++changes.at(static_cast<std::size_t>(design[i].changed));
    }
    for (std::size_t k = 0; k < kRanges.size(); ++k)
      EXPECT_EQ(changes[k], 1) << "trajectory " << t << ", parameter " << k;
  }
}

TEST(Morris, ValuesLieOnTheGridLevelsMappedOntoTheRanges) {
  for (std::size_t levels : {2u, 4u, 6u}) {
    const auto design = morris_design(30, levels, kRanges, kSeed);
    std::vector<std::set<int>> seen(kRanges.size());
    for (const DesignPoint& p : design) {
      for (std::size_t k = 0; k < kRanges.size(); ++k) {
        const int level = grid_level(p.values[k], kRanges[k], levels);
        EXPECT_GE(level, 0) << "levels " << levels << ", parameter " << k << ", value "
                            << p.values[k];
        seen[k].insert(level);
      }
    }
    // With 30 trajectories every level of every parameter is visited.
    for (std::size_t k = 0; k < kRanges.size(); ++k)
      EXPECT_EQ(seen[k].size(), levels) << "levels " << levels << ", parameter " << k;
  }
}

TEST(Morris, TwoLevelsUseOnlyTheRangeEnds) {
  const auto design = morris_design(5, 2, kRanges, kSeed);
  for (const DesignPoint& p : design) {
    for (std::size_t k = 0; k < kRanges.size(); ++k) {
      EXPECT_TRUE(p.values[k] == kRanges[k].lower || p.values[k] == kRanges[k].upper)
          << "parameter " << k << ", value " << p.values[k];
    }
  }
}

TEST(Morris, StepsGoBothWaysAndOrdersAndBasesVary) {
  // The signs, the parameter order and the base point are drawn, not fixed.
  constexpr std::size_t kTrajectories = 40;
  const auto design = morris_design(kTrajectories, 6, kRanges, kSeed);
  const std::size_t per = kRanges.size() + 1;
  int up = 0;
  int down = 0;
  std::set<std::vector<int>> orders;
  std::set<std::vector<double>> starts;
  for (std::size_t t = 0; t < kTrajectories; ++t) {
    std::vector<int> order;
    starts.insert(design[t * per].values);
    for (std::size_t i = t * per + 1; i < (t + 1) * per; ++i) {
      const auto k = static_cast<std::size_t>(design[i].changed);
      order.push_back(design[i].changed);
      (design[i].values[k] > design[i - 1].values[k] ? up : down) += 1;
    }
    orders.insert(order);
  }
  EXPECT_GT(up, 0);
  EXPECT_GT(down, 0);
  EXPECT_GT(orders.size(), 1u);
  EXPECT_GT(starts.size(), 1u);
}

TEST(Morris, SameSeedGivesSamePoints) {
  const auto a = morris_design(10, 4, kRanges, kSeed);
  const auto b = morris_design(10, 4, kRanges, kSeed);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].values, b[i].values) << "point " << i;
    EXPECT_EQ(a[i].trajectory, b[i].trajectory) << "point " << i;
    EXPECT_EQ(a[i].changed, b[i].changed) << "point " << i;
  }
}

TEST(Morris, OtherSeedGivesOtherPoints) {
  const auto a = morris_design(10, 4, kRanges, kSeed);
  const auto b = morris_design(10, 4, kRanges, kOtherSeed);
  ASSERT_EQ(a.size(), b.size());
  bool any_difference = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    any_difference = any_difference || a[i].values != b[i].values || a[i].changed != b[i].changed;
  }
  EXPECT_TRUE(any_difference);
}

TEST(Morris, MoreTrajectoriesKeepTheFirstOnes) {
  // Each trajectory has its own stream: asking for more leaves the earlier ones unchanged.
  const auto few = morris_design(3, 4, kRanges, kSeed);
  const auto many = morris_design(8, 4, kRanges, kSeed);
  ASSERT_LT(few.size(), many.size());
  for (std::size_t i = 0; i < few.size(); ++i) {
    EXPECT_EQ(few[i].values, many[i].values) << "point " << i;
    EXPECT_EQ(few[i].changed, many[i].changed) << "point " << i;
  }
}

TEST(Morris, ZeroParametersGiveOneEmptyPointPerTrajectory) {
  const auto design = morris_design(3, 4, {}, kSeed);
  ASSERT_EQ(design.size(), 3u);
  for (std::size_t t = 0; t < design.size(); ++t) {
    EXPECT_TRUE(design[t].values.empty());
    EXPECT_EQ(design[t].trajectory, static_cast<int>(t));
    EXPECT_EQ(design[t].changed, -1);
  }
}

TEST(Morris, InvalidArgumentsThrow) {
  EXPECT_THROW(morris_design(0, 4, kRanges, kSeed), std::invalid_argument);
  EXPECT_THROW(morris_design(5, 0, kRanges, kSeed), std::invalid_argument);
  EXPECT_THROW(morris_design(5, 1, kRanges, kSeed), std::invalid_argument);
  EXPECT_THROW(morris_design(5, 3, kRanges, kSeed), std::invalid_argument);
  EXPECT_THROW(morris_design(5, 5, kRanges, kSeed), std::invalid_argument);
  EXPECT_THROW(morris_design(5, 4, {{0.0, 1.0}, {2.0, 2.0}}, kSeed), std::invalid_argument);
  EXPECT_THROW(morris_design(5, 4, {{3.0, -3.0}}, kSeed), std::invalid_argument);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(morris_design(5, 4, {{0.0, nan}}, kSeed), std::invalid_argument);
}

}  // namespace
}  // namespace welfare::batch
