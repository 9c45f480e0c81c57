#include "policies/policy.hpp"

#include <algorithm>

namespace welfare {

const std::array<LeverInfo, kLeverTypes>& lever_catalogue() {
  static const std::array<LeverInfo, kLeverTypes> catalogue = {{
      {LeverType::kDomiciliarityExpansion, "domiciliarity_expansion",
       "home-care hours per week per 1,000 residents", 0, 1000,
       "More home-care hours; optionally funded by turning nursing-home beds into home care"},
      {LeverType::kLonelinessAntennas, "loneliness_antennas", "antennas per 10,000 residents", 0,
       1000,
       "Pharmacies, caretakers and shops that notice isolation and link lonely persons to hubs"},
      {LeverType::kCommunityManagers, "welfare_community_managers",
       "managers (full-time) per 10,000 residents", 0, 100,
       "Proactive outreach that finds hidden needs and mobilises informal support in the network"},
      {LeverType::kBudgetDiSalute, "budget_di_salute", "plans per 1,000 residents", 0, 1000,
       "Personalised plans for mental health and disability"},
      {LeverType::kCaseDiQuartiere, "case_di_quartiere", "hub places per 1,000 residents", 0, 1000,
       "New or larger community hubs: ties, loneliness relief, common spaces, digital "
       "facilitation"},
      {LeverType::kSocioHealthIntegration, "socio_health_integration",
       "access points per 100,000 residents", 0, 1000,
       "Case di Comunita and single access points: health services refer more hidden needs"},
      {LeverType::kDigitalAccess, "multichannel_access", "access points per 10,000 residents", 0,
       1000, "Multichannel and assisted digital access: lower language and digital barriers"},
      {LeverType::kAccessCriteria, "access_criteria", "highest eligible income band (0 = lowest)",
       0, 20, "Eligibility thresholds: income band for income support, severity for home care"},
      {LeverType::kCareWorkforce, "care_workforce", "relative change of the staffed care workforce",
       -1, 2, "Shortage (negative) or wage and recruitment measures (positive) in care services"},
      {LeverType::kHousingSolutions, "housing_solutions", "places per 1,000 residents", 0, 1000,
       "Places for persons in housing emergency"},
      {LeverType::kThirdSector, "third_sector_coprogramming", "places per 1,000 residents", 0, 1000,
       "Capacity added by third-sector providers in one service"},
  }};
  return catalogue;
}

const LeverInfo& lever_info(LeverType t) {
  return lever_catalogue()[static_cast<std::size_t>(t)];
}

double Policy::strength(int week) const {
  if (week < start_week || (end_week && week >= *end_week)) return 0.0;
  if (ramp_weeks <= 0) return 1.0;
  return std::min(1.0, static_cast<double>(week - start_week + 1) / ramp_weeks);
}

}  // namespace welfare
