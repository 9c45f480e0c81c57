#include "analysis/output.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>

#include "analysis/error.hpp"

namespace welfare::analysis {
namespace {

// The measures shown per district and zone in the terminal table.
constexpr std::array<std::string_view, 4> kAreaMeasures = {"unmet_total", "escalations_total",
                                                           "waiting_weeks_mean", "spending_total"};
constexpr double kLargeValue = 100;
constexpr double kMediumValue = 10;
constexpr int kMaxDecimals = 6;  // the most decimals a small difference is given
constexpr std::size_t kLabelWidth = 46;
constexpr std::size_t kNumberWidth = 14;
constexpr std::size_t kDifferenceWidth = 34;

std::string rule(std::size_t width) {
  std::string s;
  for (std::size_t i = 0; i < width; ++i)
    s += "─";
  return s;
}

// Upper case of ASCII letters and of the accented vowels Italian uses (UTF-8).
std::string upper_case(std::string_view s) {
  static const std::array<std::pair<std::string_view, std::string_view>, 6> kAccented = {
      {{"à", "À"}, {"è", "È"}, {"é", "É"}, {"ì", "Ì"}, {"ò", "Ò"}, {"ù", "Ù"}}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [lower, upper] : kAccented) {
      if (s.substr(i, lower.size()) == lower) {
        out += upper;
        i += lower.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    const char c = s[i++];
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::string percent(double rel, Language lang) {
  if (std::isnan(rel) || std::isinf(rel)) return "";
  constexpr double kToPercent = 100;
  std::string s = format_number(rel * kToPercent, 1, lang);
  if (rel > 0 && s != format_number(0, 1, lang)) s = "+" + s;
  return s + "%";
}

std::string measure_label_with_units(const MeasureDef& m, Period p, Language lang) {
  return std::string(m.label(lang)) + " (" + std::string(m.units(lang, p == Period::kCumulated)) +
         ")";
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::setprecision(std::numeric_limits<double>::max_digits10) << v;
  return out.str();
}

nlohmann::ordered_json json_number(double v) {
  if (std::isnan(v) || std::isinf(v)) return nullptr;
  return v;
}

nlohmann::ordered_json json_stat(const PairedStat& s) {
  return {{"baseline", json_number(s.baseline)},     {"scenario", json_number(s.scenario)},
          {"difference", json_number(s.difference)}, {"lower", json_number(s.lower)},
          {"upper", json_number(s.upper)},           {"replicates", s.n}};
}

// Writes a file through a temporary name, so that a failure leaves nothing half-written.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path)
      : path_(std::move(path)), tmp_(path_.string() + ".tmp") {
    out_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!out_) throw AnalysisError("cannot write " + tmp_.string());
  }
  std::ostream& stream() { return out_; }
  void commit() {
    out_.close();
    if (!out_) throw AnalysisError("cannot write " + tmp_.string());
    std::filesystem::rename(tmp_, path_);
  }
  ~AtomicFile() {
    if (out_.is_open()) {
      out_.close();
      std::error_code ec;
      std::filesystem::remove(tmp_, ec);
    }
  }

 private:
  std::filesystem::path path_;
  std::filesystem::path tmp_;
  std::ofstream out_;
};

namespace fs = std::filesystem;

// The nearest directory that exists at or above `path`; an AnalysisError when what stands
// there is not a directory (a file used as a directory).
fs::path existing_ancestor(const fs::path& path, const std::string& option) {
  fs::path dir = path.empty() ? fs::path(".") : path;
  std::error_code error;
  while (!fs::exists(dir, error)) {
    const fs::path parent = dir.parent_path();
    if (parent.empty() || parent == dir) return fs::path(".");
    dir = parent;
  }
  if (!fs::is_directory(dir, error)) {
    throw AnalysisError(option + ": " + dir.string() +
                        " is not a directory, so nothing can be written under it");
  }
  return dir;
}

void check_writable_directory(const fs::path& dir, const std::string& option) {
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw AnalysisError(option + ": directory " + dir.string() +
                        " is not writable: " + std::strerror(errno));
  }
}

}  // namespace

void check_output_file(const fs::path& file, const std::string& option) {
  std::error_code error;
  const fs::file_status status = fs::status(file, error);
  if (fs::is_directory(status)) {
    throw AnalysisError(option + ": " + file.string() + " is a directory; expected a file name");
  }
  const fs::path parent = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  const fs::file_status parent_status = fs::status(parent, error);
  if (!fs::exists(parent_status)) {
    existing_ancestor(parent, option);  // a file in the way is the better message
    throw AnalysisError(option + ": directory " + parent.string() + " does not exist");
  }
  if (!fs::is_directory(parent_status)) {
    throw AnalysisError(option + ": " + parent.string() +
                        " is not a directory, so nothing can be written under it");
  }
  check_writable_directory(parent, option);
  if (fs::exists(status) && ::access(file.c_str(), W_OK) != 0) {
    throw AnalysisError(option + ": " + file.string() +
                        " exists and is not writable: " + std::strerror(errno));
  }
}

void check_comparison_csv_dir(const fs::path& dir) {
  const std::string option = "--csv " + dir.string();
  std::error_code error;
  const fs::file_status status = fs::status(dir, error);
  if (fs::exists(status) && !fs::is_directory(status)) {
    throw AnalysisError(option + ": " + dir.string() + " exists and is not a directory");
  }
  if (!fs::exists(status)) {
    check_writable_directory(existing_ancestor(dir, option), option);
    return;
  }
  for (const std::string_view name : kComparisonCsvFiles)
    check_output_file(dir / name, option);
}

std::string pad(std::string_view s, std::size_t width, bool right) {
  const std::size_t w = display_width(s);
  std::string fill(w < width ? width - w : 0, ' ');
  return right ? fill + std::string(s) : std::string(s) + fill;
}

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  return n;
}

