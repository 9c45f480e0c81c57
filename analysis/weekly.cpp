#include "analysis/weekly.hpp"

#include <stdexcept>
#include <string>

#include "analysis/error.hpp"

namespace welfare::analysis {

WeeklyMeasure::WeeklyMeasure(const store::RunData& run, std::size_t measure)
    : measure_(measure), weeks_(run.weeks.size()), zones_(run.zones.ids.size()) {
  const auto& defs = measures();
  if (measure >= defs.size()) {
    throw AnalysisError("no measure number " + std::to_string(measure) + "; there are " +
                        std::to_string(defs.size()));
  }
  const MeasureCells cells(run, defs[measure]);
  const std::size_t n = weeks_ * zones_;
  num_.resize(n);
  den_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const MeasureCells::Cell c = cells.at(i);
    num_[i] = c.num;
    den_[i] = c.den;
  }
}

double WeeklyMeasure::zone_value(std::size_t w, std::size_t zone) const {
  if (w >= weeks_ || zone >= zones_) {
    throw std::out_of_range("week index " + std::to_string(w) + ", zone " + std::to_string(zone) +
                            " outside " + std::to_string(weeks_) + " weeks x " +
                            std::to_string(zones_) + " zones");
  }
  const std::size_t i = w * zones_ + zone;
  return measure_value(measures()[measure_], num_[i], den_[i]);
}

double WeeklyMeasure::value(std::size_t w, const std::vector<std::size_t>& zones) const {
  if (w >= weeks_) {
    throw std::out_of_range("week index " + std::to_string(w) + " outside " +
                            std::to_string(weeks_) + " weeks");
  }
  const std::size_t base = w * zones_;
  double num = 0;
  double den = 0;
  if (zones.empty()) {
    for (std::size_t z = 0; z < zones_; ++z) {
      num += num_[base + z];
      den += den_[base + z];
    }
  } else {
    for (std::size_t z : zones) {
      if (z >= zones_) {
        throw std::out_of_range("zone " + std::to_string(z) + " outside " + std::to_string(zones_) +
                                " zones");
      }
      num += num_[base + z];
      den += den_[base + z];
    }
  }
  return measure_value(measures()[measure_], num, den);
}

std::vector<double> WeeklyMeasure::series(const std::vector<std::size_t>& zones) const {
  std::vector<double> out(weeks_);
  for (std::size_t w = 0; w < weeks_; ++w)
    out[w] = value(w, zones);
  return out;
}

}  // namespace welfare::analysis
