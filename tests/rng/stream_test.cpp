// Tests of the counter-based generator and the keyed streams.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "rng/philox.hpp"
#include "rng/stream.hpp"

namespace welfare::rng {
namespace {

// Known-answer vectors published with Random123 (kat_vectors, philox4x32_10).
TEST(Philox, MatchesPublishedKnownAnswers) {
  EXPECT_EQ(philox4x32({0, 0, 0, 0}, {0, 0}),
            (PhiloxCounter{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(
      philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}),
      (PhiloxCounter{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(
      philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}),
      (PhiloxCounter{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

std::vector<std::uint32_t> draws(const StreamKey& key, int n) {
  Stream s(key);
  std::vector<std::uint32_t> out;
  for (int i = 0; i < n; ++i)
    out.push_back(s.next_u32());
  return out;
}

TEST(Stream, SameKeySameDraws) {
  const StreamKey key{42, 3, 17, 123456, Purpose::kSex};
  EXPECT_EQ(draws(key, 11), draws(key, 11));
}

TEST(Stream, EveryKeyFieldSelectsADifferentStream) {
  const StreamKey base{42, 3, 17, 123456, Purpose::kSex};
  std::set<std::vector<std::uint32_t>> seen{draws(base, 8)};
  StreamKey k = base;
  k.seed = 43;
  seen.insert(draws(k, 8));
  k = base;
  k.seed = base.seed | (1ull << 40);  // the high half of the seed matters too
  seen.insert(draws(k, 8));
  k = base;
  k.replicate = 4;
  seen.insert(draws(k, 8));
  k = base;
  k.week = 18;
  seen.insert(draws(k, 8));
  k = base;
  k.agent = 123457;
  seen.insert(draws(k, 8));
  k = base;
  k.purpose = Purpose::kAgeWeeks;
  seen.insert(draws(k, 8));
  EXPECT_EQ(seen.size(), 7u);
}

TEST(Stream, UniformIsInUnitIntervalWithTheRightMean) {
  Stream s({7, 0, 0, 0, Purpose::kAgePool});
  constexpr int kDraws = 200000;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = s.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Standard error of the mean of U(0,1) is 1/sqrt(12 n), about 0.00065 here.
  EXPECT_NEAR(sum / kDraws, 0.5, 0.004);
}

TEST(Stream, BelowIsUnbiasedAcrossBuckets) {
  Stream s({9, 1, 2, 3, Purpose::kHouseholdOrder});
  constexpr std::uint32_t kBuckets = 7;
  constexpr int kDraws = 70000;
  std::vector<int> counts(kBuckets, 0);
  for (int i = 0; i < kDraws; ++i) {
    const auto v = s.below(kBuckets);
    ASSERT_LT(v, kBuckets);
    ++counts[v];
  }
  // Chi-square with 6 degrees of freedom: 22.46 is the 0.999 quantile.
  double chi2 = 0;
  const double expected = static_cast<double>(kDraws) / kBuckets;
  for (int c : counts)
    chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 22.46);
}

TEST(Stream, BetweenCoversBothEnds) {
  Stream s({1, 0, 0, 0, Purpose::kMemberAges});
  bool lo = false, hi = false;
  for (int i = 0; i < 1000; ++i) {
    const int v = s.between(3, 5);
    ASSERT_GE(v, 3);
    ASSERT_LE(v, 5);
    lo |= v == 3;
    hi |= v == 5;
  }
  EXPECT_TRUE(lo && hi);
}

}  // namespace
}  // namespace welfare::rng