std::string format_value(double value, int decimals, Language lang) {
  if (decimals <= 0) {
    const double a = std::fabs(value);
    decimals = a >= kLargeValue ? 0 : (a >= kMediumValue ? 1 : 2);
  }
  return format_number(value, decimals, lang);
}

std::string format_difference(const PairedStat& s, int decimals, Language lang) {
  // A difference that is not zero is never shown as 0: small ones (e.g. of a Gini index) get
  // the decimals that show two significant digits, and so do their bounds.
  const double a = std::fabs(s.difference);
  if (a > 0 && std::isfinite(a)) {
    const int shown =
        decimals > 0 ? decimals : (a >= kLargeValue ? 0 : (a >= kMediumValue ? 1 : 2));
    if (a < 0.5 * std::pow(10.0, -shown)) {
      decimals = std::min(kMaxDecimals, static_cast<int>(std::ceil(-std::log10(a))) + 1);
    }
  }
  auto signed_value = [&](double v) {
    std::string t = format_value(v, decimals, lang);
    if (v > 0 && t.find_first_of("123456789") != std::string::npos) t = "+" + t;
    return t;
  };
  std::string out = signed_value(s.difference);
  if (s.n >= 2 && !std::isnan(s.lower)) {
    out += " [" + signed_value(s.lower) + (lang == Language::kItalian ? "; " : ", ") +
           signed_value(s.upper) + "]";
  }
  return out;
}

