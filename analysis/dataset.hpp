// The runs of a store as the analysis sees them: variants (a scenario at a sweep point) with
// their replicates, the zones and districts of the territory, the week window analysed, and
// each run's measures (analysis/measures.hpp), read through the store library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/labels.hpp"
#include "analysis/measures.hpp"
#include "store/store.hpp"

namespace welfare::analysis {

struct ZoneInfo {
  std::string id;
  std::string name;
  std::size_t district = 0;  // index into Dataset::districts()
  double lon = 0;
  double lat = 0;
};

// The zones and districts a name stands for (analysis/dataset.hpp, Dataset::match_area).
struct AreaMatch {
  std::vector<std::size_t> zones;      // zones named so
  std::vector<std::size_t> districts;  // districts named so
  bool empty() const { return zones.empty() && districts.empty(); }
};

struct DistrictInfo {
  std::string id;
  std::string name;
  std::vector<std::size_t> zones;
};

// A policy lever as the resolved scenario states it.
struct LeverInfo {
  std::string type;
  std::string name;
  int start_week = 0;
  double size = 0;
  std::size_t zones = 0;  // how many zones it targets
};

// What the analysis reads of a run's resolved scenario text.
struct ScenarioInfo {
  std::string name;
  std::string description;
  std::string territory;
  std::string language;  // the territory's default language, "it" or "en"
  std::vector<LeverInfo> levers;
  std::vector<ZoneInfo> zones;
  std::vector<DistrictInfo> districts;
};
// Throws AnalysisError when the text is not a resolved scenario.
ScenarioInfo parse_scenario_info(const std::string& yaml);

// A scenario at one sweep point, with its replicates.
struct Variant {
  std::string key;  // the scenario name, or "name@P" when the store sweeps points
  std::string scenario;
  std::uint32_t point = 0;
  std::vector<std::pair<std::string, double>> sweep;  // parameter (short name) and value
  ScenarioInfo info;
  std::vector<store::RunKey> runs;  // in replicate order

  // "name" or "name (parameter = value, ...)".
  std::string label() const;
};

// Weeks to analyse, as week numbers of the runs' week axis (inclusive); empty ends mean the
// first or last week.
struct WeekRange {
  std::optional<std::int32_t> first;
  std::optional<std::int32_t> last;
};
// Parses "A:B", "A:" or ":B"; throws AnalysisError naming the text.
WeekRange parse_week_range(const std::string& text);

class Dataset {
 public:
  // Opens the store and lists its runs; throws store::StoreError or AnalysisError (a store
  // with no runs, runs on different zones or weeks, a window outside the weeks).
  Dataset(std::filesystem::path path, const WeekRange& weeks = {});

  const std::filesystem::path& path() const { return path_; }
  const store::StoreReader& reader() const { return *reader_; }
  const std::optional<store::ExperimentRecord>& experiment() const { return experiment_; }
  const std::vector<Variant>& variants() const { return variants_; }
  const std::vector<ZoneInfo>& zones() const { return zones_; }
  const std::vector<DistrictInfo>& districts() const { return districts_; }
  const std::string& territory() const { return territory_; }
  Language default_language() const { return language_; }
  // Week numbers of the window, in order.
  std::vector<std::int32_t> window_weeks() const;
  const WeekWindow& window() const { return window_; }

  // The variant named `key`: a variant key, or a scenario name when that scenario has one
  // point. Throws AnalysisError listing the variants when there is none.
  std::size_t find_variant(const std::string& key) const;

  // The zones and districts whose id or name is `name`: those that match exactly, or when
  // none does, those that match ignoring the case of ASCII letters ("municipio 1"). Used by
  // `welfare compare --zones` and the viewer's saved views.
  AreaMatch match_area(std::string_view name) const;

  // The measures of one replicate of a variant (read once, then kept).
  const RunMeasures& measures(std::size_t variant, std::size_t replicate) const;
  // Replicate numbers of a variant, in order.
  std::vector<std::uint32_t> replicates(std::size_t variant) const;

 private:
  std::filesystem::path path_;
  std::unique_ptr<store::StoreReader> reader_;
  std::optional<store::ExperimentRecord> experiment_;
  std::vector<Variant> variants_;
  std::vector<ZoneInfo> zones_;
  std::vector<DistrictInfo> districts_;
  std::string territory_;
  Language language_ = Language::kEnglish;
  std::vector<std::int32_t> weeks_;
  WeekWindow window_;
  mutable std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<RunMeasures>> cache_;
};

}  // namespace welfare::analysis
