// Reading and validating experiment files; the run plan; the record kept in the store.
#include "batch/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "scenario/yaml_reader.hpp"

namespace welfare::batch {
namespace {

using yaml_reader::Field;
using yaml_reader::MapReader;
using yaml_reader::quote;
using yaml_reader::Source;

const std::vector<std::string> kTopKeys = {"experiment", "scenarios", "sweep"};
const std::vector<std::string> kExperimentKeys = {"name",       "description", "seed",
                                                  "replicates", "weeks",       "scale"};
const std::vector<std::string> kSweepKeys = {"design", "parameters", "points", "trajectories",
                                             "levels"};
const std::vector<std::string> kDesigns = {"grid", "latin_hypercube", "morris"};
const std::vector<std::string> kGridParameterKeys = {"path", "values"};
const std::vector<std::string> kRangeParameterKeys = {"path", "min", "max"};

// Bounds of the experiment's settings. Scenario files bound weeks and scale themselves; these
// keep designs to sizes a store and a cluster allocation can hold.
constexpr std::int64_t kMaxReplicates = 100'000;
constexpr std::int64_t kMaxWeeks = 5200;  // a century, as for scenario files
constexpr double kMinScale = 1e-4;
constexpr std::int64_t kMaxPoints = 1'000'000;
constexpr std::int64_t kMaxTrajectories = 100'000;
constexpr std::int64_t kMaxLevels = 1000;
constexpr std::int64_t kMaxGridValues = 10'000;
// The runs one experiment may plan: ids are six digits in the store.
constexpr std::size_t kMaxRuns = 999'999;

// Scenario values a sweep may change: the forms of --set paths, and which take whole numbers.
const std::vector<std::string> kScenarioSweepKeys = {"weeks", "scale"};

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Checks a sweep path's form (the scenarios check the rest) and says whether its values are
// whole numbers.
bool check_sweep_path(const Source& source, const Field& field, const std::string& path) {
  const std::string hint =
      " (expected parameters.<parameter path>, scenario.weeks, scenario.scale or "
      "policies.<lever name or index>.<field> with field one of " +
      yaml_reader::join(policy_set_fields()) + ")";
  if (path.starts_with("parameters.")) {
    const std::string name = path.substr(std::string("parameters.").size());
    if (!find_param(name)) {
      std::vector<std::string> paths;
      for (const auto& s : param_specs())
        paths.emplace_back(s.path);
      source.fail(field.at(), "unknown parameter " + quote(name) +
                                  yaml_reader::did_you_mean(name, paths) +
                                  "; the parameter paths are listed by `welfare params`");
    }
    return false;
  }
  if (path.starts_with("scenario.")) {
    const std::string key = path.substr(std::string("scenario.").size());
    if (!contains(kScenarioSweepKeys, key)) {
      source.fail(field.at(), "cannot sweep " + quote(path) +
                                  yaml_reader::did_you_mean(key, kScenarioSweepKeys) +
                                  ": of the scenario settings only weeks and scale can be swept" +
                                  " (seeds and replicates are the experiment's)");
    }
    return key == "weeks";
  }
  if (path.starts_with("policies.")) {
    const std::string rest = path.substr(std::string("policies.").size());
    const auto dot = rest.rfind('.');
    if (dot == std::string::npos || dot == 0)
      source.fail(field.at(), "malformed path " + quote(path) + hint);
    const std::string lever_field = rest.substr(dot + 1);
    if (!contains(policy_set_fields(), lever_field)) {
      source.fail(field.at(), "cannot sweep the lever field " + quote(lever_field) +
                                  yaml_reader::did_you_mean(lever_field, policy_set_fields()) +
                                  hint);
    }
    return policy_set_field_is_whole(lever_field);
  }
  source.fail(field.at(), "cannot sweep " + quote(path) + hint);
}

std::string number_text(double v) {
  return yaml_reader::format_double(v);
}

}  // namespace

std::size_t Experiment::run_count() const {
  return scenarios_.size() * points_.size() * replicates_;
}

RunSpec Experiment::run(std::size_t index) const {
  const std::size_t per_replicate = scenarios_.size() * points_.size();
  RunSpec spec;
  spec.replicate = static_cast<std::uint32_t>(index / per_replicate);
  const std::size_t within = index % per_replicate;
  spec.point = within / scenarios_.size();
  spec.scenario = within % scenarios_.size();
  return spec;
}

std::size_t Experiment::index_of(const RunSpec& spec) const {
  return (static_cast<std::size_t>(spec.replicate) * points_.size() + spec.point) *
             scenarios_.size() +
         spec.scenario;
}

std::vector<SetOverride> Experiment::settings_sets() const {
  std::vector<SetOverride> sets;
  sets.push_back({"scenario.seed", std::to_string(seed_)});
  sets.push_back({"scenario.replicates", "1"});
  if (weeks_) sets.push_back({"scenario.weeks", std::to_string(*weeks_)});
  if (scale_) sets.push_back({"scenario.scale", number_text(*scale_)});
  return sets;
}

std::vector<SetOverride> Experiment::sets(std::size_t point) const {
  std::vector<SetOverride> sets = settings_sets();
  const DesignPoint& p = points_.at(point);
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    sets.push_back({parameters_[k].path, number_text(p.values[k])});
  }
  return sets;
}

