#include "viz/core/colour_scale.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "analysis/svg.hpp"

namespace welfare::viz {

namespace {

// "#rrggbb": a hash and three pairs of hexadecimal digits.
constexpr std::size_t kHexLength = 7;
constexpr int kHexBase = 16;
constexpr int kDigitsPerChannel = 2;
constexpr std::size_t kRedAt = 1;
constexpr std::size_t kGreenAt = kRedAt + kDigitsPerChannel;
constexpr std::size_t kBlueAt = kGreenAt + kDigitsPerChannel;
constexpr int kDecimalDigits = 10;

// IM_COL32's layout: red in the lowest byte, alpha in the highest.
constexpr int kGreenShift = 8;
constexpr int kBlueShift = 16;
constexpr int kAlphaShift = 24;

// A degenerate sequential range [v, v] becomes [v - w, v + w], w this share of |v| (1 when v
// is 0), as analysis::nice_ticks widens a single-value axis.
constexpr double kDegenerateWidenShare = 0.1;
constexpr double kDegenerateWidenAtZero = 1;
// The diverging half-range when every value is 0.
constexpr double kDefaultMaxAbs = 1;
// The sequential range when nothing finite is given.
constexpr double kDefaultLo = 0;
constexpr double kDefaultHi = 1;
// Position of the middle of the colour bar.
constexpr double kMiddle = 0.5;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + kDecimalDigits;
  if (c >= 'A' && c <= 'F') return c - 'A' + kDecimalDigits;
  return -1;
}

std::uint8_t channel(std::string_view hex, std::size_t at) {
  const int high = hex_digit(hex[at]);
  const int low = hex_digit(hex[at + 1]);
  if (high < 0 || low < 0) {
    throw std::invalid_argument("not a colour \"" + std::string(hex) + "\"; expected #rrggbb");
  }
  return static_cast<std::uint8_t>(high * kHexBase + low);
}

}  // namespace

std::uint32_t Rgba::packed() const {
  return static_cast<std::uint32_t>(a) << kAlphaShift |
         static_cast<std::uint32_t>(b) << kBlueShift |
         static_cast<std::uint32_t>(g) << kGreenShift | static_cast<std::uint32_t>(r);
}

Rgba parse_hex(std::string_view hex) {
  if (hex.size() != kHexLength || hex.front() != '#') {
    throw std::invalid_argument("not a colour \"" + std::string(hex) + "\"; expected #rrggbb");
  }
  return Rgba{channel(hex, kRedAt), channel(hex, kGreenAt), channel(hex, kBlueAt)};
}

Rgba series_colour(std::size_t i) {
  return parse_hex(analysis::palette_colour(i));
}

Rgba no_data_colour() {
  return parse_hex(analysis::kNoDataColour);
}

ColourScale ColourScale::fit(const std::vector<double>& values, ScaleKind kind) {
  bool any = false;
  double lo = 0;
  double hi = 0;
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    lo = any ? std::min(lo, v) : v;
    hi = any ? std::max(hi, v) : v;
    any = true;
  }
  if (kind == ScaleKind::kDiverging) return diverging(std::max(std::abs(lo), std::abs(hi)));
  if (!any) return sequential(kDefaultLo, kDefaultHi);
  return sequential(lo, hi);
}

ColourScale ColourScale::sequential(double lo, double hi) {
  ColourScale s;
  s.kind_ = ScaleKind::kSequential;
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = kDefaultLo;
    hi = kDefaultHi;
  }
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) {
    const double widen = lo == 0 ? kDegenerateWidenAtZero : std::abs(lo) * kDegenerateWidenShare;
    lo -= widen;
    hi += widen;
  }
  s.lo_ = lo;
  s.hi_ = hi;
  return s;
}

ColourScale ColourScale::diverging(double max_abs) {
  ColourScale s;
  s.kind_ = ScaleKind::kDiverging;
  double m = std::abs(max_abs);
  if (!std::isfinite(m) || m == 0) m = kDefaultMaxAbs;
  s.lo_ = -m;
  s.hi_ = m;
  return s;
}

double ColourScale::position(double value) const {
  if (std::isnan(value)) return kMiddle;
  return std::clamp((value - lo_) / (hi_ - lo_), 0.0, 1.0);
}

Rgba ColourScale::colour(double value) const {
  if (!std::isfinite(value)) return no_data_colour();
  // The same arguments as analysis::choropleth gives the report's scales.
  if (kind_ == ScaleKind::kDiverging) return parse_hex(analysis::diverging_colour(value / hi_));
  return parse_hex(analysis::sequential_colour(position(value)));
}

std::vector<double> ColourScale::ticks(int max_ticks) const {
  std::vector<double> values = analysis::nice_ticks(lo_, hi_, max_ticks, false).values;
  // nice_ticks admits ticks a rounding error outside the range: keep them inside.
  for (double& v : values)
    v = std::clamp(v, lo_, hi_);
  return values;
}

}  // namespace welfare::viz
