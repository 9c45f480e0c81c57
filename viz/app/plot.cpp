#include "viz/app/plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/svg.hpp"

namespace welfare::viz::app {
namespace {

constexpr int kMaxYTicks = 6;
constexpr int kMaxXTicks = 8;
constexpr float kTickLength = 4.0f;
constexpr float kLineWidth = 2.0f;
constexpr float kBandAlpha = 0.25f;  // opacity of replicate bands
constexpr float kLegendSwatch = 14.0f;
constexpr ImU32 kAxisColour = IM_COL32(90, 90, 90, 255);
constexpr ImU32 kGridColour = IM_COL32(200, 200, 200, 90);
constexpr ImU32 kMarkerColour = IM_COL32(110, 110, 110, 255);

analysis::NumberStyle number_style(analysis::Language lang) {
  if (lang == analysis::Language::kItalian) return {".", ",", "\u2212"};
  return {",", ".", "\u2212"};
}

Rgba with_alpha(Rgba c, float alpha) {
  c.a = static_cast<std::uint8_t>(std::lround(alpha * 255.0f));
  return c;
}

}  // namespace

ImU32 to_imu32(Rgba c) {
  return IM_COL32(c.r, c.g, c.b, c.a);
}

double line_chart(const LineChartSpec& spec, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(spec.title.c_str(), size);
  const bool hovered = ImGui::IsItemHovered();
  const float line_h = ImGui::GetTextLineHeight();
  const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);

  // Title, then the legend on one line, then the units above the axis.
  float y = p0.y;
  dl->AddText(ImVec2(p0.x, y), text_colour, spec.title.c_str());
  y += line_h * 1.3f;
  float lx = p0.x;
  for (const PlotSeries& s : spec.series) {
    const float w = ImGui::CalcTextSize(s.label.c_str()).x;
    if (lx + kLegendSwatch + w > p0.x + size.x && lx > p0.x) {
      lx = p0.x;
      y += line_h * 1.2f;
    }
    const float cy = y + line_h * 0.5f;
    dl->AddRectFilled(ImVec2(lx, cy - 4), ImVec2(lx + kLegendSwatch, cy + 4),
                      to_imu32(with_alpha(s.colour, kBandAlpha)));
    dl->AddLine(ImVec2(lx, cy), ImVec2(lx + kLegendSwatch, cy), to_imu32(s.colour), kLineWidth);
    dl->AddText(ImVec2(lx + kLegendSwatch + 4, y), text_colour, s.label.c_str());
    lx += kLegendSwatch + w + 20;
  }
  y += line_h * 1.3f;
  dl->AddText(ImVec2(p0.x, y), text_colour, spec.y_units.c_str());
  y += line_h * 1.2f;

