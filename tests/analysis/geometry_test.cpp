#include "analysis/geometry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace welfare::analysis {
namespace {

constexpr double kMargin = 0.08;
constexpr double kAreaTolerance = 1e-6;  // relative
constexpr double kBolognaLon = 11.34;
constexpr double kBolognaLat = 44.49;
constexpr double kCitySpan = 0.2;  // degrees across the made-up city
constexpr int kCityZones = 88;
constexpr int kSamplesPerSide = 60;

// Deterministic made-up centroids spread over a city (a small linear congruential generator,
// so the points are the same on every platform).
std::vector<Point> city_centroids(int n) {
  std::uint64_t state = 12345;
  const auto next = [&] {
    constexpr std::uint64_t kMultiplier = 6364136223846793005ULL;
    constexpr std::uint64_t kIncrement = 1442695040888963407ULL;
    constexpr int kShift = 11;
    constexpr double kScale = 1.0 / 9007199254740992.0;  // 2^-53
    state = state * kMultiplier + kIncrement;
    return static_cast<double>(state >> kShift) * kScale;
  };
  std::vector<Point> pts;
  for (int i = 0; i < n; ++i) {
    pts.push_back(
        {kBolognaLon + (next() - 0.5) * kCitySpan, kBolognaLat + (next() - 0.5) * kCitySpan * 0.6});
  }
  return pts;
}

double shape_area(const ZoneShape& s) {
  double a = 0;
  for (const Ring& r : s.rings)
    a += std::abs(signed_area(r));
  return a;
}

double box_area(const Box& b) {
  return b.width() * b.height();
}

// The local projection, written out here rather than taken from the code under test.
struct Ground {
  double lat0 = 0;
  double cos_lat0 = 1;
};

Ground mean_projection(const std::vector<Point>& pts) {
  double lat = 0;
  for (const Point& p : pts)
    lat += p.y;
  lat /= static_cast<double>(pts.size());
  return {lat, std::cos(lat * std::numbers::pi / 180)};
}

// Squared distance on the ground (in degrees of latitude), the metric cells are defined in.
double ground_distance2(const Ground& g, Point a, Point b) {
  const double dx = (a.x - b.x) * g.cos_lat0;
  const double dy = a.y - b.y;
  return dx * dx + dy * dy;
}

// The checks every tiling must pass: one cell per centroid, each containing its centroid
// (unless `on_boundary_ok`), areas summing to the box, every sampled point in a cell nearer to
// that cell's centroid than to any other.
void expect_voronoi(const std::vector<Point>& pts, bool centroids_inside = true) {
  const auto cells = voronoi_cells(pts, kMargin);
  ASSERT_EQ(cells.size(), pts.size());
  const Box box = voronoi_box(pts, kMargin);
  double total = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    ASSERT_EQ(cells[i].rings.size(), 1U) << "cell " << i;
    EXPECT_GT(signed_area(cells[i].rings[0]), 0) << "cell " << i << " is not counter-clockwise";
    if (centroids_inside) {
      EXPECT_TRUE(contains(cells[i].rings[0], pts[i])) << "centroid " << i << " outside its cell";
    }
    for (const Point& p : cells[i].rings[0]) {
      EXPECT_GE(p.x, box.min_x - 1e-12);
      EXPECT_LE(p.x, box.max_x + 1e-12);
      EXPECT_GE(p.y, box.min_y - 1e-12);
      EXPECT_LE(p.y, box.max_y + 1e-12);
    }
    total += shape_area(cells[i]);
  }
  EXPECT_NEAR(total, box_area(box), kAreaTolerance * box_area(box));

  const Ground proj = mean_projection(pts);
  int sampled = 0;
  for (int a = 0; a < kSamplesPerSide; ++a) {
    for (int b = 0; b < kSamplesPerSide; ++b) {
      const Point q{box.min_x + (a + 0.5) / kSamplesPerSide * box.width(),
                    box.min_y + (b + 0.5) / kSamplesPerSide * box.height()};
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (!contains(cells[i].rings[0], q)) continue;
        ++sampled;
        const double own = ground_distance2(proj, q, pts[i]);
        for (std::size_t j = 0; j < pts.size(); ++j) {
          EXPECT_LE(own, ground_distance2(proj, q, pts[j]) * (1 + 1e-9))
              << "sample (" << q.x << ", " << q.y << ") in cell " << i << " is nearer to " << j;
        }
      }
    }
  }
  // Every sample lies in a cell (and, away from the edges, in one only).
  EXPECT_GE(sampled, kSamplesPerSide * kSamplesPerSide);
}

TEST(Voronoi, CityOf88ZonesTilesTheBoxWithNearestCentroidCells) {
  expect_voronoi(city_centroids(kCityZones));
}

