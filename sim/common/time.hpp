// The model's calendar: one step is a week.
#pragma once

namespace welfare {

inline constexpr int kWeeksPerYear = 52;
inline constexpr double kWeeksPerYearD = static_cast<double>(kWeeksPerYear);

}  // namespace welfare
