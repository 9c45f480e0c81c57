// Events counted per zone during a week (onsets, detections, escalations, births...), as
// integers so that per-thread counts sum to the same total at any thread count.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "needs/needs.hpp"

namespace welfare {

enum class Flow : std::uint8_t {
  kBirths,
  kDeaths,
  kHospitalisations,       // avoidable admissions of long-term-care and disability needs
  kPsychiatricAdmissions,  // of unmet mental-health needs
  kNursingHomeAdmissions,
  kEvictions,
  kHomelessness,
  kPlacements,          // out-of-home placements of minors
  kEscalationsForeign,  // any of the above five escalations, persons of foreign citizenship
  kOnset,               // + domain index
  kDetected = kOnset + kDomains,
  kResolved = kDetected + kDomains,
  kCount = kResolved + kDomains,
};
inline constexpr std::size_t kFlowCount = static_cast<std::size_t>(Flow::kCount);
constexpr Flow per_domain(Flow base, Domain d) {
  return static_cast<Flow>(static_cast<std::size_t>(base) + index(d));
}

class ZoneFlows {
 public:
  explicit ZoneFlows(std::size_t zones = 0) : counts_(zones) {}
  void add(std::size_t zone, Flow f, std::int64_t n = 1) {
    counts_[zone][static_cast<std::size_t>(f)] += n;
  }
  std::int64_t get(std::size_t zone, Flow f) const {
    return counts_[zone][static_cast<std::size_t>(f)];
  }
  void merge(const ZoneFlows& other) {
    for (std::size_t z = 0; z < counts_.size(); ++z) {
      for (std::size_t f = 0; f < kFlowCount; ++f)
        counts_[z][f] += other.counts_[z][f];
    }
  }
  void clear() {
    for (auto& c : counts_)
      c.fill(0);
  }
  std::size_t zones() const { return counts_.size(); }

 private:
  std::vector<std::array<std::int64_t, kFlowCount>> counts_;
};

}  // namespace welfare