TEST(Voronoi, CellsAreNearestOnTheGroundNotInRawDegrees) {
  // Two centroids on a diagonal: the edge between their cells is the bisector on the ground
  // (longitude scaled by cos 44.5 = 0.71), which in raw degrees is not equidistant.
  const std::vector<Point> pts{{11.30, 44.50}, {11.32, 44.51}};
  const auto cells = voronoi_cells(pts, kMargin);
  const Ground proj = mean_projection(pts);
  int on_edge = 0;
  for (const Point& v : cells[0].rings[0]) {
    const double a = ground_distance2(proj, v, pts[0]);
    const double b = ground_distance2(proj, v, pts[1]);
    if (std::abs(a - b) > 1e-9 * a) continue;
    ++on_edge;
    const double raw_a = std::hypot(v.x - pts[0].x, v.y - pts[0].y);
    const double raw_b = std::hypot(v.x - pts[1].x, v.y - pts[1].y);
    EXPECT_GT(std::abs(raw_a - raw_b), 0.01 * raw_a) << "the projection made no difference";
  }
  EXPECT_EQ(on_edge, 2);
  expect_voronoi(pts);
}

TEST(Voronoi, OneCentroidGetsTheWholeBox) {
  const std::vector<Point> pts{{kBolognaLon, kBolognaLat}};
  const auto cells = voronoi_cells(pts, kMargin);
  ASSERT_EQ(cells.size(), 1U);
  const Box box = voronoi_box(pts, kMargin);
  EXPECT_GT(box_area(box), 0);
  EXPECT_NEAR(box.min_y + box.max_y, 2 * kBolognaLat, 1e-12);
  EXPECT_NEAR(box.height(), 2 * kLoneCentroidHalfSide, 1e-12);
  EXPECT_NEAR(shape_area(cells[0]), box_area(box), kAreaTolerance * box_area(box));
  expect_voronoi(pts);
}

TEST(Voronoi, TwoCentroidsSplitTheBoxAtTheBisector) {
  const std::vector<Point> pts{{11.30, 44.50}, {11.36, 44.46}};
  const auto cells = voronoi_cells(pts, kMargin);
  // A box centred on the midpoint, split by a line through it: two equal halves.
  EXPECT_NEAR(shape_area(cells[0]), shape_area(cells[1]), kAreaTolerance * shape_area(cells[0]));
  expect_voronoi(pts);
}

TEST(Voronoi, CollinearCentroidsGetStrips) {
  std::vector<Point> horizontal;
  std::vector<Point> diagonal;
  std::vector<Point> vertical;
  for (int i = 0; i < 5; ++i) {
    const double step = 0.01 * (i * i + 1);  // uneven spacing
    horizontal.push_back({11.3 + step, 44.5});
    diagonal.push_back({11.3 + step, 44.5 + step});
    vertical.push_back({11.3, 44.5 + step});
  }
  expect_voronoi(horizontal);
  expect_voronoi(diagonal);
  expect_voronoi(vertical);
  const Box box = voronoi_box(horizontal, 0.0);
  EXPECT_NEAR(box.height() / box.width(),
              kMinimumSideShare * std::cos(44.5 * std::numbers::pi / 180), 1e-9);
}

TEST(Voronoi, CoincidingCentroidsSplitTheirCellIntoSectors) {
  const std::vector<Point> pts{
      {11.30, 44.50}, {11.35, 44.52}, {11.30, 44.50}, {11.33, 44.47}, {11.30, 44.50}};
  const auto cells = voronoi_cells(pts, kMargin);
  ASSERT_EQ(cells.size(), pts.size());
  const Box box = voronoi_box(pts, kMargin);
  double total = 0;
  for (const ZoneShape& c : cells) {
    ASSERT_EQ(c.rings.size(), 1U);
    EXPECT_GT(shape_area(c), 0);
    total += shape_area(c);
  }
  EXPECT_NEAR(total, box_area(box), kAreaTolerance * box_area(box));
  // The shared point is a corner of each of the three sectors.
  for (const std::size_t i : {0U, 2U, 4U}) {
    const bool corner =
        std::any_of(cells[i].rings[0].begin(), cells[i].rings[0].end(), [&](const Point& p) {
          return std::abs(p.x - pts[i].x) < 1e-12 && std::abs(p.y - pts[i].y) < 1e-12;
        });
    EXPECT_TRUE(corner) << "duplicate centroid " << i;
  }
  EXPECT_TRUE(contains(cells[1].rings[0], pts[1]));
  EXPECT_TRUE(contains(cells[3].rings[0], pts[3]));
  // Deterministic.
  const auto again = voronoi_cells(pts, kMargin);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    ASSERT_EQ(again[i].rings[0].size(), cells[i].rings[0].size());
    for (std::size_t k = 0; k < cells[i].rings[0].size(); ++k) {
      EXPECT_EQ(again[i].rings[0][k].x, cells[i].rings[0][k].x);
      EXPECT_EQ(again[i].rings[0][k].y, cells[i].rings[0][k].y);
    }
  }
}