void write_comparison_table(std::ostream& out, const Dataset& data, const Comparison& cmp,
                            Language lang) {
  const auto& defs = measures();
  const auto weeks = data.window_weeks();
  const Variant& base = data.variants()[cmp.baseline];
  for (const ScenarioComparison& sc : cmp.scenarios) {
    const Variant& v = data.variants()[sc.variant];
    const std::size_t n = sc.cells.empty() ? 0 : sc.cells.front().stat.n;
    out << "\n"
        << text("comparison", lang) << ": " << v.label() << " " << text("versus", lang) << " "
        << base.label() << "\n";
    out << data.territory() << ", " << text("weeks", lang) << " " << weeks.front() << "-"
        << weeks.back() << ", " << n << " " << text("paired_replicates", lang) << ", "
        << text("interval_95", lang) << "\n";

    std::size_t label_width = kLabelWidth;
    for (const MeasureDef& def : defs) {
      if (def.headline) {
        label_width =
            std::max(label_width,
                     display_width(measure_label_with_units(def, Period::kCumulated, lang)) + 2);
      }
    }
    const std::size_t width = label_width + 2 * kNumberWidth + 2 * kDifferenceWidth + 4;
    for (std::size_t q = 0; q < kQuestionCount; ++q) {
      const auto question = static_cast<Question>(q);
      out << "\n" << upper_case(text(question_key(question), lang)) << "\n";
      out << pad(text("indicator", lang), label_width)
          << pad(text("baseline", lang), kNumberWidth, true)
          << pad(text("scenario", lang), kNumberWidth, true) << "  "
          << pad(text("difference_cumulated", lang), kDifferenceWidth, true) << "  "
          << pad(text("difference_end", lang), kDifferenceWidth, true) << "\n";
      out << rule(width) << "\n";
      for (std::size_t m = 0; m < defs.size(); ++m) {
        const MeasureDef& def = defs[m];
        if (def.question != question || !def.headline) continue;
        const ComparisonCell* cum = sc.cell(0, m, Period::kCumulated);
        const ComparisonCell* end = sc.cell(0, m, Period::kEnd);
        if (cum == nullptr || end == nullptr) continue;
        out << pad(measure_label_with_units(def, Period::kCumulated, lang), label_width)
            << pad(format_value(cum->stat.baseline, def.decimals, lang), kNumberWidth, true)
            << pad(format_value(cum->stat.scenario, def.decimals, lang), kNumberWidth, true) << "  "
            << pad(format_difference(cum->stat, def.decimals, lang) + " " +
                       pad(percent(cum->stat.relative(), lang), 7, true),
                   kDifferenceWidth, true)
            << "  " << pad(format_difference(end->stat, def.decimals, lang), kDifferenceWidth, true)
            << "\n";
      }
    }

    // Districts and zones on the key measures.
    if (cmp.areas.size() > 1) {
      out << "\n"
          << upper_case(text("by_area", lang)) << " (" << text("difference_cumulated", lang)
          << ")\n";
      out << pad(text("area", lang), 28);
      for (auto key : kAreaMeasures)
        out << pad(defs[measure_index(key)].label(lang), kDifferenceWidth, true);
      out << "\n" << rule(28 + kAreaMeasures.size() * kDifferenceWidth) << "\n";
      for (std::size_t a = 1; a < cmp.areas.size(); ++a) {
        const Area& area = cmp.areas[a];
        const std::string name = area.level == AreaLevel::kZone ? "  " + area.name : area.name;
        out << pad(name.substr(0, 27), 28);
        for (auto key : kAreaMeasures) {
          const std::size_t m = measure_index(key);
          const ComparisonCell* c = sc.cell(a, m, Period::kCumulated);
          out << pad(c ? format_difference(c->stat, defs[m].decimals, lang) : "", kDifferenceWidth,
                     true);
        }
        out << "\n";
      }
    }

    // Equity.
    out << "\n" << upper_case(text("equity", lang)) << "\n";
    const auto equity_decimals = [&](const EquityRow& e) {
      constexpr int kEquityDecimals = 3;
      return e.statistic == "foreign_gap" ? std::max(defs[measure_index(e.measure)].decimals, 1)
                                          : kEquityDecimals;
    };
    std::size_t eq_label = 0;
    std::size_t eq_stat = 0;
    std::size_t eq_diff = display_width(text("difference", lang)) + 2;
    for (const EquityRow& e : sc.equity) {
      eq_label = std::max(eq_label, display_width(defs[measure_index(e.measure)].label(lang)) + 2);
      eq_stat = std::max(eq_stat, display_width(text(e.statistic, lang)) + 2);
      eq_diff =
          std::max(eq_diff, display_width(format_difference(e.stat, equity_decimals(e), lang)) + 2);
    }
    out << pad(text("indicator", lang), eq_label) << pad(text("statistic", lang), eq_stat)
        << pad(text("baseline", lang), 10, true) << pad(text("scenario", lang), 10, true)
        << pad(text("difference", lang), eq_diff, true) << "  " << text("verdict", lang) << "\n";
    out << rule(eq_label + eq_stat + 10 + 10 + eq_diff + 30) << "\n";
    for (const EquityRow& e : sc.equity) {
      const MeasureDef& def = defs[measure_index(e.measure)];
      const int dec = equity_decimals(e);
      out << pad(def.label(lang), eq_label) << pad(text(e.statistic, lang), eq_stat)
          << pad(format_number(e.stat.baseline, dec, lang), 10, true)
          << pad(format_number(e.stat.scenario, dec, lang), 10, true)
          << pad(format_difference(e.stat, dec, lang), eq_diff, true) << "  "
          << text(verdict_key(e.verdict), lang) << "\n";
    }

    // Costs.
    const CostSummary& c = sc.costs;
    out << "\n" << upper_case(text("costs", lang)) << " (EUR, " << text("cumulated", lang) << ")\n";
    auto cost_line = [&](std::string_view key, const PairedStat& s) {
      out << pad(text(key, lang), kLabelWidth) << pad(format_difference(s, 0, lang), 40, true)
          << "\n";
    };
    cost_line("investment", c.investment);
    cost_line("downstream_costs_avoided", c.downstream_avoided);
    cost_line("net_cost", c.net_cost);
    cost_line("escalations_avoided", c.escalations_avoided);
    out << pad(text("cost_per_escalation_avoided", lang), kLabelWidth)
        << pad(std::isnan(c.cost_per_escalation_avoided)
                   ? std::string(text("not_significant", lang))
                   : format_number(c.cost_per_escalation_avoided, 0, lang),
               40, true)
        << "\n";
    out << rule(kLabelWidth + 40) << "\n";
    for (const auto& [m, s] : c.by_service) {
      if (s.baseline == 0 && s.scenario == 0) continue;
      out << pad(defs[m].label(lang), kLabelWidth) << pad(format_difference(s, 0, lang), 40, true)
          << "\n";
    }
    if (!v.info.levers.empty()) {
      out << "\n" << text("levers", lang) << ":\n";
      for (const LeverInfo& l : v.info.levers) {
        out << "  " << (l.name.empty() ? l.type : l.name) << " (" << l.type << "), "
            << text("start_week", lang) << " " << l.start_week << ", " << text("size", lang) << " "
            << format_number(l.size, 2, lang) << ", " << l.zones << " " << text("zones", lang)
            << "\n";
      }
    }
  }
}

