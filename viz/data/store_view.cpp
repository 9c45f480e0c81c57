#include "viz/data/store_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace welfare::viz {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean of the values that are not NaN; NaN when none is.
class MeanOf {
 public:
  void add(double x) {
    if (std::isnan(x)) return;
    sum_ += x;
    ++n_;
  }
  double mean() const { return n_ > 0 ? sum_ / static_cast<double>(n_) : kNaN; }

 private:
  double sum_ = 0;
  std::size_t n_ = 0;
};

}  // namespace

Band band_of(const std::vector<std::vector<double>>& replicate_series) {
  Band band;
  band.replicates = replicate_series.size();
  if (replicate_series.empty()) return band;
  const std::size_t weeks = replicate_series.front().size();
  for (const auto& s : replicate_series) {
    if (s.size() != weeks) {
      throw std::invalid_argument("replicate series of " + std::to_string(s.size()) + " and " +
                                  std::to_string(weeks) + " weeks cannot be banded together");
    }
  }
  band.mean.assign(weeks, kNaN);
  band.lower.assign(weeks, kNaN);
  band.upper.assign(weeks, kNaN);
  for (std::size_t w = 0; w < weeks; ++w) {
    MeanOf mean;
    double lower = std::numeric_limits<double>::infinity();
    double upper = -std::numeric_limits<double>::infinity();
    for (const auto& s : replicate_series) {
      const double x = s[w];
      if (std::isnan(x)) continue;
      mean.add(x);
      lower = std::min(lower, x);
      upper = std::max(upper, x);
    }
    band.mean[w] = mean.mean();
    if (!std::isnan(band.mean[w])) {
      band.lower[w] = lower;
      band.upper[w] = upper;
    }
  }
  return band;
}

StoreView::StoreView(std::filesystem::path path)
    : data_(std::move(path)), weeks_(data_.window_weeks()) {}

const store::RunData& StoreView::run(std::size_t variant, std::size_t replicate) const {
  const auto& variants = data_.variants();
  if (variant >= variants.size() || replicate >= variants[variant].runs.size()) {
    throw std::out_of_range("no replicate " + std::to_string(replicate) + " of variant " +
                            std::to_string(variant) + " in " + data_.path().string());
  }
  auto& slot = runs_[{variant, replicate}];
  if (!slot) {
    slot = std::make_unique<store::RunData>(
        data_.reader().read_run(variants[variant].runs[replicate].id));
  }
  return *slot;
}

const analysis::WeeklyMeasure& StoreView::weekly(std::size_t variant, std::size_t replicate,
                                                 std::size_t measure) const {
  auto& slot = weekly_[{variant, replicate, measure}];
  if (!slot) slot = std::make_unique<analysis::WeeklyMeasure>(run(variant, replicate), measure);
  return *slot;
}

Band StoreView::series(std::size_t variant, std::size_t measure,
                       const std::vector<std::size_t>& zones) const {
  std::vector<std::vector<double>> per_replicate;
  for (std::size_t r = 0; r < data_.variants().at(variant).runs.size(); ++r)
    per_replicate.push_back(weekly(variant, r, measure).series(zones));
  return band_of(per_replicate);
}

std::vector<double> StoreView::zone_means(std::size_t variant, std::size_t measure,
                                          std::size_t w) const {
  const std::size_t zones = data_.zones().size();
  std::vector<MeanOf> means(zones);
  for (std::size_t r = 0; r < data_.variants().at(variant).runs.size(); ++r) {
    const analysis::WeeklyMeasure& m = weekly(variant, r, measure);
    for (std::size_t z = 0; z < zones; ++z)
      means[z].add(m.zone_value(w, z));
  }
  std::vector<double> out(zones);
  for (std::size_t z = 0; z < zones; ++z)
    out[z] = means[z].mean();
  return out;
}

std::vector<double> StoreView::zone_differences(std::size_t variant, std::size_t baseline,
                                                std::size_t measure, std::size_t w) const {
  const std::size_t zones = data_.zones().size();
  const std::vector<std::uint32_t> ours = data_.replicates(variant);
  const std::vector<std::uint32_t> theirs = data_.replicates(baseline);
  std::vector<MeanOf> means(zones);
  for (std::size_t r = 0; r < ours.size(); ++r) {
    const auto b = std::find(theirs.begin(), theirs.end(), ours[r]);
    if (b == theirs.end()) continue;
    const analysis::WeeklyMeasure& s = weekly(variant, r, measure);
    const analysis::WeeklyMeasure& base =
        weekly(baseline, static_cast<std::size_t>(b - theirs.begin()), measure);
    for (std::size_t z = 0; z < zones; ++z)
      means[z].add(s.zone_value(w, z) - base.zone_value(w, z));
  }
  std::vector<double> out(zones);
  for (std::size_t z = 0; z < zones; ++z)
    out[z] = means[z].mean();
  return out;
}

}  // namespace welfare::viz
