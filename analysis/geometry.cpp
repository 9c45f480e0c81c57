#include "analysis/geometry.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

namespace welfare::analysis {

namespace {

constexpr double kDegreesToRadians = std::numbers::pi / 180.0;
// Vertices of a clipped cell closer than this (relative to the box's larger side) are merged.
constexpr double kVertexMergeShare = 1e-12;
// Extents below this (degrees) count as zero: the centroids all coincide.
constexpr double kZeroExtent = 1e-12;
// Longitude and latitude limits, to tell WGS84 from projected coordinates.
constexpr double kMaxLongitude = 180.0;
constexpr double kMaxLatitude = 90.0;
// How many property names an error message lists.
constexpr std::size_t kPropertiesListed = 8;

// --- Voronoi cells -------------------------------------------------------------------------
//
// Why half-plane clipping rather than Boost.Polygon's voronoi_diagram: each cell is the box
// intersected with the half-planes {q : |q - c_i| <= |q - c_j|} for every other centroid j,
// clipped exactly in double precision. It needs no integer scaling (and its rounding), no
// clipping of the diagram's infinite edges to the box, and no special cases for one, two or
// collinear centroids (for which Boost's diagram has no vertices at all). It costs
// O(n^2) half-plane tests: for the 88 zones of a city well under a millisecond, far below
// what a report needs; for thousands of zones a sweep-line diagram would be the better choice.

using Polygon = std::vector<Point>;

// Keeps the part of convex polygon `poly` where n . q <= c (Sutherland-Hodgman, one plane).
// `scratch` is reused storage; a plane that cuts nothing off costs no copy.
void clip(Polygon& poly, Point n, double c, Polygon& scratch) {
  const auto side = [&](const Point& q) { return n.x * q.x + n.y * q.y - c; };
  if (std::all_of(poly.begin(), poly.end(), [&](const Point& q) { return side(q) <= 0; })) {
    return;
  }
  scratch.clear();
  const std::size_t size = poly.size();
  for (std::size_t i = 0; i < size; ++i) {
    const Point a = poly[i];
    const Point b = poly[(i + 1) % size];
    const double fa = side(a);
    const double fb = side(b);
    if (fa <= 0) scratch.push_back(a);
    if ((fa < 0 && fb > 0) || (fa > 0 && fb < 0)) {
      const double t = fa / (fa - fb);
      scratch.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
    }
  }
  poly.swap(scratch);
}

// Drops consecutive vertices closer than `tolerance` (including last to first).
Polygon merge_close_vertices(const Polygon& poly, double tolerance) {
  Polygon out;
  for (const Point& p : poly) {
    if (!out.empty() && std::abs(p.x - out.back().x) <= tolerance &&
        std::abs(p.y - out.back().y) <= tolerance) {
      continue;
    }
    out.push_back(p);
  }
  while (out.size() > 1 && std::abs(out.front().x - out.back().x) <= tolerance &&
         std::abs(out.front().y - out.back().y) <= tolerance) {
    out.pop_back();
  }
  return out;
}

void check_centroids(const std::vector<Point>& centroids, double margin) {
  if (!std::isfinite(margin) || margin < 0) {
    throw std::invalid_argument("voronoi margin must be a finite number >= 0, not " +
                                std::to_string(margin));
  }
  for (std::size_t i = 0; i < centroids.size(); ++i) {
    if (!std::isfinite(centroids[i].x) || !std::isfinite(centroids[i].y)) {
      throw std::invalid_argument("centroid " + std::to_string(i) + " is not a finite point");
    }
  }
}

LocalProjection projection_around(const std::vector<Point>& centroids) {
  double lon = 0;
  double lat = 0;
  for (const Point& p : centroids) {
    lon += p.x;
    lat += p.y;
  }
  const auto n = static_cast<double>(centroids.size());
  return LocalProjection::at(lon / n, lat / n);
}

// The clipping box in projected coordinates (see voronoi_box).
Box projected_box(const std::vector<Point>& projected, double margin) {
  Box b{projected.front().x, projected.front().y, projected.front().x, projected.front().y};
  for (const Point& p : projected) {
    b.min_x = std::min(b.min_x, p.x);
    b.max_x = std::max(b.max_x, p.x);
    b.min_y = std::min(b.min_y, p.y);
    b.max_y = std::max(b.max_y, p.y);
  }
  const double larger = std::max(b.width(), b.height());
  if (larger <= kZeroExtent) {
    return {b.min_x - kLoneCentroidHalfSide, b.min_y - kLoneCentroidHalfSide,
            b.max_x + kLoneCentroidHalfSide, b.max_y + kLoneCentroidHalfSide};
  }
  const double pad = margin * larger;
  const double min_side = kMinimumSideShare * larger;
  const double pad_x = std::max(pad, (min_side - b.width()) / 2);
  const double pad_y = std::max(pad, (min_side - b.height()) / 2);
  return {b.min_x - pad_x, b.min_y - pad_y, b.max_x + pad_x, b.max_y + pad_y};
}

}  // namespace

LocalProjection LocalProjection::at(double lon0, double lat0) {
  return {lon0, lat0, std::cos(lat0 * kDegreesToRadians)};
}

double signed_area(const Ring& ring) {
  double twice = 0;
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

bool contains(const Ring& ring, Point p) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

static std::vector<Point> project_all(const LocalProjection& proj,
                                      const std::vector<Point>& points) {
  std::vector<Point> out;
  out.reserve(points.size());
  for (const Point& p : points)
    out.push_back(proj.forward(p));
  return out;
}

Box voronoi_box(const std::vector<Point>& centroids, double margin) {
  check_centroids(centroids, margin);
  if (centroids.empty()) return {};
  const LocalProjection proj = projection_around(centroids);
  const Box b = projected_box(project_all(proj, centroids), margin);
  const Point lo = proj.inverse({b.min_x, b.min_y});
  const Point hi = proj.inverse({b.max_x, b.max_y});
  return {lo.x, lo.y, hi.x, hi.y};
}

std::vector<ZoneShape> voronoi_cells(const std::vector<Point>& centroids, double margin) {
  check_centroids(centroids, margin);
  std::vector<ZoneShape> cells(centroids.size());
  if (centroids.empty()) return cells;

  const LocalProjection proj = projection_around(centroids);
  const std::vector<Point> pts = project_all(proj, centroids);
  const Box box = projected_box(pts, margin);
  const double tolerance = kVertexMergeShare * std::max(box.width(), box.height());
  Polygon scratch;

  for (std::size_t i = 0; i < pts.size(); ++i) {
    const Point c = pts[i];
    // The box, counter-clockwise, relative to the centroid (for precision).
    Polygon cell{{box.min_x - c.x, box.min_y - c.y},
                 {box.max_x - c.x, box.min_y - c.y},
                 {box.max_x - c.x, box.max_y - c.y},
                 {box.min_x - c.x, box.max_y - c.y}};
    std::size_t same_before = 0;  // coinciding centroids before i
    std::size_t same_total = 1;   // coinciding centroids, i included
    for (std::size_t j = 0; j < pts.size() && !cell.empty(); ++j) {
      if (j == i) continue;
      const Point d{pts[j].x - c.x, pts[j].y - c.y};
      if (centroids[j].x == centroids[i].x && centroids[j].y == centroids[i].y) {
        ++same_total;
        if (j < i) ++same_before;
        continue;
      }
      // Keep the points nearer to c (the origin) than to d: q . d <= |d|^2 / 2.
      clip(cell, d, (d.x * d.x + d.y * d.y) / 2, scratch);
    }
    if (same_total > 1 && !cell.empty()) {
      // The shared cell's sector [a0, a1] around the common point; at most half a turn wide.
      const double width = 2 * std::numbers::pi / static_cast<double>(same_total);
      const double a0 = width * static_cast<double>(same_before);
      const double a1 = a0 + width;
      const Point u0{std::cos(a0), std::sin(a0)};
      const Point u1{std::cos(a1), std::sin(a1)};
      clip(cell, {u0.y, -u0.x}, 0, scratch);  // left of the ray at a0
      clip(cell, {-u1.y, u1.x}, 0, scratch);  // right of the ray at a1
    }
    cell = merge_close_vertices(cell, tolerance);
    if (cell.size() < 3) continue;  // cannot happen with distinct centroids; no cell otherwise
    Ring ring;
    ring.reserve(cell.size());
    for (const Point& q : cell)
      ring.push_back(proj.inverse({q.x + c.x, q.y + c.y}));
    cells[i].rings.push_back(std::move(ring));
  }
  return cells;
}

// --- GeoJSON boundaries ----------------------------------------------------------------------

namespace {

using Json = nlohmann::ordered_json;

std::string file_prefix(const std::filesystem::path& file) {
  return file.string() + ": ";
}

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& message) {
  throw BoundaryError(file_prefix(file) + message);
}

std::string in_quotes(const std::string& s) {
  return "\"" + s + "\"";
}

// Trimmed, ASCII letters lower-cased: the form property values and zone keys are compared in.
std::string normalise(std::string_view s) {
  const auto is_space = [](char ch) { return std::isspace(static_cast<unsigned char>(ch)) != 0; };
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  std::string out(s);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

// A property value as text: strings as they are, integers in decimal, floating-point numbers
// without a fractional part as integers (12.0 is "12"); nothing for other types.
std::optional<std::string> value_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_float()) {
    const double d = v.get<double>();
    constexpr double kLargestExactInteger = 9007199254740992.0;  // 2^53
    if (std::isfinite(d) && d == std::trunc(d) && std::abs(d) < kLargestExactInteger) {
      return std::to_string(static_cast<std::int64_t>(d));
    }
    return v.dump();
  }
  return std::nullopt;
}

// 1-based line and column (in characters, not bytes) of the 1-based byte offset `byte`.
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t byte) {
  const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < end; ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    constexpr unsigned char kContinuationMask = 0xC0;
    constexpr unsigned char kContinuationBits = 0x80;
    if (ch == '\n') {
      ++line;
      column = 1;
    } else if ((ch & kContinuationMask) != kContinuationBits) {
      ++column;
    }
  }
  return {line, column};
}

