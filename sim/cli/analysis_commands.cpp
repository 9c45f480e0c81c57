// `welfare compare`, `welfare sensitivity` and `welfare report`: the analysis library
// (analysis/) on the command line.
#include <fstream>
#include <iostream>

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

}  // namespace

int compare_command(const CompareOptions& options, const CommonOptions& common) {
  return guarded<an::AnalysisError, an::BoundaryError>([&] {
    if (!options.csv_dir.empty()) {
      an::check_comparison_csv_dir(options.csv_dir);
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
      an::check_output_file(options.csv_file, "--csv " + options.csv_file);
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
    an::check_output_file(options.output, "-o " + options.output);
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
