#include "viz/core/map_geometry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace welfare::viz {
namespace {

using analysis::Box;
using analysis::Point;
using analysis::Ring;
using analysis::ZoneShape;

constexpr double kAreaTolerance = 1e-9;       // relative
constexpr double kDegreeTolerance = 1e-9;     // positions computed from the same numbers
constexpr double kRoundTripDegrees = 1e-5;    // through float screen coordinates (about 1 m)
constexpr double kAspectTolerance = 1e-4;     // of a ratio of float screen lengths
constexpr double kPixelTolerance = 1e-3;      // float screen coordinates of a few hundred px
constexpr double kSmallUnit = 0.001;          // degrees per unit of the made-up shapes
constexpr double kRaggedMinRadius = 0.01;     // degrees
constexpr double kRaggedRadiusSpread = 0.04;  // degrees
constexpr double kHexagonRadius = 0.01;       // degrees
constexpr std::size_t kRaggedPoints = 300;
constexpr int kCombTeeth = 7;
constexpr int kSmallCombTeeth = 5;
constexpr std::size_t kSmallStarPoints = 40;
constexpr double kMilanLon = 9.19;
constexpr double kMilanLat = 45.46;
constexpr double kDegreesToRadians = std::numbers::pi / 180.0;
constexpr std::size_t kStarPoints = 5000;
constexpr double kStarOuter = 0.05;  // degrees
constexpr double kStarInner = 0.02;
// A 5,000-point ring must triangulate in well under a second, even in a slow build.
constexpr auto kStarTimeLimit = std::chrono::milliseconds(500);

double triangle_area(const Triangle& t) {
  return ((t.b.x - t.a.x) * (t.c.y - t.a.y) - (t.b.y - t.a.y) * (t.c.x - t.a.x)) / 2;
}

double total_area(const std::vector<Triangle>& triangles) {
  double sum = 0;
  for (const Triangle& t : triangles)
    sum += triangle_area(t);
  return sum;
}

// |area| of a ring, computed relative to its first point: the shoelace formula on raw
// longitudes and latitudes loses digits to the large coordinates (45 x 9 against areas of
// 1e-6 square degrees).
double ring_area(const Ring& ring) {
  Ring local;
  for (const Point& p : ring)
    local.push_back({p.x - ring.front().x, p.y - ring.front().y});
  return std::abs(analysis::signed_area(local));
}

Ring reversed(Ring r) {
  std::reverse(r.begin(), r.end());
  return r;
}

// Moves a ring made in small whole units to the Milan area (as a boundary file's would be).
Ring near_milan(const Ring& r, double unit = kSmallUnit) {
  Ring out;
  for (const Point& p : r)
    out.push_back({kMilanLon + p.x * unit, kMilanLat + p.y * unit});
  return out;
}

// The checks every triangulation must pass: triangles counter-clockwise and not degenerate,
// adding up to the ring's area, each with its centroid inside the ring; at most n - 2 of
// them (fewer when points become collinear as ears are cut off: they are dropped).
void expect_covers(const Ring& ring, const std::vector<Triangle>& triangles) {
  const double area = ring_area(ring);
  ASSERT_GT(area, 0);
  EXPECT_LE(triangles.size(), ring.size() - 2);
  EXPECT_NEAR(total_area(triangles), area, area * kAreaTolerance);
  for (const Triangle& t : triangles) {
    EXPECT_GT(triangle_area(t), 0);
    const Point centroid{(t.a.x + t.b.x + t.c.x) / 3, (t.a.y + t.b.y + t.c.y) / 3};
    EXPECT_TRUE(analysis::contains(ring, centroid)) << centroid.x << " " << centroid.y;
  }
}

Ring l_shape() {
  return near_milan({{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 3}, {0, 3}});
}

// A comb: a bar along the bottom with `teeth` teeth pointing up, counter-clockwise.
Ring comb(int teeth) {
  Ring r{{0, 0}, {static_cast<double>(2 * teeth - 1), 0}};
  for (int k = teeth - 1; k >= 0; --k) {
    const double right = 2.0 * k + 1;
    const double left = 2.0 * k;
    r.push_back({right, 3});
    r.push_back({left, 3});
    if (k > 0) {
      r.push_back({left, 1});
      r.push_back({left - 1, 1});
    }
  }
  return near_milan(r);
}

// A star: points alternately on two circles around Milan.
Ring star(std::size_t points) {
  Ring r;
  for (std::size_t i = 0; i < points; ++i) {
    const double angle =
        2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(points);
    const double radius = i % 2 == 0 ? kStarOuter : kStarInner;
    r.push_back({kMilanLon + radius * std::cos(angle), kMilanLat + radius * std::sin(angle)});
  }
  return r;
}

// A simple polygon with a ragged outline: points at increasing angles and pseudo-random
// distances from the centre (a small linear congruential generator, the same on every
// platform).
Ring ragged(std::size_t points) {
  std::uint64_t state = 42;
  Ring r;
  for (std::size_t i = 0; i < points; ++i) {
    constexpr std::uint64_t kMultiplier = 6364136223846793005ULL;
    constexpr std::uint64_t kIncrement = 1442695040888963407ULL;
    constexpr int kShift = 11;
    constexpr double kScale = 1.0 / 9007199254740992.0;  // 2^-53
    state = state * kMultiplier + kIncrement;
    const double radius =
        kRaggedMinRadius + kRaggedRadiusSpread * static_cast<double>(state >> kShift) * kScale;
    const double angle =
        2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(points);
    r.push_back({kMilanLon + radius * std::cos(angle), kMilanLat + radius * std::sin(angle)});
  }
  return r;
}

// A spiral strip: out along one arm and back along another just inside it, so that most
// corners on the inner side are reflex and most ears are long and thin.
Ring spiral(std::size_t points) {
  constexpr double kTurns = 5;
  constexpr double kInnerRadius = 0.01;  // degrees
  constexpr double kGrowth = 0.1;        // degrees over the whole spiral
  constexpr double kStripWidth = 0.005;  // degrees
  const std::size_t half = points / 2;
  Ring r;
  const auto at = [&](std::size_t i, double offset) {
    const double t = static_cast<double>(i) / static_cast<double>(half);
    const double angle = 2 * std::numbers::pi * kTurns * t;
    const double radius = kInnerRadius + kGrowth * t - offset;
    return Point{kMilanLon + radius * std::cos(angle), kMilanLat + radius * std::sin(angle)};
  };
  for (std::size_t i = 0; i < half; ++i)
    r.push_back(at(i, 0));
  for (std::size_t i = half; i-- > 0;)
    r.push_back(at(i, kStripWidth));
  return r;
}

ZoneShape square_shape(double x0, double y0, double side) {
  return ZoneShape{{{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}}}};
}

