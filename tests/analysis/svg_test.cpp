#include "analysis/svg.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "analysis/geometry.hpp"

namespace welfare::analysis {
namespace {

// --- a small XML well-formedness checker ---------------------------------------------------

bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool name_char(char c) {
  return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

// Length of a valid entity reference at s[i] == '&', or 0.
std::size_t entity_length(const std::string& s, std::size_t i) {
  static const std::regex kEntity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
  std::smatch m;
  const std::string rest = s.substr(i, 16);
  return std::regex_search(rest, m, kEntity) ? static_cast<std::size_t>(m.length(0)) : 0;
}

// Empty when `s` is one well-formed XML element (no prolog); otherwise what is wrong.
std::string xml_problem(const std::string& s) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return " at offset " + std::to_string(k); };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '<') {
      std::size_t e = i + 1;
      const bool closing = e < s.size() && s[e] == '/';
      if (closing) ++e;
      const std::size_t name_at = e;
      if (e >= s.size() || !name_start(s[e])) return "bad tag name" + at(i);
      while (e < s.size() && name_char(s[e]))
        ++e;
      const std::string name = s.substr(name_at, e - name_at);
      if (closing) {
        while (e < s.size() && std::isspace(static_cast<unsigned char>(s[e])))
          ++e;
        if (e >= s.size() || s[e] != '>') return "bad closing tag" + at(i);
        if (open.empty() || open.back() != name) {
          return "</" + name + "> closes <" + (open.empty() ? "" : open.back()) + ">" + at(i);
        }
        open.pop_back();
        i = e + 1;
        continue;
      }
      if (open.empty()) ++roots;
      std::set<std::string> attributes;
      bool self_closing = false;
      for (;;) {
        const std::size_t before = e;
        while (e < s.size() && std::isspace(static_cast<unsigned char>(s[e])))
          ++e;
        if (e >= s.size()) return "unterminated tag" + at(i);
        if (s[e] == '>') break;
        if (s.compare(e, 2, "/>") == 0) {
          self_closing = true;
          ++e;
          break;
        }
        if (e == before) return "no space before attribute" + at(e);
        const std::size_t attr_at = e;
        if (!name_start(s[e])) return "bad attribute name" + at(e);
        while (e < s.size() && name_char(s[e]))
          ++e;
        const std::string attr = s.substr(attr_at, e - attr_at);
        if (!attributes.insert(attr).second) return "duplicate attribute " + attr + at(e);
        if (e >= s.size() || s[e] != '=') return "attribute without value" + at(e);
        ++e;
        if (e >= s.size() || (s[e] != '"' && s[e] != '\'')) return "unquoted attribute" + at(e);
        const char quote = s[e++];
        while (e < s.size() && s[e] != quote) {
          if (s[e] == '<') return "< in attribute value" + at(e);
          if (s[e] == '&') {
            const std::size_t len = entity_length(s, e);
            if (len == 0) return "bad entity in attribute" + at(e);
            e += len;
            continue;
          }
          ++e;
        }
        if (e >= s.size()) return "unterminated attribute value" + at(attr_at);
        ++e;
      }
      if (!self_closing) open.push_back(name);
      i = e + 1;
      continue;
    }
    if (c == '&') {
      const std::size_t len = entity_length(s, i);
      if (len == 0) return "bad entity" + at(i);
      i += len;
      continue;
    }
    if (open.empty() && !std::isspace(static_cast<unsigned char>(c))) {
      return "text outside the root" + at(i);
    }
    ++i;
  }
  if (!open.empty()) return "<" + open.back() + "> not closed";
  if (roots != 1) return std::to_string(roots) + " root elements";
  return "";
}

TEST(SvgXmlChecker, CatchesMalformedText) {
  EXPECT_EQ(xml_problem("<a><b x=\"1\"/>t &amp; u</a>"), "");
  EXPECT_NE(xml_problem("<a><b></a>"), "");
  EXPECT_NE(xml_problem("<a x=\"1\" x=\"2\"/>"), "");
  EXPECT_NE(xml_problem("<a>AT&T</a>"), "");
  EXPECT_NE(xml_problem("<a t=\"<\"/>"), "");
  EXPECT_NE(xml_problem("<a/><b/>"), "");
}

