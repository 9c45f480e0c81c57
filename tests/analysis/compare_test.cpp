// The comparison's numbers against the raw runs of a real store: a small Bologna batch
// (baseline and welfare community managers, four replicates sharing random streams).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "analysis/compare.hpp"
#include "analysis/dataset.hpp"
#include "analysis/error.hpp"
#include "analysis/measures.hpp"
#include "analysis/output.hpp"
#include "analysis_store.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;
using namespace welfare;
using namespace welfare::analysis;

namespace {

constexpr const char* kBase = "bologna-baseline";
constexpr const char* kManagers = "bologna-community-managers";

const std::vector<std::string> kDomains = {"ltc",     "disability", "family",
                                           "poverty", "mental",     "loneliness"};

const float* series(const store::RunData& run, const std::string& name) {
  for (const auto& i : run.indicators)
    if (i.name == name) return i.values.data();
  ADD_FAILURE() << "no indicator " << name;
  static const std::vector<float> zeros(100000, 0.0F);
  return zeros.data();
}

// Unmet needs (hidden + waiting, every domain) summed over every zone and week: computed
// here from the raw indicators, independently of the analysis library.
double raw_unmet_total(const store::RunData& run) {
  const std::size_t cells = run.weeks.size() * run.zones.ids.size();
  double total = 0;
  for (const auto& d : kDomains) {
    for (const char* state : {"_hidden", "_waiting"}) {
      const float* v = series(run, d + state);
      for (std::size_t i = 0; i < cells; ++i)
        total += v[i];
    }
  }
  return total;
}

const ComparisonCell& cell(const ScenarioComparison& sc, std::size_t area, std::string_view key,
                           Period p) {
  const std::size_t m = measure_index(key);
  for (const auto& c : sc.cells)
    if (c.area == area && c.measure == m && c.period == p) return c;
  ADD_FAILURE() << "no cell " << key;
  return sc.cells.front();
}

}  // namespace

TEST(PairedStat, MeanDifferenceAndStudentInterval) {
  // d = {1, 2, 2}: mean 5/3, sd sqrt(1/3), t(0.975, 2) = 4.302653.
  const PairedStat s = paired({1, 2, 3}, {2, 4, 5});
  EXPECT_EQ(s.n, 3U);
  EXPECT_DOUBLE_EQ(s.baseline, 2.0);
  EXPECT_DOUBLE_EQ(s.scenario, 11.0 / 3);
  EXPECT_NEAR(s.difference, 5.0 / 3, 1e-12);
  const double half = 4.302653 * std::sqrt(1.0 / 3) / std::sqrt(3.0);
  EXPECT_NEAR(s.lower, 5.0 / 3 - half, 1e-5);
  EXPECT_NEAR(s.upper, 5.0 / 3 + half, 1e-5);
  EXPECT_TRUE(s.significant());
  EXPECT_NEAR(s.relative(), (5.0 / 3) / 2, 1e-12);
}

TEST(PairedStat, OneReplicateHasNoIntervalAndNaNPairsAreLeftOut) {
  const PairedStat one = paired({1}, {3});
  EXPECT_EQ(one.n, 1U);
  EXPECT_DOUBLE_EQ(one.difference, 2.0);
  EXPECT_TRUE(std::isnan(one.lower));
  EXPECT_FALSE(one.significant());
  const PairedStat gaps = paired({1, NAN, 3}, {2, 5, NAN});
  EXPECT_EQ(gaps.n, 1U);
  EXPECT_DOUBLE_EQ(gaps.difference, 1.0);
  const PairedStat same = paired({1, 2, 3}, {1, 2, 3});
  EXPECT_DOUBLE_EQ(same.difference, 0.0);
  EXPECT_DOUBLE_EQ(same.lower, 0.0);
  EXPECT_DOUBLE_EQ(same.upper, 0.0);
  EXPECT_FALSE(same.significant());
}

TEST(FormatDifference, SmallDifferencesAreNeverShownAsZero) {
  using welfare::analysis::format_difference;
  using welfare::analysis::Language;
  using welfare::analysis::PairedStat;
  // A Gini difference of 0.00012 with 3 decimals gets the decimals of two significant digits.
  EXPECT_EQ(format_difference(PairedStat{0.024, 0.02412, 0.00012, 0.00011, 0.00013, 10}, 3,
                              Language::kEnglish),
            "+0.00012 [+0.00011, +0.00013]");
  // Differences large enough for the decimals asked keep them; zero stays zero.
  EXPECT_EQ(format_difference(PairedStat{1, 1.5, 0.5, 0.31, 0.77, 10}, 1, Language::kItalian),
            "+0,5 [+0,3; +0,8]");
  EXPECT_EQ(format_difference(PairedStat{1, 1, 0, 0, 0, 10}, 3, Language::kEnglish),
            "0.000 [0.000, 0.000]");
}

