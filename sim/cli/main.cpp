// Entry point of the `welfare` command line: argument parsing with CLI11 (kept to this one
// file: CLI11 is header-only and slow to compile). The commands live in commands.cpp.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

#include "cli/commands.hpp"
#include "common/version.hpp"

using namespace welfare::cli;

namespace {

// CLI11 saturates an unsigned value that does not fit (a seed of 2^64 would run as 2^64 - 1):
// the text is checked as a seed first.
std::string seed_validator(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!text.empty() && error == std::errc() && end == text.data() + text.size()) return {};
  return "expected a whole number from 0 to " +
         std::to_string(std::numeric_limits<std::uint64_t>::max()) + ", found '" + text + "'";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"welfare: agent-based simulation of local welfare demand and policy scenarios",
               "welfare"};
  app.set_version_flag("--version", welfare::kSoftwareVersion);
  app.require_subcommand(1);
  CommonOptions common;
  app.add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and store the runs in an HDF5 file");
  run_cmd->add_option("scenario", run.scenario, "Scenario file (YAML)")->required();
  run_cmd->add_option("-o,--output", run.output,
                      "Run store to create or append to (default: results/<scenario>.h5)");
  run_cmd->add_option("--seed", run.seed, "Seed (overrides scenario.seed)")->check(seed_validator);
  run_cmd->add_option("--replicates", run.replicates,
                      "Replicates to run (overrides scenario.replicates)");
  run_cmd->add_option("--weeks", run.weeks, "Weeks to simulate (overrides scenario.weeks)");
  run_cmd->add_option("--threads", run.threads, "Worker threads (default: all cores)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--set", run.sets,
                      "Override a scenario value, e.g. --set parameters.population.max_age=99");
  run_cmd->add_flag("--timings", run.timings,
                    "Print the wall time of the set-up, of each phase of the week and of "
                    "writing the store (to stderr; the runs are the same)");
  run_cmd->add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  std::string validate_file;
  std::vector<std::string> validate_sets;
  auto* validate_cmd =
      app.add_subcommand("validate", "Check a scenario and its territory without running it");
  validate_cmd->add_option("scenario", validate_file, "Scenario file (YAML)")->required();
  validate_cmd->add_option("--set", validate_sets, "Override a scenario value, as for run");
  validate_cmd->add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  std::string info_file;
  auto* info_cmd = app.add_subcommand(
      "info", "List what a run store holds, or show an experiment file's design");
  info_cmd->add_option("file", info_file, "Run store (HDF5) or experiment file (YAML)")->required();
  info_cmd->add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  BatchOptions batch;
  auto* batch_cmd = app.add_subcommand(
      "batch",
      "Run an experiment (scenarios x sweep points x replicates) into a run store; resumes "
      "an interrupted batch; spreads runs over the processes of an MPI job (mpirun, srun)");
  batch_cmd->add_option("experiment", batch.experiment, "Experiment file (YAML)")->required();
  batch_cmd->add_option("-o,--output", batch.output, "Run store to create or resume")->required();
  batch_cmd
      ->add_option("--threads", batch.threads, "Worker threads per process (default: all cores)")
      ->check(CLI::PositiveNumber);
  batch_cmd
      ->add_option("--jobs", batch.jobs,
                   "Runs at once on this machine (default: one per thread; lower it when runs "
                   "are large)")
      ->check(CLI::PositiveNumber);
  batch_cmd->add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  std::string diff_left;
  std::string diff_right;
  auto* diff_cmd = app.add_subcommand(
      "diff",
      "Check that two run stores hold the same runs (matched by scenario, point and "
      "replicate); exit 1 when any differs");
  diff_cmd->add_option("a", diff_left, "Run store")->required();
  diff_cmd->add_option("b", diff_right, "Run store")->required();
  diff_cmd->add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  bool markdown = false;
  auto* params_cmd = app.add_subcommand("params", "Print the parameter dictionary");
  params_cmd->add_flag("--markdown", markdown, "As the Markdown of docs/parameters.md");

  CalibrateOptions calibrate;
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate-check", "Run a scenario and compare the model with the published figures");
  calibrate_cmd->add_option("scenario", calibrate.scenario, "Scenario file (YAML)")->required();
  calibrate_cmd->add_option("--targets", calibrate.targets,
                            "Calibration targets (default: calibration.yaml beside the scenario)");
  calibrate_cmd
      ->add_option("--scale", calibrate.scale,
                   "Run the territory at this fraction of its size (e.g. 0.05)")
      ->check(CLI::Range(1e-4, 1.0));
  calibrate_cmd
      ->add_option("--weeks", calibrate.weeks,
                   "Weeks before measuring (overrides the targets file)")
      ->check(CLI::Range(1, 5200));
  calibrate_cmd->add_option("--threads", calibrate.threads, "Worker threads (default: all cores)")
      ->check(CLI::PositiveNumber);
  calibrate_cmd->add_option("--set", calibrate.sets, "Override a scenario value, as for run");
  calibrate_cmd->add_flag("--markdown", calibrate.markdown, "Print the table as Markdown");
  calibrate_cmd->add_flag("--strict", calibrate.strict,
                          "Exit with 1 when a figure is outside its tolerance");

  CompareOptions compare;
  auto* compare_cmd = app.add_subcommand(
      "compare",
      "Compare scenarios with a baseline over their replicates: differences with 95% intervals "
      "per zone, district and territory, equity, costs");
  compare_cmd->add_option("store", compare.store, "Run store (HDF5)")->required();
  compare_cmd
      ->add_option("--baseline", compare.baseline, "The baseline scenario (NAME or NAME@POINT)")
      ->required();
  compare_cmd->add_option("--scenarios", compare.scenarios,
                          "Scenarios to compare (default: every other one in the store)");
  compare_cmd->add_option("--weeks", compare.weeks, "Weeks to analyse, FIRST:LAST (default: all)");
  compare_cmd->add_option("--zones", compare.zones,
                          "Zones or districts (ids or names) to list besides the territory "
                          "(default: every district and zone)");
  compare_cmd->add_option("--csv", compare.csv_dir, "Write tidy CSV files into this directory");
  compare_cmd->add_flag("--json", compare.json, "Print JSON instead of the table");
  compare_cmd->add_option("--lang", compare.lang, "it or en (default: the territory's language)");
  compare_cmd->add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  SensitivityOptions sensitivity;
  auto* sensitivity_cmd = app.add_subcommand(
      "sensitivity",
      "Rank a batch's swept parameters by their effect on outputs: Morris mu* and sigma, or "
      "standardised regression coefficients (Latin hypercube, grid)");
  sensitivity_cmd->add_option("store", sensitivity.store, "Run store of a batch with a sweep")
      ->required();
  sensitivity_cmd->add_option("--outputs", sensitivity.outputs,
                              "Measures, each MEASURE or MEASURE:end (default: five headline "
                              "measures, cumulated)");
  sensitivity_cmd->add_option("--scenarios", sensitivity.scenarios,
                              "Scenarios of the experiment (default: all)");
  sensitivity_cmd->add_option("--weeks", sensitivity.weeks, "Weeks to analyse, FIRST:LAST");
  sensitivity_cmd->add_option("--csv", sensitivity.csv_file, "Also write a tidy CSV file");
  sensitivity_cmd->add_option("--lang", sensitivity.lang, "it or en (default: the territory's)");
  sensitivity_cmd->add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  ReportOptions report;
  auto* report_cmd = app.add_subcommand(
      "report", "Write a self-contained HTML report comparing scenarios with a baseline");
  report_cmd->add_option("store", report.store, "Run store (HDF5)")->required();
  report_cmd->add_option("--baseline", report.baseline, "The baseline scenario")->required();
  report_cmd->add_option("-o,--output", report.output, "HTML file to write")->required();
  report_cmd->add_option("--scenarios", report.scenarios,
                         "Scenarios to compare (default: every other one in the store)");
  report_cmd->add_option("--weeks", report.weeks, "Weeks to analyse, FIRST:LAST (default: all)");
  report_cmd->add_option("--boundaries", report.boundaries,
                         "GeoJSON of the zones' boundaries (default: cells around the zones' "
                         "centroids)");
  report_cmd->add_option("--boundary-key", report.boundary_key,
                         "The GeoJSON property naming zones (default: found from the zones)");
  report_cmd->add_option("--lang", report.lang, "it or en (default: the territory's language)");
  report_cmd->add_flag("-q,--quiet", common.quiet, "Print nothing but errors");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitBadInput;
  }

  if (*run_cmd) return run_command(run, common);
  if (*validate_cmd) return validate_command(validate_file, validate_sets, common);
  if (*info_cmd) return info_command(info_file, common);
  if (*batch_cmd) return batch_command(batch, common);
  if (*diff_cmd) return diff_command(diff_left, diff_right, common);
  if (*params_cmd) return params_command(markdown);
  if (*calibrate_cmd) return calibrate_command(calibrate, common);
  if (*compare_cmd) return compare_command(compare, common);
  if (*sensitivity_cmd) return sensitivity_command(sensitivity, common);
  if (*report_cmd) return report_command(report, common);
  return kExitBadInput;
}