// --- triangulate ------------------------------------------------------------------------------

TEST(Triangulate, ConvexPolygons) {
  const Ring square = near_milan({{0, 0}, {2, 0}, {2, 2}, {0, 2}});
  const auto t = triangulate(square);
  EXPECT_EQ(t.size(), 2u);
  expect_covers(square, t);

  Ring hexagon;
  constexpr int kSides = 6;
  for (int i = 0; i < kSides; ++i) {
    const double a = 2 * std::numbers::pi * i / kSides;
    hexagon.push_back(
        {kMilanLon + kHexagonRadius * std::cos(a), kMilanLat + kHexagonRadius * std::sin(a)});
  }
  const auto h = triangulate(hexagon);
  EXPECT_EQ(h.size(), static_cast<std::size_t>(kSides - 2));
  expect_covers(hexagon, h);
}

TEST(Triangulate, ConcavePolygons) {
  const Ring l = l_shape();
  const auto t = triangulate(l);
  EXPECT_EQ(t.size(), l.size() - 2);
  expect_covers(l, t);

  const Ring c = comb(kCombTeeth);
  const auto ct = triangulate(c);
  // Cutting off the teeth lines up the gaps' floors: those points are dropped, no sliver.
  EXPECT_LT(ct.size(), c.size() - 2);
  expect_covers(c, ct);

  const Ring r = ragged(kRaggedPoints);
  expect_covers(r, triangulate(r));
}

