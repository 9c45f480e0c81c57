// Proof that ThreadSanitizer sees into the project's parallel loops (common/parallel.hpp):
//   race_probe race   chunks of one loop add to a plain integer: a data race, to be reported;
//   race_probe clean  the same with an atomic integer: nothing to report.
// Built only by the tsan preset; the tests beside it in tests/CMakeLists.txt check both.
#include <tbb/global_control.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string_view>
#include <thread>

#include "common/parallel.hpp"

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode != "race" && mode != "clean") {
    std::fprintf(stderr, "usage: race_probe race|clean\n");
    return 2;
  }
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
  long plain = 0;
  std::atomic<long> atomic{0};
  welfare::parallel::for_ranges<int>(0, 64, [&](const tbb::blocked_range<int>& r) {
    for (int i = r.begin(); i != r.end(); ++i) {
      if (mode == "race") {
        plain += 1;
      } else {
        atomic.fetch_add(1, std::memory_order_relaxed);
      }
    }
    // Long enough for both threads to take chunks.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  });
  std::printf("sum %ld\n", plain + atomic.load());
  return 0;
}
