// `welfare sensitivity`: which swept parameters matter for which outputs, from the runs of a
// Morris or Latin-hypercube (or grid) batch. The output at a sweep point is the mean over its
// replicates of a measure for the whole territory over the weeks analysed.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/sensitivity.hpp"

namespace welfare::analysis {

struct SensitivityResult {
  std::string scenario;
  std::size_t measure = 0;
  Period period = Period::kCumulated;
  std::string design;                       // "morris", "latin_hypercube", "grid"
  std::vector<MorrisEffect> morris;         // Morris designs
  std::optional<RegressionFit> regression;  // other designs
};

// The outputs analysed when none is asked for.
const std::vector<std::string>& default_sensitivity_outputs();

// `outputs`: measure keys, each optionally with ":end" or ":cumulated" (the default).
// `scenarios`: names; empty means every scenario of the experiment. Throws AnalysisError for a
// store that is not a sweep, an unknown output or scenario, or a sweep point without runs.
std::vector<SensitivityResult> sensitivity(const Dataset& data,
                                           const std::vector<std::string>& outputs,
                                           const std::vector<std::string>& scenarios);

void write_sensitivity_table(std::ostream& out, const Dataset& data,
                             const std::vector<SensitivityResult>& results, Language lang);
// One row per scenario x output x parameter: tidy CSV.
void write_sensitivity_csv(std::ostream& out, const std::vector<SensitivityResult>& results,
                           Language lang);

}  // namespace welfare::analysis