Scenario Experiment::scenario(std::size_t scenario_index, std::size_t point) const {
  return load_scenario(scenarios_.at(scenario_index).file, sets(point));
}

store::ExperimentRecord Experiment::record() const {
  store::ExperimentRecord r;
  r.name = name_;
  r.experiment_yaml = text_;
  r.experiment_file = file_.string();
  r.design = design_kind_name(design_);
  r.seed = seed_;
  r.replicates = replicates_;
  r.levels = static_cast<std::uint32_t>(levels_);
  for (const auto& s : scenarios_) {
    r.scenario_names.push_back(s.name);
    r.scenario_files.push_back(s.file.string());
    r.scenario_yaml.push_back(s.resolved_yaml);
  }
  for (const auto& p : parameters_) {
    r.parameters.push_back(p.path);
    r.lower.push_back(p.range.lower);
    r.upper.push_back(p.range.upper);
  }
  for (const auto& p : points_) {
    r.points.insert(r.points.end(), p.values.begin(), p.values.end());
    r.trajectory.push_back(p.trajectory);
    r.changed.push_back(p.changed);
  }
  return r;
}

namespace {

void read_settings(const Source& source, const Field& field, std::string& name,
                   std::string& description, std::uint64_t& seed, std::uint32_t& replicates,
                   std::optional<int>& weeks, std::optional<double>& scale) {
  yaml_reader::expect_map(source, field, "a mapping of the experiment's settings");
  const MapReader settings(source, field.value, "'experiment'", kExperimentKeys);
  const Field& name_field = settings.require("name");
  name = yaml_reader::read_text(source, name_field);
  if (!yaml_reader::valid_name(name)) {
    source.fail(name_field.at(),
                "'name' must use only letters, digits, '_', '-' and '.', found " + quote(name));
  }
  if (const Field* f = settings.find("description")) {
    description = yaml_reader::read_optional_text(source, *f);
  }
  seed = yaml_reader::read_unsigned64(source, settings.require("seed"));
  replicates = static_cast<std::uint32_t>(
      yaml_reader::read_whole(source, settings.require("replicates"), 1, kMaxReplicates));
  if (const Field* f = settings.find("weeks")) {
    weeks = static_cast<int>(yaml_reader::read_whole(source, *f, 1, kMaxWeeks));
  }
  if (const Field* f = settings.find("scale")) {
    scale = yaml_reader::read_number(source, *f, kMinScale, 1.0, "fraction of the territory");
  }
}

}  // namespace

bool is_experiment_file(const std::filesystem::path& file) {
  std::string reason;
  const auto text = yaml_reader::read_file_text(file, reason);
  if (!text) return false;
  try {
    const YAML::Node root = YAML::Load(*text);
    return root.IsMap() && root["experiment"];
  } catch (const YAML::Exception&) {
    return false;
  }
}

