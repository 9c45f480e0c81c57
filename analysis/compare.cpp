#include "analysis/compare.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "analysis/error.hpp"

namespace welfare::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool lower_is_better(std::string_view key) {
  return measures()[measure_index(key)].direction != Direction::kHigherIsBetter;
}

Verdict verdict_of(const PairedStat& s) {
  if (s.n < 2 || std::isnan(s.lower)) return Verdict::kUndetermined;
  if (s.upper < 0) return Verdict::kNarrows;
  if (s.lower > 0) return Verdict::kWidens;
  return Verdict::kNoClearChange;
}

// Replicate numbers present in both variants, and their positions in each.
struct Pairing {
  std::vector<std::size_t> base;
  std::vector<std::size_t> scen;
};
Pairing pair_replicates(const Dataset& data, std::size_t baseline, std::size_t variant) {
  const auto b = data.replicates(baseline);
  const auto s = data.replicates(variant);
  Pairing p;
  std::map<std::uint32_t, std::size_t> seen;
  for (std::size_t i = 0; i < b.size(); ++i)
    seen.emplace(b[i], i);
  for (std::size_t j = 0; j < s.size(); ++j) {
    const auto it = seen.find(s[j]);
    if (it == seen.end()) continue;
    p.base.push_back(it->second);
    p.scen.push_back(j);
    seen.erase(it);  // a replicate stored twice pairs once
  }
  return p;
}

}  // namespace

double PairedStat::relative() const {
  return baseline != 0 ? difference / std::fabs(baseline) : kNaN;
}

PairedStat paired(const std::vector<double>& base, const std::vector<double>& scen) {
  PairedStat s;
  std::vector<double> d;
  double sb = 0;
  double ss = 0;
  for (std::size_t i = 0; i < std::min(base.size(), scen.size()); ++i) {
    if (std::isnan(base[i]) || std::isnan(scen[i])) continue;
    sb += base[i];
    ss += scen[i];
    d.push_back(scen[i] - base[i]);
  }
  s.n = d.size();
  if (s.n == 0) {
    s.baseline = s.scenario = s.difference = s.lower = s.upper = kNaN;
    return s;
  }
  const auto n = static_cast<double>(s.n);
  s.baseline = sb / n;
  s.scenario = ss / n;
  double mean = 0;
  for (double x : d)
    mean += x;
  mean /= n;
  s.difference = mean;
  if (s.n < 2) {
    s.lower = s.upper = kNaN;
    return s;
  }
  double var = 0;
  for (double x : d)
    var += (x - mean) * (x - mean);
  var /= n - 1;
  const boost::math::students_t dist(n - 1);
  const double t = boost::math::quantile(boost::math::complement(dist, (1 - kConfidence) / 2));
  const double half = t * std::sqrt(var / n);
  s.lower = mean - half;
  s.upper = mean + half;
  return s;
}

const ComparisonCell* ScenarioComparison::cell(std::size_t area, std::size_t measure,
                                               Period period) const {
  const std::size_t i =
      (area * measures().size() + measure) * kPeriodCount + static_cast<std::size_t>(period);
  if (i < cells.size() && cells[i].area == area && cells[i].measure == measure &&
      cells[i].period == period)
    return &cells[i];
  for (const auto& c : cells)
    if (c.area == area && c.measure == measure && c.period == period) return &c;
  return nullptr;
}

std::string_view area_level_key(AreaLevel level) {
  switch (level) {
    case AreaLevel::kZone:
      return "zone";
    case AreaLevel::kDistrict:
      return "district";
    case AreaLevel::kTerritory:
      return "territory";
  }
  return "territory";
}

std::string_view verdict_key(Verdict v) {
  switch (v) {
    case Verdict::kNarrows:
      return "narrows";
    case Verdict::kWidens:
      return "widens";
    case Verdict::kNoClearChange:
      return "no_clear_change";
    case Verdict::kUndetermined:
      return "undetermined";
  }
  return "undetermined";
}

const std::vector<std::string>& equity_measures() {
  static const std::vector<std::string> keys = {"unmet_per_1000", "escalations_per_1000_year",
                                                "waiting_weeks_mean", "coverage",
                                                "loneliness_prevalence_65_plus"};
  return keys;
}

