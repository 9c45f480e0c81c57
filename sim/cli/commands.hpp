// The `welfare` commands, independent of argument parsing (main.cpp parses with CLI11).
// Each returns the process exit code: 0 success, 2 bad input, 1 any other failure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace welfare::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

struct CommonOptions {
  bool quiet = false;
};

struct RunOptions {
  std::string scenario;
  std::string output;  // empty: results/<scenario name>.h5
  std::optional<std::uint64_t> seed;
  std::optional<int> replicates;
  std::optional<int> weeks;
  std::optional<int> threads;
  std::vector<std::string> sets;  // key.path=value
  bool timings = false;           // print where the time went (set-up and each phase)
};

struct BatchOptions {
  std::string experiment;
  std::string output;
  std::optional<int> threads;  // per process
  std::optional<int> jobs;     // runs at once on this machine (not under MPI)
};

struct CalibrateOptions {
  std::string scenario;
  std::string targets;  // empty: calibration.yaml beside the scenario
  double scale = 1.0;
  std::optional<int> weeks;
  std::optional<int> threads;
  bool markdown = false;
  bool strict = false;            // exit 1 when a target is missed
  std::vector<std::string> sets;  // key.path=value
};

// `welfare compare`, `sensitivity` and `report` (analysis_commands.cpp).
struct CompareOptions {
  std::string store;
  std::string baseline;
  std::vector<std::string> scenarios;
  std::string weeks;               // "A:B", empty: all
  std::vector<std::string> zones;  // zone or district ids or names
  std::string csv_dir;             // empty: no CSV
  bool json = false;               // JSON on stdout instead of the table
  std::string lang;                // "it", "en"; empty: the territory's
};

struct SensitivityOptions {
  std::string store;
  std::vector<std::string> outputs;  // measure[:end|cumulated]
  std::vector<std::string> scenarios;
  std::string weeks;
  std::string csv_file;
  std::string lang;
};

struct ReportOptions {
  std::string store;
  std::string baseline;
  std::vector<std::string> scenarios;
  std::string weeks;
  std::string output;
  std::string boundaries;    // GeoJSON of zone boundaries; empty: Voronoi cells of centroids
  std::string boundary_key;  // the feature property naming zones; empty: found
  std::string lang;
};

int compare_command(const CompareOptions& options, const CommonOptions& common);
int sensitivity_command(const SensitivityOptions& options, const CommonOptions& common);
int report_command(const ReportOptions& options, const CommonOptions& common);

int run_command(const RunOptions& options, const CommonOptions& common);
int validate_command(const std::string& scenario, const std::vector<std::string>& sets,
                     const CommonOptions& common);
// A run store, or an experiment file (its design, without running anything).
int info_command(const std::string& file, const CommonOptions& common);
int batch_command(const BatchOptions& options, const CommonOptions& common);
// Whether two stores hold the same runs, matched by (scenario, point, replicate): 0 when
// every run's indicators are identical, 1 when any differs or is missing.
int diff_command(const std::string& a, const std::string& b, const CommonOptions& common);
int params_command(bool markdown);
int calibrate_command(const CalibrateOptions& options, const CommonOptions& common);

}  // namespace welfare::cli
