#include "viz/core/colour_scale.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/svg.hpp"

namespace welfare::viz {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTolerance = 1e-12;
// The report's scale ends (analysis/svg.cpp: ColorBrewer YlGnBu without its first class).
constexpr std::string_view kSequentialLow = "#edf8b1";
constexpr std::string_view kSequentialHigh = "#081d58";
// The report's hatched "no data" grey.
constexpr std::string_view kReportNoData = "#d9d9d9";
// The middle of the diverging scale is a light neutral grey: every channel at least this, and
// channels within this of each other.
constexpr int kWhiteishMinimum = 225;
constexpr int kNeutralSpread = 6;
constexpr int kTicks = 5;

TEST(ParseHex, ReadsBothCasesAndRejectsTheRest) {
  EXPECT_EQ(parse_hex("#0a1B2c"), (Rgba{0x0a, 0x1b, 0x2c, 0xff}));
  EXPECT_EQ(parse_hex("#FFFFFF"), (Rgba{0xff, 0xff, 0xff, 0xff}));
  for (const char* bad : {"", "#", "0a1b2c", "#0a1b2", "#0a1b2c0", "#0g1b2c", "#0a1b2 ", "red"}) {
    EXPECT_THROW(parse_hex(bad), std::invalid_argument) << bad;
  }
}

TEST(Rgba, PacksAsImGuiDoes) {
  // IM_COL32(R, G, B, A) = A << 24 | B << 16 | G << 8 | R.
  EXPECT_EQ((Rgba{0x11, 0x22, 0x33, 0x44}.packed()), 0x44332211u);
  EXPECT_EQ((Rgba{0xff, 0, 0, 0xff}.packed()), 0xff0000ffu);
  EXPECT_EQ(Rgba{}.packed(), 0xff000000u);  // opaque black
}

TEST(SeriesColour, FollowsTheReportPaletteAndCycles) {
  constexpr std::size_t kChecked = 20;  // more than the palette holds
  for (std::size_t i = 0; i < kChecked; ++i) {
    EXPECT_EQ(series_colour(i), parse_hex(analysis::palette_colour(i))) << i;
  }
  EXPECT_EQ(series_colour(0), parse_hex("#0072b2"));
  constexpr std::size_t kOkabeItoColours = 8;
  EXPECT_EQ(series_colour(kOkabeItoColours), series_colour(0));
  EXPECT_NE(series_colour(kOkabeItoColours - 1), series_colour(0));
}

TEST(NoDataColour, IsTheReportsGrey) {
  EXPECT_EQ(no_data_colour(), parse_hex(kReportNoData));
  EXPECT_EQ(no_data_colour(), parse_hex(analysis::kNoDataColour));
}

TEST(ColourScale, SequentialEndsAreTheReportsColours) {
  const ColourScale s = ColourScale::sequential(10, 30);
  EXPECT_EQ(s.kind(), ScaleKind::kSequential);
  EXPECT_EQ(s.colour(10), parse_hex(kSequentialLow));
  EXPECT_EQ(s.colour(30), parse_hex(kSequentialHigh));
  EXPECT_EQ(s.colour(10), parse_hex(analysis::sequential_colour(0)));
  EXPECT_EQ(s.colour(30), parse_hex(analysis::sequential_colour(1)));
  EXPECT_EQ(s.colour(20), parse_hex(analysis::sequential_colour(0.5)));
  EXPECT_EQ(s.colour(15), parse_hex(analysis::sequential_colour(0.25)));
  // Clamped outside the range.
  EXPECT_EQ(s.colour(-1e9), parse_hex(kSequentialLow));
  EXPECT_EQ(s.colour(1e9), parse_hex(kSequentialHigh));
  EXPECT_NEAR(s.position(15), 0.25, kTolerance);
  EXPECT_EQ(s.position(0), 0.0);
  EXPECT_EQ(s.position(100), 1.0);
}

TEST(ColourScale, ReversedEndsAreSwapped) {
  const ColourScale s = ColourScale::sequential(30, 10);
  EXPECT_EQ(s.lo(), 10);
  EXPECT_EQ(s.hi(), 30);
}

TEST(ColourScale, NaNAndInfinityAreNoData) {
  for (const ColourScale& s : {ColourScale::sequential(0, 1), ColourScale::diverging(2),
                               ColourScale::fit({1, 2, 3}, ScaleKind::kSequential)}) {
    EXPECT_EQ(s.colour(kNaN), no_data_colour());
    EXPECT_EQ(s.colour(kInf), no_data_colour());
    EXPECT_EQ(s.colour(-kInf), no_data_colour());
  }
}

TEST(ColourScale, FitIgnoresNaNAndInfinity) {
  const ColourScale s =
      ColourScale::fit({kNaN, 4, kInf, -2, -kInf, 7, kNaN}, ScaleKind::kSequential);
  EXPECT_EQ(s.lo(), -2);
  EXPECT_EQ(s.hi(), 7);
  const ColourScale d = ColourScale::fit({kNaN, 4, kInf, -9, -kInf, 7}, ScaleKind::kDiverging);
  EXPECT_EQ(d.lo(), -9);
  EXPECT_EQ(d.hi(), 9);
}

TEST(ColourScale, DegenerateRangesGiveTheMiddleColour) {
  const Rgba middle = parse_hex(analysis::sequential_colour(0.5));
  for (const double v : {5.0, 0.0, -3.0, 1e-300}) {
    const ColourScale s = ColourScale::fit({v, v, kNaN, v}, ScaleKind::kSequential);
    EXPECT_LT(s.lo(), s.hi()) << v;
    EXPECT_EQ(s.colour(v), middle) << v;
    EXPECT_NEAR(s.position(v), 0.5, kTolerance) << v;
    EXPECT_EQ(ColourScale::sequential(v, v).colour(v), middle) << v;
  }
  // Nothing finite at all: a usable [0, 1].
  const ColourScale none = ColourScale::fit({kNaN, kInf}, ScaleKind::kSequential);
  EXPECT_EQ(none.lo(), 0);
  EXPECT_EQ(none.hi(), 1);
  const ColourScale empty = ColourScale::fit({}, ScaleKind::kSequential);
  EXPECT_LT(empty.lo(), empty.hi());
  EXPECT_EQ(ColourScale::sequential(kNaN, 1).lo(), 0);
  // Diverging: all zero (or nothing) gives [-1, 1] and zero the middle colour.
  const ColourScale zeros = ColourScale::fit({0, 0, kNaN}, ScaleKind::kDiverging);
  EXPECT_EQ(zeros.lo(), -1);
  EXPECT_EQ(zeros.hi(), 1);
  EXPECT_EQ(zeros.colour(0), parse_hex(analysis::diverging_colour(0)));
  EXPECT_EQ(ColourScale::diverging(0).hi(), 1);
  EXPECT_EQ(ColourScale::diverging(kNaN).hi(), 1);
  EXPECT_EQ(ColourScale::diverging(-4).lo(), -4);
  EXPECT_EQ(ColourScale::diverging(-4).hi(), 4);
}

TEST(ColourScale, DivergingIsSymmetricWithAWhiteishMiddle) {
  const ColourScale d = ColourScale::fit({-3, 1, 2}, ScaleKind::kDiverging);
  EXPECT_EQ(d.kind(), ScaleKind::kDiverging);
  EXPECT_EQ(d.lo(), -3);
  EXPECT_EQ(d.hi(), 3);
  EXPECT_EQ(d.position(0), 0.5);
  EXPECT_EQ(d.colour(-3), parse_hex(analysis::diverging_colour(-1)));
  EXPECT_EQ(d.colour(3), parse_hex(analysis::diverging_colour(1)));
  EXPECT_EQ(d.colour(1.5), parse_hex(analysis::diverging_colour(0.5)));
  EXPECT_EQ(d.colour(-10), d.colour(-3));  // clamped
  const Rgba mid = d.colour(0);
  EXPECT_EQ(mid, parse_hex(analysis::diverging_colour(0)));
  for (const int c : {mid.r, mid.g, mid.b}) {
    EXPECT_GE(c, kWhiteishMinimum);
  }
  EXPECT_LE(std::abs(mid.r - mid.g), kNeutralSpread);
  EXPECT_LE(std::abs(mid.g - mid.b), kNeutralSpread);
  // Blue below, red above; equally far from the middle on either side.
  const Rgba low = d.colour(-3);
  const Rgba high = d.colour(3);
  EXPECT_GT(low.b, low.r);
  EXPECT_GT(high.r, high.b);
  for (const double v : {0.3, 1.0, 2.2, 3.0}) {
    const Rgba a = d.colour(-v);
    const Rgba b = d.colour(v);
    EXPECT_NE(a, b) << v;
    EXPECT_NEAR(d.position(-v) + d.position(v), 1.0, kTolerance) << v;
    EXPECT_EQ(a, parse_hex(analysis::diverging_colour(-v / 3))) << v;
    EXPECT_EQ(b, parse_hex(analysis::diverging_colour(v / 3))) << v;
  }
}

TEST(ColourScale, TicksLieInsideTheRange) {
  const std::vector<std::pair<double, double>> ranges = {
      {0, 1}, {0.13, 0.87}, {-7.5, 12.25}, {1234, 98765}, {-0.003, -0.001}, {5, 5}};
  for (const auto& [lo, hi] : ranges) {
    const ColourScale s = ColourScale::sequential(lo, hi);
    const std::vector<double> ticks = s.ticks(kTicks);
    ASSERT_FALSE(ticks.empty()) << lo << " " << hi;
    EXPECT_LE(ticks.size(), static_cast<std::size_t>(kTicks));
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      EXPECT_GE(ticks[i], s.lo()) << lo << " " << hi;
      EXPECT_LE(ticks[i], s.hi()) << lo << " " << hi;
      if (i > 0) {
        EXPECT_LT(ticks[i - 1], ticks[i]);
      }
    }
    // The report's ticks for the same range.
    const analysis::Ticks report = analysis::nice_ticks(s.lo(), s.hi(), kTicks, false);
    ASSERT_EQ(report.values.size(), ticks.size());
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      EXPECT_NEAR(ticks[i], report.values[i], report.step * kTolerance);
    }
  }
  const std::vector<double> diverging = ColourScale::diverging(2.5).ticks(kTicks);
  EXPECT_NE(std::find(diverging.begin(), diverging.end(), 0.0), diverging.end());
  EXPECT_LE(ColourScale::sequential(0, 1).ticks(0).size(), 2u);
}

}  // namespace
}  // namespace welfare::viz
