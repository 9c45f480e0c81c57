#include "engine/indicators.hpp"

namespace welfare {

const std::array<IndicatorSpec, kIndicatorCount>& indicator_specs() {
  static const std::array<IndicatorSpec, kIndicatorCount> specs = {{
#define WELFARE_INDICATOR_SPEC(id, name, units, description) \
  IndicatorSpec{Indicator::id, name, units, description},
      WELFARE_INDICATORS(WELFARE_INDICATOR_SPEC)
#undef WELFARE_INDICATOR_SPEC
  }};
  return specs;
}

IndicatorTable::IndicatorTable(std::size_t weeks, std::size_t zones)
    : weeks_(weeks), zones_(zones) {
  for (auto& v : values_)
    v.assign(weeks * zones, 0.0f);
}

}  // namespace welfare