  // The value range over every mean and band.
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const PlotSeries& s : spec.series) {
    for (const auto* v : {&s.mean, &s.lower, &s.upper}) {
      for (double d : *v) {
        if (std::isfinite(d)) {
          lo = std::min(lo, d);
          hi = std::max(hi, d);
        }
      }
    }
  }
  if (!std::isfinite(lo)) {
    lo = 0;
    hi = 1;
  }
  const auto style = number_style(spec.lang);
  const analysis::Ticks yt = analysis::nice_ticks(lo, hi, kMaxYTicks, true);
  const auto ylabels = analysis::tick_labels(yt, style);
  float label_w = 0;
  for (const auto& l : ylabels)
    label_w = std::max(label_w, ImGui::CalcTextSize(l.c_str()).x);

  const double x_lo = spec.x.empty() ? 0 : spec.x.front();
  const double x_hi = spec.x.empty() ? 1 : std::max(spec.x.back(), x_lo + 1);
  const ImVec2 a(p0.x + label_w + kTickLength + 6, y + line_h * 0.5f);
  const ImVec2 b(p0.x + size.x - 8, p0.y + size.y - line_h * 2.6f);
  if (b.x <= a.x + 10 || b.y <= a.y + 10) return std::numeric_limits<double>::quiet_NaN();
  auto sx = [&](double x) {
    return static_cast<float>(a.x + (x - x_lo) / (x_hi - x_lo) * (b.x - a.x));
  };
  auto sy = [&](double v) {
    return static_cast<float>(b.y - (v - yt.lo) / (yt.hi - yt.lo) * (b.y - a.y));
  };

  // Grid and y ticks.
  for (std::size_t i = 0; i < yt.values.size(); ++i) {
    const float ty = sy(yt.values[i]);
    dl->AddLine(ImVec2(a.x, ty), ImVec2(b.x, ty), kGridColour);
    dl->AddLine(ImVec2(a.x - kTickLength, ty), ImVec2(a.x, ty), kAxisColour);
    const float w = ImGui::CalcTextSize(ylabels[i].c_str()).x;
    dl->AddText(ImVec2(a.x - kTickLength - 3 - w, ty - line_h * 0.5f), text_colour,
                ylabels[i].c_str());
  }
  // x ticks.
  const analysis::Ticks xt = analysis::nice_ticks(x_lo, x_hi, kMaxXTicks, false);
  const auto xlabels = analysis::tick_labels(xt, style);
  for (std::size_t i = 0; i < xt.values.size(); ++i) {
    const float tx = sx(xt.values[i]);
    dl->AddLine(ImVec2(tx, b.y), ImVec2(tx, b.y + kTickLength), kAxisColour);
    const float w = ImGui::CalcTextSize(xlabels[i].c_str()).x;
    dl->AddText(ImVec2(tx - w * 0.5f, b.y + kTickLength + 1), text_colour, xlabels[i].c_str());
  }
  const float xw = ImGui::CalcTextSize(spec.x_label.c_str()).x;
  dl->AddText(ImVec2((a.x + b.x - xw) * 0.5f, b.y + kTickLength + line_h + 2), text_colour,
              spec.x_label.c_str());
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), kAxisColour);
  dl->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), kAxisColour);

  dl->PushClipRect(ImVec2(a.x, a.y - 1), ImVec2(b.x + 1, b.y + 1), true);
  // Bands: one quad per pair of consecutive weeks where both ends have values.
  for (const PlotSeries& s : spec.series) {
    if (s.lower.size() != s.mean.size() || s.upper.size() != s.mean.size()) continue;
    const ImU32 fill = to_imu32(with_alpha(s.colour, kBandAlpha));
    for (std::size_t i = 1; i < s.mean.size() && i < spec.x.size(); ++i) {
      if (!std::isfinite(s.lower[i - 1]) || !std::isfinite(s.lower[i]) ||
          !std::isfinite(s.upper[i - 1]) || !std::isfinite(s.upper[i])) {
        continue;
      }
      const ImVec2 q[4] = {
          ImVec2(sx(spec.x[i - 1]), sy(s.upper[i - 1])), ImVec2(sx(spec.x[i]), sy(s.upper[i])),
          ImVec2(sx(spec.x[i]), sy(s.lower[i])), ImVec2(sx(spec.x[i - 1]), sy(s.lower[i - 1]))};
      dl->AddConvexPolyFilled(q, 4, fill);
    }
  }
  // Means: polylines broken at NaN.
  for (const PlotSeries& s : spec.series) {
    std::vector<ImVec2> run;
    auto flush = [&] {
      if (run.size() >= 2) {
        dl->AddPolyline(run.data(), static_cast<int>(run.size()), to_imu32(s.colour), 0,
                        kLineWidth);
      }
      run.clear();
    };
    for (std::size_t i = 0; i < s.mean.size() && i < spec.x.size(); ++i) {
      if (std::isfinite(s.mean[i])) {
        run.emplace_back(sx(spec.x[i]), sy(s.mean[i]));
      } else {
        flush();
      }
    }
    flush();
  }
  if (std::isfinite(spec.marker_x)) {
    const float mx = sx(spec.marker_x);
    dl->AddLine(ImVec2(mx, a.y), ImVec2(mx, b.y), kMarkerColour, 1.0f);
    dl->AddText(ImVec2(mx + 3, a.y), kMarkerColour, spec.marker_label.c_str());
  }
  dl->PopClipRect();

  // Hover: the week under the mouse and each series' value there.
  double hovered_x = std::numeric_limits<double>::quiet_NaN();
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (hovered && m.x >= a.x && m.x <= b.x && m.y >= a.y && m.y <= b.y && !spec.x.empty()) {
    const double xv = x_lo + (m.x - a.x) / (b.x - a.x) * (x_hi - x_lo);
    std::size_t best = 0;
    for (std::size_t i = 1; i < spec.x.size(); ++i)
      if (std::fabs(spec.x[i] - xv) < std::fabs(spec.x[best] - xv)) best = i;
    hovered_x = spec.x[best];
    dl->AddLine(ImVec2(sx(hovered_x), a.y), ImVec2(sx(hovered_x), b.y), kAxisColour);
    ImGui::BeginTooltip();
    ImGui::Text("%s %s", spec.x_label.c_str(),
                analysis::format_number(hovered_x, 0, spec.lang).c_str());
    for (const PlotSeries& s : spec.series) {
      if (best >= s.mean.size()) continue;
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(to_imu32(s.colour)), "%s: %s",
                         s.label.c_str(),
                         analysis::format_number(s.mean[best], spec.decimals, spec.lang).c_str());
    }
    ImGui::EndTooltip();
  }
  return hovered_x;
}

