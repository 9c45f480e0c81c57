// The run store: many runs in one HDF5 file. The only code in the project that touches
// HDF5; the command line, the analysis tools and the viewer all go through it.
// Layout and guarantees: docs/output-format.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace welfare::store {

inline constexpr const char* kFormatName = "welfare-runs";
inline constexpr int kFormatMajor = 1;
inline constexpr int kFormatMinor = 1;

// A store that cannot be read or written as asked: not HDF5, a newer format, a missing
// dataset, an unwritable path. The message names the file and what is wrong.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Who ran what: stored as attributes of the run's group.
struct RunMetadata {
  std::string scenario_name;
  std::string scenario_yaml;  // the fully resolved scenario
  std::string territory_name;
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t weeks = 0;
  std::string software_version;
  std::string created_utc;  // ISO 8601, e.g. "2026-11-24T06:10:00Z"
  // Where the run sits in a batch experiment: the experiment's name ("" for `welfare run`)
  // and the sweep point (0 when nothing is swept). Runs are identified within a store by
  // (scenario_name, point, replicate).
  std::string experiment;
  std::uint32_t point = 0;
};

// One indicator of a run: values[week * zones + zone].
struct Indicator {
  std::string name;         // dataset name, e.g. "population"
  std::string units;        // e.g. "persons", "EUR", "weeks"
  std::string description;  // one sentence
  std::vector<float> values;
};

struct ZoneAxis {
  std::vector<std::string> ids;
  std::vector<std::string> names;
  std::vector<std::string> districts;  // the parent district's name, per zone
};

struct RunData {
  RunMetadata meta;
  std::vector<std::int32_t> weeks;  // the week axis, e.g. 1..W
  ZoneAxis zones;
  std::vector<Indicator> indicators;
};

// The design of the batch experiment whose runs a store holds (at most one per store),
// written by `welfare batch` before its first run. Sweep points are rows of `points`.
struct ExperimentRecord {
  std::string name;
  std::string experiment_yaml;  // the experiment file as written
  std::string experiment_file;  // its path when the batch started
  std::string design;           // "none", "grid", "latin_hypercube" or "morris"
  std::uint64_t seed = 0;       // every run of the experiment uses this seed
  std::uint32_t replicates = 0;
  std::uint32_t levels = 0;  // Morris levels (0 for other designs)
  // Per scenario, in the experiment's order: its name, file, and the resolved scenario at
  // the experiment's settings before any sweep value is applied.
  std::vector<std::string> scenario_names;
  std::vector<std::string> scenario_files;
  std::vector<std::string> scenario_yaml;
  // Per swept parameter: its path (e.g. "parameters.detection.gp_referral_rate") and range
  // (the smallest and largest value a grid lists).
  std::vector<std::string> parameters;
  std::vector<double> lower;
  std::vector<double> upper;
  // points[p * parameters.size() + k]: parameter k's value at point p.
  std::vector<double> points;
  // Per point: the Morris trajectory and the parameter changed from the previous point of
  // the trajectory (-1 at its start); -1 for other designs.
  std::vector<std::int32_t> trajectory;
  std::vector<std::int32_t> changed;

  std::size_t point_count() const { return trajectory.size(); }
  std::size_t run_count() const {
    return scenario_names.size() * point_count() * static_cast<std::size_t>(replicates);
  }
  bool operator==(const ExperimentRecord&) const = default;
};

// Where a run sits: its id and its (scenario, point, replicate) key.
struct RunKey {
  std::string id;
  std::string scenario;
  std::uint32_t point = 0;
  std::uint32_t replicate = 0;
};

// The replicates of one scenario at one sweep point, in replicate order: what analysis and
// the viewer aggregate (means and bands over replicates).
struct RunGroup {
  std::string scenario;
  std::uint32_t point = 0;
  std::vector<RunKey> replicates;
};

