// Charts and maps as self-contained SVG text, for the HTML report: no scripts, no external
// fonts or images, so a page that inlines them opens with no network access.
//
// Every element carries class names (chart, title, grid, tick, axis-label, legend, band, line,
// marker, zone, ...) so the page's CSS can restyle it; the presentation attributes written
// here are only the defaults, and CSS wins over them. Chart roots have class "chart", map roots
// class "map" and data-zones="N", the number of path.zone elements. Coordinates are printed
// with at most kCoordinateDecimals decimals, independently of the C/C++ locale.
#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/geometry.hpp"

namespace welfare::analysis {

inline constexpr int kCoordinateDecimals = 2;

// Text for XML content and attribute values: & < > " ' escaped; control characters that XML
// 1.0 does not allow are dropped.
std::string xml_escape(std::string_view text);

// How numbers read in labels. The defaults are language-neutral (SI): a narrow no-break space
// between thousands, a point for decimals, a true minus sign. Italian pages may use
// {".", ",", "\u2212"}.
struct NumberStyle {
  std::string thousands = "\u202F";
  std::string decimal = ".";
  std::string minus = "\u2212";
};

// `value` rounded to `decimals` decimals, with thousands separators; "n/a" for NaN.
std::string format_number(double value, int decimals, const NumberStyle& style = {});

// Tick positions at 1, 2 or 5 times a power of ten, at most max_ticks of them (at least two;
// three when an extended range crosses zero and fewer cannot cover it).
// With extend, the range grows outwards to whole steps (for value axes); without, the ticks
// are those inside [lo, hi] (for the time axis). An empty or single-value range is widened
// first, so the step is never zero.
struct Ticks {
  double lo = 0;  // the axis range, after extension
  double hi = 1;
  double step = 1;  // between ticks
  std::vector<double> values;
};
Ticks nice_ticks(double lo, double hi, int max_ticks, bool extend);

// Tick labels for `ticks`, all with the decimals the step needs (0, 0.5, 1.0, ...; zero is
// "0"); when the largest tick reaches ten thousand in thousands with a "k" suffix, when it
// reaches a million in millions with "M".
std::vector<std::string> tick_labels(const Ticks& ticks, const NumberStyle& style = {});

// Distinct colours for series, from the Okabe-Ito palette (safe for the common forms of colour
// blindness), cycling after eight.
std::string palette_colour(std::size_t i);

// A line with an optional band: low and high empty mean no band, otherwise all four vectors
// have the same length. NaN values leave gaps. An empty colour takes palette_colour(index).
struct Series {
  std::string label;
  std::string colour;
  std::vector<double> x, mean, low, high;
};

struct LineChart {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  std::optional<double> marker_x;  // e.g. a lever's start week: a dashed vertical line
  std::string marker_label;
  int width = 640, height = 280;
  bool include_zero = false;  // extend the value axis to 0
  NumberStyle numbers;
};

// The chart as <svg class="chart line-chart">: value axis with nice ticks and a light grid,
// time axis with ticks, a translucent band (low..high) under each series' mean line, a legend
// when there is more than one series or the only one has a label, the title, the marker.
// A run of values between NaNs is its own path (a single value is drawn as a dot). Throws
// std::invalid_argument if a series' vectors differ in length.
std::string line_chart(const LineChart& chart);

struct MapZone {
  std::string id, name;
  ZoneShape shape;
  double value = NAN;
  std::string tooltip;  // empty: "name: value"
};

struct Choropleth {
  std::string title, legend_label;
  std::vector<MapZone> zones;
  bool diverging = false;  // true: colours centred on 0 (blue lower, red higher), symmetric
  int width = 420, height = 420;
  std::string no_data_label = "no data";
  std::string id;  // prefix of the ids of the map's gradient and pattern; empty: from a hash
  NumberStyle numbers;
};

// The map as <svg class="map" data-zones="N">: zones projected (equirectangular, x scaled by
// the cosine of the middle latitude) and fitted to the box, each a <path class="zone"> with a
// <title> tooltip (values with one more decimal than the legend), filled from the sequential or
// diverging scale; zones with no value hatched grey. Larger zones are drawn first, so enclaves show
// on top. A colour bar with the minimum and maximum (diverging: -m, 0, +m with m the largest
// magnitude) sits below the map.
std::string choropleth(const Choropleth& map);

// Colours of the maps' scales as "#rrggbb". sequential_colour(t), t in [0, 1], light yellow to
// dark blue (ColorBrewer YlGnBu). diverging_colour(t), t in [-1, 1]: built in the OKLab colour
// space with lightness and chroma depending on |t| only, so t and -t are equally far from the
// neutral middle, blue below and red above. Out-of-range t is clamped; NaN gives the no-data
// grey kNoDataColour.
inline constexpr std::string_view kNoDataColour = "#d9d9d9";
std::string sequential_colour(double t);
std::string diverging_colour(double t);

// JavaScript (without <script> tags) for a page that inlines these charts: once the document
// is parsed it checks every svg.chart and svg.map (sized, has lines or as many path.zone as
// data-zones, no NaN in path data, no text outside the SVG or overlapping other text) and sets
// document.documentElement.dataset.rendered to "ok" or to a description of what is wrong.
// tests/analysis/render_html.sh reads it.
std::string render_check_script();

}  // namespace welfare::analysis
