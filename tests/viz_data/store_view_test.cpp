// The viewer's aggregates of a store against the raw indicators of each replicate run: a small
// Bologna batch (baseline and welfare community managers from week 13, four replicates sharing
// their random streams), made once per test process.
#include "viz/data/store_view.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "analysis/analysis_store.hpp"
#include "analysis/error.hpp"
#include "analysis/measures.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;
using namespace welfare;
using welfare::viz::Band;
using welfare::viz::band_of;
using welfare::viz::StoreView;

namespace {

constexpr std::size_t kBase = 0;      // bologna-baseline
constexpr std::size_t kManagers = 1;  // bologna-community-managers
constexpr std::size_t kReplicates = 4;
constexpr std::size_t kWeeks = 52;
constexpr std::size_t kLeverStart = 13;  // week index of the managers' first week
constexpr double kPerThousand = 1000;
constexpr double kTolerance = 1e-9;  // relative, for the same sums in another order
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string> kUnmetStates = {
    "ltc_hidden",    "ltc_waiting",    "disability_hidden", "disability_waiting",
    "family_hidden", "family_waiting", "poverty_hidden",    "poverty_waiting",
    "mental_hidden", "mental_waiting", "loneliness_hidden", "loneliness_waiting"};

class StoreViewOnStore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { store_ = test::analysis_store("bologna_compare.yaml"); }
  static fs::path store_;
};
fs::path StoreViewOnStore::store_;

const std::vector<float>& raw(const store::RunData& run, const std::string& name) {
  for (const auto& i : run.indicators)
    if (i.name == name) return i.values;
  throw std::runtime_error("no indicator " + name);
}

// Unmet needs per 1,000 residents of a set of zones in week index w, from the raw counts.
double raw_unmet_per_1000(const store::RunData& run, std::size_t w,
                          const std::vector<std::size_t>& zones) {
  const std::size_t n = run.zones.ids.size();
  double unmet = 0;
  double residents = 0;
  for (std::size_t z : zones) {
    for (const auto& s : kUnmetStates)
      unmet += static_cast<double>(raw(run, s)[w * n + z]);
    residents += static_cast<double>(raw(run, "population")[w * n + z]);
  }
  return kPerThousand * unmet / residents;
}

// The runs of a variant read straight from the store, in replicate order.
std::vector<store::RunData> raw_runs(const fs::path& path, const std::string& scenario) {
  const store::StoreReader reader(path);
  std::vector<store::RunData> runs;
  for (std::uint32_t r = 0; r < kReplicates; ++r) {
    const auto key = reader.find_run(scenario, 0, r);
    if (!key) throw std::runtime_error("no run " + scenario);
    runs.push_back(reader.read_run(*key));
  }
  return runs;
}

void expect_near(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, kTolerance * std::max(1.0, std::fabs(expected))) << what;
}

TEST_F(StoreViewOnStore, OpensTheWholeWeekRange) {
  const StoreView view(store_);
  ASSERT_EQ(view.weeks().size(), kWeeks);
  EXPECT_EQ(view.weeks().front(), 1);
  EXPECT_EQ(view.weeks().back(), static_cast<std::int32_t>(kWeeks));
  EXPECT_EQ(view.dataset().variants().size(), 2U);
  EXPECT_EQ(view.path(), store_);
  EXPECT_EQ(view.run(kManagers, 2).meta.replicate, 2U);
  EXPECT_EQ(&view.run(kManagers, 2), &view.run(kManagers, 2));  // read once, then kept
  const std::size_t m = analysis::measure_index("unmet_total");
  EXPECT_EQ(&view.weekly(kBase, 1, m), &view.weekly(kBase, 1, m));
  EXPECT_THROW(view.run(2, 0), std::out_of_range);
  EXPECT_THROW(view.run(kBase, kReplicates), std::out_of_range);
}

