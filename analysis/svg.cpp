#include "analysis/svg.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace welfare::analysis {

namespace {

// --- typography and layout (pixels) --------------------------------------------------------

constexpr std::string_view kFontFamily = "'DejaVu Sans', Verdana, Arial, sans-serif";
constexpr double kTitleFont = 15;
constexpr double kLabelFont = 12;
constexpr double kTickFont = 11;
// Mean advance of DejaVu Sans (digits are 0.64 em): labels are measured with it, erring wide.
constexpr double kCharWidthEm = 0.64;
// Height above the baseline of capitals and digits, and below it of descenders, in em.
constexpr double kAscentEm = 0.76;
constexpr double kDescentEm = 0.24;
constexpr double kLineEm = 1.25;  // a row of text
constexpr double kPad = 10;       // around the whole chart
constexpr double kGap = 6;        // between neighbouring parts
constexpr double kTickLength = 4;
constexpr double kMinYTickSpacing = 28;  // between value-axis ticks
constexpr double kXLabelGap = 14;        // between neighbouring time-axis labels
constexpr int kMaxXTicks = 12;
constexpr double kMinPlotSize = 20;  // the plot area never shrinks below this
constexpr int kMinChartSize = 60;
constexpr double kLegendSwatch = 18;
constexpr double kLegendSwatchBand = 10;  // height of the band swatch
constexpr double kLegendItemGap = 16;
constexpr double kLineWidth = 2;
constexpr double kPointRadius = 2.5;
constexpr double kBandOpacity = 0.18;
constexpr double kHaloWidth = 3;
constexpr double kMarkerLabelShare = 0.7;  // beyond this share of the plot, labels go left
constexpr double kCrisp = 0.5;             // offset putting 1 px lines on whole pixels
// Widening of an empty value range, as a share of the value (or 1 for zero).
constexpr double kConstantRangeWiden = 0.1;
constexpr double kRelativeTolerance = 1e-9;

constexpr std::string_view kTextColour = "#333333";
constexpr std::string_view kMutedColour = "#595959";
constexpr std::string_view kGridColour = "#e8e8e8";
constexpr std::string_view kAxisColour = "#9e9e9e";
constexpr std::string_view kZeroLineColour = "#bdbdbd";
constexpr std::string_view kBackground = "#ffffff";
constexpr std::string_view kZoneStroke = "#ffffff";
constexpr double kZoneStrokeWidth = 0.8;
constexpr std::string_view kHatchColour = "#a6a6a6";
constexpr double kHatchSize = 6;

// Map legend.
constexpr double kColourBarWidth = 220;
constexpr double kColourBarHeight = 10;
constexpr int kColourBarStops = 11;
constexpr double kNoDataSwatch = 12;
constexpr int kLegendDigits = 2;

// --- numbers --------------------------------------------------------------------------------

constexpr int kMaxDecimals = 12;
constexpr std::size_t kNumberBuffer = 64;

// `v` with a fixed number of decimals, trailing zeros dropped; never "nan" or "-0".
std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) v = 0;
  std::array<char, kNumberBuffer> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed,
                               std::clamp(decimals, 0, kMaxDecimals));
  std::string s(buf.data(), r.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

// A coordinate.
std::string num(double v) {
  return fixed(v, kCoordinateDecimals);
}

std::size_t code_points(std::string_view s) {
  constexpr unsigned char kContinuationMask = 0xC0;
  constexpr unsigned char kContinuationBits = 0x80;
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & kContinuationMask) != kContinuationBits;
  }));
}

// Estimated rendered width of `s` at `font_size`.
double text_width(std::string_view s, double font_size) {
  return static_cast<double>(code_points(s)) * font_size * kCharWidthEm;
}

// --- SVG text -------------------------------------------------------------------------------

using Attributes = std::initializer_list<std::pair<std::string_view, std::string>>;

class Svg {
 public:
  void open(std::string_view name, Attributes attributes) {
    start(name, attributes);
    out_ += ">";
  }
  void leaf(std::string_view name, Attributes attributes) {
    start(name, attributes);
    out_ += "/>";
  }
  void element(std::string_view name, Attributes attributes, std::string_view text) {
    open(name, attributes);
    out_ += xml_escape(text);
    close(name);
  }
  void close(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += ">";
  }
  void newline() { out_ += '\n'; }
  std::string str() && { return std::move(out_); }

 private:
  void start(std::string_view name, Attributes attributes) {
    out_ += "<";
    out_ += name;
    for (const auto& [key, value] : attributes) {
      out_ += ' ';
      out_ += key;
      out_ += "=\"";
      out_ += xml_escape(value);
      out_ += '"';
    }
  }
  std::string out_;
};

std::string str(std::string_view s) {
  return std::string(s);
}

// Attributes of a text element with a white halo, readable over lines.
void halo_text(Svg& svg, std::string_view cls, double x, double y, std::string_view anchor,
               double font_size, std::string_view text) {
  svg.element("text",
              {{"class", str(cls)},
               {"x", num(x)},
               {"y", num(y)},
               {"text-anchor", str(anchor)},
               {"font-size", num(font_size)},
               {"fill", str(kMutedColour)},
               {"stroke", str(kBackground)},
               {"stroke-width", num(kHaloWidth)},
               {"stroke-linejoin", "round"},
               {"paint-order", "stroke"}},
              text);
}

