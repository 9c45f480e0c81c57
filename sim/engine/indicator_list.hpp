// What a run records, per zone and per week: one line per indicator with its dataset name,
// units and meaning. The store, the analysis tools and the viewer all take names and units
// from this list.
//
// X(id, name, units, description)
#pragma once

// clang-format off
#define WELFARE_INDICATORS(X) \
  X(kPopulation, "population", "persons", "Residents at the end of the week (in a nursing home included)") \
  X(kMinors, "population_0_17", "persons", "Residents aged under 18") \
  X(kElderly, "population_65_plus", "persons", "Residents aged 65 and over") \
  X(kOldestOld, "population_80_plus", "persons", "Residents aged 80 and over") \
  X(kForeign, "population_foreign", "persons", "Residents with foreign citizenship") \
  X(kHouseholds, "households", "households", "Households with at least one member living at home") \
  X(kOnePerson, "households_one_person", "households", "Households of one person") \
  X(kElderlyAlone, "households_one_person_65_plus", "households", "Households of one person aged 65 and over") \
  X(kBirths, "births", "persons per week", "Births in the week") \
  X(kDeaths, "deaths", "persons per week", "Deaths in the week") \
  X(kLtcHidden, "ltc_hidden", "persons", "Open long-term-care needs not known to the services") \
  X(kLtcWaiting, "ltc_waiting", "persons", "Known long-term-care needs waiting for a service") \
  X(kLtcServed, "ltc_served", "persons", "Long-term-care needs receiving a service") \
  X(kLtcEscalated, "ltc_escalated", "persons", "Persons in a nursing home") \
  X(kLtcOnsets, "ltc_onsets", "persons per week", "New long-term-care needs in the week") \
  X(kLtcDetected, "ltc_detected", "persons per week", "Hidden long-term-care needs that became known in the week") \
  X(kLtcResolved, "ltc_resolved", "persons per week", "Long-term-care needs that ended in the week") \
  X(kLtcUnmetForeign, "ltc_unmet_foreign", "persons", "Unmet (hidden or waiting) long-term-care needs of persons with foreign citizenship") \
  X(kDisabilityHidden, "disability_hidden", "persons", "Open disability needs not known to the services") \
  X(kDisabilityWaiting, "disability_waiting", "persons", "Known disability needs waiting for a service") \
  X(kDisabilityServed, "disability_served", "persons", "Disability needs receiving a service") \
  X(kDisabilityEscalated, "disability_escalated", "persons", "Disability needs escalated (none: kept for symmetry)") \
  X(kDisabilityOnsets, "disability_onsets", "persons per week", "New disability needs in the week") \
  X(kDisabilityDetected, "disability_detected", "persons per week", "Hidden disability needs that became known in the week") \
  X(kDisabilityResolved, "disability_resolved", "persons per week", "Disability needs that ended in the week") \
  X(kDisabilityUnmetForeign, "disability_unmet_foreign", "persons", "Unmet (hidden or waiting) disability needs of persons with foreign citizenship") \
  X(kFamilyHidden, "family_hidden", "persons", "Open family (minors) needs not known to the services") \
  X(kFamilyWaiting, "family_waiting", "persons", "Known family (minors) needs waiting for a service") \
  X(kFamilyServed, "family_served", "persons", "Family (minors) needs receiving a service") \
  X(kFamilyEscalated, "family_escalated", "persons", "Minors placed out of home") \
  X(kFamilyOnsets, "family_onsets", "persons per week", "New family (minors) needs in the week") \
  X(kFamilyDetected, "family_detected", "persons per week", "Hidden family (minors) needs that became known in the week") \
  X(kFamilyResolved, "family_resolved", "persons per week", "Family (minors) needs that ended in the week") \
  X(kFamilyUnmetForeign, "family_unmet_foreign", "persons", "Unmet (hidden or waiting) family (minors) needs of persons with foreign citizenship") \
  X(kPovertyHidden, "poverty_hidden", "households", "Open poverty and housing (households) needs not known to the services") \
  X(kPovertyWaiting, "poverty_waiting", "households", "Known poverty and housing (households) needs waiting for a service") \
  X(kPovertyServed, "poverty_served", "households", "Poverty and housing (households) needs receiving a service") \
  X(kPovertyEscalated, "poverty_escalated", "households", "Households of persons living on the street") \
  X(kPovertyOnsets, "poverty_onsets", "households per week", "New poverty and housing (households) needs in the week") \
  X(kPovertyDetected, "poverty_detected", "households per week", "Hidden poverty and housing (households) needs that became known in the week") \
  X(kPovertyResolved, "poverty_resolved", "households per week", "Poverty and housing (households) needs that ended in the week") \
  X(kPovertyUnmetForeign, "poverty_unmet_foreign", "households", "Unmet (hidden or waiting) poverty and housing (households) needs of persons with foreign citizenship") \
  X(kMentalHidden, "mental_hidden", "persons", "Open mental-health needs not known to the services") \
  X(kMentalWaiting, "mental_waiting", "persons", "Known mental-health needs waiting for a service") \
  X(kMentalServed, "mental_served", "persons", "Mental-health needs receiving a service") \
  X(kMentalEscalated, "mental_escalated", "persons", "Mental-health needs escalated (none: admissions are counted as events)") \
  X(kMentalOnsets, "mental_onsets", "persons per week", "New mental-health needs in the week") \
  X(kMentalDetected, "mental_detected", "persons per week", "Hidden mental-health needs that became known in the week") \
  X(kMentalResolved, "mental_resolved", "persons per week", "Mental-health needs that ended in the week") \
  X(kMentalUnmetForeign, "mental_unmet_foreign", "persons", "Unmet (hidden or waiting) mental-health needs of persons with foreign citizenship") \
  X(kLonelinessHidden, "loneliness_hidden", "persons", "Open loneliness needs not known to the services") \
  X(kLonelinessWaiting, "loneliness_waiting", "persons", "Known loneliness needs waiting for a service") \
  X(kLonelinessServed, "loneliness_served", "persons", "Loneliness needs receiving a service") \
  X(kLonelinessEscalated, "loneliness_escalated", "persons", "Loneliness escalated (none: it raises mental-health risk instead)") \
  X(kLonelinessOnsets, "loneliness_onsets", "persons per week", "New loneliness needs in the week") \
  X(kLonelinessDetected, "loneliness_detected", "persons per week", "Hidden loneliness needs that became known in the week") \
  X(kLonelinessResolved, "loneliness_resolved", "persons per week", "Loneliness needs that ended in the week") \
  X(kLonelinessUnmetForeign, "loneliness_unmet_foreign", "persons", "Unmet (hidden or waiting) loneliness needs of persons with foreign citizenship") \
  X(kLonely65Plus, "loneliness_65_plus", "persons", "Lonely persons aged 65 and over (hidden, waiting or served)") \
  X(kHospitalisations, "hospitalisations", "admissions per week", "Avoidable hospital admissions of long-term-care and disability needs") \
  X(kPsychiatricAdmissions, "psychiatric_admissions", "admissions per week", "Psychiatric admissions of unmet mental-health needs") \
  X(kNursingHomeAdmissions, "nursing_home_admissions", "admissions per week", "Admissions to a nursing home") \
  X(kEvictions, "evictions", "households per week", "Evictions of households with an unmet poverty need") \
  X(kHomelessness, "homelessness_entries", "households per week", "Housing emergencies that ended on the street") \
  X(kPlacements, "out_of_home_placements", "minors per week", "Out-of-home placements of minors") \
  X(kEscalationsForeign, "escalations_foreign", "events per week", "Escalations of every kind among persons with foreign citizenship") \
  X(kWaitingMean, "waiting_weeks_mean", "weeks", "Mean time so far of the needs waiting for a service") \
  X(kWaitingP90, "waiting_weeks_p90", "weeks", "90th percentile of the time so far of the needs waiting for a service") \
  X(kWaitingMeanForeign, "waiting_weeks_mean_foreign", "weeks", "Mean waiting time so far, persons with foreign citizenship") \
  X(kCoverage, "coverage", "share", "Share of open needs (hidden, waiting or served) that are served") \
  X(kCoverageForeign, "coverage_foreign", "share", "Coverage among persons with foreign citizenship") \
  X(kInformalCareHours, "informal_care_hours", "hours per week", "Hours of informal care given by household members and kin") \
  X(kInformalCarers, "informal_carers", "persons", "Persons giving informal care") \
  X(kWellbeingSocialRelations, "wellbeing_social_relations", "score 0-100", "Minors' mean well-being: quality social relations") \
  X(kWellbeingHealthAccess, "wellbeing_health_access", "score 0-100", "Minors' mean well-being: access to health services") \
  X(kWellbeingEducation, "wellbeing_education", "score 0-100", "Minors' mean well-being: access to education and training") \
  X(kWellbeingPhysicalActivity, "wellbeing_physical_activity", "score 0-100", "Minors' mean well-being: physical activity") \
  X(kWellbeingTalents, "wellbeing_talents", "score 0-100", "Minors' mean well-being: expressing talents and creativity") \
  X(kWellbeingSelfDetermination, "wellbeing_self_determination", "score 0-100", "Minors' mean well-being: self-determination") \
  X(kWellbeingCommonSpaces, "wellbeing_common_spaces", "score 0-100", "Minors' mean well-being: access to quality common spaces") \
  X(kSpendingHomeCare, "spending_home_care", "EUR per week", "Spending on home care (hours used)") \
  X(kSpendingDayCentre, "spending_day_centre", "EUR per week", "Spending on day-centre places used") \
  X(kSpendingNursingHome, "spending_nursing_home", "EUR per week", "Spending on nursing-home beds used") \
  X(kSpendingCommunityHub, "spending_community_hub", "EUR per week", "Spending on community-hub places used") \
  X(kSpendingCaseManagement, "spending_case_management", "EUR per week", "Spending on social workers staffed") \
  X(kSpendingIncomeSupport, "spending_income_support", "EUR per week", "Spending on income support paid") \
  X(kSpendingHousingSupport, "spending_housing_support", "EUR per week", "Spending on housing-support places used") \
  X(kSpendingChildrenServices, "spending_children_services", "EUR per week", "Spending on children's-services places used") \
  X(kSpendingBudgetDiSalute, "spending_budget_di_salute", "EUR per week", "Spending on Budget di Salute plans") \
  X(kSpendingHospital, "spending_hospital", "EUR per week", "Cost of avoidable and psychiatric hospital stays begun in the week") \
  X(kSpendingPlacements, "spending_placements", "EUR per week", "Cost of minors' out-of-home placements") \
  X(kSpendingHomelessness, "spending_homelessness", "EUR per week", "Cost of emergency shelter for persons on the street") \
  X(kSpendingPolicies, "spending_policies", "EUR per week", "Cost of the policy levers themselves (antennas, managers, access points...), beyond the use of services")
// clang-format on
