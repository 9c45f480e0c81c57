// What the model can be compared with: a catalogue of measures of a simulation's state
// (shares and counts of persons, households and needs), each named as in calibration files.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace welfare {

class Simulation;

struct Measure {
  std::string_view name;
  std::string_view description;
  bool is_count;  // a count scales with the population; a share does not
  bool at_start;  // measured on the initial state (else after the run's weeks)
  std::function<double(const Simulation&)> value;
};

const std::vector<Measure>& measure_catalogue();
const Measure* find_measure(std::string_view name);

}  // namespace welfare
