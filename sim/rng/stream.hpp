// Random streams keyed by (seed, replicate, week, agent, purpose).
//
// Every random draw in the model comes from a Stream built from such a key, never from a
// shared or per-thread generator, so a run is fixed by (scenario, seed, replicate) whatever
// the thread or process count, and a change that affects week k leaves the draws of
// earlier weeks untouched (common random numbers across scenarios).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "rng/philox.hpp"

namespace welfare::rng {

// What a stream is drawn for. Each purpose is a separate stream: adding draws for one
// process never shifts the draws of another. Append new purposes at the end.
enum class Purpose : std::uint16_t {
  // population synthesis
  kHouseholdSizes = 1,
  kHouseholdOrder,
  kAgePool,
  kMemberAges,
  kSex,
  kForeignCitizenship,
  kIncomeBand,
  kAgeWeeks,
  // social network
  kKinTies,
  kNeighbourTies,
  kHubTies,
  // demography and person attributes
  kDeath,
  kBirth,
  kNewborn,
  kBarriers,
  kBereavement,
  kHouseholdAttributes,
  kCarerMobilisation,
  // per need domain: the value is the base plus the domain's index (0-5)
  kOnset = 100,
  kCaseWeek = 110,
  kInitialNeed = 120,
  kCaseVisit = 130,  // the week of a case's next visit by the case dynamics
  // experiment designs (sim/batch/design.hpp): the agent is the parameter or trajectory index
  kLatinHypercube = 200,
  kMorrisTrajectory,
};

// The stream purpose of a process that has one stream per need domain.
constexpr Purpose per_domain(Purpose base, std::size_t domain) {
  return static_cast<Purpose>(static_cast<std::uint16_t>(base) + domain);
}

// The week value used for draws made while building the initial state.
inline constexpr std::uint32_t kInitialisationWeek = 0xFFFFu;

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t week = 0;   // 0..0xFFFF
  std::uint32_t agent = 0;  // a person, household or zone index, as the purpose says
  Purpose purpose = Purpose::kHouseholdSizes;
};

class Stream {
 public:
  explicit Stream(const StreamKey& k)
      : key_{static_cast<std::uint32_t>(k.seed), static_cast<std::uint32_t>(k.seed >> 32)},
        ctr_{0, k.agent, (k.week << 16) | static_cast<std::uint32_t>(k.purpose), k.replicate} {}

  std::uint32_t next_u32() {
    if (index_ == kBlock) refill();
    return block_[index_++];
  }

  std::uint64_t next_u64() {
    const std::uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform_pos() { return 1.0 - uniform(); }

  // Uniform integer in [0, n), n > 0, without modulo bias (Lemire's method).
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t m = static_cast<std::uint64_t>(next_u32()) * n;
    auto low = static_cast<std::uint32_t>(m);
    if (low < n) {
      const std::uint32_t threshold = (0u - n) % n;
      while (low < threshold) {
        m = static_cast<std::uint64_t>(next_u32()) * n;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }

  // Uniform integer in [lo, hi], lo <= hi.
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }

  bool bernoulli(double p) { return uniform() < p; }

  // Exponential with rate 1.
  double exponential() { return -std::log(uniform_pos()); }

 private:
  static constexpr int kBlock = 4;

  void refill() {
    block_ = philox4x32(ctr_, key_);
    ++ctr_[0];
    index_ = 0;
  }

  PhiloxKey key_;
  PhiloxCounter ctr_;
  PhiloxCounter block_{};
  int index_ = kBlock;
};

}  // namespace welfare::rng
