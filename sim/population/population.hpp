// The synthetic population: persons and households in structure-of-arrays form.
//
// Persons are ordered by zone, then by household, with the members of a household
// contiguous, so that per-zone and per-household loops stream through memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/time.hpp"

namespace welfare {

enum class HouseholdType : std::uint8_t {
  kOnePersonElderly,    // one person aged 65+
  kOnePersonAdult,      // one person aged under 65
  kCouple,              // two partners, no children
  kCoupleWithChildren,  // two partners and their children (minors or adult children)
  kSingleParent,        // one parent and their children
  kOther,               // any other composition
};
inline constexpr std::size_t kHouseholdTypes = 6;
const char* household_type_name(HouseholdType t);

enum class Role : std::uint8_t { kHead, kPartner, kChild, kOtherMember };

enum class Sex : std::uint8_t { kMale, kFemale };

// Age from which a person counts as elderly, and the age of majority.
inline constexpr int kElderlyAge = 65;
inline constexpr int kAdultAge = 18;
// Age from which a person counts among the oldest old (ISTAT's 80+).
inline constexpr int kOldestOldAge = 80;

struct Population {
  // --- persons (index p) ---
  // Week of birth relative to the start of the run (week 0), so that age is derived and no
  // weekly ageing pass is needed: age in weeks at week w is w - birth_week.
  std::vector<std::int16_t> birth_week;
  std::vector<Sex> sex;
  std::vector<std::uint8_t> foreign;  // 1 = foreign citizenship
  std::vector<Role> role;
  std::vector<std::uint32_t> household;  // household index
  std::vector<std::uint16_t> zone;       // zone index
  std::vector<std::uint8_t> alive;       // 0 once dead: slots are never reused within a run

  // --- households (index h) ---
  std::vector<std::uint32_t> household_begin;  // first member; size H + 1 (end sentinel)
  std::vector<HouseholdType> household_type;
  std::vector<std::uint8_t> income_band;  // index into Territory::income_bands
  std::vector<std::uint16_t> household_zone;
  std::vector<std::uint32_t> household_head;   // the member who holds household-level cases
  std::vector<std::uint16_t> household_alive;  // members alive and living in the household

  // --- zones (index z): persons [zone_person_begin[z], zone_person_begin[z+1]) ---
  std::vector<std::uint32_t> zone_person_begin;
  std::vector<std::uint32_t> zone_household_begin;

  std::size_t person_count() const { return birth_week.size(); }
  std::size_t household_count() const { return household_type.size(); }
  std::size_t zone_count() const {
    return zone_person_begin.empty() ? 0 : zone_person_begin.size() - 1;
  }
  int age_weeks(std::size_t p, int week) const { return week - birth_week[p]; }
  int age_years(std::size_t p, int week) const { return age_weeks(p, week) / kWeeksPerYear; }
  std::size_t household_size(std::size_t h) const {
    return household_begin[h + 1] - household_begin[h];
  }
};

}  // namespace welfare