Experiment load_experiment(const std::filesystem::path& file) {
  Source source(file.string());
  const auto [text, root] =
      yaml_reader::read_mapping_file(source, "experiment file", "an",
                                     "the keys 'experiment', 'scenarios' and (optionally) 'sweep'");
  const MapReader top(source, root, "the experiment file", kTopKeys);
  Experiment e;
  e.file_ = file;
  e.text_ = text;
  read_settings(source, top.require("experiment"), e.name_, e.description_, e.seed_, e.replicates_,
                e.weeks_, e.scale_);

  // Scenarios: paths relative to the experiment file, names unique.
  const Field& scenarios_field = top.require("scenarios");
  yaml_reader::expect_sequence(source, scenarios_field,
                               "a list of scenario files (paths relative to this file)");
  const auto items = yaml_reader::sequence_items(scenarios_field);
  if (items.empty()) source.fail(scenarios_field.at(), "'scenarios' is empty; list at least one");
  std::vector<SourceLocation> scenario_at;
  for (const Field& item : items) {
    const std::string given = yaml_reader::read_text(source, item);
    ExperimentScenario s;
    s.file = (file.parent_path() / given).lexically_normal();
    std::string unreadable;
    if (!yaml_reader::read_file_text(s.file, unreadable)) {
      source.fail(item.at(), "cannot read scenario file " + quote(given) + " (resolved to " +
                                 quote(s.file.string()) + "): " + unreadable);
    }
    e.scenarios_.push_back(std::move(s));
    scenario_at.push_back(source.where(item.at()));
  }

  // The sweep.
  e.points_ = {DesignPoint{}};
  if (const Field* sweep_field = top.find("sweep")) {
    yaml_reader::expect_map(source, *sweep_field,
                            "a mapping with 'design' and 'parameters' (and 'points', or "
                            "'trajectories' and 'levels')");
    const MapReader sweep(source, sweep_field->value, "'sweep'", kSweepKeys);
    const Field& design_field = sweep.require("design");
    const std::string design = yaml_reader::read_text(source, design_field);
    if (!contains(kDesigns, design)) {
      source.fail(design_field.at(), "unknown design " + quote(design) +
                                         yaml_reader::did_you_mean(design, kDesigns) +
                                         " (expected one of: " + yaml_reader::join(kDesigns) + ")");
    }
    e.design_ = design == "grid"              ? DesignKind::kGrid
                : design == "latin_hypercube" ? DesignKind::kLatinHypercube
                                              : DesignKind::kMorris;
    const bool grid = e.design_ == DesignKind::kGrid;
    auto only = [&](const char* key, DesignKind kind) {
      const Field* f = sweep.find(key);
      if (f != nullptr && e.design_ != kind) {
        source.fail(f->key, quote(key) + " applies only to " + std::string(design_kind_name(kind)) +
                                " designs, not to " + quote(design));
      }
      if (f == nullptr && e.design_ == kind) {
        source.fail(sweep.node(), "a " + design + " design needs " + quote(key));
      }
      return f;
    };
    const Field* points_field = only("points", DesignKind::kLatinHypercube);
    const Field* trajectories_field = only("trajectories", DesignKind::kMorris);
    const Field* levels_field = only("levels", DesignKind::kMorris);

    const Field& parameters_field = sweep.require("parameters");
    yaml_reader::expect_sequence(
        source, parameters_field,
        grid ? "a list of {path, values} entries" : "a list of {path, min, max} entries");
    const auto entries = yaml_reader::sequence_items(parameters_field);
    if (entries.empty()) source.fail(parameters_field.at(), "'parameters' is empty");
    for (const Field& entry : entries) {
      yaml_reader::expect_map(source, entry,
                              grid ? "a mapping {path: ..., values: [...]}"
                                   : "a mapping {path: ..., min: ..., max: ...}");
      const MapReader m(source, entry.value, entry.label,
                        grid ? kGridParameterKeys : kRangeParameterKeys);
      SweepParameter p;
      const Field& path_field = m.require("path");
      p.path = yaml_reader::read_text(source, path_field);
      p.where = source.where(path_field.at());
      for (const auto& other : e.parameters_) {
        if (other.path == p.path) {
          source.fail(path_field.at(),
                      quote(p.path) + " is swept twice (first at " + other.where.str() + ")");
        }
      }
      p.whole = check_sweep_path(source, path_field, p.path);
      const double lowest = -std::numeric_limits<double>::max();
      const double highest = std::numeric_limits<double>::max();
      if (grid) {
        const Field& values_field = m.require("values");
        yaml_reader::expect_sequence(source, values_field, "a list of numbers");
        const auto values = yaml_reader::sequence_items(values_field);
        if (values.empty()) source.fail(values_field.at(), "'values' is empty");
        if (static_cast<std::int64_t>(values.size()) > kMaxGridValues) {
          source.fail(values_field.at(), "more than " + std::to_string(kMaxGridValues) + " values");
        }
        for (const Field& v : values) {
          const double x = p.whole ? static_cast<double>(yaml_reader::read_whole(
                                         source, v, std::numeric_limits<std::int32_t>::min(),
                                         std::numeric_limits<std::int32_t>::max()))
                                   : yaml_reader::read_number(source, v, lowest, highest);
          if (std::find(p.values.begin(), p.values.end(), x) != p.values.end()) {
            source.fail(v.at(), "value " + number_text(x) + " is listed twice");
          }
          p.values.push_back(x);
        }
        p.range = {*std::min_element(p.values.begin(), p.values.end()),
                   *std::max_element(p.values.begin(), p.values.end())};
      } else {
        const Field& min_field = m.require("min");
        const Field& max_field = m.require("max");
        p.range.lower = yaml_reader::read_number(source, min_field, lowest, highest);
        p.range.upper = yaml_reader::read_number(source, max_field, lowest, highest);
        if (!(p.range.lower < p.range.upper)) {
          source.fail(max_field.at(), "'max' (" + number_text(p.range.upper) +
                                          ") must be greater than 'min' (" +
                                          number_text(p.range.lower) + ")");
        }
        if (p.whole && (p.range.lower != std::round(p.range.lower) ||
                        p.range.upper != std::round(p.range.upper))) {
          source.fail(min_field.at(),
                      quote(p.path) + " takes whole numbers: 'min' and 'max' " + "must be whole");
        }
      }
      e.parameters_.push_back(std::move(p));
    }

    std::vector<Range> ranges;
    for (const auto& p : e.parameters_)
      ranges.push_back(p.range);
    switch (e.design_) {
      case DesignKind::kGrid: {
        std::vector<std::vector<double>> values;
        std::size_t count = 1;
        for (const auto& p : e.parameters_) {
          values.push_back(p.values);
          count *= p.values.size();
          if (count > static_cast<std::size_t>(kMaxPoints)) {
            source.fail(parameters_field.at(),
                        "the grid has more than " + std::to_string(kMaxPoints) + " points");
          }
        }
        e.points_ = grid_design(values);
        break;
      }
      case DesignKind::kLatinHypercube: {
        const auto n = yaml_reader::read_whole(source, *points_field, 1, kMaxPoints);
        e.points_ = latin_hypercube_design(static_cast<std::size_t>(n), ranges, e.seed_);
        break;
      }
      case DesignKind::kMorris: {
        const auto r = yaml_reader::read_whole(source, *trajectories_field, 1, kMaxTrajectories);
        const auto levels = yaml_reader::read_whole(source, *levels_field, 2, kMaxLevels);
        if (levels % 2 != 0) {
          source.fail(levels_field->at(), "'levels' must be even (Morris designs step by " +
                                              std::string("levels / (2 (levels - 1))), found ") +
                                              std::to_string(levels));
        }
        e.levels_ = static_cast<std::size_t>(levels);
        e.points_ = morris_design(static_cast<std::size_t>(r), e.levels_, ranges, e.seed_);
        break;
      }
      case DesignKind::kNone:
        break;
    }
    // Whole-number parameters take the nearest whole value of a sampled point.
    for (auto& point : e.points_) {
      for (std::size_t k = 0; k < e.parameters_.size(); ++k) {
        if (e.parameters_[k].whole) point.values[k] = std::round(point.values[k]);
      }
    }
  }
  if (e.run_count() > kMaxRuns) {
    throw InputError(SourceLocation{file.string(), 0, 0},
                     "the experiment plans " + std::to_string(e.run_count()) +
                         " runs (scenarios x points x replicates); a store holds at most " +
                         std::to_string(kMaxRuns) + ": split it into several experiments");
  }

  // Every scenario must load at the experiment's settings, and with each swept value at the
  // ends of its range (a value between the ends is then valid too: every sweepable value's
  // valid set is an interval). Inconsistent combinations (a lever's start after its end) are
  // reported when their run is reached.
  std::vector<std::string> names;
  for (std::size_t i = 0; i < e.scenarios_.size(); ++i) {
    ExperimentScenario& s = e.scenarios_[i];
    const std::vector<SetOverride> base = e.settings_sets();
    try {
      const Scenario loaded = load_scenario(s.file, base);
      s.name = loaded.name;
      s.resolved_yaml = loaded.resolved_yaml;
    } catch (const InputError& error) {
      throw InputError(scenario_at[i],
                       "scenario " + quote(s.file.string()) +
                           " does not load with the experiment's settings: " + error.what());
    }
    if (contains(names, s.name)) {
      throw InputError(scenario_at[i], "two scenarios of the experiment are named " +
                                           quote(s.name) +
                                           "; runs are identified by scenario name: rename one");
    }
    names.push_back(s.name);
    for (const SweepParameter& p : e.parameters_) {
      for (const double end : {p.range.lower, p.range.upper}) {
        std::vector<SetOverride> sets = base;
        sets.push_back({p.path, number_text(end)});
        try {
          load_scenario(s.file, sets);
        } catch (const InputError& error) {
          throw InputError(p.where, "sweeping " + quote(p.path) + " to " + number_text(end) +
                                        " does not suit scenario " + quote(s.name) + " (" +
                                        s.file.string() + "): " + error.message());
        }
      }
    }
  }
  return e;
}