TEST(Voronoi, RejectsBadInputAndAcceptsNone) {
  EXPECT_THROW(voronoi_cells({{1, 2}}, -0.1), std::invalid_argument);
  EXPECT_THROW(voronoi_cells({{1, 2}}, NAN), std::invalid_argument);
  EXPECT_THROW(voronoi_cells({{1, NAN}}, kMargin), std::invalid_argument);
  EXPECT_TRUE(voronoi_cells({}, kMargin).empty());
}

TEST(Voronoi, EightyEightCentroidsTakeWellUnderTenMilliseconds) {
  const auto pts = city_centroids(kCityZones);
  constexpr int kRepeats = 5;
  auto best = std::chrono::nanoseconds::max();
  for (int r = 0; r < kRepeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const auto cells = voronoi_cells(pts, kMargin);
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(cells.size(), pts.size());
    best = std::min(best, std::chrono::duration_cast<std::chrono::nanoseconds>(took));
  }
  RecordProperty("best_microseconds", std::to_string(best.count() / 1000));
  EXPECT_LT(best, std::chrono::milliseconds(10));
}

// --- GeoJSON -----------------------------------------------------------------------------------

const std::string kSquares = std::string(WELFARE_TEST_DATA) + "/analysis/squares.geojson";
const std::vector<std::string> kIds{"A1", "B2", "C3", "D4"};
const std::vector<std::string> kNames{"North", "South", "East", "West"};

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::path(testing::TempDir()) / "welfare_geometry_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string error_of(const std::filesystem::path& file, const std::vector<std::string>& ids,
                     const std::vector<std::string>& names, const std::string& key = "") {
  try {
    read_geojson_boundaries(file, ids, names, key);
  } catch (const BoundaryError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no BoundaryError for " << file;
  return "";
}

void expect_squares(const std::vector<ZoneShape>& shapes) {
  ASSERT_EQ(shapes.size(), 4U);
  constexpr double kSquare = 1e-4;  // 0.01 x 0.01 degrees
  ASSERT_EQ(shapes[0].rings.size(), 1U);
  EXPECT_EQ(shapes[0].rings[0].size(), 4U);  // the closing point dropped
  EXPECT_NEAR(shape_area(shapes[0]), kSquare, 1e-12);
  EXPECT_DOUBLE_EQ(shapes[0].rings[0][0].x, 11.30);
  EXPECT_DOUBLE_EQ(shapes[0].rings[0][0].y, 44.51);
  ASSERT_EQ(shapes[1].rings.size(), 1U);  // the hole dropped
  EXPECT_NEAR(shape_area(shapes[1]), kSquare, 1e-12);
  ASSERT_EQ(shapes[2].rings.size(), 2U);  // the MultiPolygon
  EXPECT_NEAR(shape_area(shapes[2]), kSquare * 1.25, 1e-12);
  ASSERT_EQ(shapes[3].rings.size(), 1U);
  EXPECT_DOUBLE_EQ(shapes[3].rings[0][0].x, 11.28);
}

TEST(GeoJson, MatchesZonesByIdIgnoringCaseAndTheFeatureThatIsNoZone) {
  expect_squares(read_geojson_boundaries(kSquares, kIds, kNames));
  expect_squares(read_geojson_boundaries(kSquares, kIds, {}));
}

TEST(GeoJson, MatchesZonesByTrimmedNameWhenNoPropertyHoldsTheIds) {
  expect_squares(read_geojson_boundaries(kSquares, {"z1", "z2", "z3", "z4"},
                                         {"north", "South", "EAST", "West"}));
}

TEST(GeoJson, MatchesByTheKeyGivenWithNumbersComparedAsText) {
  expect_squares(
      read_geojson_boundaries(kSquares, {"37001", "37002", "37003", "37004"}, kNames, "istat"));
  expect_squares(read_geojson_boundaries(kSquares, {"q", "r", "s", "t"}, kNames, "label"));
}

TEST(GeoJson, ReturnsShapesInTheZonesOrder) {
  const auto shapes = read_geojson_boundaries(kSquares, {"D4", "A1"}, {"West", "North"});
  ASSERT_EQ(shapes.size(), 2U);
  EXPECT_DOUBLE_EQ(shapes[0].rings[0][0].x, 11.28);
  EXPECT_DOUBLE_EQ(shapes[1].rings[0][0].y, 44.51);
}

TEST(GeoJson, SyntaxErrorGivesLineAndColumn) {
  const auto file = write_temp("syntax.geojson",
                               "{\n"
                               "  \"type\": \"FeatureCollection\",\n"
                               "  \"features\": [}\n");
  const std::string e = error_of(file, kIds, kNames);
  EXPECT_EQ(e.rfind(file.string() + ":3:16: JSON syntax error", 0), 0U) << e;
  EXPECT_NE(e.find("; expected"), std::string::npos) << e;
  EXPECT_NE(e.find("unexpected '}'"), std::string::npos) << e;
}

TEST(GeoJson, SyntaxErrorColumnCountsCharactersNotBytes) {
  const auto file =
      write_temp("accent.geojson", "{\"type\": \"FeatureCollection\",\n\"città\": 1 x}");
  const std::string e = error_of(file, kIds, kNames);
  EXPECT_EQ(e.rfind(file.string() + ":2:12: ", 0), 0U) << e;
}

TEST(GeoJson, SyntaxErrorAtTheEndOfTheFile) {
  const auto file =
      write_temp("truncated.geojson", "{\"type\": \"FeatureCollection\",\n  \"features\": [");
  const std::string e = error_of(file, kIds, kNames);
  EXPECT_EQ(e.rfind(file.string() + ":2:16: ", 0), 0U) << e;
  EXPECT_NE(e.find("end of input"), std::string::npos) << e;
}

TEST(GeoJson, MissingZoneIsNamedWithThePropertiesAvailable) {
  const std::string e =
      error_of(kSquares, {"A1", "B2", "C3", "Q7"}, {"North", "South", "East", "Nowhere"});
  EXPECT_EQ(e.rfind(kSquares + ": ", 0), 0U) << e;
  EXPECT_NE(e.find("\"Q7\" (Nowhere)"), std::string::npos) << e;
  EXPECT_NE(e.find("\"code\" (by id, 3 of 4 zones)"), std::string::npos) << e;
  for (const char* p : {"\"code\"", "\"label\"", "\"istat\""}) {
    EXPECT_NE(e.find(p), std::string::npos) << p << " not listed: " << e;
  }
  const std::string with_key = error_of(kSquares, {"A1", "B2", "C3", "Q7"}, {}, "code");
  EXPECT_NE(with_key.find("property \"code\" has no feature for zone \"Q7\""), std::string::npos)
      << with_key;
  const std::string unknown_key = error_of(kSquares, kIds, kNames, "nome");
  EXPECT_NE(unknown_key.find("property \"nome\""), std::string::npos) << unknown_key;
}

TEST(GeoJson, WrongGeometryTypeNamesTheFeature) {
  const std::string e = error_of(kSquares, {"A1", "X9"}, {});
  EXPECT_EQ(e.rfind(kSquares + ": features[4] (code: \"X9\") has geometry type \"Point\"", 0), 0U)
      << e;
  EXPECT_NE(e.find("expected Polygon or MultiPolygon"), std::string::npos) << e;
}

TEST(GeoJson, RejectsWhatIsNotAFeatureCollection) {
  const auto feature = write_temp("feature.geojson",
                                  R"({"type": "Feature", "properties": {"code": "A1"},
                                      "geometry": {"type": "Polygon", "coordinates": []}})");
  const std::string e = error_of(feature, kIds, kNames);
  EXPECT_EQ(
      e, feature.string() + ": the top level is \"Feature\"; expected a GeoJSON FeatureCollection");
  const auto array = write_temp("array.geojson", "[1, 2, 3]");
  EXPECT_NE(error_of(array, kIds, kNames).find("expected a GeoJSON FeatureCollection"),
            std::string::npos);
}

TEST(GeoJson, RejectsProjectedCoordinates) {
  const auto utm = write_temp("utm.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"code": "A1"}, "geometry": {"type": "Polygon",
     "coordinates": [[[686000, 4930000], [687000, 4930000], [687000, 4931000], [686000, 4930000]]]}}]})");
  const std::string e = error_of(utm, {"A1"}, {});
  EXPECT_NE(e.find("features[0]"), std::string::npos) << e;
  EXPECT_NE(e.find("EPSG:4326"), std::string::npos) << e;
}

TEST(GeoJson, MissingFileIsABoundaryError) {
  const std::string e = error_of("/nonexistent/zones.geojson", kIds, kNames);
  EXPECT_EQ(e.rfind("/nonexistent/zones.geojson: cannot open", 0), 0U) << e;
}

}  // namespace
}  // namespace welfare::analysis
