// The HTML report: one self-contained file (inline CSS, SVG and a small script; no network
// needed to view it) with the scenarios and what they change, time series with replicate
// bands, zone maps, the comparison, equity and cost tables, and every run's provenance.
#pragma once

#include <filesystem>
#include <string>

#include "analysis/compare.hpp"
#include "analysis/dataset.hpp"
#include "analysis/labels.hpp"

namespace welfare::analysis {

struct ReportSettings {
  Language language = Language::kItalian;
  // GeoJSON of the zones' boundaries; empty: Voronoi cells of the zones' centroids.
  std::filesystem::path boundaries;
  std::string boundary_key;
};

// The report as HTML text. Throws AnalysisError (or BoundaryError) for bad boundaries.
std::string render_report(const Dataset& data, const Comparison& cmp,
                          const ReportSettings& settings);

// Writes the report to `path` through a temporary file renamed into place: a failure leaves
// any earlier report there untouched.
void write_report(const std::filesystem::path& path, const Dataset& data, const Comparison& cmp,
                  const ReportSettings& settings);

}  // namespace welfare::analysis
