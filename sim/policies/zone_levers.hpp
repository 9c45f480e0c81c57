// What the scenario's active policy levers do to each zone in a given week: extra capacity,
// workforce, detection channels, barriers, eligibility and the levers' own spending.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "params/parameters.hpp"
#include "policies/policy.hpp"
#include "scenario/territory.hpp"

namespace welfare {

struct ZoneLevers {
  std::array<double, kServiceKinds> extra_capacity{};  // in each service's unit
  double workforce = 1.0;                              // multiplier on the staffed care workforce
  double outreach = 0;            // weekly detection rate added to every hidden need
  double antennas = 0;            // weekly detection rate added to hidden loneliness
  double health_boost = 1.0;      // multiplier of the health services' channel
  double barrier_relief = 0;      // share of the barriers' effect removed (0-1)
  double carer_mobilisation = 0;  // weekly chance of a mobilised carer (0-1)
  bool hub_digital = false;       // hub attendees gain digital access
  std::optional<int> income_max_band;
  std::optional<int> home_care_min_severity;
  double spending = 0;  // EUR this week, the levers' own cost
};

// The levers' effects in every zone of the territory in week `week`.
std::vector<ZoneLevers> zone_levers(const std::vector<Policy>& policies, const Territory& territory,
                                    const Parameters& params, int week);

}  // namespace welfare
