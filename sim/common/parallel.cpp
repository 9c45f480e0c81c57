#include "common/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <tbb/global_control.h>

namespace welfare::parallel {

std::size_t allowed_threads() {
  return std::max<std::size_t>(
      1, tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

void run_chunks_on_threads(std::size_t chunks, std::size_t threads,
                           const std::function<void(std::size_t)>& chunk) {
  if (chunks == 0) return;
  // Chunks are handed out by a relaxed counter: it orders nothing between the threads, so
  // ThreadSanitizer sees two chunks on different threads as unordered, as they are.
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr first_error;
  auto work = [&] {
    for (;;) {
      const std::size_t k = next.fetch_add(1, std::memory_order_relaxed);
      if (k >= chunks) return;
      try {
        chunk(k);
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
      }
    }
  };
  const std::size_t helpers = std::min(chunks, std::max<std::size_t>(1, threads)) - 1;
  std::vector<std::jthread> pool;
  pool.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t)
    pool.emplace_back(work);
  work();
  pool.clear();  // joins
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace welfare::parallel
