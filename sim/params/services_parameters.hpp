// Parameters of services and of the costs of escalation (see parameter_list.hpp for the
// entry format). Capacities are territory data, per zone.
#pragma once

// clang-format off
#define WELFARE_SERVICES_PARAMETERS(X)                                                             \
  X(kWorkforceAvailability, "services.care_workforce_availability", "share", 1.0, 0, 2,            \
    "Share of the nominal capacity of home care, day centres and nursing homes that the care "     \
    "workforce actually staffs", "Baseline: capacities as stated; policy levers change it")        \
  X(kHomeCareHoursMild, "services.home_care.hours_mild", "hours per week", 1.0, 0, 168,            \
    "Home-care hours a week for a mild long-term-care need",                                       \
    "ISTAT via Welforum 2020: 78 hours per SAD user a year (1.5 a week on average)")               \
  X(kHomeCareHoursModerate, "services.home_care.hours_moderate", "hours per week", 1.25, 0, 168,   \
    "Home-care hours a week for a moderate need", "As services.home_care.hours_mild")              \
  X(kHomeCareHoursSevere, "services.home_care.hours_severe", "hours per week", 1.5, 0, 168,        \
    "Home-care hours a week for a severe need",                                                    \
    "As services.home_care.hours_mild: with priority by severity most users are severe, so the "   \
    "severe figure is the published mean")                                                         \
  X(kHomeCareEffect, "services.home_care.effect", "share", 0.3, 0, 1,                              \
    "Reduction of progression and escalation of a long-term-care need with home care",             \
    "Modelling choice; to be calibrated")                                                          \
  X(kHomeCareCost, "services.home_care.cost_per_hour", "EUR per hour", 18.68, 0, 1000,             \
    "Cost of an hour of home care", "Comune di Verdello: SAD tariff, maximum, 18.68 EUR/hour")     \
  X(kDayCentreEffect, "services.day_centre.effect", "share", 0.5, 0, 1,                            \
    "Reduction of escalation of a disability need with a day-centre place", "Modelling choice")    \
  X(kDayCentreCost, "services.day_centre.cost_per_week", "EUR per place-week", 350, 0, 10000,      \
    "Cost of a day-centre place for a week",                                                       \
    "Modelling choice: about 70 EUR a day over five days (Lombard CDD/CDI tariffs)")               \
  X(kNursingHomeCost, "services.nursing_home.cost_per_week", "EUR per bed-week", 521.78, 0, 10000, \
    "Cost of a nursing-home (RSA) bed for a week",                                                 \
    "FNP CISL RSA observatory 2024: mean fee 74.54 EUR/day in Lombardy, times 7")                  \
  X(kHubCost, "services.community_hub.cost_per_week", "EUR per place-week", 15, 0, 10000,          \
    "Cost of a community-hub place for a week", "Modelling choice")                                \
  X(kHubMeanWeeks, "services.community_hub.mean_weeks", "weeks", 26, 1, 520,                      \
    "Mean time a person attends a community hub", "Modelling choice")                              \
  X(kCaseload, "services.case_management.caseload", "cases per social worker", 70, 1, 1000,        \
    "Cases a full-time social worker follows at once",                                             \
    "Modelling choice: caseloads of 60-100 are reported by Italian municipal services")            \
  X(kCaseManagementEffect, "services.case_management.effect", "share", 0.5, 0, 1,                  \
    "Reduction of escalation of a family or mental-health need followed by a social worker",       \
    "Modelling choice")                                                                            \
  X(kCaseManagementCost, "services.case_management.cost_per_worker_week", "EUR per FTE-week", 700, \
    0, 100000, "Cost of a full-time social worker for a week",                                     \
    "Modelling choice: about 36,000 EUR a year gross, local-authority contract, grade D")          \
  X(kIncomeSupportMaxBand, "services.income_support.max_income_band", "band index (0 = lowest)",   \
    1, 0, 20, "Highest income band eligible for income support", "Modelling choice")              \
  X(kIncomeSupportCost, "services.income_support.cost_per_week", "EUR per household-week", 140, 0, \
    10000, "Income support paid to a household for a week",                                        \
    "INPS 2024: Assegno di Inclusione, about 600 EUR a month per household (approximate)")         \
  X(kHousingSupportCost, "services.housing_support.cost_per_week", "EUR per place-week", 200, 0,   \
    10000, "Cost of a housing-support place for a week", "Modelling choice")                       \
  X(kChildrenServicesCost, "services.children_services.cost_per_week", "EUR per place-week", 120,  \
    0, 10000, "Cost of a place in children's and family services for a week", "Modelling choice")  \
  X(kChildrenServicesMeanWeeks, "services.children_services.mean_weeks", "weeks", 52, 1, 520,      \
    "Mean time a minor keeps a place in children's services", "Modelling choice")                  \
  X(kBudgetDiSaluteEffect, "services.budget_di_salute.effect", "ratio", 1.5, 1, 10,                \
    "Recovery of a mental-health need with a Budget di Salute plan relative to other services",    \
    "Modelling choice")                                                                            \
  X(kBudgetDiSaluteCost, "services.budget_di_salute.cost_per_week", "EUR per plan-week", 190, 0,   \
    10000, "Cost of a Budget di Salute plan for a week",                                           \
    "Modelling choice: about 10,000 EUR a plan a year")                                            \
  /* escalation costs */                                                                           \
  X(kHospitalDayCost, "costs.hospital_day", "EUR per day", 390, 0, 10000,                          \
    "Cost of a day in hospital", "AGENAS 2023: about 375-400 EUR a day in Lombard hospitals")      \
  X(kHospitalStayDays, "costs.hospital_stay_days", "days", 9, 0, 365,                              \
    "Length of an avoidable hospital stay", "Modelling choice")                                    \
  X(kPsychiatricStayDays, "costs.psychiatric_stay_days", "days", 14, 0, 365,                       \
    "Length of a psychiatric hospital stay", "Modelling choice")                                   \
  X(kPlacementCost, "costs.out_of_home_placement_per_week", "EUR per week", 700, 0, 10000,         \
    "Cost of a minor's out-of-home placement (residential community) for a week",                  \
    "Modelling choice: about 100 EUR a day")                                                       \
  X(kHomelessCost, "costs.homelessness_per_week", "EUR per week", 210, 0, 10000,                   \
    "Cost of emergency shelter for a homeless person for a week",                                  \
    "Modelling choice: about 30 EUR a night")
// clang-format on