void write_comparison_csv(const std::filesystem::path& dir, const Dataset& data,
                          const Comparison& cmp, Language lang) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw AnalysisError("--csv " + dir.string() + ": cannot create the directory (" + ec.message() +
                        ")");
  }
  const auto& defs = measures();
  const Variant& base = data.variants()[cmp.baseline];
  const std::string lang_code(language_code(lang));

  AtomicFile comparison(dir / kComparisonCsv);
  AtomicFile equity(dir / kEquityCsv);
  AtomicFile costs(dir / kCostsCsv);
  AtomicFile scenarios(dir / kScenariosCsv);

  std::ostream& c = comparison.stream();
  c << "scenario,baseline,level,area_id,area_name,question,measure,measure_label,period,"
       "period_label,units,statistic,statistic_label,value,replicates,language\n";
  for (const ScenarioComparison& sc : cmp.scenarios) {
    const Variant& v = data.variants()[sc.variant];
    for (const ComparisonCell& cell : sc.cells) {
      const Area& area = cmp.areas[cell.area];
      const MeasureDef& def = defs[cell.measure];
      const bool cum = cell.period == Period::kCumulated;
      const std::string prefix = csv_field(v.key) + "," + csv_field(base.key) + "," +
                                 std::string(area_level_key(area.level)) + "," +
                                 csv_field(area.id) + "," + csv_field(area.name) + "," +
                                 std::string(question_key(def.question)) + "," +
                                 std::string(def.key) + "," + csv_field(def.label(lang)) + "," +
                                 std::string(period_key(cell.period)) + "," +
                                 csv_field(text(cum ? "cumulated" : "end_of_horizon", lang)) + "," +
                                 csv_field(def.units(lang, cum)) + ",";
      const std::pair<std::string_view, double> stats[] = {{"baseline", cell.stat.baseline},
                                                           {"scenario", cell.stat.scenario},
                                                           {"difference", cell.stat.difference},
                                                           {"lower", cell.stat.lower},
                                                           {"upper", cell.stat.upper}};
      for (const auto& [key, value] : stats) {
        c << prefix << key << "," << csv_field(text(key, lang)) << "," << csv_number(value) << ","
          << cell.stat.n << "," << lang_code << "\n";
      }
    }
  }

  std::ostream& e = equity.stream();
  e << "scenario,baseline,measure,measure_label,statistic,statistic_label,baseline_value,"
       "scenario_value,difference,lower,upper,replicates,verdict,verdict_label\n";
  for (const ScenarioComparison& sc : cmp.scenarios) {
    for (const EquityRow& row : sc.equity) {
      const MeasureDef* def = find_measure(row.measure);
      e << csv_field(data.variants()[sc.variant].key) << "," << csv_field(base.key) << ","
        << row.measure << "," << csv_field(def ? def->label(lang) : row.measure) << ","
        << row.statistic << "," << csv_field(text(row.statistic, lang)) << ","
        << csv_number(row.stat.baseline) << "," << csv_number(row.stat.scenario) << ","
        << csv_number(row.stat.difference) << "," << csv_number(row.stat.lower) << ","
        << csv_number(row.stat.upper) << "," << row.stat.n << "," << verdict_key(row.verdict) << ","
        << csv_field(text(verdict_key(row.verdict), lang)) << "\n";
    }
  }

  std::ostream& k = costs.stream();
  k << "scenario,baseline,item,item_label,units,baseline_value,scenario_value,difference,lower,"
       "upper,replicates\n";
  for (const ScenarioComparison& sc : cmp.scenarios) {
    const std::string head =
        csv_field(data.variants()[sc.variant].key) + "," + csv_field(base.key) + ",";
    auto row = [&](std::string_view item, std::string_view label, std::string_view units,
                   const PairedStat& s) {
      k << head << item << "," << csv_field(label) << "," << units << "," << csv_number(s.baseline)
        << "," << csv_number(s.scenario) << "," << csv_number(s.difference) << ","
        << csv_number(s.lower) << "," << csv_number(s.upper) << "," << s.n << "\n";
    };
    row("investment", text("investment", lang), "EUR", sc.costs.investment);
    row("downstream_costs_avoided", text("downstream_costs_avoided", lang), "EUR",
        sc.costs.downstream_avoided);
    row("net_cost", text("net_cost", lang), "EUR", sc.costs.net_cost);
    row("escalations_avoided", text("escalations_avoided", lang), "events",
        sc.costs.escalations_avoided);
    PairedStat per;
    per.difference = sc.costs.cost_per_escalation_avoided;
    per.baseline = per.scenario = per.lower = per.upper = std::numeric_limits<double>::quiet_NaN();
    per.n = sc.costs.escalations_avoided.n;
    row("cost_per_escalation_avoided", text("cost_per_escalation_avoided", lang), "EUR per event",
        per);
    for (const auto& [m, s] : sc.costs.by_service)
      row(defs[m].key, defs[m].label(lang), "EUR", s);
  }

  std::ostream& s = scenarios.stream();
  s << "scenario,name,point,sweep,replicates,description,levers\n";
  for (const Variant& v : data.variants()) {
    std::string sweep;
    for (const auto& [p, value] : v.sweep)
      sweep += (sweep.empty() ? "" : "; ") + p + "=" + csv_number(value);
    std::string levers;
    for (const LeverInfo& l : v.info.levers)
      levers += (levers.empty() ? "" : "; ") + l.type + " size " + csv_number(l.size) +
                " from week " + std::to_string(l.start_week);
    s << csv_field(v.key) << "," << csv_field(v.scenario) << "," << v.point << ","
      << csv_field(sweep) << "," << v.runs.size() << "," << csv_field(v.info.description) << ","
      << csv_field(levers) << "\n";
  }

  comparison.commit();
  equity.commit();
  costs.commit();
  scenarios.commit();
}

