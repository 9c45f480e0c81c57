// The parallel loops (common/parallel.hpp): every index once, at every thread count, with
// exceptions carried to the caller; and the std::thread back end that ThreadSanitizer builds use.
#include "common/parallel.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace welfare::parallel {
namespace {

class ParallelLoops : public ::testing::TestWithParam<std::size_t> {
 protected:
  tbb::global_control limit_{tbb::global_control::max_allowed_parallelism, GetParam()};
};

TEST_P(ParallelLoops, AllowedThreadsFollowTheGlobalLimit) {
  EXPECT_LE(allowed_threads(), GetParam());
  EXPECT_GE(allowed_threads(), 1u);
}

TEST_P(ParallelLoops, RangesCoverEveryIndexOnce) {
  for (const std::uint32_t n : {0u, 1u, 2u, 7u, 1000u, 100'003u}) {
    std::vector<std::atomic<int>> seen(n);
    for_ranges<std::uint32_t>(0, n, [&](const tbb::blocked_range<std::uint32_t>& r) {
      ASSERT_LE(r.begin(), r.end());
      for (auto i = r.begin(); i != r.end(); ++i)
        seen[i].fetch_add(1);
    });
    for (std::uint32_t i = 0; i < n; ++i)
      ASSERT_EQ(seen[i].load(), 1) << "index " << i << " of " << n;
  }
}

TEST_P(ParallelLoops, RangesStartWhereAsked) {
  std::atomic<std::size_t> sum{0};
  std::atomic<std::size_t> count{0};
  for_ranges<std::size_t>(10, 20, [&](const tbb::blocked_range<std::size_t>& r) {
    for (auto i = r.begin(); i != r.end(); ++i) {
      sum += i;
      ++count;
    }
  });
  EXPECT_EQ(count.load(), 10u);
  EXPECT_EQ(sum.load(), 145u);  // 10 + 11 + ... + 19
  for_ranges<std::size_t>(5, 5, [&](const auto&) { ADD_FAILURE() << "an empty range ran"; });
  for_ranges<std::size_t>(6, 5, [&](const auto&) { ADD_FAILURE() << "a reversed range ran"; });
}

TEST_P(ParallelLoops, EachVisitsEveryIndexOnce) {
  std::vector<std::atomic<int>> seen(513);
  for_each<std::size_t>(0, seen.size(), [&](std::size_t i) { seen[i].fetch_add(1); });
  for (std::size_t i = 0; i < seen.size(); ++i)
    ASSERT_EQ(seen[i].load(), 1) << i;
}

TEST_P(ParallelLoops, NestedLoopsCoverEveryPair) {
  std::vector<std::atomic<int>> seen(9 * 31);
  for_each<std::size_t>(0, 9, [&](std::size_t a) {
    for_each<std::size_t>(0, 31, [&](std::size_t b) { seen[a * 31 + b].fetch_add(1); });
  });
  for (std::size_t i = 0; i < seen.size(); ++i)
    ASSERT_EQ(seen[i].load(), 1) << i;
}

TEST_P(ParallelLoops, AnExceptionReachesTheCaller) {
  EXPECT_THROW(for_each<std::size_t>(0, 100,
                                     [](std::size_t i) {
                                       if (i == 57) throw std::runtime_error("index 57");
                                     }),
               std::runtime_error);
  EXPECT_THROW(run_lanes(3, [] { throw std::logic_error("a lane"); }), std::logic_error);
}

TEST_P(ParallelLoops, LanesAllRunAndAreAllWaitedFor) {
  std::atomic<int> ran{0};
  run_lanes(4, [&] {
    isolate([&] {
      for_each<std::size_t>(0, 50, [&](std::size_t) {});
      ++ran;
    });
  });
  EXPECT_EQ(ran.load(), 4);
}

INSTANTIATE_TEST_SUITE_P(Threads, ParallelLoops, ::testing::Values(1, 2, 4),
                         [](const ::testing::TestParamInfo<std::size_t>& p) {
                           return std::to_string(p.param) + "_threads";
                         });

// The back end of ThreadSanitizer builds, tested in every build.
TEST(RunChunksOnThreads, EveryChunkOnceAndOnAsManyThreadsAsAllowed) {
  for (const std::size_t threads : {1u, 2u, 3u}) {
    constexpr std::size_t kChunks = 40;
    std::vector<std::atomic<int>> seen(kChunks);
    std::mutex m;
    std::set<std::thread::id> ids;
    std::atomic<std::size_t> arrived{0};
    run_chunks_on_threads(kChunks, threads, [&](std::size_t k) {
      seen[k].fetch_add(1);
      {
        const std::lock_guard lock(m);
        ids.insert(std::this_thread::get_id());
      }
      // The first chunk each thread takes waits (up to a few seconds) for the other threads
      // to arrive, so that every thread allowed is seen to take part.
      if (k < threads) {
        ++arrived;
        for (int spin = 0; spin < 5000 && arrived.load() < threads; ++spin)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
    for (std::size_t k = 0; k < kChunks; ++k)
      ASSERT_EQ(seen[k].load(), 1) << k;
    EXPECT_EQ(ids.size(), threads);
  }
  run_chunks_on_threads(0, 2, [](std::size_t) { ADD_FAILURE() << "no chunk should run"; });
}

}  // namespace
}  // namespace welfare::parallel
