// Headline measures: what a policy team compares between scenarios, built from the indicators
// a run records (engine/indicator_list.hpp). A measure is a sum of indicators, a ratio of two
// sums, or a mean of one indicator weighted by a sum, so that it aggregates exactly from
// zones to districts and to the whole territory: every zone contributes a numerator and a
// denominator, and an area's value is the ratio of their sums.
//
// Each measure has two statistics over a window of weeks [a, b]:
//  - end: its value in week b (stocks such as persons waiting, or the week's flow);
//  - cumulated: for sums, the total over the window (events of flows; person-weeks of stocks;
//    EUR of spending); for ratios and means, their value over the window (sums of numerator and
//    denominator over the weeks), i.e. the period's average.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/labels.hpp"
#include "store/store.hpp"

namespace welfare::analysis {

enum class MeasureKind {
  kSum,           // sum of the terms
  kRatio,         // scale x (sum of numerator terms) / (sum of denominator terms)
  kWeightedMean,  // value indicator weighted by the sum of the denominator terms
};

// The four strategic questions of Milan's 2024-26 welfare plan, and spending.
enum class Question { kProtection, kPlurality, kOpportunity, kLoneliness, kCosts };
inline constexpr std::size_t kQuestionCount = 5;
std::string_view question_key(Question q);  // "protection", ... (a labels text() key)

// Whether a higher value is better for the people concerned (coverage, well-being, informal
// care) or worse (unmet need, escalations, waiting); spending is neither.
enum class Direction { kLowerIsBetter, kHigherIsBetter, kNeutral };

struct Term {
  std::string_view indicator;
  double coefficient = 1;
};

struct MeasureDef {
  std::string_view key;  // e.g. "unmet_ltc": stable, used in CSV, JSON and --measures
  std::string_view label_en;
  std::string_view label_it;
  std::string_view units_en;  // of `end` (and of `cumulated` for ratios and means)
  std::string_view units_it;
  std::string_view cumulated_units_en;  // of `cumulated` for sums, e.g. "person-weeks"
  std::string_view cumulated_units_it;
  MeasureKind kind = MeasureKind::kSum;
  std::vector<Term> numerator;    // kSum, kRatio
  std::vector<Term> denominator;  // kRatio; the weight of kWeightedMean
  std::vector<Term> value;        // kWeightedMean: the (sum of) indicators averaged
  double scale = 1;               // kRatio: e.g. 1000 for "per 1,000 residents", 100 for %
  Question question = Question::kProtection;
  Direction direction = Direction::kLowerIsBetter;
  int decimals = 0;  // for display
  // Shown in the terminal table and the report's tables; every measure is in CSV and JSON.
  bool headline = true;

  std::string_view label(Language lang) const {
    return lang == Language::kItalian ? label_it : label_en;
  }
  std::string_view units(Language lang, bool cumulated) const;
};

// Every headline measure, grouped by question in display order.
const std::vector<MeasureDef>& measures();
// The measure with this key, or nullptr.
const MeasureDef* find_measure(std::string_view key);
// The position in measures() of the measure with this key; throws AnalysisError listing the
// measures when there is none.
std::size_t measure_index(std::string_view key);
// Every indicator some measure reads.
std::vector<std::string> measure_indicators();

enum class Period { kEnd, kCumulated };
inline constexpr std::size_t kPeriodCount = 2;
std::string_view period_key(Period p);  // "end", "cumulated"

// A window of weeks as indices into a run's week axis, [first, last] inclusive.
struct WeekWindow {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t size() const { return last - first + 1; }
};

// One measure's terms resolved against a run's indicators: the numerator and denominator of
// each (week, zone) cell, which RunMeasures and WeeklyMeasure add up over weeks and zones.
class MeasureCells {
 public:
  struct Cell {
    double num = 0;  // for weighted means, value x weight
    double den = 1;  // 1 for sums
  };
  // Throws AnalysisError naming the run and the indicator when one is missing or does not
  // cover every (week, zone) of the run's axes.
  MeasureCells(const store::RunData& run, const MeasureDef& def);
  // The cell at index w * zones + z of the run's indicator values.
  Cell at(std::size_t offset) const;

 private:
  const MeasureDef* def_;
  std::vector<const float*> num_;  // per numerator (or value) term
  std::vector<const float*> den_;  // per denominator term
};

// A measure's value from a numerator and a denominator summed over cells: the sum itself for
// sums; for ratios and weighted means, NaN when the denominator is not positive.
double measure_value(const MeasureDef& def, double num, double den);

// One run's measures per zone: numerator and denominator of each measure, per zone, for both
// periods, and the week-by-week territory values (for time-series charts).
class RunMeasures {
 public:
  // Reads the indicators the measures need from `run` (throws AnalysisError naming the run
  // and indicator when one is missing).
  RunMeasures(const store::RunData& run, const WeekWindow& window);

  std::size_t zone_count() const { return zones_; }
  // The value over a set of zones (an area): ratio of the sums of numerators and
  // denominators. NaN when the denominator is 0.
  double value(std::size_t measure, Period period, const std::vector<std::size_t>& zones) const;
  double zone_value(std::size_t measure, Period period, std::size_t zone) const;
  // The territory's value in each week of the window.
  const std::vector<double>& series(std::size_t measure) const { return series_[measure]; }

 private:
  struct Parts {
    std::vector<double> num;  // [period * zones + zone]
    std::vector<double> den;
  };
  std::size_t zones_ = 0;
  std::vector<Parts> parts_;                 // per measure
  std::vector<std::vector<double>> series_;  // per measure, per week of the window
};

}  // namespace welfare::analysis