void root_open(Svg& svg, std::string_view cls, int width, int height, std::string_view title) {
  svg.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                   {"class", str(cls)},
                   {"width", std::to_string(width)},
                   {"height", std::to_string(height)},
                   {"viewBox", "0 0 " + std::to_string(width) + " " + std::to_string(height)},
                   {"role", "img"},
                   {"font-family", str(kFontFamily)},
                   {"fill", str(kTextColour)}});
  svg.newline();
  if (!title.empty()) svg.element("title", {}, title);
  svg.leaf("rect", {{"class", "background"},
                    {"width", std::to_string(width)},
                    {"height", std::to_string(height)},
                    {"fill", str(kBackground)}});
  svg.newline();
}

double baseline(double row_top, double font_size) {
  return row_top + kAscentEm * font_size;
}

// --- colours --------------------------------------------------------------------------------

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0..1, gamma-encoded sRGB
};

constexpr double kByte = 255;

std::string hex(Rgb c) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  constexpr int kNibble = 16;
  std::string s = "#";
  for (const double v : {c.r, c.g, c.b}) {
    const auto byte = static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * kByte));
    s += kDigits[static_cast<std::size_t>(byte / kNibble)];
    s += kDigits[static_cast<std::size_t>(byte % kNibble)];
  }
  return s;
}

Rgb from_hex(std::string_view h) {
  const auto channel = [&](std::size_t at) {
    int v = 0;
    std::from_chars(h.data() + at, h.data() + at + 2, v, 16);
    return v / kByte;
  };
  return {channel(1), channel(3), channel(5)};
}

Rgb mix(Rgb a, Rgb b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

// OKLab (Björn Ottosson, 2020) to gamma-encoded sRGB.
Rgb oklab_to_rgb(double lightness, double a, double b) {
  constexpr std::array<std::array<double, 3>, 3> kLabToLms{{{1.0, 0.3963377774, 0.2158037573},
                                                            {1.0, -0.1055613458, -0.0638541728},
                                                            {1.0, -0.0894841775, -1.2914855480}}};
  constexpr std::array<std::array<double, 3>, 3> kLmsToLinear{
      {{4.0767416621, -3.3077115913, 0.2309699292},
       {-1.2684380046, 2.6097574011, -0.3413193965},
       {-0.0041960863, -0.7034186147, 1.7076147010}}};
  std::array<double, 3> lms{};
  for (std::size_t i = 0; i < 3; ++i) {
    const double root = kLabToLms[i][0] * lightness + kLabToLms[i][1] * a + kLabToLms[i][2] * b;
    lms[i] = root * root * root;
  }
  std::array<double, 3> linear{};
  for (std::size_t i = 0; i < 3; ++i) {
    linear[i] =
        kLmsToLinear[i][0] * lms[0] + kLmsToLinear[i][1] * lms[1] + kLmsToLinear[i][2] * lms[2];
  }
  // The sRGB transfer function.
  constexpr double kLinearLimit = 0.0031308;
  constexpr double kLinearSlope = 12.92;
  constexpr double kGammaScale = 1.055;
  constexpr double kGammaOffset = 0.055;
  constexpr double kGamma = 2.4;
  const auto encode = [&](double v) {
    v = std::clamp(v, 0.0, 1.0);
    return v <= kLinearLimit ? v * kLinearSlope
                             : kGammaScale * std::pow(v, 1.0 / kGamma) - kGammaOffset;
  };
  return {encode(linear[0]), encode(linear[1]), encode(linear[2])};
}

// ColorBrewer YlGnBu, without its nearly white first class (which vanished into the page).
constexpr std::array<std::string_view, 8> kSequentialStops{
    "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"};

// The diverging scale in OKLCh: lightness and chroma from the neutral middle to the ends,
// hues near ColorBrewer RdBu's ends; the whole scale lies inside the sRGB gamut (checked
// by the tests: a clipped colour would break the symmetry).
constexpr double kNeutralLightness = 0.95;  // a touch darker than the page
constexpr double kEndLightness = 0.5;
constexpr double kEndChroma = 0.17;
constexpr double kLowHueDegrees = 258;  // blue
constexpr double kHighHueDegrees = 25;  // red
constexpr double kDegreesToRadians = std::numbers::pi / 180.0;

// Okabe & Ito (2008), yellow last (it is faint on white).
constexpr std::array<std::string_view, 8> kOkabeIto{"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                    "#e69f00", "#56b4e9", "#000000", "#f0e442"};

// --- ticks ----------------------------------------------------------------------------------

constexpr std::array<double, 3> kNiceMultipliers{1, 2, 5};
constexpr double kTen = 10;
constexpr double kThousand = 1e3;
constexpr double kMillion = 1e6;
constexpr double kThousandsSuffixFrom = 1e4;
constexpr int kMaxStepSearch = 6;  // powers of ten tried above the first guess

}  // namespace

// --- public helpers ---------------------------------------------------------------------------

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default: {
        constexpr unsigned char kFirstPrintable = 0x20;
        const auto u = static_cast<unsigned char>(ch);
        if (u < kFirstPrintable && ch != '\t' && ch != '\n' && ch != '\r') break;
        out += ch;
      }
    }
  }
  return out;
}

std::string format_number(double value, int decimals, const NumberStyle& style) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value < 0 ? style.minus + "\u221E" : "\u221E";
  decimals = std::clamp(decimals, 0, kMaxDecimals);
  std::array<char, kNumberBuffer> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), std::abs(value),
                               std::chars_format::fixed, decimals);
  const std::string digits(buf.data(), r.ptr);
  const std::size_t point = digits.find('.');
  const std::string whole = digits.substr(0, point);
  constexpr std::size_t kGroup = 3;
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % kGroup == 0) out += style.thousands;
    out += whole[i];
  }
  if (point != std::string::npos) out += style.decimal + digits.substr(point + 1);
  const bool zero = digits.find_first_not_of("0.") == std::string::npos;
  return (value < 0 && !zero ? style.minus : std::string()) + out;
}

