// One headline measure (analysis/measures.hpp) of one run, week by week and zone by zone: what
// the viewer's map (a week's value per zone) and time-series charts (an area's value per week)
// show, for stored runs and for a run going on in the viewer alike.
//
// Like RunMeasures, it keeps each (week, zone)'s numerator and denominator, so that an area's
// value in a week is the ratio of their sums over the area's zones: a district's unmet need per
// 1,000 residents is computed from its zones' counts, not averaged from their rates.
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/measures.hpp"
#include "store/store.hpp"

namespace welfare::analysis {

class WeeklyMeasure {
 public:
  // Reads the indicators measure `measure` (an index into measures()) needs from `run`. Throws
  // AnalysisError naming the run and the indicator when one is missing (or has fewer values
  // than the run's weeks x zones), and when there is no such measure.
  WeeklyMeasure(const store::RunData& run, std::size_t measure);

  std::size_t measure() const { return measure_; }
  std::size_t week_count() const { return weeks_; }
  std::size_t zone_count() const { return zones_; }

  // The value in week index w (an index into the run's week axis) of one zone, or of a set of
  // zones (all zones when `zones` is empty). NaN when the denominator is 0. Throws
  // std::out_of_range for a week index or zone outside the run.
  double zone_value(std::size_t w, std::size_t zone) const;
  double value(std::size_t w, const std::vector<std::size_t>& zones) const;
  // value(w, zones) for every week index.
  std::vector<double> series(const std::vector<std::size_t>& zones) const;

 private:
  std::size_t measure_ = 0;
  std::size_t weeks_ = 0;
  std::size_t zones_ = 0;
  std::vector<double> num_;  // [w * zones + z]
  std::vector<double> den_;  // [w * zones + z]; 1 for sums
};

}  // namespace welfare::analysis
