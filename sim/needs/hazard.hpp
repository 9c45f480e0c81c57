// Waiting times of events whose hazard depends on age: the week of the next event is drawn
// once (inverting the cumulative hazard) instead of testing every person every week, so the
// weekly work is proportional to the events that happen.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "common/time.hpp"

namespace welfare {

inline constexpr int kNever = std::numeric_limits<int>::max();

// A hazard that is constant between age thresholds: rate[i] per year from age lower[i]
// (years) to the next threshold; lower[0] must be 0.
template <std::size_t N>
struct AgeHazard {
  std::array<int, N> lower{};
  std::array<double, N> rate{};
};

// Weeks from now to the event, for a person aged `age_weeks`, whose hazard is the schedule
// times `multiplier`, given a unit exponential draw `e`: the smallest t with cumulative
// hazard over (age, age + t] >= e, rounded up to whole weeks (at least 1). kNever when the
// hazard never accumulates to e.
template <std::size_t N>
int weeks_until(const AgeHazard<N>& h, int age_weeks, double multiplier, double e) {
  if (multiplier <= 0) return kNever;
  double remaining = e;
  double at = age_weeks;  // in weeks
  for (std::size_t i = 0; i < N; ++i) {
    const double band_end =
        i + 1 < N ? h.lower[i + 1] * kWeeksPerYearD : std::numeric_limits<double>::infinity();
    if (at >= band_end) continue;
    const double per_week = h.rate[i] * multiplier / kWeeksPerYearD;
    if (per_week > 0) {
      const double span = band_end - at;
      const double needed = remaining / per_week;
      if (needed <= span) {
        const double t = at + needed - age_weeks;
        return t >= static_cast<double>(kNever) ? kNever
                                                : std::max(1, static_cast<int>(std::ceil(t)));
      }
      remaining -= span * per_week;
    }
    at = band_end;
  }
  return kNever;
}

// Whether weeks_until(h, age_weeks, multiplier, e) can be anything but kNever for some draw e:
// some band from the age on has a positive hazard. When it cannot, the draw is not needed
// (each draw has its own counter-based stream, so not making it changes no other draw).
template <std::size_t N>
bool can_happen(const AgeHazard<N>& h, int age_weeks, double multiplier) {
  if (multiplier <= 0) return false;
  const double at = age_weeks;
  for (std::size_t i = 0; i < N; ++i) {
    const double band_end =
        i + 1 < N ? h.lower[i + 1] * kWeeksPerYearD : std::numeric_limits<double>::infinity();
    if (at >= band_end) continue;
    if (h.rate[i] * multiplier / kWeeksPerYearD > 0) return true;
  }
  return false;
}

// Gompertz mortality: hazard per year at age a is mu65 * exp(slope * (a - 65)) times the
// multiplier. Weeks until death given a unit exponential draw e (closed-form inversion).
inline int weeks_until_death(double mu65, double slope, double multiplier, int age_weeks,
                             double e) {
  constexpr double kReferenceAge = 65.0;
  const double age = age_weeks / kWeeksPerYearD;
  const double level = mu65 * multiplier * std::exp(slope * (age - kReferenceAge));
  if (level <= 0) return kNever;
  const double years = slope > 0 ? std::log1p(e * slope / level) / slope : e / level;
  const double weeks = years * kWeeksPerYearD;
  if (weeks >= static_cast<double>(kNever)) return kNever;
  return std::max(1, static_cast<int>(std::ceil(weeks)));
}

// Converts a yearly probability into a hazard per year.
inline double hazard_from_probability(double q) {
  return q >= 1 ? 50.0 : -std::log1p(-q);
}

// Converts a hazard per week into the probability of the event within the week.
inline double weekly_probability(double hazard_per_week) {
  return -std::expm1(-hazard_per_week);
}

}  // namespace welfare
