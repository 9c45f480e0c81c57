// Ties added during a run (hub ties): seen by both persons after the static ones, counted,
// unchanged by merging into the CSR graph, recorded for take_added() when asked, and rejected
// when malformed or of a static kind; each person's ties stay sorted by kind, which
// find_tie() relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "network/network_test_support.hpp"
#include "network/social_network.hpp"

namespace welfare {
namespace {

using testing::all_ties;
using testing::TieList;

class AddedTies : public ::testing::Test {
 protected:
  Territory territory = testing::make_territory();
  Parameters params;
  Population pop = synthesise_population(territory, params, {9, 0});
  SocialNetwork net = SocialNetwork::build(pop, territory, params, {9, 0});

  std::vector<std::pair<std::uint32_t, TieKind>> ties_of(const SocialNetwork& n,
                                                         std::uint32_t p) const {
    std::vector<std::pair<std::uint32_t, TieKind>> out;
    n.for_each_tie(p, [&](std::uint32_t q, TieKind k) { out.emplace_back(q, k); });
    return out;
  }
};

TEST_F(AddedTies, HubTiesShowUpForBothPersonsAfterTheirStaticTies) {
  const std::uint32_t a = 10, b = pop.zone_person_begin[3] + 5, c = pop.zone_person_begin[1];
  const auto before_a = ties_of(net, a), before_b = ties_of(net, b), before_c = ties_of(net, c);
  const std::size_t ties = net.tie_count();

  const std::vector<Tie> added = {{a, b, TieKind::kHub}, {c, a, TieKind::kHub}};
  net.add_ties(added);

  auto expect_a = before_a;
  expect_a.emplace_back(b, TieKind::kHub);
  expect_a.emplace_back(c, TieKind::kHub);
  auto expect_b = before_b;
  expect_b.emplace_back(a, TieKind::kHub);
  auto expect_c = before_c;
  expect_c.emplace_back(a, TieKind::kHub);
  EXPECT_EQ(ties_of(net, a), expect_a);
  EXPECT_EQ(ties_of(net, b), expect_b);
  EXPECT_EQ(ties_of(net, c), expect_c);

  EXPECT_EQ(net.degree(a), before_a.size() + 2);
  EXPECT_EQ(net.degree(b), before_b.size() + 1);
  EXPECT_EQ(net.degree(a, TieKind::kHub), 2u);
  EXPECT_EQ(net.degree(b, TieKind::kHub), 1u);
  EXPECT_EQ(net.tie_count(), ties + 2);
  EXPECT_EQ(net.tie_count(TieKind::kHub), 2u);
  EXPECT_EQ(net.pending_tie_count(), 2u);
}

TEST_F(AddedTies, AreRecordedInOrderOnlyOnceAskedAndTakenOnce) {
  const std::uint32_t a = 10, b = pop.zone_person_begin[3] + 5, c = pop.zone_person_begin[1];
  std::vector<Tie> taken = {{a, c, TieKind::kHub}};  // replaced by what is taken
  net.add_ties(std::vector<Tie>{{a, b, TieKind::kHub}});
  net.take_added(taken);
  EXPECT_TRUE(taken.empty());  // not recorded before record_added()

  net.record_added();
  const std::vector<Tie> first = {{c, a, TieKind::kHub}, {b, c, TieKind::kHub}};
  const std::vector<Tie> second = {{a, c, TieKind::kHub}};
  net.add_ties(first);
  net.merge_added();  // merging does not drop the record
  net.add_ties(second);
  net.take_added(taken);
  ASSERT_EQ(taken.size(), 3u);
  for (std::size_t i = 0; i < taken.size(); ++i) {
    const Tie& want = i < first.size() ? first[i] : second[i - first.size()];
    EXPECT_EQ(taken[i].a, want.a);
    EXPECT_EQ(taken[i].b, want.b);
  }
  net.take_added(taken);
  EXPECT_TRUE(taken.empty());  // each tie is taken once
}

TEST_F(AddedTies, StaticTiesOfEveryoneAreUnchanged) {
  const TieList before = all_ties(net);
  const std::uint32_t a = 100, b = 20000;
  const std::vector<Tie> added = {{a, b, TieKind::kHub}};
  net.add_ties(added);
  TieList after = all_ties(net);
  // Removing the two new entries gives back the static network, in the same order.
  const auto is_new = [&](const auto& t) {
    const auto& [p, q, k] = t;
    return k == TieKind::kHub && ((p == a && q == b) || (p == b && q == a));
  };
  EXPECT_EQ(std::count_if(after.begin(), after.end(), is_new), 2);
  after.erase(std::remove_if(after.begin(), after.end(), is_new), after.end());
  EXPECT_EQ(after, before);
  const SocialNetwork fresh = SocialNetwork::build(pop, territory, params, {9, 0});
  for (TieKind k : {TieKind::kHousehold, TieKind::kKin, TieKind::kNeighbour})
    EXPECT_EQ(net.tie_count(k), fresh.tie_count(k));
}

TEST_F(AddedTies, MergingIntoTheGraphChangesNothingSeen) {
  const std::vector<Tie> first = {{1, 2, TieKind::kHub}, {3, 4000, TieKind::kHub}};
  const std::vector<Tie> second = {{2, 30000, TieKind::kHub}, {1, 5, TieKind::kHub}};
  net.add_ties(first);
  net.add_ties(second);
  const TieList pending = all_ties(net);
  const std::size_t ties = net.tie_count();
  const std::size_t edges = boost::num_edges(net.graph());

  net.merge_added();
  EXPECT_EQ(net.pending_tie_count(), 0u);
  EXPECT_EQ(boost::num_edges(net.graph()), edges + 8);
  EXPECT_EQ(all_ties(net), pending);
  EXPECT_EQ(net.tie_count(), ties);
  EXPECT_EQ(net.tie_count(TieKind::kHub), 4u);

  // Ties added after a merge come after the merged ones.
  const std::vector<Tie> third = {{1, 7, TieKind::kHub}};
  net.add_ties(third);
  const auto ties_of_1 = ties_of(net, 1);
  ASSERT_GE(ties_of_1.size(), 3u);
  EXPECT_EQ(ties_of_1[ties_of_1.size() - 3], std::make_pair(2u, TieKind::kHub));
  EXPECT_EQ(ties_of_1[ties_of_1.size() - 2], std::make_pair(5u, TieKind::kHub));
  EXPECT_EQ(ties_of_1.back(), std::make_pair(7u, TieKind::kHub));
}

TEST_F(AddedTies, ManyAddedTiesAreMergedAutomaticallyAndReadTheSame) {
  const auto n = static_cast<std::uint32_t>(net.person_count());
  // A merge comes when pending directed entries exceed 1/kMergeDivisor of the graph's: with
  // a tenth of the ties, half the batch stays pending and the whole batch is merged.
  static_assert(SocialNetwork::kMergeDivisor == 16);
  const std::size_t enough = net.tie_count() / 10;
  std::vector<Tie> batch;
  for (std::uint32_t i = 0; batch.size() < enough; ++i) {
    const std::uint32_t a = (i * 7919u) % n, b = (i * 104729u + 1) % n;
    if (a != b) batch.push_back({a, b, TieKind::kHub});
  }
  // The same ties added to a copy one at a time, without a merge in between, must read the
  // same as those merged in one go.
  SocialNetwork copy = net;
  const std::size_t half = batch.size() / 2;
  copy.add_ties(std::span(batch).first(half));
  EXPECT_EQ(copy.pending_tie_count(), half);
  net.add_ties(batch);
  EXPECT_EQ(net.pending_tie_count(), 0u) << "a batch past the threshold is merged";
  copy.add_ties(std::span(batch).subspan(half));
  EXPECT_EQ(all_ties(copy), all_ties(net));
  EXPECT_EQ(net.tie_count(TieKind::kHub), batch.size());
}

TEST_F(AddedTies, MalformedTiesAreRejectedAndNoneIsAdded) {
  const std::size_t ties = net.tie_count();
  const auto n = static_cast<std::uint32_t>(net.person_count());
  const std::vector<Tie> self = {{1, 2, TieKind::kHub}, {3, 3, TieKind::kHub}};
  const std::vector<Tie> unknown = {{1, 2, TieKind::kHub}, {0, n, TieKind::kHub}};
  EXPECT_THROW(net.add_ties(self), std::invalid_argument);
  EXPECT_THROW(net.add_ties(unknown), std::invalid_argument);
  // Only hub ties are made during a run: the static kinds are the network's own.
  for (TieKind k : {TieKind::kHousehold, TieKind::kKin, TieKind::kNeighbour}) {
    const std::vector<Tie> other_kind = {{1, 2, TieKind::kHub}, {4, 5, k}};
    EXPECT_THROW(net.add_ties(other_kind), std::invalid_argument) << tie_kind_name(k);
  }
  EXPECT_EQ(net.tie_count(), ties);
  EXPECT_EQ(net.pending_tie_count(), 0u);
  net.add_ties({});
  EXPECT_EQ(net.tie_count(), ties);
}

// find_tie() and degree(p, kind) read only the run of one kind in a person's ties: they must
// agree with a search over all of them, with ties pending and after they are merged.
TEST_F(AddedTies, EveryPersonsTiesAreSortedByKindAndFindTieAgreesWithAFullSearch) {
  const auto n = static_cast<std::uint32_t>(net.person_count());
  std::vector<Tie> batch;
  for (std::uint32_t i = 0; batch.size() < n / 4; ++i) {
    const std::uint32_t a = (i * 7919u) % n, b = (i * 104729u + 1) % n;
    if (a != b) batch.push_back({a, b, TieKind::kHub});
  }
  const auto check = [&](const char* when) {
    for (std::uint32_t p = 0; p < n; ++p) {
      const auto ties = ties_of(net, p);
      ASSERT_TRUE(std::is_sorted(ties.begin(), ties.end(),
                                 [](const auto& x, const auto& y) { return x.second < y.second; }))
          << "person " << p << ", " << when;
      for (TieKind k : {TieKind::kHousehold, TieKind::kKin, TieKind::kNeighbour, TieKind::kHub}) {
        // Accepts the persons of even index: the first such tie of kind k, found in full.
        const auto accept = [](std::uint32_t q) { return q % 2 == 0; };
        std::uint32_t want = SocialNetwork::kNoTie;
        std::uint32_t of_kind = 0;
        for (const auto& [q, kind] : ties) {
          if (kind != k) continue;
          ++of_kind;
          if (want == SocialNetwork::kNoTie && accept(q)) want = q;
        }
        ASSERT_EQ(net.find_tie(p, k, accept), want) << "person " << p << ", " << when;
        ASSERT_EQ(net.degree(p, k), of_kind) << "person " << p << ", " << when;
      }
    }
  };
  check("static ties only");
  net.add_ties(std::span(batch).first(batch.size() / 100));
  ASSERT_GT(net.pending_tie_count(), 0u);
  check("hub ties pending");
  net.add_ties(std::span(batch).subspan(batch.size() / 100));
  ASSERT_EQ(net.pending_tie_count(), 0u);
  net.add_ties(std::span(batch).first(batch.size() / 100));
  ASSERT_GT(net.pending_tie_count(), 0u);
  check("hub ties merged, more pending");
}

}  // namespace
}  // namespace welfare
