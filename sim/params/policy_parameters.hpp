// Parameters of the mechanisms through which policy levers act (see parameter_list.hpp for
// the entry format). The levers themselves, with their sizes, are in scenario files.
#pragma once

// clang-format off
#define WELFARE_POLICY_PARAMETERS(X)                                                               \
  X(kAntennaDetection, "policies.antenna_detection", "per week per antenna per 10,000 residents",  \
    0.01, 0, 1, "Weekly rate at which loneliness antennas notice a lonely person, for each "        \
    "antenna per 10,000 residents of the zone", "Modelling choice; to be calibrated on pilots")     \
  X(kManagerOutreach, "policies.manager_outreach", "per week per manager per 10,000 residents",    \
    0.01, 0, 1, "Weekly rate at which welfare community managers find a hidden need, for each "     \
    "full-time manager per 10,000 residents", "Modelling choice; to be calibrated on pilots")      \
  X(kManagerCarers, "policies.manager_carer_mobilisation", "per manager per 10,000 residents",     \
    0.1, 0, 1, "Chance a week that a person with a long-term-care need and no carer gets one "      \
    "mobilised among neighbourhood ties, for each manager per 10,000 residents (at most 1)",      \
    "Modelling choice")                                                                            \
  X(kIntegrationBoost, "policies.integration_health_boost", "per access point per 100,000",        \
    0.1, 0, 10, "Relative rise of the health services' detection channel for each Casa di "       \
    "Comunita or single access point per 100,000 residents", "Modelling choice")                   \
  X(kAccessPointRelief, "policies.access_point_barrier_relief", "per access point per 10,000",     \
    0.2, 0, 1, "Share of the effect of language and digital barriers removed for each assisted "   \
    "access point per 10,000 residents (at most all of it)", "Modelling choice")                   \
  X(kHomeCareMinSeverity, "services.home_care.min_severity", "severity (1 mild, 3 severe)", 1, 1, \
    3, "Least severe long-term-care need eligible for home care", "Baseline: every need")
// clang-format on