namespace {

// A resolved scenario without its comment lines, which name the files it was read from (the
// same files reached by another path, from another folder, are the same scenario).
std::string without_comments(const std::string& yaml) {
  std::string kept;
  std::size_t start = 0;
  while (start < yaml.size()) {
    std::size_t end = yaml.find('\n', start);
    if (end == std::string::npos) end = yaml.size();
    const std::size_t first = yaml.find_first_not_of(' ', start);
    if (first >= end || yaml[first] != '#') kept.append(yaml, start, end - start + 1);
    start = end + 1;
  }
  return kept;
}

bool same_content(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (without_comments(a[i]) != without_comments(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> store_mismatch(const Experiment& experiment,
                                          const std::optional<store::ExperimentRecord>& stored,
                                          const std::vector<store::RunKey>& runs) {
  if (!stored) {
    if (runs.empty()) return std::nullopt;
    return "it holds " + std::to_string(runs.size()) + (runs.size() == 1 ? " run" : " runs") +
           " not made by a batch experiment";
  }
  const store::ExperimentRecord now = experiment.record();
  if (stored->name != now.name) {
    return "it holds the runs of experiment " + quote(stored->name) + ", not " + quote(now.name);
  }
  std::vector<std::string> differences;
  if (stored->seed != now.seed) differences.emplace_back("seed");
  if (stored->design != now.design || stored->levels != now.levels) {
    differences.emplace_back("design");
  }
  if (stored->scenario_names != now.scenario_names)
    differences.emplace_back("scenarios");
  else if (!same_content(stored->scenario_yaml, now.scenario_yaml)) {
    differences.emplace_back("scenario contents (a scenario or territory file changed)");
  }
  if (stored->parameters != now.parameters || stored->lower != now.lower ||
      stored->upper != now.upper) {
    differences.emplace_back("swept parameters");
  }
  if (stored->points != now.points || stored->trajectory != now.trajectory ||
      stored->changed != now.changed) {
    differences.emplace_back("sweep points");
  }
  if (differences.empty()) return std::nullopt;
  return "it holds the runs of an experiment also named " + quote(now.name) +
         " but with different " + yaml_reader::join(differences);
}

}  // namespace welfare::batch
