// Builds a synthetic population from a territory's marginals.
//
// Per zone: household counts by size (exact: residents and households match the territory),
// household types, ages from the zone's age bands (exact counts per band), sex, foreign
// citizenship (within one household of the zone's share) and income band (exact counts per
// band). Deterministic for a given (seed, replicate) at any thread count.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "params/parameters.hpp"
#include "population/population.hpp"
#include "scenario/territory.hpp"

namespace welfare {

struct SynthesisKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
};

Population synthesise_population(const Territory& territory, const Parameters& params,
                                 SynthesisKey key);

// Share of women among residents of this age (population.female_share_*).
double female_share(int age, const Parameters& params);

// Household counts of a zone by size class 1, 2, 3, 4, 5+, and the number of persons in
// the 5+ households, reconciled so that households and residents match exactly.
struct HouseholdPlan {
  std::array<std::int64_t, kHouseholdSizeClasses> count{};
  std::int64_t five_plus_persons = 0;
  std::int64_t households() const;
  std::int64_t persons() const;
};
HouseholdPlan plan_households(const Zone& zone, const Parameters& params);

// Persons of each single year of age 0..max_age in a zone of `residents` persons, exact
// per age band (largest remainder) and spread over the years of each band.
std::vector<std::int64_t> age_counts(const Territory& territory, const Zone& zone,
                                     const Parameters& params);

}  // namespace welfare
