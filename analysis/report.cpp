#include "analysis/report.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

#include "analysis/error.hpp"
#include "analysis/geometry.hpp"
#include "analysis/output.hpp"
#include "analysis/svg.hpp"

namespace welfare::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Measures charted week by week, and those mapped zone by zone.
constexpr std::array<std::string_view, 12> kChartMeasures = {
    "unmet_total",     "hidden_total",        "waiting_weeks_mean",
    "coverage",        "escalations_total",   "nursing_home_admissions",
    "unmet_ltc",       "unmet_poverty",       "loneliness_prevalence_65_plus",
    "wellbeing_index", "informal_care_hours", "spending_total"};
constexpr std::array<std::string_view, 3> kMapMeasures = {
    "unmet_per_1000", "escalations_per_1000_year", "waiting_weeks_mean"};
// Key measures of the summary cards.
constexpr std::array<std::string_view, 5> kKeyMeasures = {
    "unmet_total", "hidden_total", "escalations_total", "waiting_weeks_mean", "spending_total"};

constexpr const char* kStyle = R"CSS(
:root { --ink:#1d2733; --muted:#5b6675; --line:#d9dee5; --accent:#0b6e99; --good:#1a7f4b; --bad:#b3261e; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; font-size: 14px; line-height: 1.45; }
header { background: #14324a; color: #fff; padding: 22px 36px 18px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
header p { margin: 2px 0; color: #cfe0ee; }
main { padding: 8px 28px 40px; max-width: 1500px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 20px 18px; margin: 18px 0; }
h2 { font-size: 19px; margin: 4px 0 10px; color: #14324a; }
h3 { font-size: 15px; margin: 16px 0 6px; color: #14324a; }
nav a { color: #cfe0ee; margin-right: 14px; text-decoration: none; font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th { background: #eef2f6; font-weight: 600; font-size: 12.5px; }
td.l, th.l { text-align: left; }
tr.q td { background: #f3f6f9; font-weight: 600; text-align: left; color: #14324a; }
.better { color: var(--good); font-weight: 600; }
.worse { color: var(--bad); font-weight: 600; }
.ns { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 210px; flex: 1; background: #fbfcfd; }
.card .k { font-size: 12px; color: var(--muted); }
.card .v { font-size: 18px; font-weight: 600; margin: 2px 0; }
.card .i { font-size: 12px; color: var(--muted); }
.charts, .maps { display: flex; flex-wrap: wrap; gap: 12px; }
.map-box { margin: 0; } .map-box figcaption { font-weight: 600; font-size: 13.5px; margin: 2px 0 4px; max-width: 372px; }
.charts svg, .maps svg { background: #fff; border: 1px solid var(--line); border-radius: 4px; }
.note { color: var(--muted); font-size: 12.5px; }
details { margin: 6px 0; }
pre { background: #f3f5f7; padding: 8px; overflow-x: auto; font-size: 11px; max-height: 320px; }
)CSS";

std::string esc(std::string_view s) {
  return xml_escape(s);
}

NumberStyle number_style(Language lang) {
  NumberStyle s;
  if (lang == Language::kItalian) {
    s.thousands = ".";
    s.decimal = ",";
  } else {
    s.thousands = ",";
    s.decimal = ".";
  }
  return s;
}

// The class of a difference: better, worse (significant, by the measure's direction) or ns.
std::string judgement(const MeasureDef& m, const PairedStat& s) {
  if (!s.significant() || m.direction == Direction::kNeutral) return "ns";
  const bool up = s.difference > 0;
  return (up == (m.direction == Direction::kHigherIsBetter)) ? "better" : "worse";
}

std::string td_number(double v, int decimals, Language lang, std::string_view cls = "") {
  std::ostringstream out;
  out << "<td" << (cls.empty() ? "" : " class=\"" + std::string(cls) + "\"") << ">"
      << esc(format_value(v, decimals, lang)) << "</td>";
  return out.str();
}

std::string td_difference(const MeasureDef& m, const PairedStat& s, Language lang,
                          std::string_view attrs) {
  std::ostringstream out;
  out << "<td class=\"" << judgement(m, s) << "\" " << attrs << ">"
      << esc(format_difference(s, m.decimals, lang)) << "</td>";
  return out.str();
}

std::string percent_text(double rel, Language lang) {
  if (std::isnan(rel) || std::isinf(rel)) return "";
  constexpr double kToPercent = 100;
  std::string s = format_number(rel * kToPercent, 1, lang);
  if (rel > 0) s = "+" + s;
  return s + "%";
}

// Zone shapes: from the boundary file, or Voronoi cells of the centroids.
std::vector<ZoneShape> zone_shapes(const Dataset& data, const ReportSettings& settings,
                                   std::string& how) {
  std::vector<std::string> ids;
  std::vector<std::string> names;
  std::vector<Point> centroids;
  for (const ZoneInfo& z : data.zones()) {
    ids.push_back(z.id);
    names.push_back(z.name);
    centroids.push_back({z.lon, z.lat});
  }
  if (!settings.boundaries.empty()) {
    how = settings.boundaries.filename().string();
    return read_geojson_boundaries(settings.boundaries, ids, names, settings.boundary_key);
  }
  how = "voronoi";
  return voronoi_cells(centroids, kVoronoiMargin);
}

}  // namespace

std::string render_report(const Dataset& data, const Comparison& cmp,
                          const ReportSettings& settings) {
  const Language lang = settings.language;
  const NumberStyle numbers = number_style(lang);
  const auto& defs = measures();
  const auto weeks = data.window_weeks();
  const Variant& base = data.variants()[cmp.baseline];
  std::string shapes_source;
  const std::vector<ZoneShape> shapes = zone_shapes(data, settings, shapes_source);

  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"" << language_code(lang)
    << "\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>" << esc(text("report_title", lang)) << " — " << esc(data.territory())
    << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";

  // --- header ---
  std::size_t replicates = 0;
  if (!cmp.scenarios.empty() && !cmp.scenarios.front().cells.empty())
    replicates = cmp.scenarios.front().cells.front().stat.n;
  h << "<header><h1>" << esc(text("report_title", lang)) << ": " << esc(data.territory())
    << "</h1>\n<p>" << esc(text("baseline", lang)) << ": <b>" << esc(base.label()) << "</b> · "
    << esc(text("weeks", lang)) << " " << weeks.front() << "–" << weeks.back() << " · "
    << replicates << " " << esc(text("paired_replicates", lang)) << " · "
    << esc(text("interval_95", lang)) << "</p>\n<p>" << esc(text("store", lang)) << ": "
    << esc(data.path().filename().string()) << "</p>\n<nav>";
  for (const char* anchor :
       {"summary", "time_series", "map", "comparison", "equity", "costs", "provenance"})
    h << "<a href=\"#" << anchor << "\">" << esc(text(anchor, lang)) << "</a>";
  h << "</nav></header>\n<main>\n";

  // --- summary: the scenarios, their levers, and the key differences ---
  h << "<section id=\"summary\"><h2>" << esc(text("summary", lang)) << "</h2>\n";
  h << "<table><tr><th class=\"l\">" << esc(text("scenario", lang)) << "</th><th class=\"l\">"
    << esc(text("description", lang)) << "</th><th class=\"l\">" << esc(text("levers", lang))
    << "</th><th>" << esc(text("replicates", lang)) << "</th></tr>\n";
  std::vector<std::size_t> shown = {cmp.baseline};
  for (const auto& sc : cmp.scenarios)
    shown.push_back(sc.variant);
  int first_lever_week = 0;
  for (std::size_t v : shown) {
    const Variant& var = data.variants()[v];
    h << "<tr><td class=\"l\"><b>" << esc(var.label()) << "</b></td><td class=\"l\">"
      << esc(var.info.description) << "</td><td class=\"l\">";
    if (var.info.levers.empty()) h << "—";
    for (const LeverInfo& l : var.info.levers) {
      h << esc(l.name.empty() ? l.type : l.name) << " <span class=\"note\">(" << esc(l.type) << "; "
        << esc(text("start_week", lang)) << " " << l.start_week << ", " << esc(text("size", lang))
        << " " << esc(format_number(l.size, 2, lang)) << ", " << l.zones << " "
        << esc(text("zones", lang)) << ")</span><br>";
      if (v != cmp.baseline && (first_lever_week == 0 || l.start_week < first_lever_week))
        first_lever_week = l.start_week;
    }
    h << "</td><td>" << var.runs.size() << "</td></tr>\n";
  }
  h << "</table>\n";
  for (const ScenarioComparison& sc : cmp.scenarios) {
    h << "<h3>" << esc(data.variants()[sc.variant].label()) << " — "
      << esc(text("difference_cumulated", lang)) << "</h3><div class=\"cards\">";
    for (auto key : kKeyMeasures) {
      const std::size_t m = measure_index(key);
      const ComparisonCell* c = sc.cell(0, m, Period::kCumulated);
      if (c == nullptr) continue;
      h << "<div class=\"card\"><div class=\"k\">" << esc(defs[m].label(lang)) << " ("
        << esc(defs[m].units(lang, true)) << ")</div><div class=\"v " << judgement(defs[m], c->stat)
        << "\" data-measure=\"" << key << "\" data-value=\"" << c->stat.difference << "\">"
        << esc(format_difference(PairedStat{0, 0, c->stat.difference, kNaN, kNaN, 1},
                                 defs[m].decimals, lang))
        << " <small>" << esc(percent_text(c->stat.relative(), lang))
        << "</small></div><div class=\"i\">" << esc(text("interval_95", lang)) << ": "
        << esc(format_value(c->stat.lower, defs[m].decimals, lang)) << " … "
        << esc(format_value(c->stat.upper, defs[m].decimals, lang)) << "</div></div>";
    }
    const CostSummary& k = sc.costs;
    h << "<div class=\"card\"><div class=\"k\">" << esc(text("cost_per_escalation_avoided", lang))
      << "</div><div class=\"v\">"
      << esc(std::isnan(k.cost_per_escalation_avoided)
                 ? std::string(text("not_significant", lang))
                 : format_number(k.cost_per_escalation_avoided, 0, lang) + " EUR")
      << "</div><div class=\"i\">" << esc(text("net_cost", lang)) << ": "
      << esc(format_number(k.net_cost.difference, 0, lang)) << " EUR</div></div>";
    h << "</div>\n";
  }
  h << "<p class=\"note\">" << esc(text("report_method_note", lang)) << "</p></section>\n";

  // --- time series ---
  h << "<section id=\"time_series\"><h2>" << esc(text("time_series", lang)) << "</h2>"
    << "<p class=\"note\">" << esc(text("band_note", lang)) << "</p><div class=\"charts\">\n";
  for (auto key : kChartMeasures) {
    const std::size_t m = measure_index(key);
    LineChart chart;
    chart.title = std::string(defs[m].label(lang));
    chart.x_label = std::string(text("week", lang));
    chart.y_label = std::string(defs[m].units(lang, false));
    chart.numbers = numbers;
    chart.width = 440;
    chart.height = 260;
    if (first_lever_week > 0 && first_lever_week >= weeks.front() &&
        first_lever_week <= weeks.back()) {
      chart.marker_x = first_lever_week;
      chart.marker_label = std::string(text("levers_start", lang));
    }
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const std::size_t v = shown[i];
      Series s;
      s.label = data.variants()[v].label();
      s.colour = palette_colour(i);
      const std::size_t reps = data.variants()[v].runs.size();
      for (std::size_t w = 0; w < weeks.size(); ++w) {
        double sum = 0;
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        std::size_t n = 0;
        for (std::size_t r = 0; r < reps; ++r) {
          const double x = data.measures(v, r).series(m)[w];
          if (std::isnan(x)) continue;
          sum += x;
          lo = std::min(lo, x);
          hi = std::max(hi, x);
          ++n;
        }
        s.x.push_back(weeks[w]);
        s.mean.push_back(n ? sum / static_cast<double>(n) : kNaN);
        if (reps > 1) {
          s.low.push_back(n ? lo : kNaN);
          s.high.push_back(n ? hi : kNaN);
        }
      }
      chart.series.push_back(std::move(s));
    }
    h << "<div class=\"chart-box\" data-measure=\"" << key << "\">" << line_chart(chart)
      << "</div>\n";
  }
  h << "</div></section>\n";

  // --- maps ---
  std::vector<std::size_t> zone_area(data.zones().size(), cmp.areas.size());
  for (std::size_t a = 0; a < cmp.areas.size(); ++a)
    if (cmp.areas[a].level == AreaLevel::kZone) zone_area[cmp.areas[a].zones.front()] = a;
  h << "<section id=\"map\"><h2>" << esc(text("map", lang)) << "</h2><p class=\"note\">"
    << esc(text(shapes_source == "voronoi" ? "map_voronoi_note" : "map_boundaries_note", lang))
    << (shapes_source == "voronoi" ? "" : " " + esc(shapes_source)) << "</p>\n";
  auto map_of = [&](std::string_view key, const std::function<double(std::size_t)>& value,
                    bool diverging, const std::string& legend, const std::string& id) {
    const std::size_t m = measure_index(key);
    Choropleth map;
    map.title = "";  // the caption above the map holds it
    map.legend_label = legend;
    map.diverging = diverging;
    map.width = 372;
    map.height = 400;
    map.numbers = numbers;
    map.id = id;
    map.no_data_label = std::string(text("no_data", lang));
    for (std::size_t z = 0; z < data.zones().size(); ++z) {
      MapZone mz;
      mz.id = data.zones()[z].id;
      mz.name = data.zones()[z].name;
      mz.shape = shapes[z];
      mz.value = value(z);
      mz.tooltip = mz.name + " (" + mz.id + "): " +
                   (std::isnan(mz.value) ? std::string(text("no_data", lang))
                                         : format_value(mz.value, defs[m].decimals, lang));
      map.zones.push_back(std::move(mz));
    }
    return "<figure class=\"map-box\" data-measure=\"" + std::string(key) + "\"><figcaption>" +
           esc(defs[m].label(lang)) + "</figcaption>" + choropleth(map) + "</figure>";
  };
  h << "<h3>" << esc(base.label()) << "</h3><div class=\"maps\">";
  for (auto key : kMapMeasures) {
    const std::size_t m = measure_index(key);
    h << map_of(
        key,
        [&](std::size_t z) {
          double sum = 0;
          const std::size_t reps = base.runs.size();
          for (std::size_t r = 0; r < reps; ++r)
            sum += data.measures(cmp.baseline, r).zone_value(m, Period::kCumulated, z);
          return sum / static_cast<double>(reps);
        },
        false, std::string(defs[m].units(lang, true)), "base-" + std::string(key));
  }
  h << "</div>\n";
  for (std::size_t s = 0; s < cmp.scenarios.size(); ++s) {
    const ScenarioComparison& sc = cmp.scenarios[s];
    h << "<h3>" << esc(data.variants()[sc.variant].label()) << " − " << esc(base.label())
      << "</h3><div class=\"maps\">";
    for (auto key : kMapMeasures) {
      const std::size_t m = measure_index(key);
      h << map_of(
          key,
          [&](std::size_t z) {
            if (zone_area[z] == cmp.areas.size()) return kNaN;
            const ComparisonCell* c = sc.cell(zone_area[z], m, Period::kCumulated);
            return c ? c->stat.difference : kNaN;
          },
          true,
          std::string(text("difference", lang)) + " (" + std::string(defs[m].units(lang, true)) +
              ")",
          "diff" + std::to_string(s) + "-" + std::string(key));
    }
    h << "</div>\n";
  }
  h << "</section>\n";

  // --- comparison tables ---
  h << "<section id=\"comparison\"><h2>" << esc(text("comparison", lang)) << "</h2>";
  for (const ScenarioComparison& sc : cmp.scenarios) {
    const Variant& v = data.variants()[sc.variant];
    h << "<h3>" << esc(v.label()) << " " << esc(text("versus", lang)) << " " << esc(base.label())
      << "</h3>\n<table class=\"comparison\" data-scenario=\"" << esc(v.key)
      << "\"><tr><th class=\"l\">" << esc(text("indicator", lang)) << "</th><th class=\"l\">"
      << esc(text("units", lang)) << "</th><th>" << esc(text("baseline", lang)) << "</th><th>"
      << esc(text("scenario", lang)) << "</th><th>" << esc(text("difference_cumulated", lang))
      << "</th><th>%</th><th>" << esc(text("difference_end", lang)) << "</th></tr>\n";
    for (std::size_t q = 0; q < kQuestionCount; ++q) {
      const auto question = static_cast<Question>(q);
      h << "<tr class=\"q\"><td colspan=\"7\">" << esc(text(question_key(question), lang))
        << "</td></tr>\n";
      for (std::size_t m = 0; m < defs.size(); ++m) {
        if (defs[m].question != question || !defs[m].headline) continue;
        const ComparisonCell* cum = sc.cell(0, m, Period::kCumulated);
        const ComparisonCell* end = sc.cell(0, m, Period::kEnd);
        if (!cum || !end) continue;
        std::ostringstream attrs;
        attrs << "data-measure=\"" << defs[m].key << "\" data-value=\"" << cum->stat.difference
              << "\"";
        h << "<tr><td class=\"l\">" << esc(defs[m].label(lang)) << "</td><td class=\"l\">"
          << esc(defs[m].units(lang, true)) << "</td>"
          << td_number(cum->stat.baseline, defs[m].decimals, lang)
          << td_number(cum->stat.scenario, defs[m].decimals, lang)
          << td_difference(defs[m], cum->stat, lang, attrs.str()) << "<td>"
          << esc(percent_text(cum->stat.relative(), lang)) << "</td>"
          << td_difference(defs[m], end->stat, lang, "") << "</tr>\n";
      }
    }
    h << "</table>\n";
    // Districts.
    constexpr std::array<std::string_view, 4> kDistrictMeasures = {
        "unmet_total", "escalations_total", "waiting_weeks_mean", "spending_total"};
    h << "<table class=\"districts\"><tr><th class=\"l\">" << esc(text("district", lang))
      << "</th>";
    for (auto key : kDistrictMeasures)
      h << "<th>" << esc(defs[measure_index(key)].label(lang)) << "</th>";
    h << "</tr>\n";
    for (std::size_t a = 0; a < cmp.areas.size(); ++a) {
      if (cmp.areas[a].level != AreaLevel::kDistrict) continue;
      h << "<tr><td class=\"l\">" << esc(cmp.areas[a].name) << "</td>";
      for (auto key : kDistrictMeasures) {
        const std::size_t m = measure_index(key);
        const ComparisonCell* c = sc.cell(a, m, Period::kCumulated);
        h << (c ? td_difference(defs[m], c->stat, lang, "") : "<td></td>");
      }
      h << "</tr>\n";
    }
    h << "</table>\n";
  }
  h << "</section>\n";

  // --- equity ---
  h << "<section id=\"equity\"><h2>" << esc(text("equity", lang)) << "</h2><p class=\"note\">"
    << esc(text("equity_note", lang)) << "</p>";
  for (const ScenarioComparison& sc : cmp.scenarios) {
    h << "<h3>" << esc(data.variants()[sc.variant].label()) << "</h3><table><tr><th class=\"l\">"
      << esc(text("indicator", lang)) << "</th><th class=\"l\">" << esc(text("statistic", lang))
      << "</th><th>" << esc(text("baseline", lang)) << "</th><th>" << esc(text("scenario", lang))
      << "</th><th>" << esc(text("difference", lang)) << "</th><th class=\"l\">"
      << esc(text("verdict", lang)) << "</th></tr>\n";
    for (const EquityRow& e : sc.equity) {
      const MeasureDef& def = defs[measure_index(e.measure)];
      constexpr int kEquityDecimals = 3;
      const int dec = e.statistic == "foreign_gap" ? std::max(def.decimals, 1) : kEquityDecimals;
      const std::string cls = e.verdict == Verdict::kNarrows  ? "better"
                              : e.verdict == Verdict::kWidens ? "worse"
                                                              : "ns";
      h << "<tr><td class=\"l\">" << esc(def.label(lang)) << "</td><td class=\"l\">"
        << esc(text(e.statistic, lang)) << "</td>"
        << "<td>" << esc(format_number(e.stat.baseline, dec, lang)) << "</td><td>"
        << esc(format_number(e.stat.scenario, dec, lang)) << "</td><td>"
        << esc(format_difference(e.stat, dec, lang)) << "</td><td class=\"l " << cls << "\">"
        << esc(text(verdict_key(e.verdict), lang)) << "</td></tr>\n";
    }
    h << "</table>\n";
  }
  h << "</section>\n";

  // --- costs ---
  h << "<section id=\"costs\"><h2>" << esc(text("costs", lang)) << "</h2><p class=\"note\">"
    << esc(text("costs_note", lang)) << "</p>";
  for (const ScenarioComparison& sc : cmp.scenarios) {
    const CostSummary& k = sc.costs;
    h << "<h3>" << esc(data.variants()[sc.variant].label())
      << "</h3><table class=\"costs\"><tr><th class=\"l\"></th><th>" << esc(text("baseline", lang))
      << "</th><th>" << esc(text("scenario", lang)) << "</th><th>" << esc(text("difference", lang))
      << " (EUR)</th></tr>\n";
    auto row = [&](std::string_view label, const PairedStat& s, std::string_view key) {
      h << "<tr><td class=\"l\">" << esc(label) << "</td><td>"
        << esc(format_number(s.baseline, 0, lang)) << "</td><td>"
        << esc(format_number(s.scenario, 0, lang)) << "</td><td data-item=\"" << key
        << "\" data-value=\"" << s.difference << "\">" << esc(format_difference(s, 0, lang))
        << "</td></tr>\n";
    };
    row(text("investment", lang), k.investment, "investment");
    row(text("downstream_costs_avoided", lang), k.downstream_avoided, "downstream_costs_avoided");
    row(text("net_cost", lang), k.net_cost, "net_cost");
    row(text("escalations_avoided", lang), k.escalations_avoided, "escalations_avoided");
    h << "<tr><td class=\"l\"><b>" << esc(text("cost_per_escalation_avoided", lang))
      << "</b></td><td></td><td></td><td><b>"
      << esc(std::isnan(k.cost_per_escalation_avoided)
                 ? std::string(text("not_significant", lang))
                 : format_number(k.cost_per_escalation_avoided, 0, lang) + " EUR")
      << "</b></td></tr>\n";
    h << "<tr class=\"q\"><td colspan=\"4\">" << esc(text("by_service", lang)) << "</td></tr>\n";
    for (const auto& [m, s] : k.by_service) {
      if (s.baseline == 0 && s.scenario == 0) continue;
      row(defs[m].label(lang), s, defs[m].key);
    }
    h << "</table>\n";
  }
  h << "</section>\n";

  // --- provenance ---
  h << "<section id=\"provenance\"><h2>" << esc(text("provenance", lang)) << "</h2>";
  if (const auto& e = data.experiment()) {
    h << "<p>" << esc(text("experiment", lang)) << ": <b>" << esc(e->name) << "</b> ("
      << esc(e->design) << "), " << esc(text("seed", lang)) << " " << e->seed << ", "
      << e->replicates << " " << esc(text("replicates", lang)) << "</p>";
    h << "<details><summary>" << esc(text("experiment_file", lang)) << "</summary><pre>"
      << esc(e->experiment_yaml) << "</pre></details>";
  }
  h << "<table class=\"provenance\"><tr><th class=\"l\">run</th><th class=\"l\">"
    << esc(text("scenario", lang)) << "</th><th>" << esc(text("point", lang)) << "</th><th>"
    << esc(text("replicate", lang)) << "</th><th>" << esc(text("seed", lang))
    << "</th><th class=\"l\">" << esc(text("software_version", lang)) << "</th><th class=\"l\">"
    << esc(text("created", lang)) << "</th></tr>\n";
  for (std::size_t v : shown) {
    for (const store::RunKey& k : data.variants()[v].runs) {
      const store::RunSummary s = data.reader().summary(k.id);
      h << "<tr><td class=\"l\">" << esc(k.id) << "</td><td class=\"l\">" << esc(k.scenario)
        << "</td><td>" << k.point << "</td><td>" << k.replicate << "</td><td>" << s.meta.seed
        << "</td><td class=\"l\">" << esc(s.meta.software_version) << "</td><td class=\"l\">"
        << esc(s.meta.created_utc) << "</td></tr>\n";
    }
  }
  h << "</table>\n";
  for (std::size_t v : shown) {
    const Variant& var = data.variants()[v];
    h << "<details><summary>" << esc(text("resolved_scenario", lang)) << ": " << esc(var.label())
      << "</summary><pre>" << esc(data.reader().summary(var.runs.front().id).meta.scenario_yaml)
      << "</pre></details>\n";
  }
  h << "</section>\n</main>\n";

  // The numbers, for tools and tests: the comparison as JSON.
  std::ostringstream json;
  write_comparison_json(json, data, cmp, lang);
  std::string payload = json.str();
  for (std::size_t pos = 0; (pos = payload.find("</", pos)) != std::string::npos; pos += 3)
    payload.replace(pos, 2, "<\\/");
  h << "<script type=\"application/json\" id=\"welfare-data\">" << payload << "</script>\n";
  h << "<script>" << render_check_script() << "</script>\n</body>\n</html>\n";
  return h.str();
}

void write_report(const std::filesystem::path& path, const Dataset& data, const Comparison& cmp,
                  const ReportSettings& settings) {
  const std::string html = render_report(data, cmp, settings);
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw AnalysisError("cannot write " + tmp.string());
    out << html;
    out.close();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw AnalysisError("cannot write " + tmp.string());
    }
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace welfare::analysis
