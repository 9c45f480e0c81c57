// Parameters of how hidden needs come to the services' knowledge: the detection channels
// and the access barriers that weaken them (see parameter_list.hpp for the entry format).
#pragma once

// clang-format off
#define WELFARE_DETECTION_PARAMETERS(X)                                                            \
  X(kInitialKnownShare, "detection.initial_known_share", "share", 0.5, 0, 1,                       \
    "Share of the needs present at the start that the services already know",                      \
    "Modelling choice; to be calibrated")                                                          \
  X(kInitialWaitingWeeks, "detection.initial_waiting_weeks_max", "weeks", 52, 0, 520,             \
    "Needs known at the start have waited so far a uniform number of weeks up to this",            \
    "Modelling choice")                                                                            \
  X(kSelfReferral, "detection.self_referral", "per week", 0.02, 0, 1,                              \
    "Weekly rate at which a person with a hidden need turns to the services on their own",         \
    "Modelling choice; to be calibrated")                                                          \
  X(kSelfReferralLoneliness, "detection.self_referral_loneliness", "per week", 0.003, 0, 1,        \
    "Weekly rate at which a lonely person asks for help on their own (loneliness is rarely "       \
    "declared)", "Modelling choice")                                                               \
  X(kLanguageBarrierEffect, "detection.language_barrier_effect", "share", 0.5, 0, 1,               \
    "Reduction of self-referral for a person with a language barrier", "Modelling choice")         \
  X(kDigitalBarrierEffect, "detection.digital_barrier_effect", "share", 0.3, 0, 1,                 \
    "Reduction of self-referral for a person without digital access", "Modelling choice")          \
  X(kHealthChannel, "detection.health_services", "per week", 0.01, 0, 1,                           \
    "Weekly rate at which health services (GPs, Case di Comunita, single access points) refer a "  \
    "hidden long-term-care, disability or mental-health need, per step of severity",               \
    "Modelling choice; to be calibrated")                                                          \
  X(kNetworkChannel, "detection.network_per_tie", "per week", 0.01, 0, 1,                          \
    "Weekly rate of referral by each tie who is in contact with the services",                     \
    "Modelling choice")                                                                            \
  X(kNetworkChannelMaxTies, "detection.network_max_ties", "ties", 5, 0, 100,                       \
    "Ties in contact with services beyond which referral does not rise", "Modelling choice")       \
  X(kOutreachChannel, "detection.outreach", "per week", 0.0, 0, 1,                                 \
    "Weekly rate of detection by proactive outreach (welfare di iniziativa) in every zone",        \
    "Baseline: none beyond the other channels; policy levers add it")                              \
  X(kAntennaChannel, "detection.antennas", "per week", 0.0, 0, 1,                                  \
    "Weekly rate at which loneliness antennas notice a lonely person",                             \
    "Baseline: none; policy levers add it")                                                        \
  X(kLanguageBarrierForeign, "detection.language_barrier_share_foreign", "share", 0.35, 0, 1,      \
    "Share of foreign citizens aged 15+ with a language barrier", "Modelling choice")              \
  X(kDigitalAccessUnder65, "detection.digital_access_under_65", "share", 0.9, 0, 1,                \
    "Share of residents aged 15-64 with digital access (regular internet use)",                    \
    "ISTAT, Cittadini e ICT 2023: regular internet use about 90% at 15-64 (approximate)")          \
  X(kDigitalAccess65To74, "detection.digital_access_65_74", "share", 0.6, 0, 1,                    \
    "Share of residents aged 65-74 with digital access",                                           \
    "ISTAT, Cittadini e ICT 2023: about 60% at 65-74 (approximate)")                               \
  X(kDigitalAccess75Plus, "detection.digital_access_75_plus", "share", 0.25, 0, 1,                 \
    "Share of residents aged 75+ with digital access",                                             \
    "ISTAT, Cittadini e ICT 2023: about 25% at 75+ (approximate)")
// clang-format on
