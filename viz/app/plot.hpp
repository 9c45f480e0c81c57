// Charts drawn with Dear ImGui's draw lists (no plotting library is packaged for Debian):
// time series with replicate bands, axes with round ticks and units, a legend, a marker for the
// week shown; and the map's colour bar.
#pragma once

#include <imgui.h>

#include <limits>
#include <string>
#include <vector>

#include "analysis/labels.hpp"
#include "viz/core/colour_scale.hpp"

namespace welfare::viz::app {

struct PlotSeries {
  std::string label;
  Rgba colour;
  std::vector<double> mean;   // per point of the x axis; NaN leaves a gap
  std::vector<double> lower;  // band; empty for none
  std::vector<double> upper;
};

struct LineChartSpec {
  std::string title;
  std::string y_units;
  std::string x_label;
  std::vector<double> x;  // e.g. week numbers
  std::vector<PlotSeries> series;
  double marker_x = std::numeric_limits<double>::quiet_NaN();  // vertical line (week shown)
  std::string marker_label;
  int decimals = 0;
  analysis::Language lang = analysis::Language::kEnglish;
};

// Draws the chart into the rectangle [p0, p0 + size] of the current window (reserving it) and
// returns the x value under the mouse when it hovers the plot area (NaN otherwise).
double line_chart(const LineChartSpec& spec, ImVec2 size);

// A horizontal colour bar with tick labels and units under it, `size` wide and tall; when
// `no_data_label` is not empty, a swatch of the no-data colour with that label beside it.
void colour_bar(const ColourScale& scale, const std::string& units, int decimals,
                analysis::Language lang, ImVec2 size, const std::string& no_data_label = "");

ImU32 to_imu32(Rgba c);

}  // namespace welfare::viz::app
