// Parameters of births and deaths (see parameter_list.hpp for the entry format).
#pragma once

// clang-format off
#define WELFARE_DEMOGRAPHY_PARAMETERS(X)                                                           \
  X(kMortality65Male, "demography.mortality_65_male", "per year", 0.0105, 0, 1,                    \
    "Yearly probability of death of a man aged 65 (the Gompertz curve's level)",                   \
    "ISTAT life tables 2023, Italy: probability of death at 65, men (about 1.05%)")                \
  X(kMortality65Female, "demography.mortality_65_female", "per year", 0.0062, 0, 1,                \
    "Yearly probability of death of a woman aged 65 (the Gompertz curve's level)",                 \
    "ISTAT life tables 2023, Italy: probability of death at 65, women (about 0.62%)")              \
  X(kMortalitySlopeMale, "demography.mortality_slope_male", "per year of age", 0.106, 0, 0.3,      \
    "Gompertz slope: the relative rise of men's mortality with each year of age",                  \
    "ISTAT life tables 2023, Italy: men's probability of death 1.05% at 65 and 8.8% at 85")        \
  X(kMortalitySlopeFemale, "demography.mortality_slope_female", "per year of age", 0.115, 0, 0.3,  \
    "Gompertz slope: the relative rise of women's mortality with each year of age",                \
    "ISTAT life tables 2023, Italy: women's probability of death 0.62% at 65 and 6.2% at 85")      \
  X(kMortalityLtcSevere, "demography.mortality_multiplier_ltc_severe", "ratio", 2.0, 1, 10,        \
    "Mortality of a person with severe long-term-care need relative to others of the same age",    \
    "Modelling choice: loss of basic activities of daily living roughly doubles mortality in "     \
    "longitudinal studies of older people; to be calibrated")                                      \
  X(kFertility15To24, "demography.fertility_15_24", "births per woman-year", 0.015, 0, 1,          \
    "Births per year to a woman aged 15-24",                                                       \
    "ISTAT births 2023: total fertility 1.20, mean age at birth 32.5; age profile a modelling "     \
    "choice that reproduces both")                                                                 \
  X(kFertility25To34, "demography.fertility_25_34", "births per woman-year", 0.070, 0, 1,          \
    "Births per year to a woman aged 25-34", "As demography.fertility_15_24")                      \
  X(kFertility35To44, "demography.fertility_35_44", "births per woman-year", 0.035, 0, 1,          \
    "Births per year to a woman aged 35-44", "As demography.fertility_15_24")                      \
  X(kFertility45To49, "demography.fertility_45_49", "births per woman-year", 0.002, 0, 1,          \
    "Births per year to a woman aged 45-49", "As demography.fertility_15_24")
// clang-format on
