// The zones of the map panel as shapes the viewer can fill and hit-test: Voronoi cells of the
// zone centroids, or zone boundaries from a GeoJSON file (analysis/geometry.hpp), fitted into
// a screen rectangle with their shape kept (a local equirectangular projection, north up),
// and cut into triangles (ImGui fills convex polygons only; boundaries are often concave).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/geometry.hpp"

namespace welfare::viz {

// A rectangle on the screen, in pixels (y grows downwards).
struct ScreenRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
};

struct ScreenPoint {
  float x = 0, y = 0;
};

// A triangle of a zone: three points in longitude/latitude.
struct Triangle {
  analysis::Point a, b, c;
};

// Cuts a simple polygon (either orientation; no holes) into triangles by ear clipping. Points
// repeated consecutively (the first repeated at the end included), collinear points and
// non-finite points are dropped first. Returns no triangle for a ring of fewer than three
// distinct points or of zero area. The triangles cover the ring exactly: their areas add up
// to its area. Each triangle is counter-clockwise in longitude/latitude (x right, y up), so
// clockwise on the screen (y down), as Dear ImGui's anti-aliased fills want. Points that
// become collinear as ears are cut off are dropped too (no zero-area triangles), so a corner
// of one triangle may lie on a side of another: fill the triangles without anti-aliasing
// and draw zone outlines from the rings. A ring that touches itself at a point is handled;
// one that crosses itself still gives triangles, but they may overlap. Near linear time on
// typical boundaries (a grid finds the points that could block an ear); a 5,000-point ring
// takes milliseconds.
std::vector<Triangle> triangulate(const analysis::Ring& ring);

// Maps longitude/latitude into a screen rectangle: the local projection around the shapes'
// centre, scaled uniformly to fit inside the rectangle less `padding` pixels on each side,
// centred, north up.
class MapTransform {
 public:
  MapTransform() = default;
  MapTransform(const analysis::Box& lon_lat_bounds, const ScreenRect& rect, float padding);
  ScreenPoint to_screen(analysis::Point lon_lat) const;
  analysis::Point to_lon_lat(ScreenPoint p) const;

 private:
  analysis::LocalProjection projection_;
  double scale_ = 1;                     // pixels per degree of latitude
  double centre_x_ = 0, centre_y_ = 0;   // projected centre of the bounds
  float screen_cx_ = 0, screen_cy_ = 0;  // centre of the rectangle
};

class MapGeometry {
 public:
  // One shape per zone, in zone order (an empty shape is allowed: a zone with no geometry is
  // not drawn and never hit).
  explicit MapGeometry(std::vector<analysis::ZoneShape> shapes);
  // Voronoi cells of the zone centroids (analysis::voronoi_cells with the report's margin,
  // analysis::kVoronoiMargin). Throws std::invalid_argument for a non-finite centroid.
  static MapGeometry from_centroids(const std::vector<analysis::Point>& centroids);

  std::size_t zone_count() const { return shapes_.size(); }
  const analysis::ZoneShape& shape(std::size_t zone) const { return shapes_[zone]; }
  const std::vector<Triangle>& triangles(std::size_t zone) const { return triangles_[zone]; }
  // Bounds of every shape, in longitude/latitude (all 0 when there is no point).
  const analysis::Box& bounds() const { return bounds_; }
  // Zones from the largest area to the smallest: the order to draw them in, so that a zone
  // enclosed by another shows on top of it.
  const std::vector<std::size_t>& draw_order() const { return draw_order_; }
  // The zone under a point: the smallest zone whose shape contains it (the one drawn on top
  // there), if any.
  std::optional<std::size_t> zone_at(analysis::Point lon_lat) const;

  MapTransform fit(const ScreenRect& rect, float padding) const {
    return MapTransform(bounds_, rect, padding);
  }

 private:
  std::vector<analysis::ZoneShape> shapes_;
  std::vector<std::vector<Triangle>> triangles_;
  std::vector<double> areas_;         // |area| of each zone, squared degrees
  std::vector<analysis::Box> boxes_;  // bounds of each zone, to skip most in zone_at
  analysis::Box bounds_;
  std::vector<std::size_t> draw_order_;
};

}  // namespace welfare::viz
