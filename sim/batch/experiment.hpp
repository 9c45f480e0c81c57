// A batch experiment: scenarios x sweep points x replicates, read from an experiment file
// (docs/batch.md). load_experiment() validates everything a batch will need before any run
// starts: the file, every scenario, and every sweep value against every scenario, so a batch
// never fails half-way on bad input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "batch/design.hpp"
#include "common/error.hpp"
#include "scenario/scenario.hpp"
#include "store/store.hpp"

namespace welfare::batch {

// One swept scenario value.
struct SweepParameter {
  std::string path;  // a --set path: parameters.<p>, scenario.<key> or policies.<lever>.<field>
  std::vector<double> values;  // grid designs: the values listed
  Range range;                 // sampled designs: [min, max]; grids: smallest and largest value
  bool whole = false;          // takes whole numbers only: sampled values are rounded
  SourceLocation where;        // the entry in the experiment file
};

// (scenario, point, replicate): one run of an experiment.
struct RunSpec {
  std::size_t scenario = 0;
  std::size_t point = 0;
  std::uint32_t replicate = 0;
};

struct ExperimentScenario {
  std::string name;
  std::filesystem::path file;  // as given, resolved against the experiment file's folder
  std::string resolved_yaml;   // at the experiment's settings, before any sweep value
};

class Experiment {
 public:
  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::filesystem::path& file() const { return file_; }
  std::uint64_t seed() const { return seed_; }
  std::uint32_t replicates() const { return replicates_; }
  std::optional<int> weeks() const { return weeks_; }
  std::optional<double> scale() const { return scale_; }
  DesignKind design() const { return design_; }
  std::size_t levels() const { return levels_; }
  const std::vector<ExperimentScenario>& scenarios() const { return scenarios_; }
  const std::vector<SweepParameter>& parameters() const { return parameters_; }
  const std::vector<DesignPoint>& points() const { return points_; }

  // Runs in plan order: replicate slowest, then point, then scenario, so that the runs of
  // replicate 0 of every scenario and point come first and early results can be compared.
  std::size_t run_count() const;
  RunSpec run(std::size_t index) const;
  std::size_t index_of(const RunSpec& spec) const;

  // The --set overrides that make scenario runs of point `point`: the experiment's settings
  // (seed, weeks, scale) and the point's sweep values.
  std::vector<SetOverride> sets(std::size_t point) const;
  // The scenario as run at `point` (loaded from its file with sets(point)).
  Scenario scenario(std::size_t scenario_index, std::size_t point) const;

  // What the store records of the experiment.
  store::ExperimentRecord record() const;

 private:
  friend Experiment load_experiment(const std::filesystem::path& file);
  // The overrides of the experiment's settings alone (seed, one replicate, weeks, scale).
  std::vector<SetOverride> settings_sets() const;
  std::string name_;
  std::string description_;
  std::filesystem::path file_;
  std::string text_;
  std::uint64_t seed_ = 0;
  std::uint32_t replicates_ = 1;
  std::optional<int> weeks_;
  std::optional<double> scale_;
  DesignKind design_ = DesignKind::kNone;
  std::size_t levels_ = 0;
  std::vector<ExperimentScenario> scenarios_;
  std::vector<SweepParameter> parameters_;
  std::vector<DesignPoint> points_;
};

// True when `file` reads as a YAML mapping with an 'experiment' key (so it is an experiment
// file rather than a scenario file); false when unreadable or anything else.
bool is_experiment_file(const std::filesystem::path& file);

// Reads and validates an experiment file and the scenarios it names. Any problem is an
// InputError naming the file, line and column.
Experiment load_experiment(const std::filesystem::path& file);

// Why a store cannot take the runs of `experiment` (it holds another experiment, or runs made
// outside an experiment); nullopt when it can (empty, or the same experiment, possibly with
// a different number of replicates).
std::optional<std::string> store_mismatch(const Experiment& experiment,
                                          const std::optional<store::ExperimentRecord>& stored,
                                          const std::vector<store::RunKey>& runs);

}  // namespace welfare::batch
