// Parameters of the social network (see parameter_list.hpp for the entry format).
#pragma once

// clang-format off
#define WELFARE_NETWORK_PARAMETERS(X)                                                               \
  X(kKinParentMinAge, "network.kin_parent_min_age", "years", 65, 55, 100,                          \
    "Age from which a person is given kin ties with adult children living in other households "    \
    "(younger persons' kin ties across households are not modelled)",                              \
    "Modelling choice: ISTAT's threshold for the elderly; 55 extends the ties to younger parents") \
  X(kChildlessShare, "network.childless_share", "share", 0.13, 0, 1,                               \
    "Share of parents (a couple counts once) aged network.kin_parent_min_age+ who have no living " \
    "children",                                                                                    \
    "ISTAT, cohort fertility (Natalità e fecondità della popolazione residente): about 10-15% of "  \
    "women born in the 1940s and early 1950s remained childless")                                  \
  X(kMeanChildrenOfParents, "network.mean_children_of_parents", "children", 2.3, 1, 8,             \
    "Mean number of living children of parents aged network.kin_parent_min_age+ who have any, "    \
    "before those living with them are taken out; drawn as 1 + Poisson(mean - 1)",                 \
    "ISTAT, cohort fertility: about 1.8-2.3 children per woman for the cohorts born 1930-1959, "   \
    "about 2.0 on average, divided by the share with children (0.87); deaths of children ignored "  \
    "(modelling choice)")                                                                          \
  X(kKinAgeGapMin, "network.kin_age_gap_min", "years", 20, 14, 40,                                 \
    "Smallest age gap between a parent and an adult child living elsewhere (gap drawn uniformly " \
    "between the minimum and the maximum, from the younger partner of a couple)",                  \
    "Modelling choice; ISTAT births: mean age of mothers at birth about 25-29 in 1960-1990")       \
  X(kKinAgeGapMax, "network.kin_age_gap_max", "years", 45, 20, 60,                                 \
    "Largest age gap between a parent and an adult child living elsewhere",                        \
    "Modelling choice; ISTAT births: mean age of mothers at birth about 25-29 in 1960-1990")       \
  X(kKinSameZoneShare, "network.kin_same_zone_share", "share", 0.45, 0, 1,                         \
    "Probability that an adult child living elsewhere lives in the parent's zone",                 \
    "ISTAT, Famiglie e reti di relazioni (Aspetti della vita quotidiana): about 40-45% of "         \
    "over-65s with children have one living within 1 km; applied per child to the zone "           \
    "(modelling choice: a zone is wider than 1 km, a child is often farther)")                     \
  X(kKinSameDistrictShare, "network.kin_same_district_share", "share", 0.6, 0, 1,                  \
    "Probability that an adult child living outside the parent's zone lives in another zone of "   \
    "the same district (else anywhere else in the territory)",                                     \
    "Modelling choice: ISTAT, Famiglie e reti di relazioni, finds most non-cohabiting children "   \
    "of the elderly in the same comune")                                                           \
  X(kNeighbourDegree18To64, "network.neighbour_degree_18_64", "ties per person", 4, 0, 50,         \
    "Mean number of neighbourhood ties (acquaintances in the same zone) of a person aged 18-64",   \
    "Modelling choice, to be calibrated: no Italian count of neighbourhood acquaintances")         \
  X(kNeighbourDegree65To79, "network.neighbour_degree_65_79", "ties per person", 3, 0, 50,         \
    "Mean number of neighbourhood ties of a person aged 65-79, the socially isolated included",    \
    "Modelling choice, to be calibrated; ISTAT, Aspetti della vita quotidiana: meeting friends "    \
    "becomes less frequent with age")                                                              \
  X(kNeighbourDegree80Plus, "network.neighbour_degree_80_plus", "ties per person", 2, 0, 50,       \
    "Mean number of neighbourhood ties of a person aged 80 and over, the socially isolated "       \
    "included",                                                                                    \
    "Modelling choice, to be calibrated; ISTAT, Aspetti della vita quotidiana: meeting friends "    \
    "becomes less frequent with age")                                                              \
  X(kNeighbourIsolatedShare65Plus, "network.neighbour_isolated_share_65_plus", "share", 0.10, 0,   \
    1,                                                                                             \
    "Share of persons aged 65+ who have no neighbourhood ties at all; the others draw theirs "     \
    "so that the age group's mean stays as given",                                                 \
    "PASSI d'Argento 2023-24: 14% of over-65s socially isolated (no meeting or contact in a "       \
    "typical week), 10% in the North; reading isolation as no neighbourhood ties is a modelling "  \
    "choice")                                                                                      \
  X(kNeighbourSameAgeShare, "network.neighbour_same_age_share", "share", 0.5, 0, 1,                \
    "Share of neighbourhood ties formed inside the person's age band (the rest with anyone "        \
    "adult in the zone)",                                                                          \
    "Modelling choice: age homophily of personal networks (McPherson, Smith-Lovin and Cook "       \
    "2001, Birds of a feather)")                                                                   \
  X(kNeighbourAgeBandWidth, "network.neighbour_age_band_width", "years", 10, 1, 100,               \
    "Width of the age bands, from age 18, inside which same-age neighbourhood ties form",          \
    "Modelling choice")
// clang-format on