// "syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal" out of
// nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 8: ...".
std::string parse_error_reason(const std::string& what) {
  std::string reason = what;
  const std::size_t at = what.find("parse error");
  if (at != std::string::npos) {
    const std::size_t colon = what.find(": ", at);
    if (colon != std::string::npos) reason = what.substr(colon + 2);
  }
  if (reason.find("; expected") == std::string::npos) reason += "; expected valid JSON";
  return "JSON " + reason;
}

Json parse_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "cannot open the boundary file; expected a readable GeoJSON file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    const auto [line, column] = line_column(text, e.byte);
    throw BoundaryError(file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
                        ": " + parse_error_reason(e.what()));
  }
}

struct Feature {
  std::size_t index = 0;
  const Json* json = nullptr;
  std::vector<std::pair<std::string, std::string>> properties;  // name, normalised text
  const std::string* property(const std::string& name) const {
    for (const auto& [k, v] : properties) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

// "features[2] (code: "C3")" for messages.
std::string describe(const Feature& f, const std::string& key) {
  std::string s = "features[" + std::to_string(f.index) + "]";
  const Json& props = f.json->contains("properties") ? (*f.json)["properties"] : Json();
  if (!key.empty() && props.is_object() && props.contains(key)) {
    s += " (" + key + ": " + props[key].dump() + ")";
  }
  return s;
}

std::string property_list(const std::vector<std::string>& names) {
  if (names.empty()) return "none (the features have no properties)";
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < kPropertiesListed; ++i) {
    if (i > 0) s += ", ";
    s += in_quotes(names[i]);
  }
  if (names.size() > kPropertiesListed) {
    s += " and " + std::to_string(names.size() - kPropertiesListed) + " more";
  }
  return s;
}

// Which zones (by index) have no feature whose `key` equals their key in `targets`.
std::vector<std::size_t> unmatched(const std::vector<Feature>& features, const std::string& key,
                                   const std::vector<std::string>& targets) {
  std::vector<std::size_t> missing;
  for (std::size_t z = 0; z < targets.size(); ++z) {
    const bool found = std::any_of(features.begin(), features.end(), [&](const Feature& f) {
      const std::string* v = f.property(key);
      return v != nullptr && *v == targets[z];
    });
    if (!found) missing.push_back(z);
  }
  return missing;
}

Point position(const std::filesystem::path& file, const std::string& where, const Json& p) {
  if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
    fail(file, where + " has a position " + p.dump() +
                   "; expected [longitude, latitude] with two numbers");
  }
  const Point pt{p[0].get<double>(), p[1].get<double>()};
  if (!std::isfinite(pt.x) || !std::isfinite(pt.y) || std::abs(pt.x) > kMaxLongitude ||
      std::abs(pt.y) > kMaxLatitude) {
    fail(file, where + " has a position " + p.dump() +
                   " outside longitude/latitude range; expected WGS84 degrees (RFC 7946): "
                   "reproject the file to EPSG:4326");
  }
  return pt;
}

