// Phase 3, informal care: each person with a long-term-care need living at home looks for a
// carer among the household's adults, then among kin ties in the same zone. A carer must be
// an adult not older than needs.ltc.carer_max_age and without a moderate or severe need of
// their own. Carers carry a burden: their risk of a mental-health need rises.

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

void Simulation::find_informal_carers() {
  const auto& list = active_[index(Domain::kLongTermCare)];
  const auto& ltc = cases_[index(Domain::kLongTermCare)];
  parallel::for_ranges<std::size_t>(0, list.size(), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const std::uint32_t p = list[i];
      carer_of_[p] = kNoCarer;
      if (!pop_.alive[p] || !in_need(ltc.state[p])) continue;
      for_each_member(pop_.household[p], [&](std::uint32_t m) {
        if (carer_of_[p] == kNoCarer && m != p && can_care(m)) carer_of_[p] = m;
      });
      if (carer_of_[p] != kNoCarer || p >= network_.person_count()) continue;
      const std::uint32_t kin = network_.find_tie(p, TieKind::kKin, [&](std::uint32_t other) {
        return pop_.zone[other] == pop_.zone[p] && can_care(other);
      });
      if (kin != SocialNetwork::kNoTie) {
        carer_of_[p] = kin;
        continue;
      }
      // Welfare community managers mobilise support among neighbours.
      const double mobilisation = levers_[pop_.zone[p]].carer_mobilisation;
      if (mobilisation <= 0) continue;
      rng::Stream s({scenario_.seed, replicate_, static_cast<std::uint32_t>(now()), p,
                     rng::Purpose::kCarerMobilisation});
      if (s.uniform() >= mobilisation) continue;
      const std::uint32_t neighbour = network_.find_tie(
          p, TieKind::kNeighbour, [&](std::uint32_t other) { return can_care(other); });
      if (neighbour != SocialNetwork::kNoTie) carer_of_[p] = neighbour;
    }
  });

  // Who cares this week, and for how many hours (summed in list order: the same at any
  // thread count).
  caring_scratch_.assign(pop_.person_count(), 0);  // reuses last week's memory
  auto& caring = caring_scratch_;
  informal_hours_.assign(pop_.zone_count(), 0.0);
  informal_carers_.assign(pop_.zone_count(), 0);
  for (std::uint32_t p : list) {
    if (!pop_.alive[p] || !in_need(ltc.state[p]) || carer_of_[p] == kNoCarer) continue;
    const std::uint8_t sev = ltc.severity[p];
    informal_hours_[pop_.zone[p]] += sev == kSevere     ? params_[Param::kInformalCareHoursSevere]
                                     : sev == kModerate ? params_[Param::kInformalCareHoursModerate]
                                                        : params_[Param::kInformalCareHoursMild];
    if (!caring[carer_of_[p]]) ++informal_carers_[pop_.zone[carer_of_[p]]];
    caring[carer_of_[p]] = 1;
  }
  // Carers who began or stopped this week, in person order. Few change in a week, so the
  // flags are compared a word at a time and only a word that differs is looked into.
  const std::size_t persons = pop_.person_count();
  constexpr std::size_t kWord = sizeof(std::uint64_t);
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
    if (was != is) update(q, q + kWord);
  }
  update(q, persons);
}

}  // namespace welfare
