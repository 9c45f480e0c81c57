// The calibration check: run a scenario and set the model's figures beside the published
// ones (the territory's own counts per zone, and a targets file), with a pass or fail at
// each target's tolerance.
#pragma once

#include <string>
#include <vector>

#include "scenario/calibration_targets.hpp"
#include "scenario/scenario.hpp"

namespace welfare {

struct CalibrationRow {
  std::string figure;
  std::string when;  // "start" or "week N"
  double published = 0;
  double model = 0;
  double tolerance = 0;
  std::string source;
  double relative_difference() const;
  bool pass() const { return relative_difference() <= tolerance; }
};

// Runs the scenario's territory scaled by `scale` (on top of the scenario's own scale; counts
// are compared with the published figures times both) for targets.weeks weeks of replicate 0.
std::vector<CalibrationRow> run_calibration_check(const Scenario& scenario,
                                                  const CalibrationTargets& targets, double scale);

}  // namespace welfare
