// Colours of the viewer: the map's colour scales and the series' colours, the same as the HTML
// report's (analysis/svg.hpp): sequential light yellow to dark blue (ColorBrewer YlGnBu),
// diverging blue-white-red for differences, series from the Okabe-Ito palette; all readable by
// viewers with the common forms of colour blindness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace welfare::viz {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  bool operator==(const Rgba&) const = default;
  // As Dear ImGui packs colours (IM_COL32: a << 24 | b << 16 | g << 8 | r).
  std::uint32_t packed() const;
};

// "#rrggbb" (case-insensitive) to a colour; throws std::invalid_argument for anything else.
Rgba parse_hex(std::string_view hex);
// The i-th series colour (cycling through the palette).
Rgba series_colour(std::size_t i);
// The colour of zones without a value (NaN): analysis::kNoDataColour, the grey of the report's
// "no data" hatching.
Rgba no_data_colour();

enum class ScaleKind { kSequential, kDiverging };

class ColourScale {
 public:
  // Sequential over the finite values' [min, max] (a degenerate range is widened so that
  // every value gets the middle colour; [0, 1] when no value is finite); diverging over
  // [-m, m] with m the largest finite |value| (1 when all are 0 or none is finite). NaN and
  // infinite values are ignored. The same scales as analysis::choropleth draws.
  static ColourScale fit(const std::vector<double>& values, ScaleKind kind);
  // [lo, hi] in either order, widened as fit() widens a degenerate range; [0, 1] when either
  // end is not finite.
  static ColourScale sequential(double lo, double hi);
  // [-|max_abs|, |max_abs|]; [-1, 1] for 0 or a non-finite max_abs.
  static ColourScale diverging(double max_abs);

  ScaleKind kind() const { return kind_; }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  // The colour of a value (clamped to the range); no_data_colour() for NaN and for
  // infinities, as the report shows them.
  Rgba colour(double value) const;
  // Position of a value along the colour bar, 0 at lo and 1 at hi (clamped; 0.5 for NaN).
  double position(double value) const;
  // Round values inside [lo, hi] to label the colour bar (analysis::nice_ticks without
  // extension), at most max(max_ticks, 2) of them, ascending.
  std::vector<double> ticks(int max_ticks) const;

 private:
  ScaleKind kind_ = ScaleKind::kSequential;
  double lo_ = 0;
  double hi_ = 1;
};

}  // namespace welfare::viz