TEST(Triangulate, ClockwiseInputGivesCounterClockwiseTriangles) {
  for (const Ring& ring : {l_shape(), comb(kSmallCombTeeth), star(kSmallStarPoints)}) {
    const Ring cw = reversed(ring);
    ASSERT_LT(analysis::signed_area(cw), 0);
    const auto t = triangulate(cw);
    expect_covers(cw, t);
  }
}

TEST(Triangulate, DropsRepeatedAndCollinearPoints) {
  // A square with a repeated corner, a closing point repeating the first, and points along
  // its sides.
  const Ring square = near_milan(
      {{0, 0}, {1, 0}, {2, 0}, {2, 0}, {2, 0.5}, {2, 2}, {1, 2}, {0, 2}, {0, 2}, {0, 1}, {0, 0}});
  const auto t = triangulate(square);
  EXPECT_EQ(t.size(), 2u);
  expect_covers(square, t);

  // A spike going out and straight back along itself adds no area.
  const Ring spike = near_milan({{0, 0}, {2, 0}, {2, 1}, {5, 1}, {2, 1}, {2, 2}, {0, 2}});
  const auto s = triangulate(spike);
  EXPECT_NEAR(total_area(s), std::abs(analysis::signed_area(spike)), kAreaTolerance);
  for (const Triangle& tri : s)
    EXPECT_GT(triangle_area(tri), 0);
}

TEST(Triangulate, DegenerateRingsGiveNoTriangles) {
  EXPECT_TRUE(triangulate({}).empty());
  EXPECT_TRUE(triangulate({{1, 1}}).empty());
  EXPECT_TRUE(triangulate({{1, 1}, {2, 2}}).empty());
  EXPECT_TRUE(triangulate({{1, 1}, {1, 1}, {1, 1}, {1, 1}}).empty());
  EXPECT_TRUE(triangulate({{1, 1}, {2, 2}, {3, 3}, {4, 4}}).empty());  // collinear
  EXPECT_TRUE(triangulate({{1, 1}, {2, 2}, {1, 1}}).empty());          // there and back
  EXPECT_TRUE(triangulate({{0, 0}, {1, 0}, {1, 1}, {0, 0}, {1, 1}, {1, 0}}).empty());  // 0 net
}

TEST(Triangulate, RingTouchingItselfAtAPoint) {
  // Two squares sharing a corner, drawn as one ring through the shared corner twice.
  const Ring bow = near_milan({{0, 0}, {1, 0}, {1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}, {0, 1}});
  expect_covers(bow, triangulate(bow));
}

TEST(Triangulate, FiveThousandPointStarIsFastAndExact) {
  const Ring ring = star(kStarPoints);
  const auto start = std::chrono::steady_clock::now();
  const auto t = triangulate(ring);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, kStarTimeLimit);
  EXPECT_EQ(t.size(), kStarPoints - 2);
  expect_covers(ring, t);
  // And its mirror image, and a long comb (many reflex corners side by side).
  expect_covers(reversed(ring), triangulate(reversed(ring)));
  const Ring long_comb = comb(static_cast<int>(kStarPoints / 4));
  const auto comb_start = std::chrono::steady_clock::now();
  const auto ct = triangulate(long_comb);
  EXPECT_LT(std::chrono::steady_clock::now() - comb_start, kStarTimeLimit);
  expect_covers(long_comb, ct);
  const Ring rough = ragged(kStarPoints);
  expect_covers(rough, triangulate(rough));
  const Ring strip = spiral(kStarPoints);
  const auto spiral_start = std::chrono::steady_clock::now();
  const auto st = triangulate(strip);
  EXPECT_LT(std::chrono::steady_clock::now() - spiral_start, kStarTimeLimit);
  expect_covers(strip, st);
}

// --- MapTransform -----------------------------------------------------------------------------

