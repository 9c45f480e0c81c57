// A simulation run inside the viewer: a scenario (and, alongside it, a baseline for
// comparison) stepped week by week on a background thread while the interface keeps drawing.
// A presenter moves a lever's size or target zones; the change takes effect from the week the
// run has reached (weeks already simulated are kept as they were).
//
// The interface never touches the simulations: it reads frames (copies of the runs so far, in
// the store's RunData form, so that the panels draw live and stored runs with the same code)
// and sends commands (play, pause, step, speed, lever changes) that the background thread
// applies between weeks.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "policies/policy.hpp"
#include "scenario/scenario.hpp"
#include "store/store.hpp"

namespace welfare::viz {

// A lever's new setting, from the current week on: the lever's latest policy is ended at the
// current week and a copy with the new size and zones takes over (its name, cost, end week and
// lever-specific settings kept). A lever already acting takes the new setting at once (no
// ramp); one scheduled to start later keeps its start week and ramp. A lever that has already
// ended stays ended.
struct LeverChange {
  // Which lever: an index into LiveFrame::levers (the scenario's levers as loaded, then the
  // levers added during the run).
  std::size_t lever = 0;
  double size = 0;                 // in the lever type's size unit, within its range
  std::vector<std::size_t> zones;  // zone indices; empty: every zone of the territory
};

// A lever added during the run (a type the scenario does not use, for example), from the
// current week, named after its type, with no cost per unit of its own.
struct LeverAddition {
  LeverType type = LeverType::kDomiciliarityExpansion;
  double size = 0;
  std::vector<std::size_t> zones;  // empty: every zone
};

// What the interface shows of a live run at one moment.
struct LiveFrame {
  std::uint64_t serial = 0;  // grows by one each time a new frame is published
  int week = 0;              // weeks completed (0 before the first)
  int weeks = 0;             // the scenario's horizon
  bool preparing = true;     // building the population and network
  bool playing = false;
  bool finished = false;
  std::string error;            // a failure of the background thread (the run stops), else empty
  double weeks_per_second = 0;  // measured over the last weeks
  // The runs so far: every indicator for every week of the horizon (weeks 1..weeks, and
  // meta.weeks the horizon), weeks not yet simulated are 0. Null while preparing. `baseline`
  // is null when the run has no baseline. meta.scenario_yaml is the scenario as loaded (levers
  // moved since are in `levers`).
  std::shared_ptr<const store::RunData> run;
  std::shared_ptr<const store::RunData> baseline;
  // The current setting of each lever the presenter can move: the scenario's levers as
  // loaded, then those added. Each shows its latest size, zones and the week it took effect.
  std::vector<Policy> levers;
};

class LiveRun {
 public:
  // Starts the background thread, which builds the simulations (scenario and, when given,
  // baseline; both of `replicate`) and then waits, paused, for play() or step(). The scenarios
  // must share the territory (same zone ids). Throws std::invalid_argument otherwise, and
  // MemoryError (engine/memory.hpp) when both simulations would not fit in memory. The baseline is
  // stepped right after the scenario each week (while it has weeks left).
  LiveRun(Scenario scenario, std::optional<Scenario> baseline, std::uint32_t replicate = 0);
  // Stops the thread (after the week under way; while preparing, once the simulations are
  // built: Milan takes seconds).
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  // The scenario without its policy levers: the default baseline of a live run. Named
  // "<name>-no-levers", in its resolved text too.
  static Scenario without_levers(const Scenario& scenario);

  void play();
  void pause();
  // Advances one week when paused (no effect while playing or finished).
  void step();
  // Weeks per second while playing; 0 (the default) runs as fast as the machine allows.
  // Throws std::invalid_argument for a negative or non-finite speed.
  void set_speed(double weeks_per_second);
  // Queued; applied before the next week is simulated. Throws std::invalid_argument for an
  // unknown lever, a size outside the lever type's range or a zone out of range.
  void change_lever(const LeverChange& change);
  void add_lever(const LeverAddition& addition);

  // The latest frame (cheap: shared pointers to the last copies).
  LiveFrame frame() const;
  // Blocks until a frame with serial > `after` is published, or `timeout_ms` passes; returns
  // the latest frame either way. For tests and the screenshot mode.
  LiveFrame wait_for_frame(std::uint64_t after, int timeout_ms) const;

  const Scenario& scenario() const { return scenario_; }
  bool has_baseline() const { return baseline_.has_value(); }
  const Territory& territory() const { return scenario_.territory; }

 private:
  struct Impl;
  Scenario scenario_;
  std::optional<Scenario> baseline_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace welfare::viz