Ticks nice_ticks(double lo, double hi, int max_ticks, bool extend) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (lo > hi) std::swap(lo, hi);
  const double magnitude = std::max(std::abs(lo), std::abs(hi));
  if (hi - lo <= kRelativeTolerance * magnitude || hi == lo) {
    const double widen = magnitude > 0 ? magnitude * kConstantRangeWiden : 1;
    if (lo == 0 && hi == 0) {
      hi = 1;
    } else {
      lo -= widen;
      hi += widen;
    }
  }
  max_ticks = std::max(max_ticks, 2);
  const double span = hi - lo;
  const double first_exponent = std::floor(std::log10(span / max_ticks));
  Ticks t;
  double first = 0;
  double last = 0;
  bool found = false;
  // Fewer than three ticks cannot always cover a range that crosses zero: then three.
  constexpr int kAlwaysEnough = 3;
  for (const int limit : {max_ticks, std::max(max_ticks, kAlwaysEnough)}) {
    for (int e = 0; e <= kMaxStepSearch && !found; ++e) {
      for (const double m : kNiceMultipliers) {
        const double step = m * std::pow(kTen, first_exponent + e);
        const double a = extend ? std::floor(lo / step + kRelativeTolerance)
                                : std::ceil(lo / step - kRelativeTolerance);
        const double b = extend ? std::ceil(hi / step - kRelativeTolerance)
                                : std::floor(hi / step + kRelativeTolerance);
        if (b - a + 1 <= limit) {
          t.step = step;
          first = a;
          last = b;
          found = true;
          break;
        }
      }
    }
    if (found) break;
  }
  if (!found) {  // cannot happen for finite ranges; keep the ends
    t.step = span;
    first = lo / span;
    last = hi / span;
  }
  for (double k = first; k <= last + kRelativeTolerance; k += 1) {
    const double v = k * t.step;
    t.values.push_back(std::abs(v) < t.step * kRelativeTolerance ? 0.0 : v);
  }
  t.lo = extend ? first * t.step : lo;
  t.hi = extend ? last * t.step : hi;
  return t;
}

std::vector<std::string> tick_labels(const Ticks& ticks, const NumberStyle& style) {
  double largest = 0;
  for (const double v : ticks.values)
    largest = std::max(largest, std::abs(v));
  double divisor = 1;
  std::string suffix;
  if (largest >= kMillion) {
    divisor = kMillion;
    suffix = "M";
  } else if (largest >= kThousandsSuffixFrom) {
    divisor = kThousand;
    suffix = "k";
  }
  const int decimals = std::max(
      0, static_cast<int>(std::ceil(-std::log10(ticks.step / divisor) - kRelativeTolerance)));
  std::vector<std::string> labels;
  for (const double v : ticks.values) {
    labels.push_back(v == 0 ? "0" : format_number(v / divisor, decimals, style) + suffix);
  }
  return labels;
}

std::string palette_colour(std::size_t i) {
  return str(kOkabeIto[i % kOkabeIto.size()]);
}

std::string sequential_colour(double t) {
  if (std::isnan(t)) return str(kNoDataColour);
  t = std::clamp(t, 0.0, 1.0);
  const double position = t * static_cast<double>(kSequentialStops.size() - 1);
  const auto below = std::min(static_cast<std::size_t>(position), kSequentialStops.size() - 2);
  return hex(mix(from_hex(kSequentialStops[below]), from_hex(kSequentialStops[below + 1]),
                 position - static_cast<double>(below)));
}

std::string diverging_colour(double t) {
  if (std::isnan(t)) return str(kNoDataColour);
  t = std::clamp(t, -1.0, 1.0);
  const double s = std::abs(t);
  const double lightness = kNeutralLightness + (kEndLightness - kNeutralLightness) * s;
  const double chroma = kEndChroma * s;
  const double hue = (t < 0 ? kLowHueDegrees : kHighHueDegrees) * kDegreesToRadians;
  return hex(oklab_to_rgb(lightness, chroma * std::cos(hue), chroma * std::sin(hue)));
}

// --- line chart -------------------------------------------------------------------------------

namespace {

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

struct LegendItem {
  std::string label, colour;
  bool band = false;
  double x = 0, row_top = 0;
};

// Runs of consecutive indices where `ok` holds.
template <typename Pred>
std::vector<std::pair<std::size_t, std::size_t>> runs(std::size_t n, Pred ok) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t i = 0;
  while (i < n) {
    while (i < n && !ok(i))
      ++i;
    const std::size_t start = i;
    while (i < n && ok(i))
      ++i;
    if (i > start) out.emplace_back(start, i);
  }
  return out;
}

void check_series(const Series& s) {
  const std::size_t n = s.x.size();
  if (s.mean.size() != n || (!s.low.empty() && s.low.size() != n) ||
      (!s.high.empty() && s.high.size() != n) || s.low.empty() != s.high.empty()) {
    throw std::invalid_argument("series \"" + s.label + "\": x has " + std::to_string(n) +
                                " values, mean " + std::to_string(s.mean.size()) + ", low " +
                                std::to_string(s.low.size()) + ", high " +
                                std::to_string(s.high.size()) +
                                "; expected equal lengths (low and high may both be empty)");
  }
}

}  // namespace

