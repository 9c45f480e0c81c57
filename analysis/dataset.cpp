#include "analysis/dataset.hpp"

#include <cctype>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

#include "analysis/error.hpp"

namespace welfare::analysis {
namespace {

std::string text_of(const YAML::Node& node, const char* key) {
  const YAML::Node v = node[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

// The last part of a sweep path ("parameters.detection.self_referral" -> "self_referral"),
// unless two parameters share it.
std::vector<std::string> short_names(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    const auto dot = p.rfind('.');
    out.push_back(dot == std::string::npos ? p : p.substr(dot + 1));
  }
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t j = 0; j < out.size(); ++j)
      if (i != j && out[i] == out[j]) out[i] = paths[i];
  return out;
}

std::optional<std::int32_t> parse_week(const std::string& all, std::string_view part) {
  if (part.empty()) return std::nullopt;
  std::int32_t v = 0;
  const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
  if (ec != std::errc() || end != part.data() + part.size() || v < 1) {
    throw AnalysisError("--weeks " + all + ": '" + std::string(part) +
                        "' is not a week number; expected FIRST:LAST, e.g. 1:52, 105: or :52");
  }
  return v;
}

}  // namespace

ScenarioInfo parse_scenario_info(const std::string& yaml) {
  ScenarioInfo info;
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw AnalysisError(std::string("a run's scenario text is not YAML: ") + e.what());
  }
  const YAML::Node s = root["scenario"];
  if (!s || !s.IsMap()) throw AnalysisError("a run's scenario text has no 'scenario' mapping");
  info.name = text_of(s, "name");
  info.description = text_of(s, "description");
  const YAML::Node t = s["territory"];
  if (t && t.IsMap()) {
    info.territory = text_of(t, "name");
    info.language = text_of(t, "language");
    std::map<std::string, std::size_t> district_index;
    if (const YAML::Node ds = t["districts"]; ds && ds.IsSequence()) {
      for (const auto& d : ds) {
        district_index[text_of(d, "id")] = info.districts.size();
        info.districts.push_back({text_of(d, "id"), text_of(d, "name"), {}});
      }
    }
    if (const YAML::Node zs = t["zones"]; zs && zs.IsSequence()) {
      for (const auto& z : zs) {
        ZoneInfo zone{text_of(z, "id"), text_of(z, "name"), 0, 0, 0};
        const auto it = district_index.find(text_of(z, "district"));
        if (it != district_index.end()) {
          zone.district = it->second;
          info.districts[it->second].zones.push_back(info.zones.size());
        }
        if (const YAML::Node c = z["centroid"]; c && c.IsMap()) {
          zone.lon = c["lon"].as<double>(0.0);
          zone.lat = c["lat"].as<double>(0.0);
        }
        info.zones.push_back(std::move(zone));
      }
    }
  }
  if (const YAML::Node ps = root["policies"]; ps && ps.IsSequence()) {
    for (const auto& p : ps) {
      LeverInfo lever;
      lever.type = text_of(p, "type");
      lever.name = text_of(p, "name");
      lever.start_week = p["start_week"].as<int>(0);
      lever.size = p["size"].as<double>(0.0);
      if (const YAML::Node z = p["zones"]; z && z.IsSequence()) lever.zones = z.size();
      info.levers.push_back(std::move(lever));
    }
  }
  return info;
}

std::string Variant::label() const {
  if (sweep.empty()) return scenario;
  std::ostringstream out;
  out << scenario << " (";
  for (std::size_t i = 0; i < sweep.size(); ++i) {
    out << (i ? ", " : "") << sweep[i].first << " = " << sweep[i].second;
  }
  out << ")";
  return out.str();
}

WeekRange parse_week_range(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    throw AnalysisError("--weeks " + text +
                        ": expected FIRST:LAST (week numbers), e.g. 1:52, 105: or :52");
  }
  WeekRange r{parse_week(text, std::string_view(text).substr(0, colon)),
              parse_week(text, std::string_view(text).substr(colon + 1))};
  if (r.first && r.last && *r.first > *r.last) {
    throw AnalysisError("--weeks " + text + ": the first week is after the last");
  }
  return r;
}