// The outer ring of a GeoJSON polygon (an array of linear rings), without its closing point.
Ring outer_ring(const std::filesystem::path& file, const std::string& where, const Json& rings) {
  constexpr std::size_t kMinRingPoints = 3;
  if (!rings.is_array() || rings.empty() || !rings[0].is_array()) {
    fail(file, where +
                   " has a polygon that is not an array of rings; expected "
                   "[[[lon, lat], ...], ...]");
  }
  Ring ring;
  for (const Json& p : rings[0])
    ring.push_back(position(file, where, p));
  if (ring.size() > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) {
    ring.pop_back();
  }
  if (ring.size() < kMinRingPoints) {
    fail(file, where + " has a ring of " + std::to_string(ring.size()) +
                   " distinct points; expected at least 3");
  }
  return ring;
}

void add_rings(const std::filesystem::path& file, const std::string& where, const Json& feature,
               ZoneShape& shape) {
  const Json* geometry = feature.contains("geometry") ? &feature["geometry"] : nullptr;
  if (geometry == nullptr || geometry->is_null()) {
    fail(file, where + " has no geometry; expected a Polygon or MultiPolygon");
  }
  const std::string type =
      geometry->is_object() && geometry->contains("type") && (*geometry)["type"].is_string()
          ? (*geometry)["type"].get<std::string>()
          : std::string("(none)");
  const Json& coordinates = geometry->is_object() && geometry->contains("coordinates")
                                ? (*geometry)["coordinates"]
                                : Json();
  if (type == "Polygon") {
    shape.rings.push_back(outer_ring(file, where, coordinates));
  } else if (type == "MultiPolygon") {
    if (!coordinates.is_array()) {
      fail(file, where +
                     " has MultiPolygon coordinates that are not an array; expected "
                     "[[[[lon, lat], ...]], ...]");
    }
    for (const Json& polygon : coordinates)
      shape.rings.push_back(outer_ring(file, where, polygon));
  } else {
    fail(file,
         where + " has geometry type " + in_quotes(type) + "; expected Polygon or MultiPolygon");
  }
}

}  // namespace