std::string line_chart(const LineChart& chart) {
  for (const Series& s : chart.series)
    check_series(s);
  const double width = std::max(chart.width, kMinChartSize);
  const double height = std::max(chart.height, kMinChartSize);

  Range xr;
  Range yr;
  for (const Series& s : chart.series) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i])) continue;
      const bool band = !s.low.empty() && std::isfinite(s.low[i]) && std::isfinite(s.high[i]);
      if (!std::isfinite(s.mean[i]) && !band) continue;
      xr.add(s.x[i]);
      yr.add(s.mean[i]);
      if (band) {
        yr.add(s.low[i]);
        yr.add(s.high[i]);
      }
    }
  }
  const bool has_data = !xr.empty() && !yr.empty();
  if (!has_data) {
    xr = {0, 1};
    yr = {0, 1};
  }
  if (chart.include_zero) {
    yr.lo = std::min(yr.lo, 0.0);
    yr.hi = std::max(yr.hi, 0.0);
  }

  // Vertical layout, top down: title, legend, value-axis label, plot; bottom up: axis label,
  // tick labels.
  double top = kPad;
  const double title_baseline = baseline(top, kTitleFont);
  if (!chart.title.empty()) top += kLineEm * kTitleFont + kGap / 2;

  std::vector<LegendItem> legend;
  const bool show_legend =
      chart.series.size() > 1 || (chart.series.size() == 1 && !chart.series[0].label.empty());
  if (show_legend) {
    double x = kPad;
    double row_top = top;
    const double row_height = kLineEm * kLabelFont;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
      const Series& s = chart.series[i];
      const double item_width = kLegendSwatch + kGap + text_width(s.label, kLabelFont);
      if (x > kPad && x + item_width > width - kPad) {
        x = kPad;
        row_top += row_height;
      }
      legend.push_back(
          {s.label, s.colour.empty() ? palette_colour(i) : s.colour, !s.low.empty(), x, row_top});
      x += item_width + kLegendItemGap;
    }
    top = row_top + row_height + kGap;
  }
  const double y_label_baseline = baseline(top, kLabelFont);
  if (!chart.y_label.empty()) top += kLineEm * kLabelFont;
  const double plot_top = top + kTickFont * kLineEm / 2 + kGap / 2;  // room for the top label

  double bottom = height - kPad;
  const double x_label_baseline = bottom - kDescentEm * kLabelFont;
  if (!chart.x_label.empty()) bottom -= kLineEm * kLabelFont + kGap / 2;
  const double x_tick_baseline = bottom - kDescentEm * kTickFont;
  bottom -= kLineEm * kTickFont + kTickLength;
  const double plot_bottom = std::max(bottom, plot_top + kMinPlotSize);
  const double plot_height = plot_bottom - plot_top;

  // Value axis.
  const int y_tick_count = static_cast<int>(plot_height / kMinYTickSpacing) + 1;
  const Ticks yt = nice_ticks(yr.lo, yr.hi, y_tick_count, true);
  const std::vector<std::string> y_labels = tick_labels(yt, chart.numbers);
  double y_label_width = 0;
  for (const std::string& l : y_labels) {
    y_label_width = std::max(y_label_width, text_width(l, kTickFont));
  }
  const double plot_left = kPad + y_label_width + kTickLength + kGap;

  // Time axis: the most ticks whose labels do not crowd each other.
  Ticks xt;
  std::vector<std::string> x_labels;
  double plot_right = width - kPad;
  for (int count = kMaxXTicks; count >= 2; --count) {
    xt = nice_ticks(xr.lo, xr.hi, count, false);
    x_labels = tick_labels(xt, chart.numbers);
    double widest = 0;
    for (const std::string& l : x_labels)
      widest = std::max(widest, text_width(l, kTickFont));
    plot_right = std::max(width - kPad - widest / 2, plot_left + kMinPlotSize);
    const double spacing = (plot_right - plot_left) * xt.step / (xt.hi - xt.lo);
    if (spacing >= widest + kXLabelGap) break;
  }
  const double plot_width = plot_right - plot_left;

  const auto sx = [&](double x) { return plot_left + (x - xt.lo) / (xt.hi - xt.lo) * plot_width; };
  const auto sy = [&](double y) {
    return plot_bottom - (y - yt.lo) / (yt.hi - yt.lo) * plot_height;
  };

  Svg svg;
  root_open(svg, "chart line-chart", static_cast<int>(width), static_cast<int>(height),
            chart.title);
  if (!chart.title.empty()) {
    svg.element("text",
                {{"class", "title"},
                 {"x", num(kPad)},
                 {"y", num(title_baseline)},
                 {"font-size", num(kTitleFont)},
                 {"font-weight", "600"}},
                chart.title);
    svg.newline();
  }

  // Grid and value-axis ticks.
  svg.open("g", {{"class", "grid"}, {"stroke", str(kGridColour)}, {"stroke-width", "1"}});
  for (const double v : yt.values) {
    const double y = std::round(sy(v)) + kCrisp;
    svg.leaf("line",
             {{"x1", num(plot_left)}, {"x2", num(plot_right)}, {"y1", num(y)}, {"y2", num(y)}});
  }
  svg.close("g");
  svg.newline();
  if (yt.lo < 0 && yt.hi > 0) {
    const double y = std::round(sy(0)) + kCrisp;
    svg.leaf("line", {{"class", "zero-line"},
                      {"x1", num(plot_left)},
                      {"x2", num(plot_right)},
                      {"y1", num(y)},
                      {"y2", num(y)},
                      {"stroke", str(kZeroLineColour)}});
  }
  svg.open("g", {{"class", "ticks y-ticks"},
                 {"font-size", num(kTickFont)},
                 {"text-anchor", "end"},
                 {"fill", str(kMutedColour)}});
  for (std::size_t i = 0; i < yt.values.size(); ++i) {
    const double middle = sy(yt.values[i]) + (kAscentEm - kDescentEm) * kTickFont / 2;
    svg.element("text", {{"x", num(plot_left - kTickLength - kGap / 2)}, {"y", num(middle)}},
                y_labels[i]);
  }
  svg.close("g");
  svg.newline();

  // Time axis.
  const double axis_y = std::round(plot_bottom) + kCrisp;
  svg.leaf("line", {{"class", "axis x-axis"},
                    {"x1", num(plot_left)},
                    {"x2", num(plot_right)},
                    {"y1", num(axis_y)},
                    {"y2", num(axis_y)},
                    {"stroke", str(kAxisColour)}});
  svg.open("g", {{"class", "ticks x-ticks"},
                 {"font-size", num(kTickFont)},
                 {"text-anchor", "middle"},
                 {"fill", str(kMutedColour)},
                 {"stroke", str(kAxisColour)}});
  for (std::size_t i = 0; i < xt.values.size(); ++i) {
    const double x = std::round(sx(xt.values[i])) + kCrisp;
    svg.leaf(
        "line",
        {{"x1", num(x)}, {"x2", num(x)}, {"y1", num(axis_y)}, {"y2", num(axis_y + kTickLength)}});
    svg.element("text", {{"x", num(x)}, {"y", num(x_tick_baseline)}, {"stroke", "none"}},
                x_labels[i]);
  }
  svg.close("g");
  svg.newline();

  if (!chart.x_label.empty()) {
    svg.element("text",
                {{"class", "axis-label x-label"},
                 {"x", num(plot_left + plot_width / 2)},
                 {"y", num(x_label_baseline)},
                 {"text-anchor", "middle"},
                 {"font-size", num(kLabelFont)}},
                chart.x_label);
  }
  if (!chart.y_label.empty()) {
    svg.element("text",
                {{"class", "axis-label y-label"},
                 {"x", num(kPad)},
                 {"y", num(y_label_baseline)},
                 {"font-size", num(kLabelFont)}},
                chart.y_label);
  }
  svg.newline();

  // Series: all bands first, so that no band covers another series' line.
  for (const bool bands : {true, false}) {
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
      const Series& s = chart.series[k];
      const std::string colour = s.colour.empty() ? palette_colour(k) : s.colour;
      if (bands && s.low.empty()) continue;
      svg.open("g", {{"class",
                      std::string(bands ? "bands" : "series") + " series-" + std::to_string(k)}});
      if (!s.label.empty()) svg.element("title", {}, s.label);
      if (bands) {
        const auto ok = [&](std::size_t i) {
          return std::isfinite(s.x[i]) && std::isfinite(s.low[i]) && std::isfinite(s.high[i]);
        };
        for (const auto& [first, last] : runs(s.x.size(), ok)) {
          if (last - first < 2) continue;  // one value has no area
          std::string d;
          for (std::size_t i = first; i < last; ++i) {
            d += (i == first ? "M" : " L") + num(sx(s.x[i])) + "," + num(sy(s.high[i]));
          }
          for (std::size_t i = last; i-- > first;) {
            d += " L" + num(sx(s.x[i])) + "," + num(sy(s.low[i]));
          }
          svg.leaf("path", {{"class", "band"},
                            {"d", d + " Z"},
                            {"fill", colour},
                            {"fill-opacity", num(kBandOpacity)},
                            {"stroke", "none"}});
        }
      } else {
        const auto ok = [&](std::size_t i) {
          return std::isfinite(s.x[i]) && std::isfinite(s.mean[i]);
        };
        for (const auto& [first, last] : runs(s.x.size(), ok)) {
          if (last - first == 1) {
            svg.leaf("circle", {{"class", "point"},
                                {"cx", num(sx(s.x[first]))},
                                {"cy", num(sy(s.mean[first]))},
                                {"r", num(kPointRadius)},
                                {"fill", colour}});
            continue;
          }
          std::string d;
          for (std::size_t i = first; i < last; ++i) {
            d += (i == first ? "M" : " L") + num(sx(s.x[i])) + "," + num(sy(s.mean[i]));
          }
          svg.leaf("path", {{"class", "line"},
                            {"d", d},
                            {"fill", "none"},
                            {"stroke", colour},
                            {"stroke-width", num(kLineWidth)},
                            {"stroke-linejoin", "round"},
                            {"stroke-linecap", "round"}});
        }
      }
      svg.close("g");
      svg.newline();
    }
  }

  if (!has_data) {
    svg.element("text",
                {{"class", "no-data"},
                 {"x", num(plot_left + plot_width / 2)},
                 {"y", num(plot_top + plot_height / 2)},
                 {"text-anchor", "middle"},
                 {"font-size", num(kLabelFont)},
                 {"fill", str(kMutedColour)}},
                "no data");
  }

  if (chart.marker_x && std::isfinite(*chart.marker_x) && *chart.marker_x >= xt.lo &&
      *chart.marker_x <= xt.hi) {
    const double x = std::round(sx(*chart.marker_x)) + kCrisp;
    svg.open("g", {{"class", "marker"}});
    svg.leaf("line", {{"x1", num(x)},
                      {"x2", num(x)},
                      {"y1", num(plot_top)},
                      {"y2", num(plot_bottom)},
                      {"stroke", str(kMutedColour)},
                      {"stroke-width", "1"},
                      {"stroke-dasharray", "4 3"}});
    if (!chart.marker_label.empty()) {
      const bool left = x > plot_left + kMarkerLabelShare * plot_width;
      halo_text(svg, "marker-label", left ? x - kGap / 2 : x + kGap / 2,
                baseline(plot_top, kTickFont), left ? "end" : "start", kTickFont,
                chart.marker_label);
    }
    svg.close("g");
    svg.newline();
  }

  if (!legend.empty()) {
    svg.open("g", {{"class", "legend"}, {"font-size", num(kLabelFont)}});
    for (const LegendItem& item : legend) {
      const double middle = item.row_top + kLineEm * kLabelFont / 2;
      svg.open("g", {{"class", "legend-item"}});
      if (item.band) {
        svg.leaf("rect", {{"x", num(item.x)},
                          {"y", num(middle - kLegendSwatchBand / 2)},
                          {"width", num(kLegendSwatch)},
                          {"height", num(kLegendSwatchBand)},
                          {"fill", item.colour},
                          {"fill-opacity", num(kBandOpacity)}});
      }
      svg.leaf("line", {{"x1", num(item.x)},
                        {"x2", num(item.x + kLegendSwatch)},
                        {"y1", num(middle)},
                        {"y2", num(middle)},
                        {"stroke", item.colour},
                        {"stroke-width", num(kLineWidth)}});
      svg.element("text",
                  {{"x", num(item.x + kLegendSwatch + kGap)},
                   {"y", num(middle + (kAscentEm - kDescentEm) * kLabelFont / 2)}},
                  item.label);
      svg.close("g");
    }
    svg.close("g");
    svg.newline();
  }
  svg.close("svg");
  svg.newline();
  return std::move(svg).str();
}