// --- helpers ----------------------------------------------------------------------------------

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
    ++n;
  return n;
}

bool has_nan_or_inf(const std::string& s) {
  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos;
}

// Values of attribute `attr` on every element whose class list starts with `cls`.
std::vector<std::string> attribute_of(const std::string& svg, const std::string& cls,
                                      const std::string& attr) {
  std::vector<std::string> out;
  const std::regex element("<[a-zA-Z]+[^>]*? class=\"" + cls + "[^\"]*\"[^>]*>");
  const std::regex value(" " + attr + "=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), element);
       it != std::sregex_iterator(); ++it) {
    std::smatch m;
    const std::string tag = it->str();
    if (std::regex_search(tag, m, value)) out.push_back(m[1]);
  }
  return out;
}

// All numbers in coordinate attributes (d, x, y, x1, ..., cx, cy, width, height).
std::vector<std::string> coordinate_numbers(const std::string& svg) {
  std::vector<std::string> out;
  const std::regex attr(" (d|x|y|x1|x2|y1|y2|cx|cy|r|width|height)=\"([^\"]*)\"");
  const std::regex number("-?[0-9]+(\\.[0-9]+)?");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), attr); it != std::sregex_iterator();
       ++it) {
    const std::string v = (*it)[2];
    for (auto n = std::sregex_iterator(v.begin(), v.end(), number); n != std::sregex_iterator();
         ++n) {
      out.push_back(n->str());
    }
  }
  return out;
}

struct Lab {
  double l, a, b;
};

// sRGB "#rrggbb" to OKLab (Ottosson's forward matrices: independent of the code under test,
// which only goes the other way).
Lab oklab(const std::string& hex) {
  const auto channel = [&](std::size_t at) {
    const double c = std::stoi(hex.substr(at, 2), nullptr, 16) / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  const double r = channel(1);
  const double g = channel(3);
  const double b = channel(5);
  const double l = std::cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const double m = std::cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const double s = std::cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return {0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
          1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
          0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
}

double distance(const Lab& p, const Lab& q) {
  return std::sqrt((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) +
                   (p.b - q.b) * (p.b - q.b));
}

Series weekly(const std::string& label, std::vector<double> mean, bool band) {
  Series s;
  s.label = label;
  for (std::size_t i = 0; i < mean.size(); ++i) {
    s.x.push_back(static_cast<double>(i));
    if (band) {
      s.low.push_back(mean[i] - 1);
      s.high.push_back(mean[i] + 1);
    }
  }
  s.mean = std::move(mean);
  return s;
}

ZoneShape square(double lon, double lat, double side) {
  return {{{{lon, lat}, {lon + side, lat}, {lon + side, lat + side}, {lon, lat + side}}}};
}

// --- line charts --------------------------------------------------------------------------------

TEST(Svg, XmlEscapeEscapesMarkupAndDropsControlCharacters) {
  EXPECT_EQ(xml_escape("a<b&c\"d'e>\x01\tf"), "a&lt;b&amp;c&quot;d&apos;e&gt;\tf");
  EXPECT_EQ(xml_escape("Città"), "Città");
}

TEST(Svg, LineChartIsWellFormedXmlWithEscapedText) {
  LineChart c;
  c.title = "Demand <&> \"quoted\" 'x'";
  c.x_label = "week";
  c.y_label = "people < 65 & alone";
  c.series = {weekly("A & B", {1, 2, 3, 4}, true), weekly("<script>", {2, 3, 1, 0}, false)};
  c.marker_x = 2;
  c.marker_label = "lever \"on\"";
  const std::string svg = line_chart(c);
  EXPECT_EQ(xml_problem(svg), "") << svg;
  EXPECT_NE(svg.find("Demand &lt;&amp;&gt; &quot;quoted&quot; &apos;x&apos;"), std::string::npos);
  EXPECT_EQ(svg.find("<&>"), std::string::npos);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("people &lt; 65 &amp; alone"), std::string::npos);
  EXPECT_EQ(svg.rfind("<svg ", 0), 0U);
  EXPECT_NE(svg.find("class=\"chart line-chart\""), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"legend-item\""), 2U);
  EXPECT_EQ(count(svg, "class=\"marker\""), 1U);
}