TEST_F(StoreViewOnStore, BandIsTheMeanMinAndMaxOfTheReplicatesRawValues) {
  const StoreView view(store_);
  const auto runs = raw_runs(store_, "bologna-community-managers");
  const std::size_t m = analysis::measure_index("unmet_per_1000");
  const auto& districts = view.dataset().districts();
  std::vector<std::vector<std::size_t>> areas = {{}};  // the territory, then each district
  for (const auto& d : districts)
    areas.push_back(d.zones);
  for (const auto& zones : areas) {
    std::vector<std::size_t> explicit_zones = zones;
    if (explicit_zones.empty()) {
      for (std::size_t z = 0; z < view.dataset().zones().size(); ++z)
        explicit_zones.push_back(z);
    }
    const Band band = view.series(kManagers, m, zones);
    EXPECT_EQ(band.replicates, kReplicates);
    ASSERT_EQ(band.mean.size(), kWeeks);
    for (std::size_t w = 0; w < kWeeks; ++w) {
      double sum = 0;
      double lo = std::numeric_limits<double>::infinity();
      double hi = -lo;
      for (const auto& run : runs) {
        const double x = raw_unmet_per_1000(run, w, explicit_zones);
        sum += x;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
      const std::string what =
          "week " + std::to_string(w) + ", " + std::to_string(explicit_zones.size()) + " zones";
      expect_near(band.mean[w], sum / kReplicates, "mean " + what);
      expect_near(band.lower[w], lo, "lower " + what);
      expect_near(band.upper[w], hi, "upper " + what);
      EXPECT_LE(band.lower[w], band.mean[w]);
      EXPECT_GE(band.upper[w], band.mean[w]);
    }
  }
}

TEST_F(StoreViewOnStore, ZoneMeansAreReplicateMeansOfTheRawValues) {
  const StoreView view(store_);
  const auto runs = raw_runs(store_, "bologna-baseline");
  const std::size_t m = analysis::measure_index("unmet_per_1000");
  const std::size_t zones = view.dataset().zones().size();
  for (std::size_t w : {std::size_t{0}, kLeverStart, kWeeks - 1}) {
    const std::vector<double> means = view.zone_means(kBase, m, w);
    ASSERT_EQ(means.size(), zones);
    for (std::size_t z = 0; z < zones; ++z) {
      double sum = 0;
      for (const auto& run : runs)
        sum += raw_unmet_per_1000(run, w, {z});
      expect_near(means[z], sum / kReplicates,
                  "zone " + std::to_string(z) + " week " + std::to_string(w));
    }
  }
}

TEST_F(StoreViewOnStore, DifferencesAreZeroBeforeTheLeverStartsAndPairedAfter) {
  const StoreView view(store_);
  const std::size_t zones = view.dataset().zones().size();
  // Common random numbers: until the managers start both scenarios are the same runs.
  for (std::size_t m = 0; m < analysis::measures().size(); ++m) {
    for (std::size_t w = 0; w < kLeverStart; ++w) {
      const std::vector<double> d = view.zone_differences(kManagers, kBase, m, w);
      ASSERT_EQ(d.size(), zones);
      for (std::size_t z = 0; z < zones; ++z) {
        if (std::isnan(d[z])) continue;
        EXPECT_EQ(d[z], 0.0) << analysis::measures()[m].key << " week " << w << " zone " << z;
      }
    }
  }
  // From then on, the mean of the paired replicates' differences of the raw values.
  const auto base = raw_runs(store_, "bologna-baseline");
  const auto managers = raw_runs(store_, "bologna-community-managers");
  const std::size_t m = analysis::measure_index("unmet_per_1000");
  const std::size_t w = kWeeks - 1;
  const std::vector<double> d = view.zone_differences(kManagers, kBase, m, w);
  bool some_differ = false;
  for (std::size_t z = 0; z < zones; ++z) {
    double sum = 0;
    for (std::size_t r = 0; r < kReplicates; ++r)
      sum += raw_unmet_per_1000(managers[r], w, {z}) - raw_unmet_per_1000(base[r], w, {z});
    EXPECT_NEAR(d[z], sum / kReplicates, kTolerance * kPerThousand) << "zone " << z;
    some_differ = some_differ || d[z] != 0;
  }
  EXPECT_TRUE(some_differ);
  // A variant against itself differs in nothing.
  for (double x : view.zone_differences(kBase, kBase, m, w))
    EXPECT_EQ(x, 0.0);
}

TEST_F(StoreViewOnStore, AMeasureTheRunsLackThrows) {
  const StoreView view(store_);
  EXPECT_THROW(view.series(kBase, analysis::measures().size(), {}), analysis::AnalysisError);
  EXPECT_THROW(view.zone_means(kBase, 0, kWeeks), std::out_of_range);
}

TEST(BandOf, MeanAndRangeLeaveNaNsOut) {
  const Band b = band_of({{1, kNaN, 5, kNaN}, {3, 2, kNaN, kNaN}, {2, 4, 7, kNaN}});
  EXPECT_EQ(b.replicates, 3U);
  ASSERT_EQ(b.mean.size(), 4U);
  EXPECT_DOUBLE_EQ(b.mean[0], 2);
  EXPECT_DOUBLE_EQ(b.lower[0], 1);
  EXPECT_DOUBLE_EQ(b.upper[0], 3);
  EXPECT_DOUBLE_EQ(b.mean[1], 3);
  EXPECT_DOUBLE_EQ(b.lower[1], 2);
  EXPECT_DOUBLE_EQ(b.upper[1], 4);
  EXPECT_DOUBLE_EQ(b.mean[2], 6);
  EXPECT_DOUBLE_EQ(b.lower[2], 5);
  EXPECT_DOUBLE_EQ(b.upper[2], 7);
  EXPECT_TRUE(std::isnan(b.mean[3]));
  EXPECT_TRUE(std::isnan(b.lower[3]));
  EXPECT_TRUE(std::isnan(b.upper[3]));
}

TEST(BandOf, SeriesOfDifferentLengthsAreRejectedAndNoneGiveAnEmptyBand) {
  EXPECT_THROW(band_of({{1, 2}, {1, 2, 3}}), std::invalid_argument);
  const Band none = band_of({});
  EXPECT_EQ(none.replicates, 0U);
  EXPECT_TRUE(none.mean.empty());
  const Band one = band_of({{4, 5}});
  EXPECT_EQ(one.mean, (std::vector<double>{4, 5}));
  EXPECT_EQ(one.lower, one.mean);
  EXPECT_EQ(one.upper, one.mean);
}

}  // namespace