// --- choropleth ---------------------------------------------------------------------------------

namespace {

// FNV-1a, for ids that are stable from one run to the next.
std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  for (const char ch : s) {
    h ^= static_cast<unsigned char>(ch);
    h *= kPrime;
  }
  return h;
}

std::string id_prefix(const Choropleth& map) {
  std::string id;
  for (const char ch : map.id) {
    const bool safe = std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '-' || ch == '_';
    id += safe ? ch : '_';
  }
  if (!id.empty()) return id;
  constexpr std::uint64_t kOffsetBasis = 14695981039346656037ULL;
  std::uint64_t h = fnv1a(map.title, kOffsetBasis);
  h = fnv1a(map.legend_label, h);
  for (const MapZone& z : map.zones)
    h = fnv1a(z.id, h);
  constexpr int kHexBase = 16;
  constexpr std::uint64_t kIdMask = 0xFFFFFFFFULL;
  std::array<char, kNumberBuffer> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), h & kIdMask, kHexBase);
  return "map-" + std::string(buf.data(), r.ptr);
}

// Decimals giving `digits` significant digits over a range `span`.
int value_decimals(double span, int digits) {
  if (!(span > 0) || !std::isfinite(span)) return 0;
  return std::max(0, digits - 1 - static_cast<int>(std::floor(std::log10(span))));
}

