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

int run_command(const RunOptions& options, const CommonOptions& common);
int validate_command(const std::string& scenario, const std::vector<std::string>& sets,
                     const CommonOptions& common);
int info_command(const std::string& store, const CommonOptions& common);
int params_command(bool markdown);
int calibrate_command(const CalibrateOptions& options, const CommonOptions& common);

}  // namespace welfare::cli