double weighted_gini(const std::vector<double>& values, const std::vector<double>& weights) {
  double w_sum = 0;
  double wx_sum = 0;
  std::vector<std::pair<double, double>> xw;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i]) || !(weights[i] > 0)) continue;
    xw.emplace_back(values[i], weights[i]);
    w_sum += weights[i];
    wx_sum += weights[i] * values[i];
  }
  if (xw.empty() || w_sum <= 0) return kNaN;
  const double mean = wx_sum / w_sum;
  if (mean == 0) return 0;
  double acc = 0;
  for (const auto& [xi, wi] : xw)
    for (const auto& [xj, wj] : xw)
      acc += wi * wj * std::fabs(xi - xj);
  return acc / (2 * w_sum * w_sum * mean);
}

Comparison compare(const Dataset& data, const CompareOptions& options) {
  Comparison out;
  out.baseline = data.find_variant(options.baseline);
  std::vector<std::size_t> variants;
  if (options.scenarios.empty()) {
    for (std::size_t i = 0; i < data.variants().size(); ++i)
      if (i != out.baseline) variants.push_back(i);
  } else {
    for (const auto& s : options.scenarios)
      variants.push_back(data.find_variant(s));
  }
  if (variants.empty()) {
    throw AnalysisError(data.path().string() + " holds only the baseline '" + options.baseline +
                        "'; there is no scenario to compare with it");
  }

  // Areas: the territory, the districts, the zones (those asked for).
  const auto& zones = data.zones();
  const auto& districts = data.districts();
  std::vector<bool> keep_zone(zones.size(), options.zones.empty());
  std::vector<bool> keep_district(districts.size(), options.zones.empty());
  for (const auto& wanted : options.zones) {
    const AreaMatch match = data.match_area(wanted);
    for (std::size_t z : match.zones)
      keep_zone[z] = true;
    for (std::size_t d : match.districts) {
      keep_district[d] = true;
      for (std::size_t z : districts[d].zones)
        keep_zone[z] = true;
    }
    if (match.empty()) {
      throw AnalysisError("--zones: no zone or district '" + wanted + "' in " + data.territory() +
                          " (zones are named by id or name, e.g. '" + zones.front().id + "' or '" +
                          zones.front().name + "')");
    }
  }
  Area all{AreaLevel::kTerritory, data.territory(), data.territory(), {}};
  for (std::size_t z = 0; z < zones.size(); ++z)
    all.zones.push_back(z);
  out.areas.push_back(std::move(all));
  for (std::size_t d = 0; d < districts.size(); ++d) {
    if (keep_district[d])
      out.areas.push_back(
          {AreaLevel::kDistrict, districts[d].id, districts[d].name, districts[d].zones});
  }
  for (std::size_t z = 0; z < zones.size(); ++z) {
    if (keep_zone[z]) out.areas.push_back({AreaLevel::kZone, zones[z].id, zones[z].name, {z}});
  }

  const auto& defs = measures();
  const std::vector<std::size_t>& territory = out.areas.front().zones;
  const std::size_t population = measure_index("population");
  for (std::size_t v : variants) {
    const Pairing pairs = pair_replicates(data, out.baseline, v);
    if (pairs.base.empty()) {
      throw AnalysisError("scenario '" + data.variants()[v].key +
                          "' has no replicate in common with the baseline '" +
                          data.variants()[out.baseline].key + "'");
    }
    ScenarioComparison sc;
    sc.variant = v;
    auto values = [&](std::size_t variant, const std::vector<std::size_t>& reps, auto&& f) {
      std::vector<double> x;
      for (std::size_t r : reps)
        x.push_back(f(data.measures(variant, r)));
      return x;
    };
    auto compare_by = [&](auto&& f) {
      return paired(values(out.baseline, pairs.base, f), values(v, pairs.scen, f));
    };

    for (std::size_t a = 0; a < out.areas.size(); ++a) {
      for (std::size_t m = 0; m < defs.size(); ++m) {
        for (Period p : {Period::kEnd, Period::kCumulated}) {
          sc.cells.push_back({a, m, p, compare_by([&](const RunMeasures& rm) {
                                return rm.value(m, p, out.areas[a].zones);
                              })});
        }
      }
    }

    // Equity across zones: over the window, population-weighted.
    for (const std::string& key : equity_measures()) {
      const std::size_t m = measure_index(key);
      auto zone_values = [&](const RunMeasures& rm) {
        std::vector<double> x(zones.size());
        std::vector<double> w(zones.size());
        for (std::size_t z = 0; z < zones.size(); ++z) {
          x[z] = rm.zone_value(m, Period::kCumulated, z);
          w[z] = rm.zone_value(population, Period::kCumulated, z);
        }
        return std::make_pair(x, w);
      };
      EquityRow gini{key, "gini_across_zones", compare_by([&](const RunMeasures& rm) {
                       const auto [x, w] = zone_values(rm);
                       return weighted_gini(x, w);
                     }),
                     Verdict::kUndetermined};
      gini.verdict = verdict_of(gini.stat);
      sc.equity.push_back(gini);
      EquityRow ratio{key, "worst_best_ratio", compare_by([&](const RunMeasures& rm) {
                        const auto [x, w] = zone_values(rm);
                        double hi = -std::numeric_limits<double>::infinity();
                        double lo = std::numeric_limits<double>::infinity();
                        for (std::size_t z = 0; z < x.size(); ++z) {
                          if (std::isnan(x[z]) || !(w[z] > 0)) continue;
                          hi = std::max(hi, x[z]);
                          lo = std::min(lo, x[z]);
                        }
                        if (!(lo > 0) || std::isinf(hi)) return kNaN;
                        return lower_is_better(key) ? hi / lo : lo / hi;
                      }),
                      Verdict::kUndetermined};
      // A worst/best ratio narrows towards 1: downwards when worst is highest, upwards
      // when worst is lowest.
      ratio.verdict = verdict_of(ratio.stat);
      if (!lower_is_better(key) && ratio.verdict == Verdict::kNarrows) {
        ratio.verdict = Verdict::kWidens;
      } else if (!lower_is_better(key) && ratio.verdict == Verdict::kWidens) {
        ratio.verdict = Verdict::kNarrows;
      }
      sc.equity.push_back(ratio);
    }
    // Between citizenships.
    for (const std::string base : {"unmet_per_1000", "escalations_per_1000_year"}) {
      const std::size_t f = measure_index(base + "_foreign");
      const std::size_t i = measure_index(base + "_non_foreign");
      EquityRow gap{base, "foreign_gap", compare_by([&](const RunMeasures& rm) {
                      return std::fabs(rm.value(f, Period::kCumulated, territory) -
                                       rm.value(i, Period::kCumulated, territory));
                    }),
                    Verdict::kUndetermined};
      gap.verdict = verdict_of(gap.stat);
      sc.equity.push_back(gap);
      EquityRow ratio{base, "foreign_ratio", compare_by([&](const RunMeasures& rm) {
                        const double fi = rm.value(f, Period::kCumulated, territory);
                        const double it = rm.value(i, Period::kCumulated, territory);
                        return it > 0 ? fi / it : kNaN;
                      }),
                      Verdict::kUndetermined};
      ratio.verdict = gap.verdict;  // the gap decides; the ratio shows its size
      sc.equity.push_back(ratio);
    }

    // Costs over the window, territory-wide.
    auto cumulated = [&](std::string_view key, double sign) {
      const std::size_t m = measure_index(key);
      PairedStat s = compare_by(
          [&](const RunMeasures& rm) { return rm.value(m, Period::kCumulated, territory); });
      if (sign < 0) {
        s.difference = -s.difference;
        const double lo = -s.upper;
        s.upper = -s.lower;
        s.lower = lo;
      }
      return s;
    };
    CostSummary& c = sc.costs;
    c.investment = cumulated("spending_investment", 1);
    c.downstream_avoided = cumulated("spending_downstream", -1);
    c.net_cost = cumulated("spending_total", 1);
    c.escalations_avoided = cumulated("escalations_total", -1);
    c.cost_per_escalation_avoided = c.escalations_avoided.n >= 2 && c.escalations_avoided.lower > 0
                                        ? c.net_cost.difference / c.escalations_avoided.difference
                                        : kNaN;
    for (std::size_t m = 0; m < defs.size(); ++m) {
      if (defs[m].question == Question::kCosts && defs[m].numerator.size() == 1) {
        c.by_service.emplace_back(m, cumulated(defs[m].key, 1));
      }
    }
    out.scenarios.push_back(std::move(sc));
  }
  return out;
}

}  // namespace welfare::analysis
