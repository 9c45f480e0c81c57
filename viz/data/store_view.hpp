// A store as the viewer browses it: the analysis Dataset of its runs (variants, replicates,
// zones, districts), and the aggregates the panels draw: a measure's replicate mean and band
// per week for an area (time series), and per zone in a week (the map). Runs are read through
// the store library once, when first needed, and kept. A StoreView is used from one thread
// (the interface's): its caches are not locked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/weekly.hpp"
#include "store/store.hpp"

namespace welfare::viz {

// Per week index: the mean over replicates and the band from the lowest to the highest
// replicate (as in the HTML report). NaN where no replicate has a value.
struct Band {
  std::vector<double> mean;
  std::vector<double> lower;
  std::vector<double> upper;
  std::size_t replicates = 0;
};

// Band of a set of replicate series of equal length (weeks); NaN values are left out week by
// week. Throws std::invalid_argument when the series differ in length.
Band band_of(const std::vector<std::vector<double>>& replicate_series);

class StoreView {
 public:
  // Opens the store; throws store::StoreError (not a store, newer format, damaged) or
  // analysis::AnalysisError (no runs, runs on different zones or weeks).
  explicit StoreView(std::filesystem::path path);

  const std::filesystem::path& path() const { return data_.path(); }
  const analysis::Dataset& dataset() const { return data_; }
  // The week axis of the runs (e.g. 1..156); panels index it with week indices 0..W-1.
  const std::vector<std::int32_t>& weeks() const { return weeks_; }

  // The measure's replicate mean and band per week for the zones given (the whole territory
  // when empty). Throws AnalysisError when a run lacks an indicator the measure needs.
  Band series(std::size_t variant, std::size_t measure,
              const std::vector<std::size_t>& zones) const;
  // Per zone, the measure's mean over the variant's replicates in week index w.
  std::vector<double> zone_means(std::size_t variant, std::size_t measure, std::size_t w) const;
  // Per zone, the mean over paired replicates of (variant - baseline) in week index w;
  // replicates missing from either side are left out (NaN when none is shared).
  std::vector<double> zone_differences(std::size_t variant, std::size_t baseline,
                                       std::size_t measure, std::size_t w) const;

  // One replicate's run (the i-th of the variant's replicates) and its weekly measure. Throw
  // std::out_of_range for a variant or replicate the store does not have.
  const store::RunData& run(std::size_t variant, std::size_t replicate) const;
  const analysis::WeeklyMeasure& weekly(std::size_t variant, std::size_t replicate,
                                        std::size_t measure) const;

 private:
  analysis::Dataset data_;
  std::vector<std::int32_t> weeks_;
  mutable std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<store::RunData>> runs_;
  mutable std::map<std::tuple<std::size_t, std::size_t, std::size_t>,
                   std::unique_ptr<analysis::WeeklyMeasure>>
      weekly_;
};

}  // namespace welfare::viz