TEST(WeightedGini, KnownValues) {
  EXPECT_DOUBLE_EQ(weighted_gini({2, 2, 2}, {1, 5, 9}), 0.0);
  // Two equal groups at 0 and 1: sum w_i w_j |x_i - x_j| = 2 (1)(1)(1); 2 W^2 mean = 2 * 4 * 0.5.
  EXPECT_DOUBLE_EQ(weighted_gini({0, 1}, {1, 1}), 0.5);
  // Weights count: most of the population at 1, a little at 0.
  EXPECT_NEAR(weighted_gini({0, 1}, {1, 3}), 2.0 * 1 * 3 / (2.0 * 16 * 0.75), 1e-12);
  // A zone without residents does not count.
  EXPECT_DOUBLE_EQ(weighted_gini({0, 1, 1}, {0, 1, 1}), 0.0);
}

class CompareOnStore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { store_ = test::analysis_store("bologna_compare.yaml"); }
  static fs::path store_;
};
fs::path CompareOnStore::store_;

TEST_F(CompareOnStore, DatasetListsVariantsZonesAndDistricts) {
  const Dataset data(store_);
  ASSERT_EQ(data.variants().size(), 2U);
  EXPECT_EQ(data.variants()[0].key, kBase);
  EXPECT_EQ(data.variants()[1].key, kManagers);
  EXPECT_EQ(data.variants()[1].runs.size(), 4U);
  EXPECT_EQ(data.zones().size(), 6U);
  EXPECT_EQ(data.default_language(), Language::kItalian);  // the territory says it
  EXPECT_EQ(data.window_weeks().size(), 52U);
  // Every zone has its centroid from the scenario text (Bologna is near 11.3 E, 44.5 N).
  for (const auto& z : data.zones()) {
    EXPECT_NEAR(z.lon, 11.3, 0.2) << z.name;
    EXPECT_NEAR(z.lat, 44.5, 0.1) << z.name;
  }
  ASSERT_EQ(data.variants()[1].info.levers.size(), 1U);
  EXPECT_EQ(data.variants()[1].info.levers[0].type, "welfare_community_managers");
  EXPECT_EQ(data.variants()[1].info.levers[0].start_week, 13);
}

TEST_F(CompareOnStore, AreasAreMatchedByIdOrNameThenIgnoringCase) {
  const Dataset data(store_);
  const AreaMatch navile = data.match_area("Navile");
  ASSERT_EQ(navile.zones.size(), 1u);
  EXPECT_EQ(data.zones()[navile.zones.front()].id, "12");
  EXPECT_EQ(data.match_area("12").zones, navile.zones);
  EXPECT_EQ(data.match_area("navile").zones, navile.zones);  // no exact match: case ignored
  EXPECT_TRUE(data.match_area("navile").districts.empty());
  const AreaMatch city = data.match_area("comune di bologna");
  ASSERT_EQ(city.districts.size(), 1u);
  EXPECT_TRUE(city.zones.empty());
  EXPECT_TRUE(data.match_area("Nowhere").empty());
}

TEST_F(CompareOnStore, MeasuresMatchTheRawIndicators) {
  const Dataset data(store_);
  const store::StoreReader reader(store_);
  const store::RunData run = reader.read_run(data.variants()[0].runs[0].id);
  const RunMeasures& rm = data.measures(0, 0);
  std::vector<std::size_t> all(data.zones().size());
  for (std::size_t z = 0; z < all.size(); ++z)
    all[z] = z;
  const double expected = raw_unmet_total(run);
  EXPECT_NEAR(rm.value(measure_index("unmet_total"), Period::kCumulated, all), expected,
              1e-9 * expected);

  // Coverage of a zone in the last week, from counts, equals the engine's own indicator.
  const std::size_t zones = run.zones.ids.size();
  const std::size_t last = run.weeks.size() - 1;
  const float* engine_coverage = series(run, "coverage");
  for (std::size_t z = 0; z < zones; ++z) {
    const double ours = rm.zone_value(measure_index("coverage"), Period::kEnd, z);
    EXPECT_NEAR(ours / 100, engine_coverage[last * zones + z], 1e-5) << "zone " << z;
  }

  // A sum over districts is the territory's; a ratio is not a sum but lies between them.
  for (const char* key : {"unmet_total", "spending_total", "escalations_total"}) {
    double by_district = 0;
    for (const auto& d : data.districts())
      by_district += rm.value(measure_index(key), Period::kCumulated, d.zones);
    const double whole = rm.value(measure_index(key), Period::kCumulated, all);
    EXPECT_NEAR(by_district, whole, 1e-9 * std::max(1.0, whole)) << key;
  }
}

