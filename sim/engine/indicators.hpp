// The indicators a run records (indicator_list.hpp) and the table that holds them.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "engine/indicator_list.hpp"

namespace welfare {

enum class Indicator : std::size_t {
#define WELFARE_INDICATOR_ENUM(id, ...) id,
  WELFARE_INDICATORS(WELFARE_INDICATOR_ENUM)
#undef WELFARE_INDICATOR_ENUM
};

#define WELFARE_INDICATOR_COUNT(...) +1
inline constexpr std::size_t kIndicatorCount = 0 WELFARE_INDICATORS(WELFARE_INDICATOR_COUNT);
#undef WELFARE_INDICATOR_COUNT

struct IndicatorSpec {
  Indicator id;
  std::string_view name;
  std::string_view units;
  std::string_view description;
};
const std::array<IndicatorSpec, kIndicatorCount>& indicator_specs();

// Values of every indicator for every (week, zone) of a run.
class IndicatorTable {
 public:
  IndicatorTable(std::size_t weeks, std::size_t zones);

  std::size_t weeks() const { return weeks_; }
  std::size_t zones() const { return zones_; }
  float& at(Indicator i, std::size_t week, std::size_t zone) {
    return values_[static_cast<std::size_t>(i)][week * zones_ + zone];
  }
  float at(Indicator i, std::size_t week, std::size_t zone) const {
    return values_[static_cast<std::size_t>(i)][week * zones_ + zone];
  }
  // All weeks and zones of one indicator, values[week * zones + zone].
  const std::vector<float>& series(Indicator i) const {
    return values_[static_cast<std::size_t>(i)];
  }

 private:
  std::size_t weeks_;
  std::size_t zones_;
  std::array<std::vector<float>, kIndicatorCount> values_;
};

}  // namespace welfare