Box shape_box(const ZoneShape& shape, const LocalProjection& proj) {
  Box b{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const Ring& ring : shape.rings) {
    for (const Point& p : ring) {
      const Point q = proj.forward(p);
      b.min_x = std::min(b.min_x, q.x);
      b.max_x = std::max(b.max_x, q.x);
      b.min_y = std::min(b.min_y, q.y);
      b.max_y = std::max(b.max_y, q.y);
    }
  }
  return b;
}

}  // namespace

std::string choropleth(const Choropleth& map) {
  const double width = std::max(map.width, kMinChartSize);
  const double height = std::max(map.height, kMinChartSize);
  const std::string prefix = id_prefix(map);

  // The projection: x scaled by the cosine of the middle latitude.
  Range lat;
  for (const MapZone& z : map.zones) {
    for (const Ring& ring : z.shape.rings) {
      for (const Point& p : ring)
        lat.add(p.y);
    }
  }
  const LocalProjection proj = LocalProjection::at(0, lat.empty() ? 0 : (lat.lo + lat.hi) / 2);
  std::vector<Box> boxes;
  Box all{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
          -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const MapZone& z : map.zones) {
    boxes.push_back(shape_box(z.shape, proj));
    all.min_x = std::min(all.min_x, boxes.back().min_x);
    all.min_y = std::min(all.min_y, boxes.back().min_y);
    all.max_x = std::max(all.max_x, boxes.back().max_x);
    all.max_y = std::max(all.max_y, boxes.back().max_y);
  }
  const bool has_shapes = all.min_x <= all.max_x;

  // Values.
  Range values;
  bool any_missing = false;
  for (const MapZone& z : map.zones) {
    if (z.shape.rings.empty()) continue;
    values.add(z.value);
    any_missing = any_missing || !std::isfinite(z.value);
  }
  const double magnitude = values.empty() ? 0 : std::max(std::abs(values.lo), std::abs(values.hi));
  const auto colour_of = [&](double v) -> std::string {
    if (!std::isfinite(v)) return "url(#" + prefix + "-nodata)";
    if (map.diverging) return diverging_colour(magnitude > 0 ? v / magnitude : 0.0);
    const double span = values.hi - values.lo;
    return sequential_colour(span > 0 ? (v - values.lo) / span : 0.5);
  };
  // Legend labels with kLegendDigits significant digits of the range shown, tooltips one more.
  double shown_span = 0;
  if (map.diverging) {
    shown_span = 2 * magnitude;
  } else if (!values.empty()) {
    shown_span = values.hi > values.lo ? values.hi - values.lo : std::abs(values.hi);
  }
  const int legend_decimals = value_decimals(shown_span, kLegendDigits);
  const int decimals = legend_decimals + 1;

  // Layout: title, map, legend (label, colour bar, its labels).
  double top = kPad;
  const double title_baseline = baseline(top, kTitleFont);
  if (!map.title.empty()) top += kLineEm * kTitleFont + kGap;
  const double legend_height = (map.legend_label.empty() ? 0 : kLineEm * kLabelFont) +
                               kColourBarHeight + kGap / 2 + kLineEm * kTickFont;
  const double legend_top = height - kPad - legend_height;
  const double map_bottom = std::max(legend_top - 2 * kGap, top + kMinPlotSize);
  const double map_width = width - 2 * kPad;
  const double map_height = map_bottom - top;

  double scale = 1;
  double offset_x = kPad;
  double offset_y = top;
  if (has_shapes) {
    const double w = all.max_x - all.min_x;
    const double h = all.max_y - all.min_y;
    scale = std::min(w > 0 ? map_width / w : std::numeric_limits<double>::infinity(),
                     h > 0 ? map_height / h : std::numeric_limits<double>::infinity());
    if (!std::isfinite(scale)) scale = 1;
    offset_x = kPad + (map_width - w * scale) / 2;
    offset_y = top + (map_height - h * scale) / 2;
  }
  const auto px = [&](Point lon_lat) {
    const Point q = proj.forward(lon_lat);
    return Point{offset_x + (q.x - all.min_x) * scale, offset_y + (all.max_y - q.y) * scale};
  };

  Svg svg;
  std::size_t drawn = 0;
  for (const MapZone& z : map.zones)
    drawn += z.shape.rings.empty() ? 0 : 1;
  // root_open, with data-zones.
  svg.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                   {"class", "map"},
                   {"data-zones", std::to_string(drawn)},
                   {"width", num(width)},
                   {"height", num(height)},
                   {"viewBox", "0 0 " + num(width) + " " + num(height)},
                   {"role", "img"},
                   {"font-family", str(kFontFamily)},
                   {"fill", str(kTextColour)}});
  svg.newline();
  if (!map.title.empty()) svg.element("title", {}, map.title);
  svg.open("defs", {});
  svg.open("pattern", {{"id", prefix + "-nodata"},
                       {"class", "no-data-pattern"},
                       {"patternUnits", "userSpaceOnUse"},
                       {"width", num(kHatchSize)},
                       {"height", num(kHatchSize)},
                       {"patternTransform", "rotate(45)"}});
  svg.leaf("rect",
           {{"width", num(kHatchSize)}, {"height", num(kHatchSize)}, {"fill", str(kNoDataColour)}});
  svg.leaf("line", {{"x1", num(kHatchSize / 4)},
                    {"y1", "0"},
                    {"x2", num(kHatchSize / 4)},
                    {"y2", num(kHatchSize)},
                    {"stroke", str(kHatchColour)},
                    {"stroke-width", num(kHatchSize / 3)}});
  svg.close("pattern");
  svg.open("linearGradient", {{"id", prefix + "-ramp"}, {"x1", "0"}, {"x2", "1"}});
  for (int i = 0; i < kColourBarStops; ++i) {
    const double t = static_cast<double>(i) / (kColourBarStops - 1);
    svg.leaf("stop",
             {{"offset", num(t)},
              {"stop-color", map.diverging ? diverging_colour(2 * t - 1) : sequential_colour(t)}});
  }
  svg.close("linearGradient");
  svg.close("defs");
  svg.newline();
  svg.leaf("rect", {{"class", "background"},
                    {"width", num(width)},
                    {"height", num(height)},
                    {"fill", str(kBackground)}});
  svg.newline();
  if (!map.title.empty()) {
    svg.element("text",
                {{"class", "title"},
                 {"x", num(kPad)},
                 {"y", num(title_baseline)},
                 {"font-size", num(kTitleFont)},
                 {"font-weight", "600"}},
                map.title);
    svg.newline();
  }

  // Zones, larger first (enclaves on top), ties in input order.
  std::vector<std::size_t> order(map.zones.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto area = [&](std::size_t i) {
      return map.zones[i].shape.rings.empty() ? 0.0 : boxes[i].width() * boxes[i].height();
    };
    return area(a) > area(b);
  });
  svg.open("g", {{"class", "zones"},
                 {"stroke", str(kZoneStroke)},
                 {"stroke-width", num(kZoneStrokeWidth)},
                 {"stroke-linejoin", "round"}});
  svg.newline();
  for (const std::size_t i : order) {
    const MapZone& z = map.zones[i];
    if (z.shape.rings.empty()) continue;
    std::string d;
    for (const Ring& ring : z.shape.rings) {
      std::string last;
      std::size_t points = 0;
      std::string ring_d;
      for (const Point& p : ring) {
        const Point q = px(p);
        std::string xy = num(q.x) + "," + num(q.y);
        if (xy == last) continue;  // the same at display precision
        ring_d += (points == 0 ? "M" : " ") + xy;
        last = std::move(xy);
        ++points;
      }
      if (points > 0) d += ring_d + "Z";
    }
    const std::string name = z.name.empty() ? z.id : z.name;
    const std::string tooltip =
        !z.tooltip.empty()
            ? z.tooltip
            : name + ": " +
                  (std::isfinite(z.value) ? format_number(z.value, decimals, map.numbers)
                                          : map.no_data_label);
    const bool missing = !std::isfinite(z.value);
    svg.open("path", {{"class", missing ? "zone no-data" : "zone"},
                      {"data-id", z.id},
                      {"d", d},
                      {"fill", colour_of(z.value)}});
    svg.element("title", {}, tooltip);
    svg.close("path");
    svg.newline();
  }
  svg.close("g");
  svg.newline();

  // Legend.
  svg.open("g", {{"class", "legend"}, {"font-size", num(kTickFont)}});
  double row = legend_top;
  if (!map.legend_label.empty()) {
    svg.element("text",
                {{"class", "legend-label"},
                 {"x", num(kPad)},
                 {"y", num(baseline(row, kLabelFont))},
                 {"font-size", num(kLabelFont)}},
                map.legend_label);
    row += kLineEm * kLabelFont;
  }
  const double no_data_width =
      any_missing ? kGap * 3 + kNoDataSwatch + kGap + text_width(map.no_data_label, kTickFont) : 0;
  const double bar_width =
      std::max(kMinPlotSize, std::min(kColourBarWidth, map_width - no_data_width));
  svg.leaf("rect", {{"class", "colour-bar"},
                    {"x", num(kPad)},
                    {"y", num(row)},
                    {"width", num(bar_width)},
                    {"height", num(kColourBarHeight)},
                    {"fill", "url(#" + prefix + "-ramp)"}});
  const double label_baseline = baseline(row + kColourBarHeight + kGap / 2, kTickFont);
  std::vector<std::pair<double, double>> ticks;  // value, x
  if (!values.empty()) {
    if (map.diverging) {
      ticks = {{-magnitude, kPad}, {0.0, kPad + bar_width / 2}, {magnitude, kPad + bar_width}};
    } else {
      ticks = {{values.lo, kPad}, {values.hi, kPad + bar_width}};
    }
  }
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    const std::string_view anchor = i == 0 ? "start" : i + 1 == ticks.size() ? "end" : "middle";
    svg.element("text",
                {{"class", "legend-value"},
                 {"x", num(ticks[i].second)},
                 {"y", num(label_baseline)},
                 {"text-anchor", str(anchor)},
                 {"fill", str(kMutedColour)}},
                ticks[i].first == 0 ? std::string("0")
                                    : format_number(ticks[i].first, legend_decimals, map.numbers));
  }
  if (any_missing) {
    const double x = kPad + bar_width + kGap * 3;
    svg.leaf("rect", {{"class", "no-data-swatch"},
                      {"x", num(x)},
                      {"y", num(row + kColourBarHeight / 2 - kNoDataSwatch / 2)},
                      {"width", num(kNoDataSwatch)},
                      {"height", num(kNoDataSwatch)},
                      {"fill", "url(#" + prefix + "-nodata)"}});
    svg.element("text",
                {{"class", "legend-value"},
                 {"x", num(x + kNoDataSwatch + kGap)},
                 {"y", num(row + kColourBarHeight / 2 + (kAscentEm - kDescentEm) * kTickFont / 2)},
                 {"fill", str(kMutedColour)}},
                map.no_data_label);
  }
  svg.close("g");
  svg.newline();
  svg.close("svg");
  svg.newline();
  return std::move(svg).str();
}

