#include "analysis/sensitivity_table.hpp"

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "analysis/error.hpp"
#include "analysis/output.hpp"

namespace welfare::analysis {
namespace {

constexpr int kCoefficientDecimals = 3;
constexpr std::size_t kParameterWidth = 48;
constexpr std::size_t kNumberWidth = 16;

std::string number(double v) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::setprecision(std::numeric_limits<double>::max_digits10) << v;
  return out.str();
}

}  // namespace

const std::vector<std::string>& default_sensitivity_outputs() {
  static const std::vector<std::string> outputs = {
      "unmet_total", "escalations_total", "waiting_weeks_mean", "loneliness_prevalence_65_plus",
      "spending_total"};
  return outputs;
}

std::vector<SensitivityResult> sensitivity(const Dataset& data,
                                           const std::vector<std::string>& outputs,
                                           const std::vector<std::string>& scenarios) {
  const auto& record = data.experiment();
  if (!record || record->parameters.empty()) {
    throw AnalysisError(data.path().string() +
                        " holds no sweep: sensitivity needs the runs of a batch experiment with "
                        "a 'sweep:' (design morris, latin_hypercube or grid)");
  }
  std::vector<std::pair<std::size_t, Period>> wanted;
  for (const std::string& o : outputs.empty() ? default_sensitivity_outputs() : outputs) {
    const auto colon = o.find(':');
    const std::string key = o.substr(0, colon);
    Period period = Period::kCumulated;
    if (colon != std::string::npos) {
      const std::string p = o.substr(colon + 1);
      if (p == "end") {
        period = Period::kEnd;
      } else if (p != "cumulated") {
        throw AnalysisError("output '" + o + "': the period is 'end' or 'cumulated', not '" + p +
                            "'");
      }
    }
    wanted.emplace_back(measure_index(key), period);
  }
  std::vector<std::string> names = scenarios;
  if (names.empty()) names = record->scenario_names;
  for (const auto& n : names) {
    if (std::find(record->scenario_names.begin(), record->scenario_names.end(), n) ==
        record->scenario_names.end()) {
      std::string list;
      for (const auto& s : record->scenario_names)
        list += (list.empty() ? "" : ", ") + s;
      throw AnalysisError("no scenario '" + n + "' in the experiment; it has: " + list);
    }
  }

  const std::vector<std::size_t> territory = [&] {
    std::vector<std::size_t> z(data.zones().size());
    for (std::size_t i = 0; i < z.size(); ++i)
      z[i] = i;
    return z;
  }();

  std::vector<SensitivityResult> results;
  for (const std::string& scenario : names) {
    // The variant of each point.
    std::vector<std::size_t> variant_of(record->point_count(), data.variants().size());
    for (std::size_t v = 0; v < data.variants().size(); ++v) {
      const Variant& var = data.variants()[v];
      if (var.scenario == scenario && var.point < variant_of.size()) variant_of[var.point] = v;
    }
    for (std::size_t p = 0; p < variant_of.size(); ++p) {
      if (variant_of[p] == data.variants().size()) {
        throw AnalysisError(data.path().string() + ": point " + std::to_string(p) + " of '" +
                            scenario +
                            "' has no runs yet; finish the batch (welfare batch resumes it)");
      }
    }
    for (const auto& [m, period] : wanted) {
      std::vector<double> y(variant_of.size());
      for (std::size_t p = 0; p < variant_of.size(); ++p) {
        const std::size_t v = variant_of[p];
        double sum = 0;
        const std::size_t reps = data.variants()[v].runs.size();
        for (std::size_t r = 0; r < reps; ++r)
          sum += data.measures(v, r).value(m, period, territory);
        y[p] = sum / static_cast<double>(reps);
      }
      SensitivityResult res;
      res.scenario = scenario;
      res.measure = m;
      res.period = period;
      res.design = record->design;
      try {
        if (record->design == "morris") {
          res.morris = morris_effects(*record, y);
        } else {
          res.regression = standardized_regression(*record, y);
        }
      } catch (const std::invalid_argument& e) {
        throw AnalysisError(data.path().string() + ": " + e.what());
      }
      results.push_back(std::move(res));
    }
  }
  return results;
}

void write_sensitivity_table(std::ostream& out, const Dataset& data,
                             const std::vector<SensitivityResult>& results, Language lang) {
  const auto weeks = data.window_weeks();
  const auto& record = *data.experiment();
  out << text("sensitivity", lang) << ": " << record.name << " (" << record.design << ", "
      << record.point_count() << " " << text("points", lang) << ", " << record.replicates << " "
      << text("replicates", lang) << "), " << text("weeks", lang) << " " << weeks.front() << "-"
      << weeks.back() << "\n";
  for (const SensitivityResult& r : results) {
    const MeasureDef& def = measures()[r.measure];
    out << "\n"
        << r.scenario << ": " << def.label(lang) << " ("
        << def.units(lang, r.period == Period::kCumulated) << ", "
        << text(r.period == Period::kCumulated ? "cumulated" : "end_of_horizon", lang) << ")\n";
    if (!r.morris.empty()) {
      out << pad(text("parameter", lang), kParameterWidth)
          << pad(text("mu_star", lang), kNumberWidth, true)
          << pad(text("mu", lang), kNumberWidth, true)
          << pad(text("sigma", lang), kNumberWidth, true)
          << pad(text("effects", lang), kNumberWidth, true) << "\n";
      for (const MorrisEffect& e : r.morris) {
        out << pad(e.parameter, kParameterWidth)
            << pad(format_value(e.mu_star, def.decimals, lang), kNumberWidth, true)
            << pad(format_value(e.mu, def.decimals, lang), kNumberWidth, true)
            << pad(format_value(e.sigma, def.decimals, lang), kNumberWidth, true)
            << pad(std::to_string(e.effects), kNumberWidth, true) << "\n";
      }
    } else if (r.regression) {
      out << pad(text("parameter", lang), kParameterWidth)
          << pad(text("src", lang), kNumberWidth, true) << "\n";
      for (const RegressionCoefficient& c : r.regression->coefficients) {
        out << pad(c.parameter, kParameterWidth)
            << pad(format_number(c.src, kCoefficientDecimals, lang), kNumberWidth, true) << "\n";
      }
      out << pad(text("r_squared", lang), kParameterWidth)
          << pad(format_number(r.regression->r_squared, kCoefficientDecimals, lang), kNumberWidth,
                 true)
          << "\n";
    }
  }
}

void write_sensitivity_csv(std::ostream& out, const std::vector<SensitivityResult>& results,
                           Language lang) {
  out << "scenario,measure,measure_label,period,design,parameter,mu_star,mu,sigma,effects,src,"
         "r_squared\n";
  for (const SensitivityResult& r : results) {
    const MeasureDef& def = measures()[r.measure];
    std::string label(def.label(lang));
    if (label.find(',') != std::string::npos) label = "\"" + label + "\"";
    const std::string head = r.scenario + "," + std::string(def.key) + "," + label + "," +
                             std::string(period_key(r.period)) + "," + r.design + ",";
    for (const MorrisEffect& e : r.morris) {
      out << head << e.parameter << "," << number(e.mu_star) << "," << number(e.mu) << ","
          << number(e.sigma) << "," << e.effects << ",,\n";
    }
    if (r.regression) {
      for (const RegressionCoefficient& c : r.regression->coefficients) {
        out << head << c.parameter << ",,,,," << number(c.src) << ","
            << number(r.regression->r_squared) << "\n";
      }
    }
  }
}

}  // namespace welfare::analysis
