// Zone shapes for the report's maps: Voronoi cells of zone centroids when no boundary file is
// given, and zone boundaries read from a GeoJSON file when one is.
//
// Coordinates are WGS84 degrees: x is longitude, y is latitude. Distances and areas that must
// mean something on the ground are computed in a local equirectangular projection
// (LocalProjection): longitude differences scaled by the cosine of a reference latitude. Over a
// province or a city (tens of kilometres) its distortion is well under 1%.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace welfare::analysis {

struct Point {
  double x = 0;  // longitude, degrees
  double y = 0;  // latitude, degrees
};

// A ring of a polygon, closed implicitly: the first point is not repeated at the end.
using Ring = std::vector<Point>;

// A zone's shape: its outer rings (more than one for zones made of several parts, such as a
// municipality with islands or exclaves). Holes are not kept: a zone that encloses another
// zone is drawn filled, and the maps draw larger zones first so that the enclosed zone shows
// on top of it.
struct ZoneShape {
  std::vector<Ring> rings;
};

// The smallest side of voronoi_box, as a share of its larger side.
inline constexpr double kMinimumSideShare = 0.1;
// Half the side of voronoi_box around a lone centroid, in degrees of latitude (about 2.2 km).
inline constexpr double kLoneCentroidHalfSide = 0.02;
// The margin the maps of zone centroids (the HTML report's and the viewer's) pass to
// voronoi_cells: the cells of the outer zones reach 6% of the centroids' larger extent beyond
// the outermost centroids.
inline constexpr double kVoronoiMargin = 0.06;

// An axis-aligned rectangle.
struct Box {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;

  double width() const { return max_x - min_x; }
  double height() const { return max_y - min_y; }
};

// The local equirectangular projection around a reference point: x = (lon - lon0) cos(lat0),
// y = lat - lat0, both in degrees of latitude (about 111 km each).
struct LocalProjection {
  double lon0 = 0;
  double lat0 = 0;
  double x_scale = 1;  // cos(lat0)

  static LocalProjection at(double lon0, double lat0);
  Point forward(Point lon_lat) const { return {(lon_lat.x - lon0) * x_scale, lon_lat.y - lat0}; }
  Point inverse(Point xy) const { return {xy.x / x_scale + lon0, xy.y + lat0}; }
};

// Shoelace area of a ring, positive when the ring runs counter-clockwise (in x-right, y-up
// axes), in squared input units.
double signed_area(const Ring& ring);

// Whether `p` lies inside `ring` (even-odd rule). Points exactly on the boundary may go either
// way.
bool contains(const Ring& ring, Point p);

// The rectangle (in longitude/latitude) that voronoi_cells clips the cells to: the centroids'
// bounding box in the local projection grown on every side by `margin` times its larger side,
// with each side at least kMinimumSideShare of the larger side (so collinear centroids still
// get cells with an area), or a square of side 2 * kLoneCentroidHalfSide degrees of latitude
// around a lone centroid (or centroids that all coincide). Throws std::invalid_argument for a
// negative or non-finite margin or a non-finite centroid; an empty box for no centroids.
Box voronoi_box(const std::vector<Point>& centroids, double margin);

// One cell per centroid, in the order given: the Voronoi cell of each centroid (the points of
// voronoi_box nearer to it than to any other centroid), computed in the local projection
// around the centroids' mean longitude and latitude, so that cells are the nearest-centroid
// regions on the ground. Each cell is a single convex ring, counter-clockwise, in
// longitude/latitude. Centroids that coincide share their common cell, split into equal
// angular sectors around the point in input order (the first takes the sector starting due
// east, the next the sector counter-clockwise after it); each such centroid lies on the
// boundary of its sector rather than inside it.
std::vector<ZoneShape> voronoi_cells(const std::vector<Point>& centroids, double margin);

// A boundary file that cannot be read or does not describe the zones. what() is
// "FILE:LINE:COL: what was wrong; expected ..." for JSON syntax errors and "FILE: ..." naming
// the feature or zone for the rest.
struct BoundaryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads a GeoJSON FeatureCollection of Polygon and MultiPolygon features and returns one shape
// per zone, in the order of zone_ids. A feature belongs to a zone when one of its properties
// (string or number, compared as text, trimmed, ASCII letters case-insensitive) equals the
// zone's id or its name. `key` names that property; when empty, the first property (in the
// order the file first uses them) whose values match every zone's id is chosen, and failing
// that the first that matches every zone's name. With `key` given, its values are compared
// with the ids if every id is found and with the names otherwise. zone_names may be empty
// (ids only) or as long as zone_ids.
//
// Several features matching one zone add their rings to its shape. A feature matching no zone
// is ignored, whatever its geometry. Only outer rings are kept (holes are dropped, see
// ZoneShape). Coordinates must be WGS84 longitude/latitude, as RFC 7946 requires: a file in a
// projected reference system (metres, such as ISTAT's UTM 32N) is reported.
std::vector<ZoneShape> read_geojson_boundaries(const std::filesystem::path& file,
                                               const std::vector<std::string>& zone_ids,
                                               const std::vector<std::string>& zone_names,
                                               const std::string& key = "");

}  // namespace welfare::analysis