TEST_F(CompareOnStore, DifferencesArePairedReplicateMeansOfTheRawRuns) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {kBase, {}, {}});
  ASSERT_EQ(cmp.scenarios.size(), 1U);
  const ScenarioComparison& sc = cmp.scenarios[0];
  ASSERT_EQ(cmp.areas.front().level, AreaLevel::kTerritory);
  EXPECT_EQ(cmp.areas.size(), 1U + data.districts().size() + data.zones().size());

  const store::StoreReader reader(store_);
  std::vector<double> d;
  for (std::uint32_t r = 0; r < 4; ++r) {
    const auto b = reader.find_run(kBase, 0, r);
    const auto s = reader.find_run(kManagers, 0, r);
    ASSERT_TRUE(b && s);
    d.push_back(raw_unmet_total(reader.read_run(*s)) - raw_unmet_total(reader.read_run(*b)));
  }
  double mean = 0;
  for (double x : d)
    mean += x / 4;
  const PairedStat& stat = cell(sc, 0, "unmet_total", Period::kCumulated).stat;
  EXPECT_EQ(stat.n, 4U);
  EXPECT_NEAR(stat.difference, mean, 1e-6 * std::max(1.0, std::fabs(mean)));
  EXPECT_LE(stat.lower, stat.difference);
  EXPECT_GE(stat.upper, stat.difference);
}

TEST_F(CompareOnStore, CommonRandomNumbersGiveNoDifferenceBeforeTheLeverStarts) {
  // The managers start in week 13: until then both scenarios are the same runs.
  const Dataset data(store_, parse_week_range("1:12"));
  const Comparison cmp = compare(data, {kBase, {}, {}});
  for (const auto& c : cmp.scenarios[0].cells) {
    if (std::isnan(c.stat.difference)) continue;
    EXPECT_EQ(c.stat.difference, 0.0) << measures()[c.measure].key;
    EXPECT_EQ(c.stat.upper - c.stat.lower, 0.0) << measures()[c.measure].key;
  }
}

TEST_F(CompareOnStore, CommunityManagersFindHiddenNeedsAndCostMoney) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {kBase, {}, {}});
  const ScenarioComparison& sc = cmp.scenarios[0];
  // Proactive outreach: fewer hidden needs over the year, and the managers are paid.
  const PairedStat& hidden = cell(sc, 0, "hidden_total", Period::kCumulated).stat;
  EXPECT_LT(hidden.difference, 0);
  EXPECT_TRUE(hidden.significant()) << hidden.lower << " " << hidden.upper;
  const PairedStat& levers = cell(sc, 0, "spending_policies", Period::kCumulated).stat;
  EXPECT_GT(levers.difference, 0);
  EXPECT_EQ(levers.baseline, 0);
  // Net cost is the difference in total spending; investment minus avoided downstream costs.
  EXPECT_NEAR(sc.costs.net_cost.difference,
              sc.costs.investment.difference - sc.costs.downstream_avoided.difference,
              1e-6 * std::fabs(sc.costs.net_cost.difference) + 1e-6);
  EXPECT_NEAR(sc.costs.net_cost.difference,
              cell(sc, 0, "spending_total", Period::kCumulated).stat.difference, 1e-6);
}

TEST_F(CompareOnStore, EquityRowsAndVerdicts) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {kBase, {}, {}});
  const auto& eq = cmp.scenarios[0].equity;
  EXPECT_EQ(eq.size(), equity_measures().size() * 2 + 4);
  for (const EquityRow& e : eq) {
    if (e.statistic == "gini_across_zones") {
      EXPECT_GE(e.stat.baseline, 0);
      EXPECT_LT(e.stat.baseline, 1);
    }
    if (e.statistic == "worst_best_ratio" && e.measure != "coverage") {
      EXPECT_GE(e.stat.baseline, 1) << e.measure;
    }
    if (e.stat.n >= 2 && e.stat.upper < 0 && e.statistic == "gini_across_zones") {
      EXPECT_EQ(e.verdict, Verdict::kNarrows);
    }
  }
}

