// Parameters of the six need domains: prevalence at the start, onset, progression,
// resolution and escalation (see parameter_list.hpp for the entry format).
#pragma once

// clang-format off
#define WELFARE_NEEDS_PARAMETERS(X)                                                                \
  /* long-term care (non-self-sufficiency) */                                                      \
  X(kLtcPrevalenceUnder65, "needs.ltc.prevalence_under_65", "share", 0.0018, 0, 1,                 \
    "Share of residents under 65 with a long-term-care need at the start",                         \
    "Milan welfare plan 2025-27: about 80,000 non-self-sufficient persons, 78,000 of them 65+; "   \
    "the other 2,000 over about 1.09 million residents under 65")                                  \
  X(kLtcPrevalence65To74, "needs.ltc.prevalence_65_74", "share", 0.122, 0, 1,                      \
    "Share of residents aged 65-74 with a long-term-care need at the start",                       \
    "ISTAT 2019: severe difficulty in basic functional activities 14.6% at 65-74, scaled by "      \
    "0.835 so that 65+ prevalence is Milan's 23.7% (78,000 of about 329,000 aged 65+)")            \
  X(kLtcPrevalence75To84, "needs.ltc.prevalence_75_84", "share", 0.271, 0, 1,                      \
    "Share of residents aged 75-84 with a long-term-care need at the start",                       \
    "ISTAT 2019: 32.5% at 75-84, scaled by 0.835 as needs.ltc.prevalence_65_74")                   \
  X(kLtcPrevalence85Plus, "needs.ltc.prevalence_85_plus", "share", 0.533, 0, 1,                    \
    "Share of residents aged 85+ with a long-term-care need at the start",                         \
    "ISTAT 2019: 63.8% at 85+, scaled by 0.835 as needs.ltc.prevalence_65_74")                     \
  X(kLtcFemaleRisk, "needs.ltc.female_relative_risk", "ratio", 1.8, 0.1, 10,                    \
    "Risk of a long-term-care need of a woman relative to a man of the same age (prevalence and "  \
    "onset; the mean of the two is the age band's rate)",                                          \
    "Calibrated so that 71% of the non-self-sufficient aged 65+ are women (Milan welfare plan "    \
    "2025-27; docs/calibration.md)")                                                               \
  X(kLtcShareModerate, "needs.ltc.initial_share_moderate", "share", 0.28, 0, 1,                    \
    "Share of long-term-care needs at the start that are moderate",                                \
    "Modelling choice: what is neither severe nor mild, with needs.ltc.initial_share_severe")      \
  X(kLtcShareSevere, "needs.ltc.initial_share_severe", "share", 0.39, 0, 1,                        \
    "Share of long-term-care needs at the start that are severe (loss of an activity of daily "    \
    "living)",                                                                                     \
    "ISTAT: 11.2% of 65+ with severe difficulty in at least one ADL (2015) over 28.4% with "       \
    "severe functional difficulty (2019)")                                                         \
  X(kLtcOnsetUnder65, "needs.ltc.onset_under_65", "per year", 0.0003, 0, 1,                        \
    "Yearly hazard of a new long-term-care need under 65",                                         \
    "Modelling choice: keeps needs.ltc.prevalence_under_65 about constant; to be calibrated")      \
  X(kLtcOnset65To74, "needs.ltc.onset_65_74", "per year", 0.012, 0, 1,                             \
    "Yearly hazard of a new long-term-care need at 65-74",                                         \
    "Calibrated so that Milan keeps about 80,000 non-self-sufficient persons (welfare plan "      \
    "2025-27) after a year (docs/calibration.md)")                                                                                  \
  X(kLtcOnset75To84, "needs.ltc.onset_75_84", "per year", 0.036, 0, 1,                             \
    "Yearly hazard of a new long-term-care need at 75-84",                                         \
    "Calibrated with needs.ltc.onset_65_74 (docs/calibration.md)")                                           \
  X(kLtcOnset85Plus, "needs.ltc.onset_85_plus", "per year", 0.10, 0, 1,                            \
    "Yearly hazard of a new long-term-care need at 85+",                                           \
    "Calibrated with needs.ltc.onset_65_74 (docs/calibration.md)")    \
  X(kLtcProgression, "needs.ltc.progression", "per year", 0.2, 0, 5,                               \
    "Yearly hazard that a long-term-care need grows one step more severe",                         \
    "Modelling choice; to be calibrated")                                                          \
  X(kLtcHospitalisation, "needs.ltc.hospitalisation_unmet", "per week", 0.004, 0, 1,               \
    "Weekly hazard of an avoidable hospital admission for a moderate long-term-care need that "    \
    "is not served (doubled when severe)",                                                         \
    "Modelling choice: about one admission every five years for moderate needs left unmet; to "    \
    "be calibrated")                                                                               \
  X(kLtcSevereEscalationFactor, "needs.ltc.severe_escalation_factor", "ratio", 2.0, 1, 10,         \
    "How much more often a severe long-term-care need escalates than a moderate one",              \
    "Modelling choice")                                                                            \
  X(kLtcNursingHomeWeeks, "needs.ltc.nursing_home_after_weeks", "weeks", 4, 0, 520,                \
    "Weeks a severe need without an informal carer goes unmet before the person applies for a "    \
    "nursing-home bed",                                                                            \
    "Modelling choice")                                                                            \
  X(kLtcNursingHomeWeeksWithCarer, "needs.ltc.nursing_home_after_weeks_with_carer", "weeks", 26, 0,\
    520, "Weeks a severe need goes unmet before the person applies for a nursing-home bed even "   \
    "with an informal carer (the carer's burden)", "Modelling choice")                            \
  X(kInformalCareEffect, "needs.ltc.informal_care_effect", "share", 0.4, 0, 1,                     \
    "Reduction of progression and escalation of a long-term-care need when an informal carer "    \
    "(a household member or a kin tie nearby) is there",                                           \
    "Modelling choice; to be calibrated")                                                          \
  X(kInformalCareHoursMild, "needs.ltc.informal_care_hours_mild", "hours per week", 5, 0, 168,     \
    "Hours of informal care a carer gives a person with a mild need",                              \
    "Modelling choice: ISTAT, caregivers survey 2015: a third of carers give 20+ hours a week")    \
  X(kInformalCareHoursModerate, "needs.ltc.informal_care_hours_moderate", "hours per week", 12, 0, \
    168, "Hours of informal care for a moderate need", "As needs.ltc.informal_care_hours_mild")    \
  X(kInformalCareHoursSevere, "needs.ltc.informal_care_hours_severe", "hours per week", 25, 0,     \
    168, "Hours of informal care for a severe need", "As needs.ltc.informal_care_hours_mild")      \
  X(kCarerMaxAge, "needs.ltc.carer_max_age", "years", 84, 18, 115,                                 \
    "Oldest age at which a person still gives informal care", "Modelling choice")                  \
  /* disability (under 65) */                                                                      \
  X(kDisabilityPrevalence, "needs.disability.prevalence", "share", 0.03, 0, 1,                     \
    "Share of residents aged 3-64 with a disability needing support at the start",                 \
    "Milan welfare plan 2025-27: about 62,000 persons with disability (4.4% of residents), of "    \
    "whom those under 65; the rest counts as long-term care")                                      \
  X(kDisabilityOnset, "needs.disability.onset", "per year", 0.001, 0, 1,                           \
    "Yearly hazard of a new disability needing support, ages 3-64",                                \
    "Modelling choice; to be calibrated")                                                          \
  X(kDisabilityHospitalisation, "needs.disability.hospitalisation_unmet", "per week", 0.001, 0, 1, \
    "Weekly hazard of an avoidable hospital admission for an unserved disability need",            \
    "Modelling choice")                                                                            \
  /* minors and families */                                                                        \
  X(kFamilyPrevalence, "needs.family.prevalence", "share", 0.05, 0, 1,                             \
    "Share of minors in a family with a social-care need at the start",                            \
    "ISTAT 2021: families and minors take 37.7% of municipal social spending; prevalence a "       \
    "modelling choice, to be calibrated")                                                          \
  X(kFamilyOnset, "needs.family.onset", "per year", 0.015, 0, 1,                                   \
    "Yearly hazard that a minor's family develops a social-care need", "Modelling choice")         \
  X(kFamilyPovertyRisk, "needs.family.poverty_relative_risk", "ratio", 2.5, 1, 20,                 \
    "Relative risk of a family need for a minor in a household in poverty",                        \
    "ISTAT 2023: absolute poverty 13.8% of minors against 9.7% of all; risk ratio a modelling "    \
    "choice")                                                                                      \
  X(kFamilySingleParentRisk, "needs.family.single_parent_relative_risk", "ratio", 1.8, 1, 20,      \
    "Relative risk of a family need for a minor living with a single parent", "Modelling choice")  \
  X(kFamilyShareSevere, "needs.family.share_severe", "share", 0.15, 0, 1,                          \
    "Share of family needs that are severe (child protection)", "Modelling choice")                \
  X(kFamilyResolutionServed, "needs.family.resolution_served", "per week", 0.02, 0, 1,             \
    "Weekly hazard that a served family need is resolved", "Modelling choice: about a year")       \
  X(kFamilyResolutionUnserved, "needs.family.resolution_unserved", "per week", 0.005, 0, 1,        \
    "Weekly hazard that an unserved family need resolves on its own", "Modelling choice")          \
  X(kChildProtection, "needs.family.placement_unmet", "per week", 0.003, 0, 1,                     \
    "Weekly hazard that a severe, unserved family need ends in an out-of-home placement",          \
    "Modelling choice")                                                                            \
  /* poverty and housing (households; the head holds the case) */                                  \
  X(kPovertyLowestBand, "needs.poverty.share_lowest_band", "share", 0.25, 0, 1,                    \
    "Share of households of the lowest income band in absolute poverty at the start",              \
    "Calibrated with the relative risks to ISTAT 2023's absolute poverty of individuals (9.7%) "   \
    "and by age (docs/calibration.md)")                                                            \
  X(kPovertySecondBand, "needs.poverty.share_second_band", "share", 0.075, 0, 1,                    \
    "Share of households of the second income band in absolute poverty at the start",              \
    "As needs.poverty.share_lowest_band")                                                          \
  X(kPovertyMinorsRisk, "needs.poverty.minors_relative_risk", "ratio", 1.95, 0.1, 10,              \
    "Risk of poverty of a household with minors relative to other households of its income band",  \
    "ISTAT 2023: absolute poverty 13.8% of minors against 9.7% of individuals; calibrated in "     \
    "docs/calibration.md")                                                                         \
  X(kPovertyElderlyRisk, "needs.poverty.elderly_relative_risk", "ratio", 0.75, 0.1, 10,             \
    "Risk of poverty of a household headed by a person aged 65+ relative to other households of "  \
    "its income band",                                                                             \
    "ISTAT 2023: absolute poverty 6.2% of persons 65+ against 9.7% of individuals; calibrated in " \
    "docs/calibration.md")                                                                         \
  X(kPovertyYoungRisk, "needs.poverty.young_relative_risk", "ratio", 1.65, 0.1, 10,                \
    "Risk of poverty of a household headed by a person under 35 relative to other households of "  \
    "its income band",                                                                             \
    "ISTAT 2023: absolute poverty 11.8% of persons 18-34 against 9.7% of individuals; calibrated " \
    "in docs/calibration.md")                                                                      \
  X(kPovertyForeignRisk, "needs.poverty.foreign_relative_risk", "ratio", 3.0, 1, 20,               \
    "Relative risk of poverty of a household of foreign citizens, at the same income band",        \
    "ISTAT 2023: absolute poverty of households with foreigners 30.4% against 6.3% of Italians "   \
    "only; part of the gap is already in the income bands")                                        \
  X(kHousingBurdenPoor, "needs.poverty.housing_burden_poor", "share", 0.30, 0, 1,                  \
    "Share of households in poverty whose housing costs exceed 40% of income",                     \
    "Modelling choice that with needs.poverty.housing_burden_other gives Eurostat 2024's 5.1% "    \
    "housing cost overburden")                                                                     \
  X(kHousingBurdenOther, "needs.poverty.housing_burden_other", "share", 0.03, 0, 1,                \
    "Share of other households whose housing costs exceed 40% of income",                          \
    "As needs.poverty.housing_burden_poor")                                                        \
  X(kPovertyOnset, "needs.poverty.onset", "per year", 0.02, 0, 1,                                  \
    "Yearly hazard of an income shock that takes a household into poverty (lowest band; halved "  \
    "for each band above)", "Modelling choice; to be calibrated")                                  \
  X(kPovertyExitServed, "needs.poverty.exit_served", "per week", 0.012, 0, 1,                      \
    "Weekly hazard that a household receiving income support leaves poverty", "Modelling choice")  \
  X(kPovertyExitUnserved, "needs.poverty.exit_unserved", "per week", 0.004, 0, 1,                  \
    "Weekly hazard that a household without support leaves poverty", "Modelling choice")           \
  X(kEviction, "needs.poverty.eviction_unmet", "per week", 0.002, 0, 1,                            \
    "Weekly hazard of eviction for an unserved poor household with a housing-cost burden",         \
    "Modelling choice")                                                                            \
  X(kHomelessness, "needs.poverty.homelessness_unmet", "per week", 0.01, 0, 1,                     \
    "Weekly hazard that an unserved housing emergency ends on the street", "Modelling choice")     \
  X(kHousingEmergencyExitServed, "needs.poverty.housing_exit_served", "per week", 0.02, 0, 1,      \
    "Weekly hazard that a housing emergency with housing support is resolved into stable housing", \
    "Modelling choice")                                                                            \
  /* mental health and addictions (15+) */                                                         \
  X(kMentalPrevalence, "needs.mental.prevalence", "share", 0.039, 0, 1,                            \
    "Share of residents aged 15+ with a mental-health or addiction need at the start",             \
    "Milan welfare plan 2025-27: over 48,000 over-15s with depressive disorders (about 3.9%)")     \
  X(kMentalOnset, "needs.mental.onset", "per year", 0.017, 0, 1,                                   \
    "Yearly hazard of a new mental-health need, ages 15+",                                          \
    "Calibrated so that Milan keeps about 48,000 over-15s with a need after a year "                \
    "(docs/calibration.md)")   \
  X(kMentalLonelinessRisk, "needs.mental.loneliness_relative_risk", "ratio", 2.0, 1, 20,           \
    "Relative risk of a mental-health need for a lonely person", "Modelling choice")               \
  X(kMentalPovertyRisk, "needs.mental.poverty_relative_risk", "ratio", 1.5, 1, 20,                 \
    "Relative risk of a mental-health need in a household in poverty", "Modelling choice")         \
  X(kMentalCarerRisk, "needs.mental.carer_relative_risk", "ratio", 1.3, 1, 20,                     \
    "Relative risk of a mental-health need for a person giving informal care (carer burden)",      \
    "Modelling choice")                                                                            \
  X(kMentalRecoveryServed, "needs.mental.recovery_served", "per week", 0.015, 0, 1,                \
    "Weekly hazard of recovery with a service", "Modelling choice")                                \
  X(kMentalRecoveryUnserved, "needs.mental.recovery_unserved", "per week", 0.004, 0, 1,            \
    "Weekly hazard of recovery without a service", "Modelling choice")                             \
  X(kMentalHospitalisation, "needs.mental.hospitalisation_unmet", "per week", 0.001, 0, 1,         \
    "Weekly hazard of a psychiatric admission for an unserved mental-health need",                 \
    "Modelling choice")                                                                            \
  /* loneliness (18+) */                                                                           \
  X(kLonelinessPrevalenceUnder65, "needs.loneliness.prevalence_18_64", "share", 0.03, 0, 1,        \
    "Share of residents aged 18-64 who are lonely at the start (before the living-alone risk)",    \
    "Modelling choice")                                                                            \
  X(kLonelinessPrevalence65Plus, "needs.loneliness.prevalence_65_plus", "share", 0.06, 0, 1,       \
    "Share of residents aged 65+ not living alone who are lonely at the start",                    \
    "ISS PASSI d'Argento 2023-24: 14% of over-65s socially isolated (North 10%), higher among "    \
    "those living alone; with needs.loneliness.alone_relative_risk gives about 10%")               \
  X(kLonelinessAloneRisk, "needs.loneliness.alone_relative_risk", "ratio", 2.5, 1, 20,             \
    "Relative risk of loneliness for a person living alone", "Modelling choice")                   \
  X(kLonelinessFewTiesRisk, "needs.loneliness.few_ties_relative_risk", "ratio", 2.0, 1, 20,        \
    "Relative risk of loneliness for a person with few ties outside the household",                \
    "Modelling choice")                                                                            \
  X(kLonelinessFewTies, "needs.loneliness.few_ties_threshold", "ties", 1, 0, 100,                  \
    "Ties outside the household (kin, neighbours, hub) at or below which a person has few ties",   \
    "Modelling choice")                                                                            \
  X(kLonelinessOnsetUnder65, "needs.loneliness.onset_18_64", "per year", 0.01, 0, 1,               \
    "Yearly hazard of becoming lonely at 18-64 (before the living-alone risk)", "Modelling choice")\
  X(kLonelinessOnset65Plus, "needs.loneliness.onset_65_plus", "per year", 0.02, 0, 1,              \
    "Yearly hazard of becoming lonely at 65+ (before the living-alone risk)", "Modelling choice")  \
  X(kLonelinessBereavement, "needs.loneliness.bereavement", "probability", 0.3, 0, 1,              \
    "Probability that a person whose partner dies becomes lonely", "Modelling choice")             \
  X(kLonelinessResolutionServed, "needs.loneliness.resolution_served", "per week", 0.03, 0, 1,     \
    "Weekly hazard that loneliness ends for a person attending a community hub",                   \
    "Modelling choice")                                                                            \
  X(kLonelinessResolutionUnserved, "needs.loneliness.resolution_unserved", "per week", 0.004, 0, 1,\
    "Weekly hazard that loneliness ends without support", "Modelling choice")                      \
  X(kLonelinessResolutionKnown, "needs.loneliness.resolution_known", "per week", 0.005, 0, 1,       \
    "Weekly hazard that loneliness ends for a person known to the services and linked, waiting "   \
    "for a hub place (being detected and linked relieves loneliness)", "Modelling choice")         \
  X(kLonelinessResolutionPerTie, "needs.loneliness.resolution_per_new_tie", "per week", 0.02, 0, 1,\
    "Extra weekly hazard that loneliness ends, for each tie made at a community hub",              \
    "Modelling choice")                                                                            \
  X(kHubTiesPerWeek, "needs.loneliness.hub_ties_per_week", "ties per week", 0.1, 0, 10,            \
    "New ties a person attending a community hub makes a week, with other attendees",              \
    "Modelling choice")                                                                            \
  /* children's well-being (0-100 scores on the seven dimensions of Milan's plan) */               \
  X(kWellbeingBaseline, "needs.wellbeing.baseline", "score 0-100", 70, 0, 100,                     \
    "Well-being score a minor tends to on every dimension when nothing weighs on it",              \
    "Modelling choice (a scale, not a measurement)")                                               \
  X(kWellbeingPovertyPenalty, "needs.wellbeing.poverty_penalty", "score points", 15, 0, 100,       \
    "Loss on health access, education, physical activity and talents in a poor household",         \
    "Modelling choice")                                                                            \
  X(kWellbeingNeedPenalty, "needs.wellbeing.family_need_penalty", "score points", 15, 0, 100,      \
    "Loss on social relations, self-determination and education while a family need is unmet",     \
    "Modelling choice")                                                                            \
  X(kWellbeingServiceGain, "needs.wellbeing.service_gain", "score points", 10, 0, 100,             \
    "Gain on education, social relations, talents and self-determination with children's "         \
    "services", "Modelling choice")                                                                \
  X(kWellbeingCommonSpaceGain, "needs.wellbeing.common_space_gain", "score points", 10, 0, 100,    \
    "Gain on common spaces, physical activity and social relations at full community-hub "         \
    "provision", "Modelling choice")                                                               \
  X(kWellbeingHubReference, "needs.wellbeing.hub_places_reference", "places per 1,000 residents",  \
    5, 0.01, 1000, "Community-hub places per 1,000 residents that count as full provision",        \
    "Modelling choice")                                                                            \
  X(kWellbeingAdjustment, "needs.wellbeing.adjustment", "per week", 0.05, 0, 1,                    \
    "Share of the gap to its target that a score closes each week", "Modelling choice")
// clang-format on
