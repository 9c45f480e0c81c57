// Phase 3, informal care: each person with a long-term-care need living at home looks for a
// carer among the household's adults, then among kin ties in the same zone. A carer must be
// an adult not older than needs.ltc.carer_max_age and without a moderate or severe need of
// their own. Carers carry a burden: their risk of a mental-health need rises.

#include <array>
#include <atomic>
#include <bit>
#include <cstring>

#include "common/parallel.hpp"
#include "engine/simulation.hpp"
#include "rng/stream.hpp"

namespace welfare {

bool Simulation::can_care(std::uint32_t m) const {
  const int age = age_weeks(m) / kWeeksPerYear;
  if (!pop_.alive[m] || age < kAdultAge || age > params_[Param::kCarerMaxAge]) return false;
  const auto& ltc = cases_[index(Domain::kLongTermCare)];
  return !(in_need(ltc.state[m]) && ltc.severity[m] >= kModerate) && !in_nursing_home(m);
}

namespace {

// Needs cared for are counted by level: mild, moderate, severe (any other severity counts as
// mild, as the hours have always been read).
constexpr std::size_t kLevels = 3;
constexpr std::size_t level(std::uint8_t severity) {
  return severity == kSevere ? 2 : severity == kModerate ? 1 : 0;
}

}  // namespace

void Simulation::find_informal_carers() {
  const auto& list = active_[index(Domain::kLongTermCare)];
  const auto& ltc = cases_[index(Domain::kLongTermCare)];
  const std::size_t zones = pop_.zone_count();
  // Who cares this week (set by the tasks at once: a carer may care for persons in two
  // tasks' ranges, so the flag is stored atomically), and per zone the needs cared for by
  // severity (mild, moderate, severe), counted per thread: integers, the same at any thread
  // count.
  caring_scratch_.assign(pop_.person_count(), 0);  // reuses last week's memory
  auto& caring = caring_scratch_;
  using ZoneCounts = std::vector<std::array<std::int64_t, kLevels>>;
  parallel::PerThread<ZoneCounts> cared([&] { return ZoneCounts(zones); });
  parallel::for_ranges<std::size_t>(0, list.size(), [&](const auto& r) {
    ZoneCounts& counts = cared.local();
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const std::uint32_t p = list[i];
      carer_of_[p] = kNoCarer;
      if (!pop_.alive[p] || !in_need(ltc.state[p])) continue;
      std::uint32_t carer = kNoCarer;
      for_each_member(pop_.household[p], [&](std::uint32_t m) {
        if (carer == kNoCarer && m != p && can_care(m)) carer = m;
      });
      const std::size_t z = pop_.zone[p];
      if (carer == kNoCarer && p < network_.person_count()) {
        const std::uint32_t kin = network_.find_tie(p, TieKind::kKin, [&](std::uint32_t other) {
          return pop_.zone[other] == z && can_care(other);
        });
        if (kin != SocialNetwork::kNoTie) {
          carer = kin;
        } else if (const double mobilisation = levers_[z].carer_mobilisation; mobilisation > 0) {
          // Welfare community managers mobilise support among neighbours.
          rng::Stream s({scenario_.seed, replicate_, static_cast<std::uint32_t>(now()), p,
                         rng::Purpose::kCarerMobilisation});
          if (s.uniform() < mobilisation) {
            const std::uint32_t neighbour = network_.find_tie(
                p, TieKind::kNeighbour, [&](std::uint32_t other) { return can_care(other); });
            if (neighbour != SocialNetwork::kNoTie) carer = neighbour;
          }
        }
      }
      if (carer == kNoCarer) continue;
      carer_of_[p] = carer;
      std::atomic_ref<std::uint8_t>(caring[carer]).store(1, std::memory_order_relaxed);
      ++counts[z][level(ltc.severity[p])];
    }
  });
  // Hours per zone from the counts (exact for whole hours; the same at any thread count).
  ZoneCounts needs_cared(zones);
  cared.combine_each([&](const ZoneCounts& counts) {
    for (std::size_t z = 0; z < zones; ++z) {
      for (std::size_t k = 0; k < kLevels; ++k)
        needs_cared[z][k] += counts[z][k];
    }
  });
  const std::array<double, kLevels> hours = {params_[Param::kInformalCareHoursMild],
                                             params_[Param::kInformalCareHoursModerate],
                                             params_[Param::kInformalCareHoursSevere]};
  informal_hours_.assign(zones, 0.0);
  for (std::size_t z = 0; z < zones; ++z) {
    for (std::size_t k = 0; k < kLevels; ++k)
      informal_hours_[z] += static_cast<double>(needs_cared[z][k]) * hours[k];
  }
  informal_carers_.assign(zones, 0);
  // Carers counted in their own zone, and carers who began or stopped this week, in person
  // order. Few persons care and few change in a week, so the flags (0 or 1, one byte each)
  // are read a word at a time: a word's carers are found by its set bits, and only a word
  // that differs from last week's is looked into byte by byte.
  const std::size_t persons = pop_.person_count();
  constexpr std::size_t kWord = sizeof(std::uint64_t);
  constexpr int kByteBits = 8;
  const auto update = [&](std::size_t from, std::size_t to) {
    for (auto p = static_cast<std::uint32_t>(from); p < to; ++p) {
      if (caring[p] != is_carer_[p]) {
        is_carer_[p] = caring[p];
        reschedule(p, onset_event(Domain::kMentalHealth));
      }
    }
  };
  std::size_t q = 0;
  for (; q + kWord <= persons; q += kWord) {
    std::uint64_t was = 0;
    std::uint64_t is = 0;
    std::memcpy(&was, is_carer_.data() + q, kWord);
    std::memcpy(&is, caring.data() + q, kWord);
    for (std::uint64_t bits = is; bits != 0; bits &= bits - 1) {
      const auto byte = static_cast<std::size_t>(std::countr_zero(bits) / kByteBits);
      const std::size_t k = std::endian::native == std::endian::little ? byte : kWord - 1 - byte;
      ++informal_carers_[pop_.zone[q + k]];
    }
    if (was != is) update(q, q + kWord);
  }
  for (std::size_t p = q; p < persons; ++p) {
    if (caring[p]) ++informal_carers_[pop_.zone[p]];
  }
  update(q, persons);
}

}  // namespace welfare
