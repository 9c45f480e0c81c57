// Scenario comparison: each scenario against a baseline, over replicates that share their
// random streams (common random numbers), so the difference of replicate r is the effect of
// the scenario on that replicate's population and chance events. Per measure, area (zone,
// district, territory) and period (end of the window, cumulated over it): the mean of both,
// the mean paired difference and its 95% interval (Student's t on the replicates'
// differences). Equity across zones and between citizenships, and costs as investment.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/measures.hpp"

namespace welfare::analysis {

inline constexpr double kConfidence = 0.95;

struct PairedStat {
  double baseline = 0;    // mean over the replicates paired
  double scenario = 0;    // mean over the replicates paired
  double difference = 0;  // mean of the paired differences (scenario - baseline)
  double lower = 0;       // 95% interval of the mean difference; NaN with one replicate
  double upper = 0;
  std::size_t n = 0;  // replicates paired

  // The change relative to the baseline mean (NaN when it is 0).
  double relative() const;
  // Whether the interval excludes 0.
  bool significant() const { return n >= 2 && (lower > 0 || upper < 0); }
};
// Pairs base[i] with scen[i]; pairs where either is NaN are left out.
PairedStat paired(const std::vector<double>& base, const std::vector<double>& scen);

enum class AreaLevel { kZone, kDistrict, kTerritory };
std::string_view area_level_key(AreaLevel level);  // "zone", "district", "territory"

struct Area {
  AreaLevel level = AreaLevel::kTerritory;
  std::string id;
  std::string name;
  std::vector<std::size_t> zones;
};

struct ComparisonCell {
  std::size_t area = 0;
  std::size_t measure = 0;
  Period period = Period::kEnd;
  PairedStat stat;
};

// Whether a scenario narrows or widens a gap (a lower Gini, ratio or gap is narrower).
enum class Verdict { kNarrows, kWidens, kNoClearChange, kUndetermined };
std::string_view verdict_key(Verdict v);  // "narrows", "widens", "no_clear_change", "undetermined"

struct EquityRow {
  std::string measure;  // measure key
  // "gini_across_zones", "worst_best_ratio" (highest zone / lowest zone),
  // "foreign_gap" (|foreign - Italian| rate), "foreign_ratio" (foreign / Italian rate)
  std::string statistic;
  PairedStat stat;
  Verdict verdict = Verdict::kUndetermined;
};

struct CostSummary {
  PairedStat investment;           // services used and levers, EUR over the window
  PairedStat downstream_avoided;   // baseline - scenario cost of escalations, EUR
  PairedStat net_cost;             // scenario - baseline total spending, EUR
  PairedStat escalations_avoided;  // baseline - scenario escalations, events
  // net cost / escalations avoided, when escalations avoided is significantly above 0;
  // NaN otherwise.
  double cost_per_escalation_avoided = 0;
  std::vector<std::pair<std::size_t, PairedStat>> by_service;  // measure index, difference
};

struct ScenarioComparison {
  std::size_t variant = 0;
  std::vector<ComparisonCell> cells;  // every area x measure x period, in that order
  std::vector<EquityRow> equity;
  CostSummary costs;

  // The cell of an area, measure and period; nullptr when absent.
  const ComparisonCell* cell(std::size_t area, std::size_t measure, Period period) const;
};

struct CompareOptions {
  std::string baseline;                // variant key or scenario name
  std::vector<std::string> scenarios;  // empty: every variant but the baseline
  // Zones, districts (ids or names) whose rows to keep; empty: all.
  std::vector<std::string> zones;
};

struct Comparison {
  std::size_t baseline = 0;
  std::vector<Area> areas;  // territory first, then districts, then zones
  std::vector<ScenarioComparison> scenarios;
};

// Throws AnalysisError for an unknown scenario or zone, or a scenario with no replicate in
// common with the baseline.
Comparison compare(const Dataset& data, const CompareOptions& options);

// Equity measures: compared across zones (Gini, worst/best).
const std::vector<std::string>& equity_measures();
// Population-weighted Gini coefficient of values across zones (NaN values and zero weights
// left out): sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean), mean = sum w x / W.
double weighted_gini(const std::vector<double>& values, const std::vector<double>& weights);

}  // namespace welfare::analysis