Dataset::Dataset(std::filesystem::path path, const WeekRange& weeks)
    : path_(std::move(path)), reader_(std::make_unique<store::StoreReader>(path_)) {
  // A damaged run is reported now, naming it, rather than part-way through an analysis.
  reader_->check();
  experiment_ = reader_->experiment();
  const std::vector<store::RunGroup> groups = reader_->run_groups();
  if (groups.empty()) throw AnalysisError(path_.string() + ": the store holds no runs");

  // Zones and weeks from the first run; every run must have the same.
  const std::string& first_id = groups.front().replicates.front().id;
  const store::ZoneAxis axis = reader_->zones(first_id);
  weeks_ = reader_->weeks(first_id);
  if (weeks_.empty() || axis.ids.empty()) {
    throw AnalysisError(path_.string() + ": run " + first_id + " has " +
                        std::to_string(weeks_.size()) + " weeks and " +
                        std::to_string(axis.ids.size()) +
                        " zones; there is nothing to analyse (expected at least one of each)");
  }
  const store::RunSummary first = reader_->summary(first_id);
  // The resolved scenario text of a run, read for zones' places and levers.
  const auto info_of = [&](const std::string& id, const std::string& yaml) {
    try {
      return parse_scenario_info(yaml);
    } catch (const AnalysisError& e) {
      throw AnalysisError(path_.string() + ": run " + id + ": " + e.what());
    }
  };
  const ScenarioInfo first_info = info_of(first_id, first.meta.scenario_yaml);
  territory_ = first.meta.territory_name;
  language_ = first_info.language == "it" ? Language::kItalian : Language::kEnglish;

  std::map<std::string, std::size_t> district_of;
  for (std::size_t z = 0; z < axis.ids.size(); ++z) {
    auto [it, added] = district_of.emplace(axis.districts[z], districts_.size());
    if (added) districts_.push_back({axis.districts[z], axis.districts[z], {}});
    districts_[it->second].zones.push_back(z);
    ZoneInfo zone{axis.ids[z], axis.names[z], it->second, 0, 0};
    for (const ZoneInfo& y : first_info.zones) {
      if (y.id == zone.id) {
        zone.lon = y.lon;
        zone.lat = y.lat;
      }
    }
    zones_.push_back(std::move(zone));
  }
  // The store records district names; the scenario text gives their ids.
  for (DistrictInfo& d : districts_) {
    for (const DistrictInfo& y : first_info.districts)
      if (y.name == d.name) d.id = y.id;
  }

  std::set<std::string> scenarios_with_points;
  for (const auto& g : groups)
    if (g.point != 0) scenarios_with_points.insert(g.scenario);
  std::vector<std::string> names;
  if (experiment_) names = short_names(experiment_->parameters);
  for (const auto& g : groups) {
    Variant v;
    v.scenario = g.scenario;
    v.point = g.point;
    v.key = scenarios_with_points.count(g.scenario) != 0
                ? g.scenario + "@" + std::to_string(g.point)
                : g.scenario;
    if (experiment_ && g.point < experiment_->point_count()) {
      for (std::size_t k = 0; k < names.size(); ++k)
        v.sweep.emplace_back(names[k], experiment_->points[g.point * names.size() + k]);
    }
    v.runs = g.replicates;
    for (const auto& run : v.runs) {
      if (reader_->zones(run.id).ids != axis.ids || reader_->weeks(run.id) != weeks_) {
        throw AnalysisError(path_.string() + ": run " + run.id + " (" + run.scenario +
                            ") has other zones or weeks than run " + first_id +
                            "; runs compared must cover the same territory and weeks");
      }
    }
    v.info = info_of(v.runs.front().id, reader_->summary(v.runs.front().id).meta.scenario_yaml);
    variants_.push_back(std::move(v));
  }

  // The window.
  auto index_of = [&](std::int32_t week) -> std::size_t {
    const auto it = std::find(weeks_.begin(), weeks_.end(), week);
    if (it == weeks_.end()) {
      throw AnalysisError("--weeks: the runs have weeks " + std::to_string(weeks_.front()) +
                          " to " + std::to_string(weeks_.back()) + ", not week " +
                          std::to_string(week));
    }
    return static_cast<std::size_t>(it - weeks_.begin());
  };
  window_.first = weeks.first ? index_of(*weeks.first) : 0;
  window_.last = weeks.last ? index_of(*weeks.last) : weeks_.size() - 1;
}

std::vector<std::int32_t> Dataset::window_weeks() const {
  return {weeks_.begin() + static_cast<std::ptrdiff_t>(window_.first),
          weeks_.begin() + static_cast<std::ptrdiff_t>(window_.last) + 1};
}

AreaMatch Dataset::match_area(std::string_view name) const {
  const auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const auto find = [&](auto&& same) {
    AreaMatch m;
    for (std::size_t z = 0; z < zones_.size(); ++z)
      if (same(zones_[z].id) || same(zones_[z].name)) m.zones.push_back(z);
    for (std::size_t d = 0; d < districts_.size(); ++d)
      if (same(districts_[d].id) || same(districts_[d].name)) m.districts.push_back(d);
    return m;
  };
  AreaMatch exact = find([&](const std::string& s) { return s == name; });
  if (!exact.empty()) return exact;
  const std::string wanted = lower(name);
  return find([&](const std::string& s) { return lower(s) == wanted; });
}

std::size_t Dataset::find_variant(const std::string& key) const {
  std::vector<std::size_t> by_scenario;
  for (std::size_t i = 0; i < variants_.size(); ++i) {
    if (variants_[i].key == key) return i;
    if (variants_[i].scenario == key) by_scenario.push_back(i);
  }
  if (by_scenario.size() == 1) return by_scenario.front();
  std::string list;
  for (const auto& v : variants_)
    list += (list.empty() ? "" : ", ") + v.key;
  if (by_scenario.size() > 1) {
    throw AnalysisError("scenario '" + key + "' has several sweep points in " + path_.string() +
                        "; name one as SCENARIO@POINT: " + list);
  }
  throw AnalysisError("no scenario '" + key + "' in " + path_.string() + "; it holds: " + list);
}

const RunMeasures& Dataset::measures(std::size_t variant, std::size_t replicate) const {
  const auto key = std::make_pair(variant, replicate);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    const std::string& id = variants_.at(variant).runs.at(replicate).id;
    const store::RunData run = reader_->read_run(id);
    try {
      it = cache_.emplace(key, std::make_unique<RunMeasures>(run, window_)).first;
    } catch (const AnalysisError& e) {
      throw AnalysisError(path_.string() + ": run " + id + ": " + e.what());
    }
  }
  return *it->second;
}

std::vector<std::uint32_t> Dataset::replicates(std::size_t variant) const {
  std::vector<std::uint32_t> out;
  for (const auto& r : variants_.at(variant).runs)
    out.push_back(r.replicate);
  return out;
}

}  // namespace welfare::analysis