TEST(Svg, BandIsDrawnOnlyWhenLowAndHighAreGiven) {
  LineChart c;
  c.series = {weekly("with", {1, 2, 3}, true)};
  const std::string with_band = line_chart(c);
  EXPECT_EQ(count(with_band, "class=\"band\""), 1U);
  const auto d = attribute_of(with_band, "band", "d");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(count(d[0], "L"), 5U);  // 3 highs and 3 lows: a closed polygon of 6 points
  EXPECT_EQ(d[0].back(), 'Z');
  c.series = {weekly("without", {1, 2, 3}, false)};
  EXPECT_EQ(count(line_chart(c), "class=\"band\""), 0U);
}

TEST(Svg, NanValuesLeaveGapsBetweenSeparatePaths) {
  LineChart c;
  Series s = weekly("gappy", {1, 2, NAN, 4, 5, NAN, 7}, true);
  s.low[4] = NAN;
  c.series = {s};
  const std::string svg = line_chart(c);
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_EQ(count(svg, "class=\"line\""), 2U);   // 0-1 and 3-4
  EXPECT_EQ(count(svg, "class=\"point\""), 1U);  // 6 alone
  EXPECT_EQ(count(svg, "class=\"band\""), 1U);   // 0-1 only: 3 and 6 alone have no area
  EXPECT_FALSE(has_nan_or_inf(svg));
  const auto lines = attribute_of(svg, "line\"", "d");
  ASSERT_EQ(lines.size(), 2U);
  for (const std::string& d : lines)
    EXPECT_EQ(count(d, "M"), 1U);
}

TEST(Svg, DegenerateDataPrintsNoNanOrInfinity) {
  const std::vector<std::vector<double>> cases{{5, 5, 5},  {0, 0, 0},    {-3},         {},
                                               {NAN, NAN}, {1e12, 1e12}, {-1e-9, 1e-9}};
  for (const auto& values : cases) {
    for (const bool include_zero : {false, true}) {
      LineChart c;
      c.title = "case";
      c.include_zero = include_zero;
      c.series = {weekly("s", values, true)};
      const std::string svg = line_chart(c);
      EXPECT_FALSE(has_nan_or_inf(svg)) << svg;
      EXPECT_EQ(xml_problem(svg), "");
    }
  }
  LineChart empty;
  EXPECT_FALSE(has_nan_or_inf(line_chart(empty)));
  EXPECT_NE(line_chart(empty).find("class=\"no-data\""), std::string::npos);
  LineChart tiny;
  tiny.width = 1;
  tiny.height = 1;
  tiny.series = {weekly("s", {1, 2, 3}, true)};
  EXPECT_FALSE(has_nan_or_inf(line_chart(tiny)));
}

TEST(Svg, CoordinatesHaveFewDecimals) {
  LineChart c;
  c.series = {weekly("s", {1.0 / 3, 2.0 / 7, 3.0 / 11, 1e-7}, true)};
  const std::string svg = line_chart(c);
  const auto numbers = coordinate_numbers(svg);
  ASSERT_FALSE(numbers.empty());
  for (const std::string& n : numbers) {
    const std::size_t point = n.find('.');
    if (point != std::string::npos) {
      EXPECT_LE(n.size() - point - 1, static_cast<std::size_t>(kCoordinateDecimals)) << n;
    }
  }
}

