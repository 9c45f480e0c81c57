// The engine's parallel loops, in one place.
//
// In every ordinary build they are oneTBB's algorithms, called as they would be directly.
// Under ThreadSanitizer they run on std::threads instead: oneTBB as Debian packages it is not
// built with ThreadSanitizer, so the sanitizer cannot see its scheduler hand tasks from one
// thread to another, and would report races inside every loop that are not there. On
// std::threads it sees every start and join, and checks the loop bodies for real races at the
// same degree of parallelism (oneTBB's max_allowed_parallelism). Loops must give the same
// result however their range is split; the determinism tests check that at every thread count.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#if defined(__SANITIZE_THREAD__)
#define WELFARE_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WELFARE_THREAD_SANITIZER 1
#endif
#endif

namespace welfare::parallel {

#if defined(WELFARE_THREAD_SANITIZER)
inline constexpr bool kOnStdThreads = true;
#else
inline constexpr bool kOnStdThreads = false;
#endif

// The number of threads a loop may use: oneTBB's max_allowed_parallelism, which
// `--threads` and tbb::global_control set.
std::size_t allowed_threads();

// Runs chunk(0) ... chunk(chunks - 1), each once, on up to `threads` std::threads (the
// caller's among them), and rethrows the first exception any chunk threw once all are done.
// The ThreadSanitizer back end of the functions below; usable in any build.
void run_chunks_on_threads(std::size_t chunks, std::size_t threads,
                           const std::function<void(std::size_t)>& chunk);

// body(const tbb::blocked_range<Index>&) for sub-ranges that together cover [begin, end) once.
template <class Index, class Body>
void for_ranges(Index begin, Index end, const Body& body) {
  if constexpr (kOnStdThreads) {
    if (end <= begin) return;
    const std::size_t n = static_cast<std::size_t>(end - begin);
    const std::size_t threads = allowed_threads();
    // A few chunks per thread, so that the threads interleave.
    constexpr std::size_t kChunksPerThread = 4;
    const std::size_t chunks = threads <= 1 ? 1 : std::min(n, threads * kChunksPerThread);
    run_chunks_on_threads(chunks, threads, [&](std::size_t k) {
      const auto first = static_cast<Index>(begin + static_cast<Index>(n * k / chunks));
      const auto last = static_cast<Index>(begin + static_cast<Index>(n * (k + 1) / chunks));
      body(tbb::blocked_range<Index>(first, last));
    });
  } else {
    tbb::parallel_for(tbb::blocked_range<Index>(begin, end), body);
  }
}

// body(i) for each i in [begin, end), once.
template <class Index, class Body>
void for_each(Index begin, Index end, const Body& body) {
  if constexpr (kOnStdThreads) {
    for_ranges(begin, end, [&](const tbb::blocked_range<Index>& r) {
      for (Index i = r.begin(); i != r.end(); ++i)
        body(i);
    });
  } else {
    tbb::parallel_for(begin, end, body);
  }
}

// Runs `lane` `count` times at once and waits for all of them; a lane's exception is rethrown.
template <class Lane>
void run_lanes(std::size_t count, const Lane& lane) {
  if constexpr (kOnStdThreads) {
    run_chunks_on_threads(count, count, [&](std::size_t) { lane(); });
  } else {
    tbb::task_group lanes;
    for (std::size_t j = 0; j < count; ++j)
      lanes.run([&lane] { lane(); });
    lanes.wait();
  }
}

// One T per thread that uses it (local()), created on first use, for sums made in a loop and
// combined after it (combine_each, or iteration). oneTBB's; under ThreadSanitizer it takes its
// memory from the C++ allocator, which the sanitizer follows, instead of oneTBB's own
// (uninstrumented) allocator, whose reuse of one thread's freed memory by another it would
// take for a race.
#if defined(WELFARE_THREAD_SANITIZER)
template <class T>
using PerThread = tbb::enumerable_thread_specific<T, std::allocator<T>>;
#else
template <class T>
using PerThread = tbb::enumerable_thread_specific<T>;
#endif

// Runs f so that a thread waiting inside it only takes work that f itself started.
template <class F>
void isolate(const F& f) {
  if constexpr (kOnStdThreads) {
    f();  // std::threads take no other work while they wait
  } else {
    tbb::this_task_arena::isolate(f);
  }
}

}  // namespace welfare::parallel