std::vector<ZoneShape> read_geojson_boundaries(const std::filesystem::path& file,
                                               const std::vector<std::string>& zone_ids,
                                               const std::vector<std::string>& zone_names,
                                               const std::string& key) {
  if (!zone_names.empty() && zone_names.size() != zone_ids.size()) {
    throw std::invalid_argument("read_geojson_boundaries: " + std::to_string(zone_ids.size()) +
                                " zone ids but " + std::to_string(zone_names.size()) + " names");
  }
  const Json root = parse_file(file);
  if (!root.is_object() || !root.contains("type") || root["type"] != "FeatureCollection") {
    const std::string got = root.is_object() && root.contains("type") ? root["type"].dump()
                            : root.is_object()                        ? "an object with no type"
                                                                      : root.dump().substr(0, 20);
    fail(file, "the top level is " + got + "; expected a GeoJSON FeatureCollection");
  }
  if (!root.contains("features") || !root["features"].is_array()) {
    fail(file, "the FeatureCollection has no \"features\" array; expected \"features\": [...]");
  }
  if (zone_ids.empty()) return {};

  std::vector<Feature> features;
  std::vector<std::string> property_names;  // in order of first use
  const Json& list = root["features"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    Feature f{i, &list[i], {}};
    if (!list[i].is_object()) {
      fail(file, "features[" + std::to_string(i) + "] is not an object; expected a Feature");
    }
    if (list[i].contains("properties") && list[i]["properties"].is_object()) {
      for (const auto& [name, value] : list[i]["properties"].items()) {
        const auto text = value_text(value);
        if (!text) continue;
        f.properties.emplace_back(name, normalise(*text));
        if (std::find(property_names.begin(), property_names.end(), name) == property_names.end()) {
          property_names.push_back(name);
        }
      }
    }
    features.push_back(std::move(f));
  }

  std::vector<std::string> ids;
  std::vector<std::string> names;
  for (const std::string& s : zone_ids)
    ids.push_back(normalise(s));
  for (const std::string& s : zone_names)
    names.push_back(normalise(s));

  // Choose the property and whether it holds ids or names.
  const std::vector<std::string> candidates =
      key.empty() ? property_names : std::vector<std::string>{key};
  std::optional<std::pair<std::string, bool>> choice;  // property, by name
  for (const bool by_name : {false, true}) {
    if (by_name && names.empty()) break;
    for (const std::string& candidate : candidates) {
      if (unmatched(features, candidate, by_name ? names : ids).empty()) {
        choice = {candidate, by_name};
        break;
      }
    }
    if (choice) break;
  }
  if (!choice) {
    // Report the zones missing under the candidate that matches the most.
    std::string best;
    bool best_by_name = false;
    std::vector<std::size_t> best_missing(zone_ids.size() + 1);
    for (const bool by_name : {false, true}) {
      if (by_name && names.empty()) break;
      for (const std::string& candidate : candidates) {
        auto missing = unmatched(features, candidate, by_name ? names : ids);
        if (missing.size() < best_missing.size()) {
          best = candidate;
          best_by_name = by_name;
          best_missing = std::move(missing);
        }
      }
    }
    const auto zone_label = [&](std::size_t z) {
      std::string s = "zone " + in_quotes(zone_ids[z]);
      if (!zone_names.empty()) s += " (" + zone_names[z] + ")";
      return s;
    };
    std::string message;
    if (key.empty() && best.empty()) {
      message = "no feature has a property to match the zones by";
    } else {
      const std::size_t matched = zone_ids.size() - best_missing.size();
      message = (key.empty() ? "no property matches every zone's id or name; the best, " +
                                   in_quotes(best) + " (by " + (best_by_name ? "name" : "id") +
                                   ", " + std::to_string(matched) + " of " +
                                   std::to_string(zone_ids.size()) + " zones), has "
                             : "property " + in_quotes(best) + " has ") +
                "no feature for " + zone_label(best_missing.front());
      if (best_missing.size() > 1) {
        message += " and " + std::to_string(best_missing.size() - 1) + " other zone" +
                   (best_missing.size() > 2 ? "s" : "");
      }
    }
    fail(file, message +
                   "; expected a property whose value is each zone's id or name; "
                   "properties available: " +
                   property_list(property_names));
  }

  const auto& [property, by_name] = *choice;
  const std::vector<std::string>& targets = by_name ? names : ids;
  std::vector<ZoneShape> shapes(zone_ids.size());
  for (const Feature& f : features) {
    const std::string* v = f.property(property);
    if (v == nullptr) continue;
    for (std::size_t z = 0; z < targets.size(); ++z) {
      if (targets[z] == *v) add_rings(file, describe(f, property), *f.json, shapes[z]);
    }
  }
  return shapes;
}

}  // namespace welfare::analysis