TEST(MapTransform, RoundTripsAndKeepsTheShape) {
  const Box bounds{9.04, 45.38, 9.28, 45.54};
  const ScreenRect rect{100, 50, 900, 650};
  constexpr float kPadding = 20;
  const MapTransform t(bounds, rect, kPadding);

  for (const Point p : {Point{9.04, 45.38}, Point{9.28, 45.54}, Point{9.19, 45.46},
                        Point{9.1, 45.5}, Point{10, 44}}) {
    const Point back = t.to_lon_lat(t.to_screen(p));
    EXPECT_NEAR(back.x, p.x, kRoundTripDegrees);
    EXPECT_NEAR(back.y, p.y, kRoundTripDegrees);
  }

  const ScreenPoint sw = t.to_screen({bounds.min_x, bounds.min_y});
  const ScreenPoint ne = t.to_screen({bounds.max_x, bounds.max_y});
  // North up: the north-east corner is above (smaller y) and to the right.
  EXPECT_LT(ne.y, sw.y);
  EXPECT_GT(ne.x, sw.x);
  // Inside the rectangle less the padding, touching it on the tighter side, centred.
  constexpr float kPixel = 0.01f;
  EXPECT_GE(sw.x, rect.x0 + kPadding - kPixel);
  EXPECT_LE(ne.x, rect.x1 - kPadding + kPixel);
  EXPECT_GE(ne.y, rect.y0 + kPadding - kPixel);
  EXPECT_LE(sw.y, rect.y1 - kPadding + kPixel);
  const float width = ne.x - sw.x;
  const float height = sw.y - ne.y;
  EXPECT_TRUE(std::abs(width - (rect.width() - 2 * kPadding)) < kPixel ||
              std::abs(height - (rect.height() - 2 * kPadding)) < kPixel);
  EXPECT_NEAR((sw.x + ne.x) / 2, (rect.x0 + rect.x1) / 2, kPixel);
  EXPECT_NEAR((sw.y + ne.y) / 2, (rect.y0 + rect.y1) / 2, kPixel);
  // Aspect kept: a degree of longitude is cos(latitude) of a degree of latitude.
  const double centre_lat = (bounds.min_y + bounds.max_y) / 2;
  const double expected =
      bounds.width() * std::cos(centre_lat * kDegreesToRadians) / bounds.height();
  EXPECT_NEAR(width / height, expected, kAspectTolerance);
  // The same ground distance north and east is the same number of pixels.
  const ScreenPoint c = t.to_screen({9.19, 45.46});
  const ScreenPoint north = t.to_screen({9.19, 45.47});
  const ScreenPoint east =
      t.to_screen({9.19 + 0.01 / std::cos(centre_lat * kDegreesToRadians), 45.46});
  EXPECT_NEAR(c.y - north.y, east.x - c.x, kPixelTolerance);
}

TEST(MapTransform, DegenerateBoundsStayInvertible) {
  const MapTransform point({9, 45, 9, 45}, {0, 0, 100, 100}, 5);
  const ScreenPoint s = point.to_screen({9, 45});
  EXPECT_NEAR(s.x, 50, kPixelTolerance);
  EXPECT_NEAR(s.y, 50, kPixelTolerance);
  const Point back = point.to_lon_lat({60, 40});
  EXPECT_TRUE(std::isfinite(back.x) && std::isfinite(back.y));
  // A rectangle smaller than the padding.
  const MapTransform tiny({9, 45, 9.1, 45.1}, {0, 0, 4, 4}, 10);
  const Point round = tiny.to_lon_lat(tiny.to_screen({9.05, 45.02}));
  EXPECT_NEAR(round.x, 9.05, kRoundTripDegrees);
  EXPECT_NEAR(round.y, 45.02, kRoundTripDegrees);
}

// --- MapGeometry ------------------------------------------------------------------------------