TEST_F(CompareOnStore, ZonesFilterAndBadRequests) {
  const Dataset data(store_);
  const std::string district = data.districts().front().name;
  const Comparison cmp = compare(data, {kBase, {}, {district}});
  // The territory, that district and its zones.
  EXPECT_EQ(cmp.areas.size(), 2U + data.districts().front().zones.size());

  try {
    compare(data, {"bologna-nothing", {}, {}});
    FAIL() << "an unknown baseline must be refused";
  } catch (const AnalysisError& e) {
    EXPECT_NE(std::string(e.what()).find(kManagers), std::string::npos) << e.what();
  }
  EXPECT_THROW(compare(data, {kBase, {}, {"Atlantis"}}), AnalysisError);
  EXPECT_THROW(compare(data, {kBase, {kBase, "x"}, {}}), AnalysisError);
  EXPECT_THROW(Dataset(store_, parse_week_range("40:60")), AnalysisError);
  EXPECT_THROW(parse_week_range("1-52"), AnalysisError);
  EXPECT_THROW(parse_week_range("9:3"), AnalysisError);
}

TEST_F(CompareOnStore, CsvIsTidyAndMatchesTheComparison) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {kBase, {}, {}});
  const fs::path dir = fs::path(::testing::TempDir()) / "welfare_compare_csv";
  fs::remove_all(dir);
  write_comparison_csv(dir, data, cmp, Language::kEnglish);
  for (const char* f : {"comparison.csv", "equity.csv", "costs.csv", "scenarios.csv"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_NE(entry.path().extension(), ".tmp");

  std::ifstream in(dir / "comparison.csv");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("scenario,baseline,level,area_id", 0), 0U);
  std::size_t rows = 0;
  bool found = false;
  const double expected =
      cell(cmp.scenarios[0], 0, "unmet_total", Period::kCumulated).stat.difference;
  while (std::getline(in, line)) {
    ++rows;
    if (line.find(",territory,") != std::string::npos &&
        line.find(",unmet_total,") != std::string::npos &&
        line.find(",cumulated,") != std::string::npos &&
        line.find(",difference,") != std::string::npos) {
      // value is the 14th field; fields with commas are quoted.
      std::vector<std::string> fields(1);
      bool quoted = false;
      for (char ch : line) {
        if (ch == '"') {
          quoted = !quoted;
        } else if (ch == ',' && !quoted) {
          fields.emplace_back();
        } else {
          fields.back() += ch;
        }
      }
      ASSERT_GE(fields.size(), 14U);
      EXPECT_NEAR(std::stod(fields[13]), expected, 1e-9 * std::max(1.0, std::fabs(expected)));
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(rows, cmp.areas.size() * measures().size() * kPeriodCount * 5);
}

TEST_F(CompareOnStore, JsonHoldsEveryCell) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {kBase, {}, {}});
  std::ostringstream out;
  write_comparison_json(out, data, cmp, Language::kItalian);
  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["baseline"], kBase);
  EXPECT_EQ(doc["language"], "it");
  ASSERT_EQ(doc["scenarios"].size(), 1U);
  EXPECT_EQ(doc["scenarios"][0]["cells"].size(), cmp.scenarios[0].cells.size());
  const auto& c0 = doc["scenarios"][0]["cells"][0];
  EXPECT_EQ(c0["measure"], measures()[cmp.scenarios[0].cells[0].measure].key);
}

TEST_F(CompareOnStore, TerminalTableInBothLanguages) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {kBase, {}, {}});
  std::ostringstream it;
  write_comparison_table(it, data, cmp, Language::kItalian);
  EXPECT_NE(it.str().find("PROTEZIONE"), std::string::npos);
  EXPECT_NE(it.str().find("Bisogni non soddisfatti"), std::string::npos);
  std::ostringstream en;
  write_comparison_table(en, data, cmp, Language::kEnglish);
  EXPECT_NE(en.str().find("PROTECTION"), std::string::npos);
  EXPECT_NE(en.str().find("Unmet needs"), std::string::npos);
  EXPECT_EQ(en.str().find("Bisogni"), std::string::npos);
}