// What `info` lists of a run without reading its indicators.
struct RunSummary {
  std::string id;  // group name under /runs
  RunMetadata meta;
  std::size_t zone_count = 0;
  std::vector<std::string> indicator_names;
};

// Appends runs to a store, creating it when absent. Each append is atomic: a crash or a kill
// during an append leaves every run appended before it intact; the interrupted append is
// rolled back the next time the store is opened. The file is open only during append(), so
// between appends it is a closed, consistent HDF5 file that other programs can read. One
// writer per store: a second StoreWriter (in any process) fails with "FILE is being written
// by another process" while the first is alive.
class StoreWriter {
 public:
  // Prepares to append to the store at `path`; the file itself is created by the first
  // append. Throws StoreError if the path cannot be written, holds something that is not a
  // store of a readable version, or has another writer.
  explicit StoreWriter(std::filesystem::path path);
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Writes one run and commits it to disk (fsync); returns its id ("000001", "000002"...).
  // Throws StoreError, leaving the store as it was, if the run is inconsistent (indicator
  // sizes, axis lengths, names) or cannot be written. Waits up to 30 s for other programs
  // that have the file open (HDF5's own file lock, e.g. h5py).
  std::string append(const RunData& run);

  // Records the experiment the store's runs belong to, atomically like an append, replacing
  // the record already there (a batch resumed with more replicates). Throws StoreError if
  // the record is inconsistent (lengths of its lists) or cannot be written.
  void write_experiment(const ExperimentRecord& record);

  const std::filesystem::path& path() const { return path_; }

 private:
  // Runs `write` on the open file as one atomic, durable change; returns what it returns.
  std::string transaction(const std::function<std::string(std::int64_t)>& write);

  struct Impl;  // the writer's lock on the file
  std::filesystem::path path_;
  std::unique_ptr<Impl> impl_;
};

// Checks, before any work is done, that a store can be created or appended to at `path`:
// the directory exists and is writable, and an existing file is a writable store of a
// readable version with no other writer. Creates nothing. Throws StoreError naming the
// problem.
void check_writable(const std::filesystem::path& path);

// Reads a store. Rolls back an interrupted append first when one is found. Each call opens
// the file briefly (under a shared lock) and closes it again, so a reader can stay alive while
// a writer in another process appends runs, and sees them as they are committed.
class StoreReader {
 public:
  explicit StoreReader(std::filesystem::path path);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  int format_major() const { return major_; }
  int format_minor() const { return minor_; }
  std::vector<RunSummary> runs() const;
  RunSummary summary(const std::string& run_id) const;
  ZoneAxis zones(const std::string& run_id) const;
  std::vector<std::int32_t> weeks(const std::string& run_id) const;
  Indicator indicator(const std::string& run_id, const std::string& name) const;
  // Every indicator of a run with its units and description but no values: what a listing
  // needs, without reading the data.
  std::vector<Indicator> indicator_list(const std::string& run_id) const;
  RunData read_run(const std::string& run_id) const;
  // Checks every run's structure (attributes, axes, indicator datasets with their types and
  // shapes) without reading indicator values: a damaged run is reported when the store is
  // opened rather than when the run is read. Throws StoreError naming the run and the part.
  void check() const;

  // The experiment record, when `welfare batch` made the store.
  std::optional<ExperimentRecord> experiment() const;
  // Every run's key, in sequence order; reads three attributes per run.
  std::vector<RunKey> run_keys() const;
  // The runs grouped by scenario and point, replicates in order: scenarios in the
  // experiment's order (else in order of first appearance), points ascending. A replicate
  // stored twice (by two `welfare run`s) appears twice.
  std::vector<RunGroup> run_groups() const;
  // The id of the run with this key (the latest when there are several), if stored.
  std::optional<std::string> find_run(const std::string& scenario, std::uint32_t point,
                                      std::uint32_t replicate) const;

 private:
  std::filesystem::path path_;
  int major_ = 0;
  int minor_ = 0;
};

}  // namespace welfare::store
