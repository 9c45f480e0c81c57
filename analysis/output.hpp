// A comparison written out: readable tables for a terminal, tidy CSV files, JSON.
#pragma once

#include <array>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "analysis/compare.hpp"
#include "analysis/dataset.hpp"
#include "analysis/labels.hpp"

namespace welfare::analysis {

// The tables a policy team reads: per scenario, the territory's headline measures grouped by
// the four strategic questions (cumulated over the window, with the end-of-window
// difference), the districts (and zones asked for) on the key measures, equity and costs.
void write_comparison_table(std::ostream& out, const Dataset& data, const Comparison& cmp,
                            Language lang);

// Tidy CSV files in `dir` (created if needed; written to temporary names and renamed, so a
// failure leaves no partial file): comparison.csv (one row per scenario x area x measure x
// period x statistic), equity.csv, costs.csv and scenarios.csv. Column names are stable
// English keys; *_label columns carry the words in `lang`. Throws AnalysisError when the
// directory cannot be written.
void write_comparison_csv(const std::filesystem::path& dir, const Dataset& data,
                          const Comparison& cmp, Language lang);

// The files write_comparison_csv writes in its directory.
inline constexpr std::string_view kComparisonCsv = "comparison.csv";
inline constexpr std::string_view kEquityCsv = "equity.csv";
inline constexpr std::string_view kCostsCsv = "costs.csv";
inline constexpr std::string_view kScenariosCsv = "scenarios.csv";
inline constexpr std::array<std::string_view, 4> kComparisonCsvFiles = {kComparisonCsv, kEquityCsv,
                                                                        kCostsCsv, kScenariosCsv};

// Checks, before any work and creating nothing, that an output file can be written: its
// directory exists and is writable, and the path is neither a directory nor a read-only file.
// `option` names the file in messages ("-o out.html"). Throws AnalysisError.
void check_output_file(const std::filesystem::path& file, const std::string& option);
// The same for the directory of write_comparison_csv ("--csv DIR"): when it exists, each of its
// files can be written; when it does not, it can be created.
void check_comparison_csv_dir(const std::filesystem::path& dir);

// Everything in one JSON document, for tools.
void write_comparison_json(std::ostream& out, const Dataset& data, const Comparison& cmp,
                           Language lang);

// A number for a table: `decimals` when the measure fixes them, else fewer as it grows.
std::string format_value(double value, int decimals, Language lang);
// "+1.234 [+1.000, +1.468]" (a difference and its interval).
std::string format_difference(const PairedStat& s, int decimals, Language lang);
// Display width of UTF-8 text (code points).
std::size_t display_width(std::string_view s);
// `s` padded with spaces to `width` display columns, on the right (or on the left: `right`
// aligns the text right).
std::string pad(std::string_view s, std::size_t width, bool right = false);

}  // namespace welfare::analysis