void colour_bar(const ColourScale& scale, const std::string& units, int decimals,
                analysis::Language lang, ImVec2 size, const std::string& no_data_label) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  const float line_h = ImGui::GetTextLineHeight();
  const float bar_h = std::max(8.0f, size.y - 2.4f * line_h);
  constexpr int kSteps = 64;  // colour steps along the bar
  const float step_w = size.x / kSteps;
  for (int i = 0; i < kSteps; ++i) {
    const double t = (i + 0.5) / kSteps;
    const double v = scale.lo() + t * (scale.hi() - scale.lo());
    const float x0 = p0.x + static_cast<float>(i) * step_w;
    dl->AddRectFilled(ImVec2(x0, p0.y), ImVec2(x0 + step_w + 0.5f, p0.y + bar_h),
                      to_imu32(scale.colour(v)));
  }
  const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
  // As many ticks as their labels leave room for (at most kBarTicks).
  constexpr int kBarTicks = 5;
  const float label_w =
      std::max(ImGui::CalcTextSize(analysis::format_number(scale.lo(), decimals, lang).c_str()).x,
               ImGui::CalcTextSize(analysis::format_number(scale.hi(), decimals, lang).c_str()).x);
  const int room = static_cast<int>(size.x / (label_w + ImGui::GetFontSize()));
  for (double t : scale.ticks(std::clamp(room, 2, kBarTicks))) {
    const float x = p0.x + static_cast<float>(scale.position(t)) * size.x;
    dl->AddLine(ImVec2(x, p0.y + bar_h), ImVec2(x, p0.y + bar_h + kTickLength), kAxisColour);
    const std::string label = analysis::format_number(t, decimals, lang);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    dl->AddText(ImVec2(std::clamp(x - w * 0.5f, p0.x, p0.x + size.x - w), p0.y + bar_h + 5),
                text_colour, label.c_str());
  }
  dl->AddText(ImVec2(p0.x, p0.y + bar_h + 5 + line_h), text_colour, units.c_str());
  if (!no_data_label.empty()) {
    constexpr float kGap = 24.0f;
    const float x = p0.x + size.x + kGap;
    dl->AddRectFilled(ImVec2(x, p0.y), ImVec2(x + bar_h, p0.y + bar_h), to_imu32(no_data_colour()));
    dl->AddText(ImVec2(x + bar_h + 6, p0.y + (bar_h - line_h) * 0.5f), text_colour,
                no_data_label.c_str());
  }
}

}  // namespace welfare::viz::app