TEST(MapGeometry, NestedZonesPickTheSmaller) {
  // Zone 0 a small square inside zone 1, a big one; zone 2 beside them; zone 3 no shape.
  const MapGeometry g({square_shape(9.1, 45.4, 0.02), square_shape(9.0, 45.3, 0.2),
                       square_shape(9.3, 45.3, 0.1), ZoneShape{}});
  ASSERT_EQ(g.zone_count(), 4u);
  EXPECT_EQ(g.zone_at({9.11, 45.41}), std::optional<std::size_t>(0));
  EXPECT_EQ(g.zone_at({9.05, 45.35}), std::optional<std::size_t>(1));
  EXPECT_EQ(g.zone_at({9.35, 45.35}), std::optional<std::size_t>(2));
  EXPECT_EQ(g.zone_at({8.0, 45.0}), std::nullopt);
  EXPECT_EQ(g.zone_at({NAN, 45.0}), std::nullopt);
  // Largest first; the zone without a shape (area 0) last, with no triangles.
  EXPECT_EQ(g.draw_order(), (std::vector<std::size_t>{1, 2, 0, 3}));
  EXPECT_TRUE(g.triangles(3).empty());
  EXPECT_EQ(g.triangles(1).size(), 2u);
  EXPECT_NEAR(g.bounds().min_x, 9.0, kDegreeTolerance);
  EXPECT_NEAR(g.bounds().min_y, 45.3, kDegreeTolerance);
  EXPECT_NEAR(g.bounds().max_x, 9.4, kDegreeTolerance);
  EXPECT_NEAR(g.bounds().max_y, 45.5, kDegreeTolerance);
}

TEST(MapGeometry, ZonesOfSeveralRings) {
  ZoneShape islands;
  islands.rings.push_back(square_shape(9.0, 45.0, 0.01).rings[0]);
  islands.rings.push_back(reversed(l_shape()));
  const MapGeometry g({islands});
  EXPECT_EQ(g.zone_at({9.005, 45.005}), std::optional<std::size_t>(0));
  EXPECT_EQ(g.zone_at({kMilanLon + 0.0005, kMilanLat + 0.002}), std::optional<std::size_t>(0));
  EXPECT_EQ(g.zone_at({kMilanLon + 0.002, kMilanLat + 0.002}), std::nullopt);  // L's notch
  const double area = std::abs(analysis::signed_area(islands.rings[0])) +
                      std::abs(analysis::signed_area(l_shape()));
  EXPECT_NEAR(total_area(g.triangles(0)), area, area * kAreaTolerance);
}

TEST(MapGeometry, VoronoiCellsFromCentroids) {
  std::vector<Point> centroids;
  constexpr int kRows = 5;
  constexpr int kColumns = 7;
  for (int i = 0; i < kRows; ++i) {
    for (int j = 0; j < kColumns; ++j) {
      // A slightly irregular grid over Milan.
      centroids.push_back({9.05 + 0.04 * j + 0.007 * ((i * 3 + j) % 4),
                           45.40 + 0.03 * i + 0.005 * ((i + j * 2) % 3)});
    }
  }
  const MapGeometry g = MapGeometry::from_centroids(centroids);
  ASSERT_EQ(g.zone_count(), centroids.size());
  const std::vector<analysis::ZoneShape> cells =
      analysis::voronoi_cells(centroids, analysis::kVoronoiMargin);
  double cells_area = 0;
  double triangles_area = 0;
  for (std::size_t z = 0; z < centroids.size(); ++z) {
    ASSERT_FALSE(g.shape(z).rings.empty()) << z;
    EXPECT_FALSE(g.triangles(z).empty()) << z;
    EXPECT_EQ(g.shape(z).rings.front().size(), cells[z].rings.front().size());
    EXPECT_EQ(g.zone_at(centroids[z]), std::optional<std::size_t>(z)) << z;
    cells_area += std::abs(analysis::signed_area(g.shape(z).rings.front()));
    triangles_area += total_area(g.triangles(z));
  }
  EXPECT_NEAR(triangles_area, cells_area, cells_area * kAreaTolerance);
  // The cells tile the report's box.
  const Box box = analysis::voronoi_box(centroids, analysis::kVoronoiMargin);
  EXPECT_NEAR(cells_area, box.width() * box.height(), cells_area * kAreaTolerance);
  EXPECT_NEAR(g.bounds().min_x, box.min_x, kDegreeTolerance);
  EXPECT_NEAR(g.bounds().max_y, box.max_y, kDegreeTolerance);

  const MapGeometry one = MapGeometry::from_centroids({{kMilanLon, kMilanLat}});
  ASSERT_EQ(one.zone_count(), 1u);
  EXPECT_EQ(one.zone_at({kMilanLon, kMilanLat}), std::optional<std::size_t>(0));
  EXPECT_EQ(MapGeometry::from_centroids({}).zone_count(), 0u);
}

}  // namespace
}  // namespace welfare::viz
