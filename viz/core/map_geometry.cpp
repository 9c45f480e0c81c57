#include "viz/core/map_geometry.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace welfare::viz {

namespace {

using analysis::Box;
using analysis::Point;
using analysis::Ring;

// A corner whose cross product is within this share of the product of its two edges' lengths
// is straight (the sine of the angle between the edges): its point is dropped. Far below what
// a boundary file's coordinates resolve (7 decimals of a degree) and far above rounding.
constexpr double kStraightSine = 1e-12;
// A ring whose |area| is within this share of its bounding box's area has no area.
constexpr double kZeroAreaShare = 1e-12;
// Average number of points per cell of the grid that finds the points inside a candidate ear.
constexpr double kPointsPerCell = 4;
constexpr std::size_t kTriangleCorners = 3;
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

double cross(Point o, Point a, Point b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

bool same(Point a, Point b) {
  return a.x == b.x && a.y == b.y;
}

bool finite(Point p) {
  return std::isfinite(p.x) && std::isfinite(p.y);
}

enum class Corner { kConvex, kStraight, kReflex };

// Whether q is inside counter-clockwise triangle abc or on its boundary.
bool in_triangle(Point a, Point b, Point c, Point q) {
  return cross(a, b, q) >= 0 && cross(b, c, q) >= 0 && cross(c, a, q) >= 0;
}

// Ear clipping of one counter-clockwise ring (points relative to its first point, for
// precision) with a uniform grid over the points that are not convex corners: only those can
// lie inside a candidate ear of a simple polygon (a corner turning left is an ear when no
// such point lies in its triangle), and clipping ears only ever turns corners convex, so the
// grid shrinks as the ring does.
class EarClipper {
 public:
  explicit EarClipper(std::vector<Point> points)
      : p_(std::move(points)), prev_(p_.size()), next_(p_.size()), count_(p_.size()) {
    const std::size_t n = p_.size();
    for (std::size_t i = 0; i < n; ++i) {
      prev_[i] = (i + n - 1) % n;
      next_[i] = (i + 1) % n;
    }
    alive_.assign(n, true);
    drop_straight_corners();
    if (count_ < kTriangleCorners) return;
    build_grid();
  }

  // Corners as triples of indices into the points, counter-clockwise.
  std::vector<std::array<std::size_t, kTriangleCorners>> run() {
    std::vector<std::array<std::size_t, kTriangleCorners>> out;
    if (count_ < kTriangleCorners) return out;
    out.reserve(count_ - 2);
    std::size_t cur = first_alive();
    std::size_t misses = 0;
    while (count_ > kTriangleCorners) {
      const std::size_t a = prev_[cur];
      const std::size_t c = next_[cur];
      const Corner k = corner(cur);
      if (k == Corner::kStraight) {
        remove(cur);
        cur = c;
        misses = 0;
        continue;
      }
      if (k == Corner::kConvex && !blocked(a, cur, c)) {
        out.push_back({a, cur, c});
        remove(cur);
        // Back to the corner before `a`: the next steps test `a` and `c`, whose corners the
        // cut changed, and ears stay short. (Going on from `c` instead leaves long runs of
        // blocked corners to walk past in shapes such as a spiral strip: a 20,000-point one
        // took most of a second that way, milliseconds this way.)
        cur = prev_[a];
        misses = 0;
        continue;
      }
      cur = c;
      if (++misses >= count_) {
        // A whole turn without an ear: the ring is not simple (it crosses or overlaps
        // itself). Clip a convex corner anyway, or drop a point when there is none.
        cur = fallback(cur, out);
        misses = 0;
      }
    }
    if (count_ == kTriangleCorners && corner(cur) == Corner::kConvex) {
      out.push_back({prev_[cur], cur, next_[cur]});
    }
    return out;
  }

 private:
  Corner corner(std::size_t i) const {
    const Point a = p_[prev_[i]];
    const Point b = p_[i];
    const Point c = p_[next_[i]];
    const double z = cross(a, b, c);
    const double ab = std::hypot(b.x - a.x, b.y - a.y);
    const double bc = std::hypot(c.x - b.x, c.y - b.y);
    if (std::abs(z) <= kStraightSine * ab * bc) return Corner::kStraight;
    return z > 0 ? Corner::kConvex : Corner::kReflex;
  }

  std::size_t first_alive() const {
    for (std::size_t i = 0; i < alive_.size(); ++i) {
      if (alive_[i]) return i;
    }
    return 0;
  }

  void unlink(std::size_t i) {
    next_[prev_[i]] = next_[i];
    prev_[next_[i]] = prev_[i];
    alive_[i] = false;
    --count_;
  }

  // Drops straight corners (collinear points, and back-and-forth spikes), rechecking the
  // neighbours of each dropped point: linear time.
  void drop_straight_corners() {
    std::vector<std::size_t> work(p_.size());
    std::iota(work.rbegin(), work.rend(), std::size_t{0});
    while (!work.empty() && count_ >= kTriangleCorners) {
      const std::size_t i = work.back();
      work.pop_back();
      if (!alive_[i] || corner(i) != Corner::kStraight) continue;
      const std::size_t a = prev_[i];
      const std::size_t c = next_[i];
      unlink(i);
      work.push_back(c);
      work.push_back(a);
    }
  }

  // --- the grid of points that are not convex corners ---

  void build_grid() {
    Box box{p_[0].x, p_[0].y, p_[0].x, p_[0].y};
    for (const Point& q : p_) {
      box.min_x = std::min(box.min_x, q.x);
      box.min_y = std::min(box.min_y, q.y);
      box.max_x = std::max(box.max_x, q.x);
      box.max_y = std::max(box.max_y, q.y);
    }
    const double cells = std::max(1.0, static_cast<double>(count_) / kPointsPerCell);
    // Square cells of equal area adding up to the box (which has an area: the ring has one).
    const double side = std::sqrt(box.width() * box.height() / cells);
    const auto along = [&](double extent) {
      return std::clamp(static_cast<std::size_t>(std::ceil(extent / side)), std::size_t{1},
                        static_cast<std::size_t>(std::ceil(cells)));
    };
    nx_ = along(box.width());
    ny_ = along(box.height());
    x0_ = box.min_x;
    y0_ = box.min_y;
    cell_w_ = box.width() / static_cast<double>(nx_);
    cell_h_ = box.height() / static_cast<double>(ny_);
    grid_.assign(nx_ * ny_, {});
    cell_of_.assign(p_.size(), kNone);
    slot_of_.assign(p_.size(), kNone);
    for (std::size_t i = 0; i < p_.size(); ++i) {
      if (alive_[i] && corner(i) != Corner::kConvex) insert(i);
    }
  }

  std::size_t column(double x) const {
    if (!(cell_w_ > 0)) return 0;
    const double k = std::floor((x - x0_) / cell_w_);
    return static_cast<std::size_t>(std::clamp(k, 0.0, static_cast<double>(nx_ - 1)));
  }
  std::size_t row(double y) const {
    if (!(cell_h_ > 0)) return 0;
    const double k = std::floor((y - y0_) / cell_h_);
    return static_cast<std::size_t>(std::clamp(k, 0.0, static_cast<double>(ny_ - 1)));
  }

  void insert(std::size_t i) {
    const std::size_t cell = row(p_[i].y) * nx_ + column(p_[i].x);
    cell_of_[i] = cell;
    slot_of_[i] = grid_[cell].size();
    grid_[cell].push_back(i);
  }

  void erase(std::size_t i) {
    std::vector<std::size_t>& cell = grid_[cell_of_[i]];
    const std::size_t moved = cell.back();
    cell[slot_of_[i]] = moved;
    slot_of_[moved] = slot_of_[i];
    cell.pop_back();
    cell_of_[i] = kNone;
    slot_of_[i] = kNone;
  }

  // Keeps the grid to the corners that are not convex.
  void reclassify(std::size_t i) {
    const bool convex = corner(i) == Corner::kConvex;
    const bool indexed = cell_of_[i] != kNone;
    if (convex && indexed) erase(i);
    if (!convex && !indexed) insert(i);
  }

  void remove(std::size_t i) {
    if (cell_of_[i] != kNone) erase(i);
    const std::size_t a = prev_[i];
    const std::size_t c = next_[i];
    unlink(i);
    reclassify(a);
    reclassify(c);
  }

  // Whether a point of the ring other than the ear's corners lies in the ear abc. Points at
  // the same place as a corner (a ring touching itself there) do not count.
  bool blocked(std::size_t a, std::size_t b, std::size_t c) const {
    const Point pa = p_[a];
    const Point pb = p_[b];
    const Point pc = p_[c];
    const double min_x = std::min({pa.x, pb.x, pc.x});
    const double max_x = std::max({pa.x, pb.x, pc.x});
    const double min_y = std::min({pa.y, pb.y, pc.y});
    const double max_y = std::max({pa.y, pb.y, pc.y});
    const std::size_t c0 = column(min_x);
    const std::size_t c1 = column(max_x);
    const std::size_t r1 = row(max_y);
    for (std::size_t r = row(min_y); r <= r1; ++r) {
      for (std::size_t col = c0; col <= c1; ++col) {
        for (const std::size_t j : grid_[r * nx_ + col]) {
          if (j == a || j == b || j == c) continue;
          const Point q = p_[j];
          if (q.x < min_x || q.x > max_x || q.y < min_y || q.y > max_y) continue;
          if (same(q, pa) || same(q, pb) || same(q, pc)) continue;
          if (in_triangle(pa, pb, pc, q)) return true;
        }
      }
    }
    return false;
  }

  std::size_t fallback(std::size_t cur,
                       std::vector<std::array<std::size_t, kTriangleCorners>>& out) {
    std::size_t i = cur;
    for (std::size_t k = 0; k < count_; ++k, i = next_[i]) {
      if (corner(i) == Corner::kConvex) {
        const std::size_t c = next_[i];
        out.push_back({prev_[i], i, c});
        remove(i);
        return c;
      }
    }
    const std::size_t c = next_[cur];
    remove(cur);
    return c;
  }

  std::vector<Point> p_;
  std::vector<std::size_t> prev_, next_;
  std::vector<bool> alive_;
  std::size_t count_ = 0;

  std::size_t nx_ = 1, ny_ = 1;
  double x0_ = 0, y0_ = 0, cell_w_ = 0, cell_h_ = 0;
  std::vector<std::vector<std::size_t>> grid_;
  std::vector<std::size_t> cell_of_, slot_of_;  // kNone: not in the grid
};

// Grows `box` to the finite points of `shape`; `any` tells whether it holds a point yet.
void extend(Box& box, bool& any, const analysis::ZoneShape& shape) {
  for (const Ring& r : shape.rings) {
    for (const Point& q : r) {
      if (!finite(q)) continue;
      if (!any) box = {q.x, q.y, q.x, q.y};
      box.min_x = std::min(box.min_x, q.x);
      box.min_y = std::min(box.min_y, q.y);
      box.max_x = std::max(box.max_x, q.x);
      box.max_y = std::max(box.max_y, q.y);
      any = true;
    }
  }
}

// |area| of a ring, from points relative to its first one: on raw longitudes and latitudes
// the shoelace sum loses digits to products like 45 x 9 against zone areas of 1e-5.
double ring_area(const Ring& ring) {
  if (ring.empty()) return 0;
  Ring local;
  local.reserve(ring.size());
  for (const Point& q : ring)
    local.push_back({q.x - ring.front().x, q.y - ring.front().y});
  return std::abs(analysis::signed_area(local));
}

bool inside(const Box& box, Point q) {
  return q.x >= box.min_x && q.x <= box.max_x && q.y >= box.min_y && q.y <= box.max_y;
}

}  // namespace

std::vector<Triangle> triangulate(const Ring& ring) {
  // Finite points, without consecutive repeats (the last point repeating the first included).
  std::vector<Point> kept;
  kept.reserve(ring.size());
  for (const Point& q : ring) {
    if (finite(q) && (kept.empty() || !same(kept.back(), q))) kept.push_back(q);
  }
  while (kept.size() > 1 && same(kept.front(), kept.back()))
    kept.pop_back();
  if (kept.size() < kTriangleCorners) return {};

  const Point origin = kept.front();
  std::vector<Point> local;
  local.reserve(kept.size());
  Box box{0, 0, 0, 0};
  for (const Point& q : kept) {
    local.push_back({q.x - origin.x, q.y - origin.y});
    box.min_x = std::min(box.min_x, local.back().x);
    box.min_y = std::min(box.min_y, local.back().y);
    box.max_x = std::max(box.max_x, local.back().x);
    box.max_y = std::max(box.max_y, local.back().y);
  }
  const double area = analysis::signed_area(local);
  if (std::abs(area) <= kZeroAreaShare * box.width() * box.height()) return {};
  if (area < 0) {
    std::reverse(kept.begin(), kept.end());
    std::reverse(local.begin(), local.end());
  }

  std::vector<Triangle> out;
  for (const auto& [a, b, c] : EarClipper(std::move(local)).run()) {
    out.push_back({kept[a], kept[b], kept[c]});
  }
  return out;
}

// --- MapTransform -----------------------------------------------------------------------------

namespace {
// Pixels per degree when the bounds have no extent (a single point, or no shapes at all):
// anything positive keeps the transform invertible.
constexpr double kDegenerateScale = 1;
// The fitting area never shrinks below this many pixels (a window made tiny).
constexpr double kMinimumFitPixels = 1;
constexpr double kHalf = 0.5;
}  // namespace

MapTransform::MapTransform(const Box& lon_lat_bounds, const ScreenRect& rect, float padding)
    : projection_(
          analysis::LocalProjection::at((lon_lat_bounds.min_x + lon_lat_bounds.max_x) * kHalf,
                                        (lon_lat_bounds.min_y + lon_lat_bounds.max_y) * kHalf)) {
  const Point lo = projection_.forward({lon_lat_bounds.min_x, lon_lat_bounds.min_y});
  const Point hi = projection_.forward({lon_lat_bounds.max_x, lon_lat_bounds.max_y});
  centre_x_ = (lo.x + hi.x) * kHalf;
  centre_y_ = (lo.y + hi.y) * kHalf;
  const double width = std::abs(hi.x - lo.x);
  const double height = std::abs(hi.y - lo.y);
  const double room_x =
      std::max(static_cast<double>(rect.width()) - 2.0 * padding, kMinimumFitPixels);
  const double room_y =
      std::max(static_cast<double>(rect.height()) - 2.0 * padding, kMinimumFitPixels);
  double scale = std::numeric_limits<double>::infinity();
  if (width > 0) scale = std::min(scale, room_x / width);
  if (height > 0) scale = std::min(scale, room_y / height);
  scale_ = std::isfinite(scale) ? scale : kDegenerateScale;
  screen_cx_ = (rect.x0 + rect.x1) * static_cast<float>(kHalf);
  screen_cy_ = (rect.y0 + rect.y1) * static_cast<float>(kHalf);
}

ScreenPoint MapTransform::to_screen(Point lon_lat) const {
  const Point q = projection_.forward(lon_lat);
  return {screen_cx_ + static_cast<float>((q.x - centre_x_) * scale_),
          screen_cy_ - static_cast<float>((q.y - centre_y_) * scale_)};
}

Point MapTransform::to_lon_lat(ScreenPoint p) const {
  const double x = centre_x_ + static_cast<double>(p.x - screen_cx_) / scale_;
  const double y = centre_y_ - static_cast<double>(p.y - screen_cy_) / scale_;
  return projection_.inverse({x, y});
}

// --- MapGeometry ------------------------------------------------------------------------------

MapGeometry::MapGeometry(std::vector<analysis::ZoneShape> shapes) : shapes_(std::move(shapes)) {
  const std::size_t n = shapes_.size();
  triangles_.resize(n);
  areas_.assign(n, 0.0);
  boxes_.resize(n);
  bool any_point = false;
  for (std::size_t z = 0; z < n; ++z) {
    bool zone_has_point = false;
    extend(boxes_[z], zone_has_point, shapes_[z]);
    extend(bounds_, any_point, shapes_[z]);
    for (const Ring& r : shapes_[z].rings) {
      std::vector<Triangle> t = triangulate(r);
      triangles_[z].insert(triangles_[z].end(), t.begin(), t.end());
      const double a = ring_area(r);
      if (std::isfinite(a)) areas_[z] += a;
    }
  }
  draw_order_.resize(n);
  std::iota(draw_order_.begin(), draw_order_.end(), std::size_t{0});
  std::stable_sort(draw_order_.begin(), draw_order_.end(),
                   [&](std::size_t a, std::size_t b) { return areas_[a] > areas_[b]; });
}

MapGeometry MapGeometry::from_centroids(const std::vector<Point>& centroids) {
  return MapGeometry(analysis::voronoi_cells(centroids, analysis::kVoronoiMargin));
}

std::optional<std::size_t> MapGeometry::zone_at(Point lon_lat) const {
  if (!finite(lon_lat)) return std::nullopt;
  // From the last drawn (the smallest) back: the zone on top at that point.
  for (auto it = draw_order_.rbegin(); it != draw_order_.rend(); ++it) {
    const std::size_t z = *it;
    if (shapes_[z].rings.empty() || !inside(boxes_[z], lon_lat)) continue;
    for (const Ring& r : shapes_[z].rings) {
      if (analysis::contains(r, lon_lat)) return z;
    }
  }
  return std::nullopt;
}

}  // namespace welfare::viz