TEST(Svg, MarkerIsDrawnInsideTheTimeRangeOnly) {
  LineChart c;
  c.series = {weekly("s", {1, 2, 3, 4, 5}, false)};
  c.marker_x = 3;
  c.marker_label = "start";
  EXPECT_EQ(count(line_chart(c), "class=\"marker-label\""), 1U);
  c.marker_x = 40;
  EXPECT_EQ(count(line_chart(c), "class=\"marker\""), 0U);
}

TEST(Svg, SeriesOfDifferentLengthsAreRejected) {
  LineChart c;
  Series s = weekly("s", {1, 2, 3}, true);
  s.high.pop_back();
  c.series = {s};
  EXPECT_THROW(line_chart(c), std::invalid_argument);
}

TEST(Svg, NiceTicksAreOneTwoFiveTimesAPowerOfTen) {
  const Ticks t = nice_ticks(0, 97, 6, true);
  EXPECT_DOUBLE_EQ(t.step, 20);
  EXPECT_DOUBLE_EQ(t.lo, 0);
  EXPECT_DOUBLE_EQ(t.hi, 100);
  EXPECT_EQ(t.values, (std::vector<double>{0, 20, 40, 60, 80, 100}));
  const Ticks inside = nice_ticks(3, 48, 10, false);
  EXPECT_DOUBLE_EQ(inside.step, 5);
  EXPECT_DOUBLE_EQ(inside.values.front(), 5);
  EXPECT_DOUBLE_EQ(inside.values.back(), 45);
  for (const auto& [lo, hi] : std::vector<std::pair<double, double>>{
           {0, 1}, {0.013, 0.0871}, {-37, 112}, {1e5, 3.4e6}, {51, 52}, {-0.5, -0.1}}) {
    for (const int n : {2, 5, 8}) {
      const Ticks k = nice_ticks(lo, hi, n, true);
      const double mantissa = k.step / std::pow(10.0, std::floor(std::log10(k.step)));
      EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                  std::abs(mantissa - 5) < 1e-9)
          << lo << ".." << hi << " step " << k.step;
      EXPECT_LE(static_cast<int>(k.values.size()), std::max(n, 3));
      EXPECT_LE(k.lo, lo);
      EXPECT_GE(k.hi, hi);
    }
  }
  const Ticks constant = nice_ticks(7, 7, 5, true);
  EXPECT_GT(constant.step, 0);
  EXPECT_LT(constant.lo, 7);
  EXPECT_GT(constant.hi, 7);
  const Ticks zero = nice_ticks(0, 0, 5, true);
  EXPECT_DOUBLE_EQ(zero.lo, 0);
  EXPECT_DOUBLE_EQ(zero.hi, 1);
}

TEST(Svg, NumbersReadWell) {
  const std::string nnbsp = "\u202F";
  EXPECT_EQ(format_number(1234567.891, 2), "1" + nnbsp + "234" + nnbsp + "567.89");
  EXPECT_EQ(format_number(-1234.5, 1), "\u22121" + nnbsp + "234.5");
  EXPECT_EQ(format_number(-0.0001, 2), "0.00");
  EXPECT_EQ(format_number(999, 0), "999");
  EXPECT_EQ(format_number(NAN, 1), "n/a");
  EXPECT_EQ(format_number(-1234.5, 1, {".", ",", "-"}), "-1.234,5");

  EXPECT_EQ(tick_labels(nice_ticks(0, 25000, 6, true)),
            (std::vector<std::string>{"0", "5k", "10k", "15k", "20k", "25k"}));
  EXPECT_EQ(tick_labels(nice_ticks(0, 2000, 5, true)),
            (std::vector<std::string>{"0", "500", "1" + nnbsp + "000", "1" + nnbsp + "500",
                                      "2" + nnbsp + "000"}));
  EXPECT_EQ(tick_labels(nice_ticks(0, 1.5e6, 4, true)),
            (std::vector<std::string>{"0", "0.5M", "1.0M", "1.5M"}));
  EXPECT_EQ(tick_labels(nice_ticks(0, 0.2, 5, true)),
            (std::vector<std::string>{"0", "0.05", "0.10", "0.15", "0.20"}));
}

