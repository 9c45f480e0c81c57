// Parameters of population synthesis (see parameter_list.hpp for the entry format).
#pragma once

// clang-format off
#define WELFARE_POPULATION_PARAMETERS(X)                                                                      \
  X(kMaxAge, "population.max_age", "years", 100, 85, 115,                                          \
    "Upper bound of the last (open) age band; ages in it are drawn up to this age",                \
    "Modelling choice: ISTAT counts about 0.04% of residents at 100+ (1/1/2024), left out")         \
  X(kOpenBandYearlyRatio, "population.open_band_yearly_ratio", "ratio", 0.88, 0.5, 1,              \
    "Ratio of residents of one year of age to those a year younger inside the last (open) age "   \
    "band, so that ages thin out towards population.max_age",                                      \
    "ISTAT, resident population by single year of age, Italy, 1/1/2024: about 0.88 on average "   \
    "from 80 to 100")                                                                              \
  X(kFivePlusMeanSize, "population.five_plus_mean_size", "persons", 5.4, 5, 12,                    \
    "Mean size of households of five or more persons, used to reconcile household counts with "    \
    "resident counts",                                                                             \
    "ISTAT, census 2021, households by number of members (Italy): about 5.4")                      \
  X(kFemaleShareUnder65, "population.female_share_under_65", "share", 0.495, 0, 1,                 \
    "Share of women among residents aged under 65",                                                \
    "ISTAT, resident population by sex and age, Italy, 1/1/2024")                                  \
  X(kFemaleShare65To79, "population.female_share_65_79", "share", 0.535, 0, 1,                     \
    "Share of women among residents aged 65-79",                                                   \
    "ISTAT, resident population by sex and age, Italy, 1/1/2024")                                  \
  X(kFemaleShare80Plus, "population.female_share_80_plus", "share", 0.616, 0, 1,                   \
    "Share of women among residents aged 80 and over",                                             \
    "ISTAT, resident population by sex and age, Italy, 1/1/2024")                                  \
  X(kOnePersonElderlyShare, "population.one_person_elderly_share", "share", 0.325, 0, 1,           \
    "Share of one-person households whose member is aged 65+",                                     \
    "Milan: about 131,000 elderly living alone (welfare plan 2021-23) over 402,908 one-person "    \
    "households (open data ds205, 2021)")                                                          \
  X(kSingleParentShare, "population.single_parent_household_share", "share", 0.0426, 0, 1,         \
    "Share of all households that are a single parent living with children",                       \
    "Milan: about 32,000 single-parent families (welfare plan 2021-23) over 751,850 households "   \
    "(open data ds205, 2021)")                                                                     \
  X(kFamilyWeightSize2, "population.family_weight_size_2", "relative weight", 0.35, 0, 100,        \
    "Relative propensity of a two-person household (not a single parent) to hold children; "       \
    "households are made families in a weighted random order until the zone's minors are placed", \
    "Modelling choice, calibrated so that two-person households are mostly couples without "       \
    "children, as in ISTAT's household typology")                                                  \
  X(kFamilyWeightSize3, "population.family_weight_size_3", "relative weight", 1.0, 0, 100,         \
    "Relative propensity of a three-person household to hold children",                            \
    "Modelling choice (reference weight)")                                                         \
  X(kFamilyWeightSize4Plus, "population.family_weight_size_4_plus", "relative weight", 3.0, 0, 100,\
    "Relative propensity of a household of four or more to hold children",                         \
    "Modelling choice: nearly all households of four or more in Italy are couples with children "  \
    "(ISTAT, Aspetti della vita quotidiana)")                                                      \
  X(kAdultChildMaxAge, "population.adult_child_max_age", "years", 34, 18, 50,                      \
    "Oldest age at which a child still lives with a parent when a family has more child places "   \
    "than the zone has minors",                                                                    \
    "ISTAT: young adults aged 18-34 living with their parents, the age range of the indicator")    \
  X(kParentAgeGapMin, "population.parent_age_gap_min", "years", 20, 14, 40,                        \
    "Smallest age gap between the oldest child and the parent",                                    \
    "Modelling choice; ISTAT births 2022: mean age of mothers at birth 32.4")                      \
  X(kParentAgeGapMax, "population.parent_age_gap_max", "years", 42, 20, 60,                        \
    "Largest age gap between the oldest child and the parent",                                     \
    "Modelling choice; ISTAT births 2022: mean age of mothers at birth 32.4")                      \
  X(kPartnerAgeGapMean, "population.partner_age_gap_mean", "years", 2, -10, 10,                    \
    "Mean age of the second partner of a couple below the first",                                  \
    "ISTAT marriages 2022: mean age at first marriage 34.7 (grooms) and 32.7 (brides)")            \
  X(kPartnerAgeGapSpread, "population.partner_age_gap_spread", "years", 5, 0, 20,                  \
    "Half-width of the uniform spread of partner ages around the mean gap",                        \
    "Modelling choice")
// clang-format on
