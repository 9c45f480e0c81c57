#include "policies/zone_levers.hpp"

#include <algorithm>

namespace welfare {
namespace {

constexpr double kPerThousand = 1000.0;
constexpr double kPerTenThousand = 10000.0;
constexpr double kPerHundredThousand = 100000.0;

}  // namespace

std::vector<ZoneLevers> zone_levers(const std::vector<Policy>& policies, const Territory& territory,
                                    const Parameters& params, int week) {
  std::vector<ZoneLevers> out(territory.zones.size());
  for (const Policy& policy : policies) {
    const double k = policy.strength(week);
    if (k <= 0) continue;
    for (std::size_t z : policy.zones) {
      ZoneLevers& zl = out[z];
      const auto residents = static_cast<double>(territory.zones[z].residents);
      const double size = policy.size * k;
      auto add_capacity = [&](ServiceKind s, double per_thousand) {
        zl.extra_capacity[static_cast<std::size_t>(s)] += per_thousand * residents / kPerThousand;
      };
      double units = 1.0;  // what cost_per_unit is charged on in this zone
      switch (policy.type) {
        case LeverType::kDomiciliarityExpansion:
          add_capacity(ServiceKind::kHomeCare, size);
          add_capacity(ServiceKind::kNursingHome, -policy.beds_shifted_per_1000 * k);
          units = size * residents / kPerThousand;
          break;
        case LeverType::kLonelinessAntennas:
          zl.antennas += size * params[Param::kAntennaDetection];
          units = size * residents / kPerTenThousand;
          break;
        case LeverType::kCommunityManagers:
          zl.outreach += size * params[Param::kManagerOutreach];
          zl.carer_mobilisation =
              std::min(1.0, zl.carer_mobilisation + size * params[Param::kManagerCarers]);
          units = size * residents / kPerTenThousand;
          break;
        case LeverType::kBudgetDiSalute:
          add_capacity(ServiceKind::kBudgetDiSalute, size);
          units = size * residents / kPerThousand;
          break;
        case LeverType::kCaseDiQuartiere:
          add_capacity(ServiceKind::kCommunityHub, size);
          zl.hub_digital = true;
          units = size * residents / kPerThousand;
          break;
        case LeverType::kSocioHealthIntegration:
          zl.health_boost += size * params[Param::kIntegrationBoost];
          units = size * residents / kPerHundredThousand;
          break;
        case LeverType::kDigitalAccess:
          zl.barrier_relief =
              std::min(1.0, zl.barrier_relief + size * params[Param::kAccessPointRelief]);
          units = size * residents / kPerTenThousand;
          break;
        case LeverType::kAccessCriteria:
          // Thresholds change at once when the lever starts (a rule is not ramped).
          zl.income_max_band = static_cast<int>(policy.size);
          if (policy.home_care_min_severity)
            zl.home_care_min_severity = policy.home_care_min_severity;
          break;
        case LeverType::kCareWorkforce:
          zl.workforce *= 1.0 + size;
          break;
        case LeverType::kHousingSolutions:
          add_capacity(ServiceKind::kHousingSupport, size);
          units = size * residents / kPerThousand;
          break;
        case LeverType::kThirdSector:
          add_capacity(policy.service.value_or(ServiceKind::kCommunityHub), size);
          units = size * residents / kPerThousand;
          break;
      }
      zl.spending += units * policy.cost_per_unit;
    }
  }
  return out;
}

}  // namespace welfare