void write_comparison_json(std::ostream& out, const Dataset& data, const Comparison& cmp,
                           Language lang) {
  using json = nlohmann::ordered_json;
  const auto& defs = measures();
  const auto weeks = data.window_weeks();
  json doc;
  doc["store"] = data.path().string();
  doc["territory"] = data.territory();
  doc["language"] = std::string(language_code(lang));
  doc["weeks"] = {weeks.front(), weeks.back()};
  doc["confidence"] = kConfidence;
  doc["baseline"] = data.variants()[cmp.baseline].key;
  json& ms = doc["measures"] = json::array();
  for (const MeasureDef& m : defs) {
    ms.push_back({{"key", m.key},
                  {"label", m.label(lang)},
                  {"question", question_key(m.question)},
                  {"units_end", m.units(lang, false)},
                  {"units_cumulated", m.units(lang, true)},
                  {"headline", m.headline}});
  }
  json& areas = doc["areas"] = json::array();
  for (const Area& a : cmp.areas) {
    areas.push_back({{"level", area_level_key(a.level)}, {"id", a.id}, {"name", a.name}});
  }
  json& scen = doc["scenarios"] = json::array();
  for (const ScenarioComparison& sc : cmp.scenarios) {
    const Variant& v = data.variants()[sc.variant];
    json s;
    s["scenario"] = v.key;
    s["label"] = v.label();
    s["description"] = v.info.description;
    json& sw = s["sweep"] = json::object();
    for (const auto& [p, value] : v.sweep)
      sw[p] = value;
    json& cells = s["cells"] = json::array();
    for (const ComparisonCell& c : sc.cells) {
      json cell = json_stat(c.stat);
      cell["area"] = c.area;
      cell["measure"] = defs[c.measure].key;
      cell["period"] = period_key(c.period);
      cells.push_back(std::move(cell));
    }
    json& eq = s["equity"] = json::array();
    for (const EquityRow& e : sc.equity) {
      json row = json_stat(e.stat);
      row["measure"] = e.measure;
      row["statistic"] = e.statistic;
      row["verdict"] = verdict_key(e.verdict);
      eq.push_back(std::move(row));
    }
    json& costs = s["costs"];
    costs["investment"] = json_stat(sc.costs.investment);
    costs["downstream_costs_avoided"] = json_stat(sc.costs.downstream_avoided);
    costs["net_cost"] = json_stat(sc.costs.net_cost);
    costs["escalations_avoided"] = json_stat(sc.costs.escalations_avoided);
    costs["cost_per_escalation_avoided"] = json_number(sc.costs.cost_per_escalation_avoided);
    json& by = costs["by_service"] = json::object();
    for (const auto& [m, st] : sc.costs.by_service)
      by[std::string(defs[m].key)] = json_stat(st);
    scen.push_back(std::move(s));
  }
  out << doc.dump(1) << "\n";
}

}  // namespace welfare::analysis
