// Scenario files: --set overrides, parsing and validation of a scenario (settings, parameter
// overrides with their sources, policies, the territory by path or inline), and the fully
// resolved scenario text recorded with every run.
#include "scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "scenario/territory_reader.hpp"
#include "scenario/yaml_reader.hpp"

namespace welfare {

namespace {

using yaml_reader::Field;
using yaml_reader::MapReader;
using yaml_reader::quote;
using yaml_reader::Source;

// A triennium, the span of a Piano di Zona.
constexpr int kDefaultWeeks = 156;
// A century of weeks: longer horizons are not meaningful for planning and likely typos.
constexpr std::int64_t kMaxWeeks = 5200;
constexpr std::uint64_t kDefaultSeed = 1;
constexpr int kDefaultReplicates = 1;
// Enough replicates for any spread estimate; more is likely a typo.
constexpr std::int64_t kMaxReplicates = 100000;
// The fraction of the territory run when the file gives none: all of it.
constexpr double kDefaultScale = 1.0;
// Ranges of the policy levers' settings (the size's range is the lever type's).
constexpr double kMaxCostPerUnit = 1e9;
constexpr double kMaxBedsShiftedPer1000 = 1000;
constexpr std::int64_t kMinHomeCareSeverity = 1;
constexpr std::int64_t kMaxHomeCareSeverity = 3;
// Policy levers in one scenario file: real scenarios have a handful. The bound keeps a list
// of aliases to one lever (a few bytes each) from multiplying the work of every week and the
// resolved scenario stored with every run (each lever lists its zones there).
constexpr std::size_t kMaxPolicyLevers = 1000;
// Source recorded for a parameter given on the command line.
constexpr const char* kSetSource = "--set";
// Above this many candidates an "expected one of" list is too long to read; point at the
// documentation instead.
constexpr std::size_t kMaxListedCandidates = 12;

const std::vector<std::string> kTopKeys = {"extends", "scenario", "parameters", "policies"};
// A scenario may extend one that extends another...; deeper chains are taken for a cycle.
constexpr int kMaxExtendsDepth = 16;
const std::vector<std::string> kScenarioKeys = {"name", "description", "territory", "weeks",
                                                "seed", "replicates",  "scale"};
// --set paths of the form policies.<lever name or index>.<field>.
const std::string kPoliciesPrefix = "policies.";
// The fields of a policy lever that --set may change (policy_set_fields()), and those of
// them that take whole numbers.
const std::vector<std::string> kPolicySetFields = {"size",
                                                   "start_week",
                                                   "end_week",
                                                   "ramp_weeks",
                                                   "cost_per_unit",
                                                   "beds_shifted_per_1000",
                                                   "home_care_min_severity"};
const std::vector<std::string> kWholePolicySetFields = {"start_week", "end_week", "ramp_weeks",
                                                        "home_care_min_severity"};

std::vector<std::string> parameter_paths() {
  std::vector<std::string> paths;
  for (const auto& s : param_specs())
    paths.emplace_back(s.path);
  return paths;
}

std::string parameters_hint(const std::vector<std::string>& paths) {
  if (paths.size() <= kMaxListedCandidates) return "expected one of: " + yaml_reader::join(paths);
  return "the parameter paths are listed in docs/parameters.md and by `welfare params`";
}

// Every path --set accepts.
std::vector<std::string> set_paths() {
  std::vector<std::string> paths;
  for (const auto& key : kScenarioKeys)
    paths.push_back("scenario." + key);
  for (const auto& path : parameter_paths())
    paths.push_back("parameters." + path);
  return paths;
}

// The existing mapping under `key`, or a new one; nothing when `key` holds something else
// (the validation then reports it).
std::optional<YAML::Node> child_map(YAML::Node& parent, const std::string& key) {
  for (auto it = parent.begin(); it != parent.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      if (it->second.IsMap() || it->second.IsNull()) return parent[key];
      return std::nullopt;
    }
  }
  return parent[key];
}

// Puts the --set values into the document so that they go through the same checks as the
// file's own values; the nodes are remembered to report errors as "--set path=value".
void apply_sets(YAML::Node& root, const std::vector<SetOverride>& sets, Source& source) {
  for (const auto& set : sets) {
    const std::string argument = "--set " + set.path + "=" + set.value;
    const std::string scenario_prefix = "scenario.";
    const std::string parameters_prefix = "parameters.";
    if (set.path.starts_with(scenario_prefix)) {
      const std::string key = set.path.substr(scenario_prefix.size());
      if (std::find(kScenarioKeys.begin(), kScenarioKeys.end(), key) != kScenarioKeys.end()) {
        auto scenario = child_map(root, "scenario");
        if (!scenario) continue;
        YAML::Node value(set.value);
        (*scenario)[key] = value;
        source.add_set_node(value, argument);
        continue;
      }
    }
    if (set.path.starts_with(parameters_prefix)) {
      const std::string path = set.path.substr(parameters_prefix.size());
      if (find_param(path)) {
        auto parameters = child_map(root, "parameters");
        if (!parameters) continue;
        YAML::Node value(set.value);
        YAML::Node entry(YAML::NodeType::Map);
        entry["value"] = value;
        entry["source"] = kSetSource;
        (*parameters)[path] = entry;
        source.add_set_node(entry, argument);
        source.add_set_node(value, argument);
        continue;
      }
    }
    throw InputError(SourceLocation{argument, 0, 0},
                     "unknown --set path " + quote(set.path) +
                         yaml_reader::did_you_mean(set.path, set_paths()) +
                         " (expected scenario.name, scenario.description, scenario.territory, "
                         "scenario.weeks, scenario.seed, scenario.replicates, scenario.scale, "
                         "parameters.<parameter path> or policies.<lever name or index>.<field>)");
  }
}

// `scale`: a fraction greater than 0 and at most 1.
double read_scale(const Source& source, const Field& field) {
  const auto fail = [&] {
    source.fail(field.at(), field.label +
                                " must be a number greater than 0 and at most 1 (the fraction of "
                                "the territory's residents, households and service capacities "
                                "to run), found " +
                                yaml_reader::describe(field.value));
  };
  double value = 0;
  try {
    value = yaml_reader::read_number(source, field, 0, 1);
  } catch (const InputError&) {
    fail();
  }
  if (!(value > 0)) fail();
  return value;
}

void parse_parameters(const Source& source, const Field& field, Scenario& scenario) {
  if (field.value.IsNull()) return;
  yaml_reader::expect_map(source, field,
                          "a mapping from parameter path to {value: ..., source: \"...\"}");
  const auto paths = parameter_paths();
  const MapReader map(source, field.value, "'parameters'", paths, "parameter",
                      parameters_hint(paths));
  for (const auto& item : map.fields()) {
    const Param param = *find_param(item.key.Scalar());
    const ParamSpec& s = spec(param);
    if (!yaml_reader::is_cited_form(item.value)) {
      const std::string shown = item.value.IsScalar() ? item.value.Scalar() : "...";
      const std::string found =
          item.value.IsScalar() ? "" : ", found " + yaml_reader::describe(item.value);
      source.fail(item.at(),
                  "a parameter set in a scenario file must name its source: write "
                  "{value: " +
                      shown + ", source: \"...\"}" + found);
    }
    const yaml_reader::Cited cited = yaml_reader::unwrap_cited(source, item);
    const double value = yaml_reader::read_number(source, cited.field, s.min, s.max, s.unit);
    scenario.parameters.set(param, value);
    // A scenario that extends another may set a parameter again: its value and source win.
    std::erase_if(scenario.overrides, [&](const ParameterOverride& o) { return o.param == param; });
    scenario.overrides.push_back(
        ParameterOverride{param, value, *cited.source, source.where(cited.field.at())});
  }
}

const ParameterOverride* find_override(const Scenario& scenario, Param param) {
  for (const auto& o : scenario.overrides) {
    if (o.param == param) return &o;
  }
  return nullptr;
}

std::string describe_param(const Scenario& scenario, Param param) {
  std::string text =
      std::string(spec(param).path) + " (" + yaml_reader::format_double(scenario.parameters[param]);
  if (const auto* o = find_override(scenario, param); o != nullptr && !o->where.str().empty()) {
    text += ", set at " + o->where.str();
  }
  return text + ")";
}

// Checks between parameters that the dictionary's ranges alone cannot express.
void check_parameters(const Source& source, const Field* parameters_field,
                      const Scenario& scenario) {
  const double gap_min = scenario.parameters[Param::kParentAgeGapMin];
  const double gap_max = scenario.parameters[Param::kParentAgeGapMax];
  if (gap_min > gap_max) {
    const auto* o = find_override(scenario, Param::kParentAgeGapMax);
    if (o == nullptr) o = find_override(scenario, Param::kParentAgeGapMin);
    const std::string message = describe_param(scenario, Param::kParentAgeGapMin) +
                                " must not exceed " +
                                describe_param(scenario, Param::kParentAgeGapMax);
    if (o != nullptr) throw InputError(o->where, message);
    source.fail(parameters_field != nullptr ? parameters_field->key : YAML::Node(), message);
  }
}

Territory read_territory(const Source& source, const Field& field,
                         const std::filesystem::path& scenario_file,
                         const territory_reader::AgeLimit& limit) {
  if (field.value.IsMap()) return territory_reader::parse_territory(source, field.value, limit, "");
  if (!field.value.IsScalar()) {
    source.fail(field.at(),
                "'territory' must be a path to a territory file or an inline "
                "territory mapping, found " +
                    yaml_reader::describe(field.value));
  }
  const std::string text = yaml_reader::read_text(source, field);
  // A path in the file is relative to the file; one given with --set, to the working
  // directory, like any other command-line path.
  const std::filesystem::path given(text);
  const std::filesystem::path base =
      source.from_set(field.value) ? std::filesystem::path() : scenario_file.parent_path();
  const std::filesystem::path resolved =
      (given.is_absolute() ? given : base / given).lexically_normal();
  std::string reason;
  const auto contents = yaml_reader::read_file_text(resolved, reason);
  if (!contents) {
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(resolved, ec).lexically_normal();
    source.fail(field.at(), "cannot read territory file " + quote(text) + " (resolved to " +
                                quote(ec ? resolved.string() : absolute.string()) + "): " + reason);
  }
  const Source territory_source(resolved.string());
  const YAML::Node root = yaml_reader::parse_yaml(*contents, territory_source);
  return territory_reader::parse_territory_document(territory_source, root, limit);
}

const std::vector<std::string> kPolicyKeys = {"type",
                                              "name",
                                              "start_week",
                                              "end_week",
                                              "ramp_weeks",
                                              "zones",
                                              "districts",
                                              "size",
                                              "cost_per_unit",
                                              "service",
                                              "beds_shifted_per_1000",
                                              "home_care_min_severity"};

std::vector<std::string> lever_keys() {
  std::vector<std::string> keys;
  for (const auto& l : lever_catalogue())
    keys.emplace_back(l.key);
  return keys;
}

// Zone indices named by `zones:` (ids, or `all`) and `districts:` (district ids).
std::vector<std::size_t> target_zones(const Source& source, const MapReader& lever,
                                      const Territory& territory) {
  std::vector<std::size_t> zones;
  const Field* zones_field = lever.find("zones");
  const Field* districts_field = lever.find("districts");
  if (zones_field == nullptr && districts_field == nullptr) {
    source.fail(lever.node(),
                "policy names no target: give 'zones' (a list of zone ids, or all) "
                "or 'districts' (a list of district ids)");
  }
  if (zones_field != nullptr) {
    if (zones_field->value.IsScalar() && zones_field->value.Scalar() == "all") {
      for (std::size_t z = 0; z < territory.zones.size(); ++z)
        zones.push_back(z);
    } else {
      yaml_reader::expect_sequence(source, *zones_field, "a list of zone ids, or all");
      std::vector<std::string> ids;
      for (const auto& z : territory.zones)
        ids.push_back(z.id);
      for (const Field& item : yaml_reader::sequence_items(*zones_field)) {
        const std::string id = yaml_reader::read_text(source, item);
        const auto z = territory.find_zone(id);
        if (!z)
          source.fail(item.at(), "unknown zone " + quote(id) + yaml_reader::did_you_mean(id, ids));
        zones.push_back(*z);
      }
    }
  }
  if (districts_field != nullptr) {
    yaml_reader::expect_sequence(source, *districts_field, "a list of district ids");
    std::vector<std::string> ids;
    for (const auto& d : territory.districts)
      ids.push_back(d.id);
    for (const Field& item : yaml_reader::sequence_items(*districts_field)) {
      const std::string id = yaml_reader::read_text(source, item);
      const auto it = std::find(ids.begin(), ids.end(), id);
      if (it == ids.end())
        source.fail(item.at(),
                    "unknown district " + quote(id) + yaml_reader::did_you_mean(id, ids));
      const auto d = static_cast<std::size_t>(it - ids.begin());
      for (std::size_t z = 0; z < territory.zones.size(); ++z) {
        if (territory.zones[z].district == d) zones.push_back(z);
      }
    }
  }
  std::sort(zones.begin(), zones.end());
  zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
  return zones;
}

std::vector<Policy> parse_policies(const Source& source, const Field& field,
                                   const Territory& territory) {
  std::vector<Policy> policies;
  if (field.value.IsNull()) return policies;
  yaml_reader::expect_sequence(source, field, "a list of policy levers");
  const auto types = lever_keys();
  const auto items = yaml_reader::sequence_items(field);
  if (items.size() > kMaxPolicyLevers) {
    source.fail(field.key, "'policies' lists " + std::to_string(items.size()) +
                               " policy levers; at most " + std::to_string(kMaxPolicyLevers) +
                               " are allowed in a scenario file");
  }
  for (const auto& item : items) {
    yaml_reader::expect_map(source, item, "a policy lever: a mapping with a 'type'");
    const MapReader lever(source, item.value, "policy", kPolicyKeys);
    const Field* type_field = lever.find("type");
    if (type_field == nullptr) {
      source.fail(item.value, "policy has no 'type'; expected one of: " + yaml_reader::join(types));
    }
    const std::string type = yaml_reader::read_text(source, *type_field);
    const auto it = std::find(types.begin(), types.end(), type);
    if (it == types.end()) {
      source.fail(type_field->at(), "unknown policy type " + quote(type) +
                                        yaml_reader::did_you_mean(type, types) +
                                        " (expected one of: " + yaml_reader::join(types) + ")");
    }
    Policy p;
    p.type = static_cast<LeverType>(it - types.begin());
    const LeverInfo& info = lever_info(p.type);
    p.name = type;
    if (const Field* f = lever.find("name")) p.name = yaml_reader::read_text(source, *f);
    if (const Field* f = lever.find("start_week")) {
      p.start_week = static_cast<int>(yaml_reader::read_whole(source, *f, 0, kMaxWeeks - 1));
    }
    if (const Field* f = lever.find("end_week")) {
      p.end_week =
          static_cast<int>(yaml_reader::read_whole(source, *f, p.start_week + 1, kMaxWeeks));
    }
    if (const Field* f = lever.find("ramp_weeks")) {
      p.ramp_weeks = static_cast<int>(yaml_reader::read_whole(source, *f, 0, kMaxWeeks));
    }
    p.zones = target_zones(source, lever, territory);
    p.size = yaml_reader::read_number(source, lever.require("size"), info.size_min, info.size_max,
                                      info.size_unit);
    if (const Field* f = lever.find("cost_per_unit")) {
      p.cost_per_unit =
          yaml_reader::read_number(source, *f, 0, kMaxCostPerUnit, "EUR per unit per week");
    }
    auto only_for = [&](const char* key, LeverType t) {
      const Field* f = lever.find(key);
      if (f != nullptr && p.type != t) {
        source.fail(f->key, quote(key) + " applies only to " + std::string(lever_info(t).key) +
                                " levers, not to " + quote(type));
      }
      return f;
    };
    if (const Field* f = only_for("service", LeverType::kThirdSector)) {
      const std::string key = yaml_reader::read_text(source, *f);
      std::vector<std::string> keys;
      for (const auto& svc : service_catalogue())
        keys.emplace_back(svc.key);
      const auto s = std::find(keys.begin(), keys.end(), key);
      if (s == keys.end())
        source.fail(f->at(),
                    "unknown service " + quote(key) + yaml_reader::did_you_mean(key, keys));
      p.service = static_cast<ServiceKind>(s - keys.begin());
    } else if (p.type == LeverType::kThirdSector) {
      source.fail(item.value,
                  "a third_sector_coprogramming lever needs a 'service' (e.g. home_care)");
    }
    if (const Field* f = only_for("beds_shifted_per_1000", LeverType::kDomiciliarityExpansion)) {
      p.beds_shifted_per_1000 = yaml_reader::read_number(source, *f, 0, kMaxBedsShiftedPer1000,
                                                         "beds per 1,000 residents");
    }
    if (const Field* f = only_for("home_care_min_severity", LeverType::kAccessCriteria)) {
      p.home_care_min_severity = static_cast<int>(
          yaml_reader::read_whole(source, *f, kMinHomeCareSeverity, kMaxHomeCareSeverity));
    }
    policies.push_back(std::move(p));
  }
  return policies;
}

void emit_policies(YAML::Emitter& out, const Scenario& scenario) {
  out << YAML::Key << "policies" << YAML::Value << YAML::BeginSeq;
  for (const Policy& p : scenario.policies) {
    out << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value << std::string(lever_info(p.type).key);
    out << YAML::Key << "name" << YAML::Value << p.name;
    out << YAML::Key << "start_week" << YAML::Value << p.start_week;
    if (p.end_week) out << YAML::Key << "end_week" << YAML::Value << *p.end_week;
    out << YAML::Key << "ramp_weeks" << YAML::Value << p.ramp_weeks;
    out << YAML::Key << "zones" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (std::size_t z : p.zones)
      out << scenario.territory.zones[z].id;
    out << YAML::EndSeq;
    out << YAML::Key << "size" << YAML::Value << yaml_reader::format_double(p.size);
    out << YAML::Key << "cost_per_unit" << YAML::Value
        << yaml_reader::format_double(p.cost_per_unit);
    if (p.service) {
      out << YAML::Key << "service" << YAML::Value
          << std::string(service_catalogue()[static_cast<std::size_t>(*p.service)].key);
    }
    if (p.beds_shifted_per_1000 > 0) {
      out << YAML::Key << "beds_shifted_per_1000" << YAML::Value
          << yaml_reader::format_double(p.beds_shifted_per_1000);
    }
    if (p.home_care_min_severity) {
      out << YAML::Key << "home_care_min_severity" << YAML::Value << *p.home_care_min_severity;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

std::string emit_resolved(const Scenario& scenario) {
  YAML::Emitter out;
  std::string note =
      "Resolved scenario: every setting, the territory inline with every zone's figures and "
      "every parameter with its source.";
  if (!scenario.territory.file.empty()) note += "\nTerritory read from " + scenario.territory.file;
  if (scenario.scale != kDefaultScale) {
    note += "\nThe territory is given at full size; runs use it scaled by 'scale'.";
  }
  out << YAML::Comment(note);
  out << YAML::BeginMap;
  out << YAML::Key << "scenario" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << scenario.name;
  out << YAML::Key << "description" << YAML::Value << scenario.description;
  out << YAML::Key << "territory" << YAML::Value;
  territory_reader::emit_territory(out, scenario.territory);
  out << YAML::Key << "weeks" << YAML::Value << scenario.weeks;
  out << YAML::Key << "seed" << YAML::Value << std::to_string(scenario.seed);
  out << YAML::Key << "replicates" << YAML::Value << scenario.replicates;
  out << YAML::Key << "scale" << YAML::Value << yaml_reader::format_double(scenario.scale);
  out << YAML::EndMap;
  out << YAML::Key << "parameters" << YAML::Value << YAML::BeginMap;
  for (const auto& s : param_specs()) {
    const auto* o = find_override(scenario, s.id);
    out << YAML::Key << std::string(s.path) << YAML::Value << YAML::Flow << YAML::BeginMap
        << YAML::Key << "value" << YAML::Value
        << yaml_reader::format_double(scenario.parameters[s.id]) << YAML::Key << "source"
        << YAML::Value << (o != nullptr ? o->source : std::string(s.source)) << YAML::EndMap;
  }
  out << YAML::EndMap;
  emit_policies(out, scenario);
  out << YAML::EndMap;
  if (!out.good()) throw std::logic_error("writing the resolved scenario: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

// Where the scale in force was given (a file's `scale:`, or a --set), and as written there.
struct ScaleOrigin {
  SourceLocation where;
  std::string text;
};

// Zones scaled to no residents are simulated empty; a whole territory scaled to nobody has
// nothing to simulate and is taken for a mistaken scale.
void check_scaled_territory(const Territory& full, const Scenario& scenario,
                            const ScaleOrigin& origin) {
  if (scenario.territory.total_residents() > 0 || full.total_residents() == 0) return;
  std::int64_t largest = 0;
  for (const Zone& z : full.zones)
    largest = std::max(largest, z.residents);
  // A zone keeps a resident once its scaled count rounds to 1 or more: suggest the smallest
  // such scale, rounded up to two significant digits.
  constexpr double kHalfResident = 0.5;
  const double smallest = kHalfResident / static_cast<double>(largest);
  const double step = std::pow(10.0, std::floor(std::log10(smallest)) - 1);
  std::ostringstream suggestion;
  // (A quotient a rounding error above a whole number is taken as that number.)
  constexpr double kRoundingSlack = 1e-9;
  suggestion << std::setprecision(2) << std::ceil(smallest / step - kRoundingSlack) * step;
  throw InputError(origin.where,
                   "'scale' " + origin.text + " leaves no residents in territory " +
                       quote(full.name) + " (" + std::to_string(full.total_residents()) +
                       " residents at full size, each zone's count rounded); expected a scale "
                       "of at least " +
                       suggestion.str());
}

// --- --set policies.<lever>.<field> -----------------------------------------------------------

bool is_policy_set(const SetOverride& set) {
  return set.path == "policies" || set.path.starts_with(kPoliciesPrefix);
}

std::string set_argument(const SetOverride& set) {
  return "--set " + set.path + "=" + set.value;
}

std::string policy_set_form() {
  return "expected policies.<lever name or 0-based index>.<field>, e.g. policies.0.size, where "
         "<field> is one of: " +
         yaml_reader::join(kPolicySetFields);
}

std::string describe_lever(const std::vector<Policy>& policies, std::size_t index) {
  return "lever " + std::to_string(index) + " (" + quote(policies[index].name) + ")";
}

// The index of the lever that `name` names: a lever's name, else a 0-based index.
std::size_t find_lever(const std::vector<Policy>& policies, const std::string& name,
                       const SourceLocation& where) {
  std::vector<std::size_t> matches;
  std::vector<std::string> names;
  std::vector<std::string> quoted;
  // Levers of the type `name` names but with names of their own: a likely confusion.
  std::vector<std::string> of_type;
  for (std::size_t i = 0; i < policies.size(); ++i) {
    if (policies[i].name == name) matches.push_back(i);
    if (std::find(names.begin(), names.end(), policies[i].name) == names.end()) {
      names.push_back(policies[i].name);
      quoted.push_back(quote(policies[i].name));
    }
    if (lever_info(policies[i].type).key == name) of_type.push_back(describe_lever(policies, i));
  }
  if (matches.size() == 1) return matches.front();
  if (matches.size() > 1) {
    std::vector<std::string> indices;
    for (std::size_t i : matches)
      indices.push_back(std::to_string(i));
    throw InputError(where, "the lever name " + quote(name) + " is shared by the levers at " +
                                yaml_reader::join(indices, " and ") +
                                "; give the lever's 0-based index instead, e.g. policies." +
                                indices.front() + ".size");
  }
  const bool is_index = !name.empty() && std::all_of(name.begin(), name.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
  if (policies.empty()) {
    throw InputError(where,
                     "unknown policy lever " + quote(name) + ": the scenario has no policy levers");
  }
  const std::string count =
      std::to_string(policies.size()) + (policies.size() == 1 ? " policy lever" : " policy levers");
  const std::string range =
      policies.size() == 1 ? "index 0" : "indices 0 to " + std::to_string(policies.size() - 1);
  if (is_index) {
    // More digits than any index could have: out of range, without overflowing.
    constexpr std::size_t kMaxIndexDigits = 9;
    const std::size_t index = name.size() > kMaxIndexDigits ? policies.size() : std::stoul(name);
    if (index < policies.size()) return index;
    throw InputError(where, "no policy lever at index " + name + ": the scenario has " + count +
                                " (" + range + ")");
  }
  const std::string type_note = of_type.empty()
                                    ? ""
                                    : "; " + quote(name) +
                                          " is a lever type, and the scenario's levers of that "
                                          "type are named otherwise: " +
                                          yaml_reader::join(of_type);
  throw InputError(where, "unknown policy lever " + quote(name) +
                              yaml_reader::did_you_mean(name, names) + type_note +
                              " (the scenario's levers by name: " + yaml_reader::join(quoted) +
                              "; or by 0-based position, " + range + ")");
}

// Applies the policies.<lever>.<field> overrides to the levers read, with the checks and
// ranges of the file's own values.
void apply_policy_sets(std::vector<Policy>& policies, const std::vector<SetOverride>& sets) {
  // For each lever, the last argument that set its start or end week: where an end week not
  // after the start week is reported.
  std::vector<std::optional<SourceLocation>> weeks_set(policies.size());
  for (const auto& set : sets) {
    const std::string argument = set_argument(set);
    const SourceLocation where{argument, 0, 0};
    const std::string rest =
        set.path.size() > kPoliciesPrefix.size() ? set.path.substr(kPoliciesPrefix.size()) : "";
    const auto dot = rest.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size()) {
      throw InputError(where, "malformed --set path " + quote(set.path) + "; " + policy_set_form());
    }
    const std::string name = rest.substr(0, dot);
    const std::string field_name = rest.substr(dot + 1);
    const std::size_t index = find_lever(policies, name, where);
    Policy& p = policies[index];
    if (std::find(kPolicySetFields.begin(), kPolicySetFields.end(), field_name) ==
        kPolicySetFields.end()) {
      const bool file_only =
          std::find(kPolicyKeys.begin(), kPolicyKeys.end(), field_name) != kPolicyKeys.end();
      throw InputError(where,
                       (file_only ? quote(field_name) + " of a policy lever cannot be set "
                                                        "with --set"
                                  : "unknown policy lever field " + quote(field_name) +
                                        yaml_reader::did_you_mean(field_name, kPolicySetFields)) +
                           " (" + policy_set_form() + ")");
    }

    Source source(argument);
    const YAML::Node value(set.value);
    source.add_set_node(value, argument);
    const Field field{quote(field_name), value, value};
    const LeverInfo& info = lever_info(p.type);
    auto only_for = [&](LeverType t) {
      if (p.type != t) {
        throw InputError(where, quote(field_name) + " applies only to " +
                                    std::string(lever_info(t).key) + " levers, not to " +
                                    describe_lever(policies, index) + ", a " +
                                    std::string(info.key) + " lever");
      }
    };
    if (field_name == "size") {
      p.size =
          yaml_reader::read_number(source, field, info.size_min, info.size_max, info.size_unit);
    } else if (field_name == "start_week") {
      p.start_week = static_cast<int>(yaml_reader::read_whole(source, field, 0, kMaxWeeks - 1));
      weeks_set[index] = where;
    } else if (field_name == "end_week") {
      p.end_week = static_cast<int>(yaml_reader::read_whole(source, field, 1, kMaxWeeks));
      weeks_set[index] = where;
    } else if (field_name == "ramp_weeks") {
      p.ramp_weeks = static_cast<int>(yaml_reader::read_whole(source, field, 0, kMaxWeeks));
    } else if (field_name == "cost_per_unit") {
      p.cost_per_unit =
          yaml_reader::read_number(source, field, 0, kMaxCostPerUnit, "EUR per unit per week");
    } else if (field_name == "beds_shifted_per_1000") {
      only_for(LeverType::kDomiciliarityExpansion);
      p.beds_shifted_per_1000 = yaml_reader::read_number(source, field, 0, kMaxBedsShiftedPer1000,
                                                         "beds per 1,000 residents");
    } else if (field_name == "home_care_min_severity") {
      only_for(LeverType::kAccessCriteria);
      p.home_care_min_severity = static_cast<int>(
          yaml_reader::read_whole(source, field, kMinHomeCareSeverity, kMaxHomeCareSeverity));
    }
  }
  // The file requires end_week > start_week; with both possibly set, check once all are in.
  for (std::size_t i = 0; i < policies.size(); ++i) {
    const Policy& p = policies[i];
    if (weeks_set[i] && p.end_week && *p.end_week <= p.start_week) {
      throw InputError(*weeks_set[i], describe_lever(policies, i) + ": 'end_week' (" +
                                          std::to_string(*p.end_week) +
                                          ") must be after 'start_week' (" +
                                          std::to_string(p.start_week) + ")");
    }
  }
}

}  // namespace

const std::vector<std::string>& policy_set_fields() {
  return kPolicySetFields;
}

bool policy_set_field_is_whole(const std::string& field) {
  return std::find(kWholePolicySetFields.begin(), kWholePolicySetFields.end(), field) !=
         kWholePolicySetFields.end();
}

SetOverride parse_set_override(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos) {
    throw InputError("malformed --set argument " + quote(arg) +
                     ": expected path=value, e.g. --set scenario.weeks=52");
  }
  std::string path = arg.substr(0, eq);
  const auto first = path.find_first_not_of(" \t");
  const auto last = path.find_last_not_of(" \t");
  path = first == std::string::npos ? "" : path.substr(first, last - first + 1);
  if (path.empty()) {
    throw InputError("malformed --set argument " + quote(arg) +
                     ": the path before '=' is empty; expected path=value, e.g. --set "
                     "scenario.weeks=52");
  }
  return SetOverride{path, arg.substr(eq + 1)};
}

// `scale_origin` is set to where the scale in force was given.
static Scenario load_scenario_at_depth(const std::filesystem::path& file,
                                       const std::vector<SetOverride>& sets, int depth,
                                       ScaleOrigin& scale_origin) {
  Source source(file.string());
  YAML::Node root = yaml_reader::read_mapping_file(source, "scenario file", "a",
                                                   "the keys 'scenario', 'parameters' and "
                                                   "'policies'")
                        .root;
  apply_sets(root, sets, source);

  const MapReader top(source, root, "the scenario file", kTopKeys);
  Scenario scenario;
  scenario.weeks = kDefaultWeeks;
  scenario.seed = kDefaultSeed;
  scenario.replicates = kDefaultReplicates;
  scenario.scale = kDefaultScale;
  const Field* extends = top.find("extends");
  if (extends != nullptr) {
    // Start from the scenario extended: this file states only its differences.
    const std::string parent = yaml_reader::read_text(source, *extends);
    if (depth >= kMaxExtendsDepth) {
      source.fail(extends->at(), "'extends' chains more than " + std::to_string(kMaxExtendsDepth) +
                                     " scenarios; is there a cycle?");
    }
    const std::filesystem::path resolved = (file.parent_path() / parent).lexically_normal();
    std::string parent_reason;
    if (!yaml_reader::read_file_text(resolved, parent_reason)) {
      source.fail(extends->at(), "cannot read the scenario extended, " + quote(parent) +
                                     " (resolved to " + quote(resolved.string()) +
                                     "): " + parent_reason);
    }
    scenario = load_scenario_at_depth(resolved, {}, depth + 1, scale_origin);
  }
  scenario.file = file.string();

  const Field& settings_field = top.require("scenario");
  yaml_reader::expect_map(source, settings_field, "a mapping of the scenario's settings");
  const MapReader settings(source, settings_field.value, "'scenario'", kScenarioKeys);
  const Field& name = settings.require("name");
  scenario.name = yaml_reader::read_text(source, name);
  if (!yaml_reader::valid_name(scenario.name)) {
    source.fail(name.at(), "'name' must use only letters, digits, '_', '-' and '.', found " +
                               quote(scenario.name));
  }
  if (const Field* f = settings.find("description")) {
    scenario.description = yaml_reader::read_optional_text(source, *f);
  }
  if (const Field* f = settings.find("weeks")) {
    scenario.weeks = static_cast<int>(yaml_reader::read_whole(source, *f, 1, kMaxWeeks));
  }
  if (const Field* f = settings.find("seed")) {
    scenario.seed = yaml_reader::read_unsigned64(source, *f);
  }
  if (const Field* f = settings.find("replicates")) {
    scenario.replicates = static_cast<int>(yaml_reader::read_whole(source, *f, 1, kMaxReplicates));
  }
  if (const Field* f = settings.find("scale")) {
    scenario.scale = read_scale(source, *f);
    scale_origin = ScaleOrigin{source.where(f->at()), f->value.Scalar()};
  }

  const Field* parameters_field = top.find("parameters");
  if (parameters_field != nullptr) parse_parameters(source, *parameters_field, scenario);
  check_parameters(source, parameters_field, scenario);

  const territory_reader::AgeLimit limit{scenario.parameters[Param::kMaxAge],
                                         describe_param(scenario, Param::kMaxAge)};
  if (extends == nullptr || settings.find("territory") != nullptr) {
    scenario.territory = read_territory(source, settings.require("territory"), file, limit);
    if (extends != nullptr && !scenario.policies.empty()) {
      source.fail(settings.find("territory")->key,
                  "a scenario cannot change the territory of a scenario with policies that it "
                  "extends (their zones would not be the same)");
    }
  }

  if (const Field* f = top.find("policies")) {
    // Levers add to those of the scenario extended.
    for (Policy& p : parse_policies(source, *f, scenario.territory))
      scenario.policies.push_back(std::move(p));
  }

  scenario.resolved_yaml = emit_resolved(scenario);
  return scenario;
}

Scenario load_scenario(const std::filesystem::path& file, const std::vector<SetOverride>& sets) {
  // Levers may come from the scenarios extended, read by loads that do not see the --set
  // values: their overrides are applied to the levers once the whole scenario is read.
  std::vector<SetOverride> file_sets;
  std::vector<SetOverride> policy_sets;
  for (const auto& set : sets)
    (is_policy_set(set) ? policy_sets : file_sets).push_back(set);
  ScaleOrigin scale_origin{SourceLocation{file.string(), 0, 0}, ""};
  Scenario scenario = load_scenario_at_depth(file, file_sets, 0, scale_origin);
  if (!policy_sets.empty()) {
    apply_policy_sets(scenario.policies, policy_sets);
    scenario.resolved_yaml = emit_resolved(scenario);
  }
  // Last, and only here: the resolved text keeps the territory at full size with `scale`,
  // so that reading it back scales once, not twice.
  if (scenario.scale != kDefaultScale) {
    const Territory full = std::move(scenario.territory);
    scenario.territory = scale_territory(full, scenario.scale);
    check_scaled_territory(full, scenario, scale_origin);
  }
  return scenario;
}

}  // namespace welfare
