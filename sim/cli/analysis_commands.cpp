// `welfare compare`, `welfare sensitivity` and `welfare report`: the analysis library
// (analysis/) on the command line.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/dataset.hpp"
#include "analysis/error.hpp"
#include "analysis/geometry.hpp"
#include "analysis/output.hpp"
#include "analysis/report.hpp"
#include "analysis/sensitivity_table.hpp"
#include "cli/commands.hpp"
#include "cli/guarded.hpp"
#include "store/store.hpp"

namespace welfare::cli {
namespace {

namespace an = welfare::analysis;

an::Language language_for(const std::string& code, const an::Dataset& data) {
  if (code.empty()) return data.default_language();
  const auto lang = an::parse_language(code);
  if (!lang) throw an::AnalysisError("--lang " + code + ": expected it or en");
  return *lang;
}

an::WeekRange weeks_of(const std::string& text) {
  return text.empty() ? an::WeekRange{} : an::parse_week_range(text);
}

namespace fs = std::filesystem;

// The nearest directory that exists at or above `path`, and whether something that is not a
// directory stands in the way (a file used as a directory).
fs::path existing_ancestor(const fs::path& path, const std::string& option) {
  fs::path dir = path.empty() ? fs::path(".") : path;
  std::error_code error;
  while (!fs::exists(dir, error)) {
    const fs::path parent = dir.parent_path();
    if (parent.empty() || parent == dir) return fs::path(".");
    dir = parent;
  }
  if (!fs::is_directory(dir, error)) {
    throw an::AnalysisError(option + ": " + dir.string() +
                            " is not a directory, so nothing can be written under it");
  }
  return dir;
}

void check_writable_directory(const fs::path& dir, const std::string& option) {
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw an::AnalysisError(option + ": directory " + dir.string() +
                            " is not writable: " + std::strerror(errno));
  }
}

// An output file can be written: its directory exists and is writable, and the path is not a
// directory or a read-only file. Checked before any work, so nothing is computed in vain;
// creates nothing. `option` names the file in messages ("-o out.html").
void check_output_file(const fs::path& file, const std::string& option) {
  std::error_code error;
  const fs::file_status status = fs::status(file, error);
  if (fs::is_directory(status)) {
    throw an::AnalysisError(option + ": " + file.string() +
                            " is a directory; expected a file name");
  }
  const fs::path parent = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  const fs::file_status parent_status = fs::status(parent, error);
  if (!fs::exists(parent_status)) {
    existing_ancestor(parent, option);  // a file in the way is the better message
    throw an::AnalysisError(option + ": directory " + parent.string() + " does not exist");
  }
  if (!fs::is_directory(parent_status)) {
    throw an::AnalysisError(option + ": " + parent.string() +
                            " is not a directory, so nothing can be written under it");
  }
  check_writable_directory(parent, option);
  if (fs::exists(status) && ::access(file.c_str(), W_OK) != 0) {
    throw an::AnalysisError(option + ": " + file.string() +
                            " exists and is not writable: " + std::strerror(errno));
  }
}

// A directory of output files (created when missing) can hold `files`.
void check_output_directory(const fs::path& dir, const std::vector<std::string>& files,
                            const std::string& option) {
  std::error_code error;
  const fs::file_status status = fs::status(dir, error);
  if (fs::exists(status) && !fs::is_directory(status)) {
    throw an::AnalysisError(option + ": " + dir.string() + " exists and is not a directory");
  }
  if (!fs::exists(status)) {
    check_writable_directory(existing_ancestor(dir, option), option);
    return;
  }
  for (const std::string& name : files)
    check_output_file(dir / name, option);
}

}  // namespace

int compare_command(const CompareOptions& options, const CommonOptions& common) {
  return guarded<an::AnalysisError, an::BoundaryError>([&] {
    if (!options.csv_dir.empty()) {
      check_output_directory(options.csv_dir,
                             {"comparison.csv", "equity.csv", "costs.csv", "scenarios.csv"},
                             "--csv " + options.csv_dir);
    }
    const an::Dataset data(options.store, weeks_of(options.weeks));
    const an::Language lang = language_for(options.lang, data);
    an::CompareOptions request;
    request.baseline = options.baseline;
    request.scenarios = options.scenarios;
    request.zones = options.zones;
    const an::Comparison cmp = an::compare(data, request);
    if (!options.csv_dir.empty()) an::write_comparison_csv(options.csv_dir, data, cmp, lang);
    if (options.json) {
      an::write_comparison_json(std::cout, data, cmp, lang);
    } else if (!common.quiet) {
      an::write_comparison_table(std::cout, data, cmp, lang);
    }
    return kExitOk;
  });
}

int sensitivity_command(const SensitivityOptions& options, const CommonOptions& common) {
  return guarded<an::AnalysisError, an::BoundaryError>([&] {
    if (!options.csv_file.empty()) {
      check_output_file(options.csv_file, "--csv " + options.csv_file);
    }
    const an::Dataset data(options.store, weeks_of(options.weeks));
    const an::Language lang = language_for(options.lang, data);
    const auto results = an::sensitivity(data, options.outputs, options.scenarios);
    if (!options.csv_file.empty()) {
      const std::string tmp = options.csv_file + ".tmp";
      {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) throw an::AnalysisError("--csv " + options.csv_file + ": cannot write");
        an::write_sensitivity_csv(out, results, lang);
        out.close();
        if (!out) throw an::AnalysisError("--csv " + options.csv_file + ": cannot write");
      }
      std::filesystem::rename(tmp, options.csv_file);
    }
    if (!common.quiet) an::write_sensitivity_table(std::cout, data, results, lang);
    return kExitOk;
  });
}

int report_command(const ReportOptions& options, const CommonOptions& common) {
  return guarded<an::AnalysisError, an::BoundaryError>([&] {
    check_output_file(options.output, "-o " + options.output);
    const an::Dataset data(options.store, weeks_of(options.weeks));
    an::ReportSettings settings;
    settings.language = language_for(options.lang, data);
    settings.boundaries = options.boundaries;
    settings.boundary_key = options.boundary_key;
    an::CompareOptions request;
    request.baseline = options.baseline;
    request.scenarios = options.scenarios;
    const an::Comparison cmp = an::compare(data, request);
    an::write_report(options.output, data, cmp, settings);
    if (!common.quiet) std::cout << "wrote " << options.output << "\n";
    return kExitOk;
  });
}

}  // namespace welfare::cli
