// The HTML report of a real store: its sections, charts and maps, the numbers it embeds, and
// zone boundaries from a GeoJSON file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "analysis/compare.hpp"
#include "analysis/dataset.hpp"
#include "analysis/geometry.hpp"
#include "analysis/report.hpp"
#include "analysis_store.hpp"

namespace fs = std::filesystem;
using namespace welfare;
using namespace welfare::analysis;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = 0; (pos = text.find(what, pos)) != std::string::npos; pos += what.size())
    ++n;
  return n;
}

nlohmann::json embedded_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"welfare-data\">";
  const auto begin = html.find(open);
  EXPECT_NE(begin, std::string::npos);
  const auto end = html.find("</script>", begin);
  return nlohmann::json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

}  // namespace

class ReportOnStore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { store_ = test::analysis_store("bologna_compare.yaml"); }
  static fs::path store_;
};
fs::path ReportOnStore::store_;

TEST_F(ReportOnStore, HasEverySectionChartsMapsAndProvenance) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {"bologna-baseline", {}, {}});
  const std::string html = render_report(data, cmp, {Language::kItalian, {}, {}});
  for (const char* id :
       {"summary", "time_series", "map", "comparison", "equity", "costs", "provenance"})
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\""), std::string::npos) << id;
  EXPECT_NE(html.find("<html lang=\"it\">"), std::string::npos);
  EXPECT_NE(html.find("Confronto tra scenari"), std::string::npos);
  EXPECT_EQ(count(html, "<div class=\"chart-box\""), 12U);
  EXPECT_EQ(count(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart"), 12U);
  // Three maps of the baseline, three of the scenario's differences, 6 quartieri each.
  EXPECT_EQ(count(html, "data-zones=\"6\""), 6U);
  // Every run's provenance: 8 runs.
  const std::regex run_row("<tr><td class=\"l\">0000[0-9][0-9]</td>");
  EXPECT_EQ(std::distance(std::sregex_iterator(html.begin(), html.end(), run_row),
                          std::sregex_iterator()),
            8);
  // Self-contained: nothing fetched from elsewhere.
  for (const char* fetch : {"src=\"http", "href=\"http", "url(http", "@import"})
    EXPECT_EQ(html.find(fetch), std::string::npos) << fetch;
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST_F(ReportOnStore, EmbeddedNumbersAreTheComparison) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {"bologna-baseline", {}, {}});
  const std::string html = render_report(data, cmp, {Language::kEnglish, {}, {}});
  const auto doc = embedded_data(html);
  const auto& cells = doc["scenarios"][0]["cells"];
  ASSERT_EQ(cells.size(), cmp.scenarios[0].cells.size());
  for (std::size_t i = 0; i < cells.size(); i += 97) {
    const PairedStat& s = cmp.scenarios[0].cells[i].stat;
    if (std::isnan(s.difference)) continue;
    EXPECT_DOUBLE_EQ(cells[i]["difference"].get<double>(), s.difference);
  }
  // The comparison table's cell carries the same number.
  std::size_t m = 0;
  while (measures()[m].key != "unmet_total")
    ++m;
  double expected = 0;
  for (const auto& c : cmp.scenarios[0].cells)
    if (c.area == 0 && c.measure == m && c.period == Period::kCumulated)
      expected = c.stat.difference;
  const std::regex cell(
      "<td class=\"[a-z]+\" data-measure=\"unmet_total\" data-value=\"([^\"]+)\"");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(html, match, cell));
  EXPECT_NEAR(std::stod(match[1]), expected, 1e-4 * std::max(1.0, std::fabs(expected)));
}

TEST_F(ReportOnStore, BoundariesFromGeoJsonAndBadBoundaryFiles) {
  const Dataset data(store_);
  const Comparison cmp = compare(data, {"bologna-baseline", {}, {}});
  // Boundaries: one square around each quartiere's centroid, named by "nome".
  const fs::path geo = fs::path(::testing::TempDir()) / "welfare_report_squares.geojson";
  {
    nlohmann::json fc = {{"type", "FeatureCollection"}, {"features", nlohmann::json::array()}};
    constexpr double kHalf = 0.01;
    for (const ZoneInfo& z : data.zones()) {
      nlohmann::json ring = nlohmann::json::array();
      for (auto [dx, dy] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}})
        ring.push_back({z.lon + dx * kHalf, z.lat + dy * kHalf});
      fc["features"].push_back({{"type", "Feature"},
                                {"properties", {{"nome", z.name}}},
                                {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}}});
    }
    std::ofstream(geo) << fc.dump();
  }
  ReportSettings settings{Language::kItalian, geo, ""};
  const std::string html = render_report(data, cmp, settings);
  EXPECT_EQ(count(html, "data-zones=\"6\""), 6U);
  EXPECT_NE(html.find("welfare_report_squares.geojson"), std::string::npos);

  // A boundary file missing a zone is refused, naming the zone; no report is written.
  const fs::path partial = fs::path(::testing::TempDir()) / "welfare_report_partial.geojson";
  {
    std::ifstream in(geo);
    auto fc = nlohmann::json::parse(in);
    fc["features"].erase(fc["features"].begin());
    std::ofstream(partial) << fc.dump();
  }
  const fs::path out = fs::path(::testing::TempDir()) / "welfare_report_refused.html";
  fs::remove(out);
  try {
    write_report(out, data, cmp, {Language::kItalian, partial, ""});
    FAIL() << "a boundary file without every zone must be refused";
  } catch (const BoundaryError& e) {
    EXPECT_NE(std::string(e.what()).find(data.zones().front().name), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(out));
}
