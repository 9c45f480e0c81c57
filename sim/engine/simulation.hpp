// A Simulation owns the mutable state of one run of a Scenario (scenario, seed, replicate)
// and advances it one week at a time through an ordered list of phases (step()).
#pragma once

#include <cstdint>
#include <functional>

#include "engine/indicators.hpp"
#include "population/population.hpp"
#include "scenario/scenario.hpp"
#include "store/store.hpp"

namespace welfare {

class Simulation {
 public:
  Simulation(const Scenario& scenario, std::uint32_t replicate);

  // Advances one week. Precondition: !finished().
  void step();
  // Runs the remaining weeks; `on_week` is called after each with the weeks done.
  void run(const std::function<void(int)>& on_week = {});

  int week() const { return week_; }  // weeks completed
  bool finished() const { return week_ >= scenario_.weeks; }
  const Scenario& scenario() const { return scenario_; }
  std::uint32_t replicate() const { return replicate_; }
  const Population& population() const { return population_; }
  const IndicatorTable& indicators() const { return indicators_; }

  // The run as the store keeps it: provenance, axes and every indicator.
  store::RunData run_data() const;

 private:
  // --- the phases of a week, in order (ages need no phase: they derive from birth weeks) ---
  // Recording. Reads: persons and households. Writes: row `week_` of the indicators.
  void record_week();

  const Scenario& scenario_;
  std::uint32_t replicate_;
  Population population_;
  IndicatorTable indicators_;
  int week_ = 0;
};

// The time now as ISO 8601 UTC, e.g. "2026-11-24T06:10:00Z".
std::string utc_timestamp();

}  // namespace welfare
