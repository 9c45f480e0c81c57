// A measure week by week and zone by zone against RunMeasures and the raw indicators of a real
// store (the small Bologna comparison of compare_test.cpp).
#include "analysis/weekly.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "analysis/dataset.hpp"
#include "analysis/error.hpp"
#include "analysis/measures.hpp"
#include "analysis_store.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;
using namespace welfare;
using namespace welfare::analysis;

namespace {

// Relative tolerance for sums taken in another order (over weeks, then zones).
constexpr double kReorderedSumTolerance = 1e-9;

class WeeklyOnStore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { store_ = test::analysis_store("bologna_compare.yaml"); }
  static fs::path store_;
};
fs::path WeeklyOnStore::store_;

std::vector<std::size_t> all_zones(const Dataset& data) {
  std::vector<std::size_t> all(data.zones().size());
  for (std::size_t z = 0; z < all.size(); ++z)
    all[z] = z;
  return all;
}

const std::vector<float>& raw(const store::RunData& run, const std::string& name) {
  for (const auto& i : run.indicators)
    if (i.name == name) return i.values;
  throw std::runtime_error("no indicator " + name);
}

TEST_F(WeeklyOnStore, LastWeekIsTheEndValueAndSeriesIsRunMeasuresSeries) {
  const Dataset data(store_);
  const store::RunData run = data.reader().read_run(data.variants()[1].runs[0].id);
  const RunMeasures& rm = data.measures(1, 0);
  const auto all = all_zones(data);
  const std::size_t last = run.weeks.size() - 1;
  for (std::size_t m = 0; m < measures().size(); ++m) {
    const WeeklyMeasure wm(run, m);
    ASSERT_EQ(wm.week_count(), run.weeks.size());
    ASSERT_EQ(wm.zone_count(), all.size());
    const std::string key(measures()[m].key);
    const double end = rm.value(m, Period::kEnd, all);
    if (std::isnan(end)) {
      EXPECT_TRUE(std::isnan(wm.value(last, {}))) << key;
    } else {
      EXPECT_EQ(wm.value(last, {}), end) << key;
      EXPECT_EQ(wm.value(last, all), end) << key;
    }
    for (std::size_t z = 0; z < all.size(); ++z) {
      const double zone_end = rm.zone_value(m, Period::kEnd, z);
      if (!std::isnan(zone_end)) {
        EXPECT_EQ(wm.zone_value(last, z), zone_end) << key;
      }
    }
    const std::vector<double> series = wm.series({});
    ASSERT_EQ(series.size(), rm.series(m).size());
    for (std::size_t w = 0; w < series.size(); ++w) {
      if (std::isnan(rm.series(m)[w])) continue;
      EXPECT_EQ(series[w], rm.series(m)[w]) << key << " week " << w;
    }
  }
}

TEST_F(WeeklyOnStore, WeeksOfASumAddUpToItsCumulatedValue) {
  const Dataset data(store_);
  const store::RunData run = data.reader().read_run(data.variants()[0].runs[1].id);
  const RunMeasures& rm = data.measures(0, 1);
  const auto all = all_zones(data);
  for (std::size_t m = 0; m < measures().size(); ++m) {
    if (measures()[m].kind != MeasureKind::kSum) continue;
    const WeeklyMeasure wm(run, m);
    double total = 0;
    for (double x : wm.series({}))
      total += x;
    const double cumulated = rm.value(m, Period::kCumulated, all);
    EXPECT_NEAR(total, cumulated, kReorderedSumTolerance * std::max(1.0, std::fabs(cumulated)))
        << measures()[m].key;
  }
}

TEST_F(WeeklyOnStore, ADistrictIsTheRatioOfItsZonesSumsNotTheMeanOfTheirRates) {
  const Dataset data(store_);
  const store::RunData run = data.reader().read_run(data.variants()[0].runs[0].id);
  const WeeklyMeasure wm(run, measure_index("unmet_per_1000"));
  const std::size_t zones = run.zones.ids.size();
  const std::vector<std::string> states = {
      "ltc_hidden",    "ltc_waiting",    "disability_hidden", "disability_waiting",
      "family_hidden", "family_waiting", "poverty_hidden",    "poverty_waiting",
      "mental_hidden", "mental_waiting", "loneliness_hidden", "loneliness_waiting"};
  constexpr double kPerThousand = 1000;
  const auto& population = raw(run, "population");
  bool some_mean_differs = false;
  for (const DistrictInfo& d : data.districts()) {
    if (d.zones.size() < 2) continue;
    for (std::size_t w = 0; w < run.weeks.size(); w += 10) {
      double unmet = 0;
      double residents = 0;
      double mean_of_rates = 0;
      for (std::size_t z : d.zones) {
        double zone_unmet = 0;
        for (const auto& s : states)
          zone_unmet += static_cast<double>(raw(run, s)[w * zones + z]);
        const auto zone_residents = static_cast<double>(population[w * zones + z]);
        unmet += zone_unmet;
        residents += zone_residents;
        mean_of_rates +=
            kPerThousand * zone_unmet / zone_residents / static_cast<double>(d.zones.size());
        EXPECT_NEAR(wm.zone_value(w, z), kPerThousand * zone_unmet / zone_residents, 1e-9);
      }
      const double expected = kPerThousand * unmet / residents;
      EXPECT_NEAR(wm.value(w, d.zones), expected, 1e-9 * expected) << d.name << " week " << w;
      some_mean_differs = some_mean_differs || std::fabs(mean_of_rates - expected) > 1e-6;
    }
  }
  EXPECT_TRUE(some_mean_differs) << "the test cannot tell a ratio of sums from a mean of rates";
}

TEST_F(WeeklyOnStore, MissingIndicatorOrMeasureThrowsAnalysisError) {
  const Dataset data(store_);
  store::RunData run = data.reader().read_run(data.variants()[0].runs[0].id);
  std::erase_if(run.indicators, [](const store::Indicator& i) { return i.name == "population"; });
  try {
    (void)WeeklyMeasure(run, measure_index("unmet_per_1000"));
    FAIL() << "no error";
  } catch (const AnalysisError& e) {
    EXPECT_NE(std::string(e.what()).find("population"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bologna-baseline"), std::string::npos) << e.what();
  }
  // Sums that do not read the population still work.
  EXPECT_NO_THROW((void)WeeklyMeasure(run, measure_index("unmet_total")));
  EXPECT_THROW((void)WeeklyMeasure(run, measures().size()), AnalysisError);

  store::RunData short_run = data.reader().read_run(data.variants()[0].runs[0].id);
  for (auto& i : short_run.indicators)
    i.values.pop_back();
  EXPECT_THROW((void)WeeklyMeasure(short_run, measure_index("unmet_total")), AnalysisError);
}

TEST_F(WeeklyOnStore, IndicesOutsideTheRunThrow) {
  const Dataset data(store_);
  const store::RunData run = data.reader().read_run(data.variants()[0].runs[0].id);
  const WeeklyMeasure wm(run, measure_index("unmet_total"));
  EXPECT_THROW(wm.value(run.weeks.size(), {}), std::out_of_range);
  EXPECT_THROW(wm.value(0, {run.zones.ids.size()}), std::out_of_range);
  EXPECT_THROW(wm.zone_value(0, run.zones.ids.size()), std::out_of_range);
}

}  // namespace