// --- the page check
// -------------------------------------------------------------------------------

std::string render_check_script() {
  return R"JS((function () {
  'use strict';
  var TOLERANCE = 0.5;  // pixels of rounding allowed between text boxes and edges
  function overlap(a, b) {
    return a.x + TOLERANCE < b.x + b.width && b.x + TOLERANCE < a.x + a.width &&
           a.y + TOLERANCE < b.y + b.height && b.y + TOLERANCE < a.y + a.height;
  }
  function checkText(svg, name, problems) {
    var view = svg.viewBox.baseVal;
    var boxes = [];
    svg.querySelectorAll('text').forEach(function (t) {
      var b = t.getBBox();
      if (b.width === 0) return;
      if (b.x < view.x - TOLERANCE || b.y < view.y - TOLERANCE ||
          b.x + b.width > view.x + view.width + TOLERANCE ||
          b.y + b.height > view.y + view.height + TOLERANCE) {
        problems.push(name + ': text "' + t.textContent + '" is cut off');
      }
      boxes.push({box: b, text: t.textContent});
    });
    for (var i = 0; i < boxes.length; ++i) {
      for (var j = i + 1; j < boxes.length; ++j) {
        if (overlap(boxes[i].box, boxes[j].box)) {
          problems.push(name + ': "' + boxes[i].text + '" overlaps "' + boxes[j].text + '"');
        }
      }
    }
  }
  function check() {
    var problems = [];
    var charts = document.querySelectorAll('svg.chart');
    var maps = document.querySelectorAll('svg.map');
    if (charts.length + maps.length === 0) problems.push('no svg.chart or svg.map on the page');
    charts.forEach(function (svg, i) {
      var name = 'chart ' + (i + 1);
      var r = svg.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) problems.push(name + ' has no size');
      if (!svg.querySelector('path.line, circle.point, text.no-data')) {
        problems.push(name + ' draws no line');
      }
      checkText(svg, name, problems);
    });
    maps.forEach(function (svg, i) {
      var name = 'map ' + (i + 1);
      var expected = Number(svg.getAttribute('data-zones'));
      var zones = svg.querySelectorAll('path.zone');
      if (zones.length !== expected) {
        problems.push(name + ' has ' + zones.length + ' zones, data-zones says ' + expected);
      }
      zones.forEach(function (p) {
        var b = p.getBBox();
        if (!(b.width > 0 && b.height > 0)) {
          problems.push(name + ': zone ' + p.getAttribute('data-id') + ' is empty');
        }
      });
      checkText(svg, name, problems);
    });
    document.querySelectorAll('svg [d], svg [x], svg [y], svg [cx], svg [cy]').forEach(function (e) {
      ['d', 'x', 'y', 'cx', 'cy'].forEach(function (a) {
        var v = e.getAttribute(a);
        if (v !== null && /nan|inf/i.test(v)) problems.push('a ' + a + ' attribute holds ' + v);
      });
    });
    document.documentElement.dataset.rendered = problems.length ? problems.join('; ') : 'ok';
  }
  function run() {
    try { check(); } catch (e) {
      document.documentElement.dataset.rendered = 'check failed: ' + e;
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', run);
  } else {
    run();
  }
})();
)JS";
}

}  // namespace welfare::analysis
