// Calibration targets: published figures the model produces, read from a targets file
// (docs/calibration.md gives the format), each with its measure, value, tolerance and source.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace welfare {

struct CalibrationTarget {
  std::string measure;   // a name of the measure catalogue
  double value = 0;      // the published figure, for the territory at full scale
  double tolerance = 0;  // largest relative difference that passes
  std::string source;
  SourceLocation where;
};

struct CalibrationTargets {
  std::string file;
  int weeks = 52;  // weeks simulated before the measures not taken at the start
  std::vector<CalibrationTarget> targets;
};

// Reads and validates a targets file; `is_measure` says whether a name is in the catalogue
// and `measures` lists them for suggestions. Problems are InputErrors at file:line:col.
CalibrationTargets load_calibration_targets(const std::filesystem::path& file,
                                            const std::vector<std::string>& measures);

}  // namespace welfare
