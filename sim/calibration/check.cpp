#include "calibration/check.hpp"

#include <cmath>
#include <limits>

#include "calibration/measures.hpp"
#include "engine/simulation.hpp"

namespace welfare {

double CalibrationRow::relative_difference() const {
  if (published == 0) return model == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  return std::abs(model - published) / std::abs(published);
}

namespace {

// The zone whose model count differs most from its published count.
CalibrationRow worst_zone(const std::string& figure, const Territory& t,
                          const std::vector<double>& published, const std::vector<double>& model,
                          const std::string& source) {
  constexpr double kZoneTolerance = 0.01;  // rounding when a small zone's counts are reconciled
  CalibrationRow worst{figure, "start", 0, 0, kZoneTolerance, source};
  double worst_diff = -1;
  for (std::size_t z = 0; z < t.zones.size(); ++z) {
    CalibrationRow r{figure, "start", published[z], model[z], kZoneTolerance, source};
    if (r.relative_difference() > worst_diff) {
      worst_diff = r.relative_difference();
      worst = r;
      worst.figure = figure + " (worst zone: " + t.zones[z].name + ")";
    }
  }
  return worst;
}

}  // namespace

std::vector<CalibrationRow> run_calibration_check(const Scenario& scenario,
                                                  const CalibrationTargets& targets, double scale) {
  Scenario sc = scenario;
  sc.territory = scale_territory(scenario.territory, scale);
  sc.weeks = targets.weeks;
  Simulation sim(sc, 0);
  const Territory& t = sc.territory;
  const Population& pop = sim.population();

  std::vector<CalibrationRow> rows;
  // The territory's own counts per zone, as synthesised.
  std::vector<double> residents_pub, residents_model(t.zones.size(), 0), households_pub,
      households_model(t.zones.size(), 0);
  for (const Zone& z : t.zones) {
    residents_pub.push_back(static_cast<double>(z.residents));
  }
  for (std::uint32_t p = 0; p < pop.person_count(); ++p)
    residents_model[pop.zone[p]] += pop.alive[p];
  for (std::uint32_t h = 0; h < pop.household_count(); ++h)
    households_model[pop.household_zone[h]] += pop.household_size(h) > 0;  // as synthesised
  rows.push_back(
      worst_zone("residents per zone", t, residents_pub, residents_model, "the territory file"));
  bool all_households_given = true;
  for (const Zone& z : t.zones) {
    all_households_given &= z.households.has_value();
    households_pub.push_back(z.households ? static_cast<double>(*z.households) : 0.0);
  }
  if (all_households_given) {
    rows.push_back(worst_zone("households per zone", t, households_pub, households_model,
                              "the territory file"));
  }

  // Counts are published for the whole territory: compare them at the size run, which is the
  // scenario's own scale times the check's.
  const double size = scale * scenario.scale;
  auto add = [&](const CalibrationTarget& target, const Measure& m, const std::string& when) {
    const double published = m.is_count ? target.value * size : target.value;
    rows.push_back(
        {std::string(m.name), when, published, m.value(sim), target.tolerance, target.source});
  };
  for (const auto& target : targets.targets) {
    const Measure* m = find_measure(target.measure);
    if (m && m->at_start) add(target, *m, "start");
  }
  sim.run();
  for (const auto& target : targets.targets) {
    const Measure* m = find_measure(target.measure);
    if (m && !m->at_start) add(target, *m, "week " + std::to_string(sim.week()));
  }
  return rows;
}

}  // namespace welfare