TEST(Svg, PaletteColoursAreDistinctHexColours) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < 8; ++i) {
    const std::string c = palette_colour(i);
    EXPECT_TRUE(std::regex_match(c, std::regex("#[0-9a-f]{6}"))) << c;
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 8U);
  EXPECT_EQ(palette_colour(8), palette_colour(0));
}

// --- maps -------------------------------------------------------------------------------------

Choropleth squares_map() {
  Choropleth m;
  m.title = "Care <need> & \"demand\"";
  m.legend_label = "cases per 1 000";
  const std::array<double, 5> values{10, 20, NAN, 40, 30};
  for (std::size_t i = 0; i < values.size(); ++i) {
    MapZone z;
    z.id = "Z" + std::to_string(i);
    z.name = "Zone & " + std::to_string(i);
    z.shape = square(11.3 + 0.01 * static_cast<double>(i), 44.5, 0.01);
    z.value = values[i];
    m.zones.push_back(z);
  }
  MapZone shapeless;
  shapeless.id = "none";
  shapeless.value = 5;
  m.zones.push_back(shapeless);
  return m;
}

TEST(SvgMap, CountsItsZonePathsAndIsWellFormed) {
  const Choropleth m = squares_map();
  const std::string svg = choropleth(m);
  EXPECT_EQ(xml_problem(svg), "") << svg;
  EXPECT_NE(svg.find("class=\"map\" data-zones=\"5\""), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"zone\""), 4U);
  EXPECT_EQ(count(svg, "class=\"zone no-data\""), 1U);
  EXPECT_NE(svg.find("<title>Zone &amp; 1: 20.0</title>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>Zone &amp; 2: no data</title>"), std::string::npos);
  EXPECT_NE(svg.find("Care &lt;need&gt; &amp; &quot;demand&quot;"), std::string::npos);
  EXPECT_FALSE(has_nan_or_inf(svg));
  // The lowest and highest values take the ends of the scale; the legend shows both.
  const auto fills = attribute_of(svg, "zone", "fill");
  ASSERT_EQ(fills.size(), 5U);
  EXPECT_NE(std::find(fills.begin(), fills.end(), sequential_colour(0)), fills.end());
  EXPECT_NE(std::find(fills.begin(), fills.end(), sequential_colour(1)), fills.end());
  const auto legend = attribute_of(svg, "legend-value", "x");
  EXPECT_EQ(legend.size(), 3U);  // min, max, "no data"
  EXPECT_NE(svg.find(">10</text>"), std::string::npos);
  EXPECT_NE(svg.find(">40</text>"), std::string::npos);
}

TEST(SvgMap, ZonesFitInsideTheBox) {
  Choropleth m = squares_map();
  m.width = 300;
  m.height = 200;
  const std::string svg = choropleth(m);
  const std::regex pair("(-?[0-9.]+),(-?[0-9.]+)");
  int points = 0;
  for (const std::string& d : attribute_of(svg, "zone", "d")) {
    for (auto it = std::sregex_iterator(d.begin(), d.end(), pair); it != std::sregex_iterator();
         ++it) {
      const double x = std::stod((*it)[1]);
      const double y = std::stod((*it)[2]);
      EXPECT_GE(x, 0);
      EXPECT_LE(x, m.width);
      EXPECT_GE(y, 0);
      EXPECT_LE(y, m.height);
      ++points;
    }
  }
  EXPECT_EQ(points, 5 * 4);
}

TEST(SvgMap, SequentialColoursDarkenWithTheValue) {
  double previous = 2;
  for (int i = 0; i <= 20; ++i) {
    const double lightness = oklab(sequential_colour(i / 20.0)).l;
    EXPECT_LT(lightness, previous) << i;
    previous = lightness;
  }
  EXPECT_EQ(sequential_colour(NAN), std::string(kNoDataColour));
}

