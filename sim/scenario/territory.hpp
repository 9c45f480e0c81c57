// A territory: its zones, their population marginals and service capacities.
// Parsed from a territory file (docs/scenario-format.md); immutable once validated.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace welfare {

// Household size classes of the marginals: 1, 2, 3, 4, 5 or more persons.
inline constexpr std::size_t kHouseholdSizeClasses = 5;

// The services whose capacity a territory gives per zone.
enum class ServiceKind : std::uint8_t {
  kHomeCare,          // SAD/ADI home care
  kDayCentre,         // day centres (elderly, disability)
  kNursingHome,       // RSA
  kCommunityHub,      // Case di Quartiere, community centres
  kCaseManagement,    // social secretariat, social workers
  kIncomeSupport,     // income support measures
  kHousingSupport,    // housing support and emergency housing
  kChildrenServices,  // educational and family support for minors
  kBudgetDiSalute,    // personalised health-budget plans
};
inline constexpr std::size_t kServiceKinds = 9;

struct ServiceInfo {
  ServiceKind kind;
  std::string_view key;   // key in territory files, e.g. "home_care"
  std::string_view unit;  // unit of the capacity figure
  std::string_view description;
};
const std::array<ServiceInfo, kServiceKinds>& service_catalogue();

// Where a service's capacity and queue are organised: in each zone (a NIL's Casa di
// Quartiere), in each district (a municipio's social services), or once for the whole
// territory (an ambito's pooled services, a city's nursing homes).
enum class ServiceArea : std::uint8_t { kZone, kDistrict, kTerritory };

struct District {
  std::string id;
  std::string name;

  bool operator==(const District&) const = default;
};

struct IncomeBand {
  std::string name;  // e.g. "10-15k"
  double upper_eur;  // upper bound of yearly income; +infinity for the last band

  bool operator==(const IncomeBand&) const = default;
};

struct Zone {
  std::string id;
  std::string name;
  std::size_t district = 0;  // index into Territory::districts
  double lon = 0;
  double lat = 0;
  std::int64_t residents = 0;
  std::optional<std::int64_t> households;             // derived from sizes when absent
  std::optional<std::int64_t> one_person_households;  // overrides the size-1 share when present
  std::array<double, kHouseholdSizeClasses> household_size_shares{};  // sum to 1
  std::vector<double> age_shares;                // one per Territory::age_band_lower, sum to 1
  double foreign_share = 0;                      // share of residents with foreign citizenship
  std::vector<double> income_shares;             // one per Territory::income_bands, sum to 1
  std::array<double, kServiceKinds> capacity{};  // in each service's unit
  // Citation of each figure this zone has, by figure key ("residents", "age_shares",
  // "services.home_care", ...): inline, inherited from territory defaults or from
  // Territory::sources. Kept so that the resolved scenario carries its provenance.
  std::map<std::string, std::string> sources;

  bool operator==(const Zone&) const = default;
};

struct Territory {
  std::string name;
  std::string description;
  // The language of the tables and reports made for this territory by default: "it" or "en".
  std::string language = "en";
  std::string file;                      // where it was read from ("" when inline)
  std::vector<int> age_band_lower;       // lower bounds of the age bands, from 0, increasing
  std::vector<IncomeBand> income_bands;  // increasing upper bounds
  std::vector<District> districts;
  std::vector<Zone> zones;
  std::array<ServiceArea, kServiceKinds> service_area{};  // kZone unless the file says
  std::map<std::string, std::string> sources;  // the file's `sources:` block, figure key -> text

  bool operator==(const Territory&) const = default;

  std::int64_t total_residents() const;
  // Index of the zone with this id, if any.
  std::optional<std::size_t> find_zone(std::string_view id) const;
};

// The territory with residents, household counts and service capacities multiplied by
// `factor` (rounded; household counts kept feasible). Shares are unchanged.
Territory scale_territory(const Territory& territory, double factor);

}  // namespace welfare
