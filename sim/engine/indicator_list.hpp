// What a run records, per zone and per week: one line per indicator with its dataset name,
// units and meaning. The store, the analysis tools and the viewer all take names and units
// from this list.
//
// X(id, name, units, description)
#pragma once

// clang-format off
#define WELFARE_INDICATORS(X)                                                                      \
  X(kPopulation, "population", "persons", "Residents at the end of the week")                      \
  X(kMinors, "population_0_17", "persons", "Residents aged under 18")                               \
  X(kElderly, "population_65_plus", "persons", "Residents aged 65 and over")                        \
  X(kOldestOld, "population_80_plus", "persons", "Residents aged 80 and over")                      \
  X(kForeign, "population_foreign", "persons", "Residents with foreign citizenship")                \
  X(kHouseholds, "households", "households", "Households with at least one member")                \
  X(kOnePerson, "households_one_person", "households", "Households of one person")                 \
  X(kElderlyAlone, "households_one_person_65_plus", "households",                                  \
    "Households of one person aged 65 and over")
// clang-format on
