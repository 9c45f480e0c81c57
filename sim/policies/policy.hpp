// Policy levers: what a scenario's `policies:` entries say, and the catalogue of lever types
// with the unit of their size. Each lever acts through a mechanism of the model from its
// start week (docs/policies.md); nothing multiplies an output.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/territory.hpp"

namespace welfare {

enum class LeverType : std::uint8_t {
  kDomiciliarityExpansion,  // more home-care hours (optionally from nursing-home beds)
  kLonelinessAntennas,      // people and places that notice isolation
  kCommunityManagers,       // welfare community managers: outreach, informal support
  kBudgetDiSalute,          // personalised health-budget plans
  kCaseDiQuartiere,         // community hubs, with digital facilitation
  kSocioHealthIntegration,  // Case di Comunita, single access points
  kDigitalAccess,           // multichannel and digital access points
  kAccessCriteria,          // eligibility thresholds
  kCareWorkforce,           // shortage or wage measures
  kHousingSolutions,        // places for persons in housing emergency
  kThirdSector,             // co-programmed capacity in a service
};
inline constexpr std::size_t kLeverTypes = 11;

struct LeverInfo {
  LeverType type;
  std::string_view key;        // `type:` in scenario files
  std::string_view size_unit;  // what `size` measures
  double size_min;
  double size_max;
  std::string_view description;
};
const std::array<LeverInfo, kLeverTypes>& lever_catalogue();
const LeverInfo& lever_info(LeverType t);

struct Policy {
  LeverType type;
  std::string name;                // a label; the type's key when none is given
  int start_week = 0;              // first week (0-based) the lever acts
  std::optional<int> end_week;     // first week it no longer acts
  int ramp_weeks = 0;              // weeks to reach full size, linearly
  std::vector<std::size_t> zones;  // target zone indices (all zones when the file says so)
  double size = 0;                 // in the type's size unit
  double cost_per_unit = 0;        // EUR per unit of size per week, on top of service use
  // Lever-specific settings.
  std::optional<ServiceKind> service;  // third sector: the service co-programmed
  double beds_shifted_per_1000 = 0;    // domiciliarity: nursing-home beds turned into home care
  std::optional<int> home_care_min_severity;  // access criteria

  // How much of the lever acts in week w: 0 before the start or after the end, rising
  // linearly to 1 over the ramp.
  double strength(int week) const;
};

}  // namespace welfare