TEST(SvgMap, DivergingScaleIsSymmetricAroundZero) {
  const Lab neutral = oklab(diverging_colour(0));
  for (int i = 1; i <= 10; ++i) {
    const double t = i / 10.0;
    const Lab above = oklab(diverging_colour(t));
    const Lab below = oklab(diverging_colour(-t));
    EXPECT_NEAR(distance(above, neutral), distance(below, neutral), 0.004) << t;
    EXPECT_GT(distance(above, neutral), distance(oklab(diverging_colour(t - 0.1)), neutral) - 1e-3);
    EXPECT_GT(above.a, 0) << "higher is red";
    EXPECT_LT(below.b, 0) << "lower is blue";
  }
  // The map centres the scale on 0 with the largest magnitude at both ends.
  Choropleth m;
  m.diverging = true;
  const std::array<double, 4> values{-2, 2, 1, -0.5};
  for (std::size_t i = 0; i < values.size(); ++i) {
    m.zones.push_back({"z" + std::to_string(i), "",
                       square(11 + 0.1 * static_cast<double>(i), 44, 0.1), values[i], ""});
  }
  const std::string svg = choropleth(m);
  const auto fills = attribute_of(svg, "zone", "fill");
  ASSERT_EQ(fills.size(), 4U);
  std::map<double, std::string> by_value;
  const auto ids = attribute_of(svg, "zone", "data-id");
  for (std::size_t k = 0; k < ids.size(); ++k)
    by_value[values[std::stoul(ids[k].substr(1))]] = fills[k];
  EXPECT_EQ(by_value[2], diverging_colour(1));
  EXPECT_EQ(by_value[-2], diverging_colour(-1));
  EXPECT_EQ(by_value[1], diverging_colour(0.5));
  EXPECT_NEAR(distance(oklab(by_value[2]), neutral), distance(oklab(by_value[-2]), neutral), 0.004);
  EXPECT_NE(svg.find(">\u22122.0</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">0</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2.0</text>"), std::string::npos);
}

TEST(SvgMap, ConstantAndMissingValuesPrintNoNan) {
  Choropleth m = squares_map();
  for (MapZone& z : m.zones)
    z.value = 3;
  EXPECT_FALSE(has_nan_or_inf(choropleth(m)));
  for (MapZone& z : m.zones)
    z.value = NAN;
  EXPECT_FALSE(has_nan_or_inf(choropleth(m)));
  m.diverging = true;
  EXPECT_FALSE(has_nan_or_inf(choropleth(m)));
  Choropleth empty;
  const std::string svg = choropleth(empty);
  EXPECT_FALSE(has_nan_or_inf(svg));
  EXPECT_NE(svg.find("data-zones=\"0\""), std::string::npos);
}

TEST(SvgMap, IdsAreStableAndDifferBetweenMaps) {
  Choropleth a = squares_map();
  Choropleth b = squares_map();
  b.title = "another";
  EXPECT_EQ(choropleth(a), choropleth(a));
  const auto pattern_a = attribute_of(choropleth(a), "no-data-pattern", "id");
  const auto pattern_b = attribute_of(choropleth(b), "no-data-pattern", "id");
  ASSERT_EQ(pattern_a.size(), 1U);
  ASSERT_EQ(pattern_b.size(), 1U);
  EXPECT_NE(pattern_a[0], pattern_b[0]);
  a.id = "demand map";
  EXPECT_EQ(attribute_of(choropleth(a), "no-data-pattern", "id")[0], "demand_map-nodata");
}

// --- a page for the browser check ---------------------------------------------------------------

// Writes a self-contained page with a line chart and two Voronoi maps of 88 made-up zones to
// $WELFARE_SVG_DEMO_PAGE (default: the test's temporary directory), for
// tests/analysis/render_html.sh to open in headless Chromium (the ctest analysis.svg_page_*).
TEST(SvgEndToEnd, WritesDemoPage) {
  const char* env = std::getenv("WELFARE_SVG_DEMO_PAGE");
  const std::filesystem::path page =
      env != nullptr && *env != '\0' ? std::filesystem::path(env)
                                     : std::filesystem::path(testing::TempDir()) / "svg_demo.html";
  if (page.has_parent_path()) std::filesystem::create_directories(page.parent_path());

  constexpr int kWeeks = 104;
  constexpr double kLeverWeek = 26;
  LineChart chart;
  chart.title = "Home-care requests per week";
  chart.x_label = "week";
  chart.y_label = "requests";
  chart.marker_x = kLeverWeek;
  chart.marker_label = "lever starts (week 26)";
  chart.width = 760;
  chart.height = 320;
  Series baseline{"baseline", "", {}, {}, {}, {}};
  Series lever{"home-care voucher", "", {}, {}, {}, {}};
  for (int w = 0; w < kWeeks; ++w) {
    const double x = w;
    const double seasonal = 900 * std::sin(2 * std::numbers::pi * x / 52);
    const double base = 12000 + 40 * x + seasonal;
    const double effect = w < kLeverWeek ? 0 : -1800 * (1 - std::exp(-(x - kLeverWeek) / 10));
    baseline.x.push_back(x);
    lever.x.push_back(x);
    baseline.mean.push_back(w == 60 ? NAN : base);  // a missing week
    baseline.low.push_back(base - 500 - 4 * x);
    baseline.high.push_back(base + 500 + 4 * x);
    lever.mean.push_back(base + effect);
    lever.low.push_back(base + effect - 600 - 5 * x);
    lever.high.push_back(base + effect + 600 + 5 * x);
  }
  chart.series = {baseline, lever};

  std::vector<Point> centroids;
  std::uint64_t state = 2024;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  constexpr int kZones = 88;
  for (int i = 0; i < kZones; ++i) {
    centroids.push_back({11.34 + (next() - 0.5) * 0.2, 44.49 + (next() - 0.5) * 0.12});
  }
  const auto cells = voronoi_cells(centroids, 0.08);
  Choropleth change;
  change.title = "Change in requests with the voucher";
  change.legend_label = "requests per 1 000 residents, lever minus baseline";
  change.diverging = true;
  Choropleth level;
  level.title = "Requests per 1 000 residents (baseline)";
  level.legend_label = "requests per 1 000 residents";
  for (int i = 0; i < kZones; ++i) {
    const Point c = centroids[static_cast<std::size_t>(i)];
    const double dx = (c.x - 11.34) / 0.1;
    const double dy = (c.y - 44.49) / 0.06;
    MapZone z;
    z.id = "Z" + std::to_string(i + 1);
    z.name = "Zone " + std::to_string(i + 1);
    z.shape = cells[static_cast<std::size_t>(i)];
    z.value = i % 29 == 5 ? NAN : 12 * dx - 5 * dy + 3 * std::sin(7 * dx);
    change.zones.push_back(z);
    z.value = 40 + 25 * std::exp(-(dx * dx + dy * dy)) + 5 * dy;
    level.zones.push_back(z);
  }

  std::ofstream out(page);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>Charts check</title>\n<style>\n"
      << "body { font-family: 'DejaVu Sans', sans-serif; margin: 24px; color: #333; }\n"
      << "h1 { font-size: 20px; font-weight: 600; }\n"
      << ".maps { display: flex; gap: 24px; flex-wrap: wrap; }\n"
      << "svg.chart, svg.map { border: 1px solid #eee; border-radius: 4px; }\n"
      << ".map .zone:hover { stroke: #222; stroke-width: 1.5; }\n"
      << "</style>\n</head>\n<body>\n<h1>Charts check</h1>\n"
      << line_chart(chart) << "<div class=\"maps\">\n"
      << choropleth(level) << choropleth(change) << "</div>\n"
      << "<script>\n"
      << render_check_script() << "</script>\n</body>\n</html>\n";
  out.close();
  ASSERT_TRUE(out.good()) << page;
  EXPECT_GT(std::filesystem::file_size(page), 10000U);
  RecordProperty("page", page.string());
}

}  // namespace
}  // namespace welfare::analysis
