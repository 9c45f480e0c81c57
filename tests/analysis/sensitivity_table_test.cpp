// `welfare sensitivity` on real batch stores: a Morris screening and a Latin hypercube of two
// detection parameters on a small Bologna.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "analysis/dataset.hpp"
#include "analysis/error.hpp"
#include "analysis/sensitivity_table.hpp"
#include "analysis_store.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;
using namespace welfare;
using namespace welfare::analysis;

namespace {

// Hidden needs of every domain summed over zones and weeks, from the raw indicators.
double raw_hidden_total(const store::RunData& run) {
  double total = 0;
  for (const auto& ind : run.indicators) {
    const auto& n = ind.name;
    if (n.size() > 7 && n.compare(n.size() - 7, 7, "_hidden") == 0) {
      for (float v : ind.values)
        total += v;
    }
  }
  return total;
}

}  // namespace

TEST(SensitivityOnStore, MorrisEffectsRecomputedFromTheRawRuns) {
  const fs::path path = test::analysis_store("bologna_morris_small.yaml");
  const Dataset data(path);
  const auto results = sensitivity(data, {"hidden_total", "unmet_total:end"}, {});
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].design, "morris");
  EXPECT_EQ(results[1].period, Period::kEnd);

  // Elementary effects by hand: y at each point from the raw runs (one replicate), the step
  // scaled by the parameter's range.
  const store::StoreReader reader(path);
  const store::ExperimentRecord rec = *reader.experiment();
  const std::size_t k = rec.parameters.size();
  std::vector<double> y(rec.point_count());
  for (std::size_t p = 0; p < y.size(); ++p) {
    const auto id = reader.find_run(rec.scenario_names[0], static_cast<std::uint32_t>(p), 0);
    ASSERT_TRUE(id);
    y[p] = raw_hidden_total(reader.read_run(*id));
  }
  std::vector<double> sum_abs(k, 0);
  std::vector<double> sum(k, 0);
  std::vector<int> count(k, 0);
  for (std::size_t p = 0; p < y.size(); ++p) {
    const int c = rec.changed[p];
    if (c < 0) continue;
    const auto j = static_cast<std::size_t>(c);
    const double dx =
        (rec.points[p * k + j] - rec.points[(p - 1) * k + j]) / (rec.upper[j] - rec.lower[j]);
    const double ee = (y[p] - y[p - 1]) / dx;
    sum_abs[j] += std::fabs(ee);
    sum[j] += ee;
    ++count[j];
  }
  for (const MorrisEffect& e : results[0].morris) {
    const auto j = static_cast<std::size_t>(
        std::find(rec.parameters.begin(), rec.parameters.end(), e.parameter) -
        rec.parameters.begin());
    ASSERT_LT(j, k);
    EXPECT_EQ(e.effects, static_cast<std::size_t>(count[j]));
    EXPECT_NEAR(e.mu_star, sum_abs[j] / count[j], 1e-6 * sum_abs[j] / count[j]);
    EXPECT_NEAR(e.mu, sum[j] / count[j], 1e-6 * std::fabs(sum_abs[j]) / count[j]);
    EXPECT_GE(e.mu_star, std::fabs(e.mu) - 1e-9);
  }
  // More self-referral leaves fewer needs hidden.
  for (const MorrisEffect& e : results[0].morris) {
    if (e.parameter == "parameters.detection.self_referral") {
      EXPECT_LT(e.mu, 0);
    }
  }
  // Ranked by mu*.
  EXPECT_GE(results[0].morris[0].mu_star, results[0].morris[1].mu_star);

  std::ostringstream table;
  write_sensitivity_table(table, data, results, Language::kEnglish);
  EXPECT_NE(table.str().find("self_referral"), std::string::npos);
  std::ostringstream csv;
  write_sensitivity_csv(csv, results, Language::kEnglish);
  const std::string rows = csv.str();
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 1 + 2 * 2);
}

TEST(SensitivityOnStore, LatinHypercubeGivesStandardisedRegressionCoefficients) {
  const Dataset data(test::analysis_store("bologna_lhs_small.yaml"));
  const auto results = sensitivity(data, {"hidden_total"}, {});
  ASSERT_EQ(results.size(), 1U);
  ASSERT_TRUE(results[0].regression);
  const RegressionFit& fit = *results[0].regression;
  EXPECT_EQ(fit.points, 8U);
  EXPECT_GE(fit.r_squared, 0);
  EXPECT_LE(fit.r_squared, 1 + 1e-12);
  for (const auto& c : fit.coefficients) {
    if (c.parameter == "parameters.detection.self_referral") {
      EXPECT_LT(c.src, 0);
    }
  }
}

TEST(SensitivityOnStore, RefusesWhatItCannotAnswer) {
  const Dataset morris(test::analysis_store("bologna_morris_small.yaml"));
  EXPECT_THROW(sensitivity(morris, {"no_such_measure"}, {}), AnalysisError);
  EXPECT_THROW(sensitivity(morris, {"hidden_total:later"}, {}), AnalysisError);
  EXPECT_THROW(sensitivity(morris, {}, {"bologna-elsewhere"}), AnalysisError);
  const Dataset plain(test::analysis_store("bologna_compare.yaml"));
  try {
    sensitivity(plain, {}, {});
    FAIL() << "a store without a sweep must be refused";
  } catch (const AnalysisError& e) {
    EXPECT_NE(std::string(e.what()).find("sweep"), std::string::npos);
  }
}
