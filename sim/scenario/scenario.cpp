// Scenario files: --set overrides, parsing and validation of a scenario (settings, parameter
// overrides with their sources, policies, the territory by path or inline), and the fully
// resolved scenario text recorded with every run.
#include "scenario/scenario.hpp"

#include <algorithm>

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
// Source recorded for a parameter given on the command line.
constexpr const char* kSetSource = "--set";
// Above this many candidates an "expected one of" list is too long to read; point at the
// documentation instead.
constexpr std::size_t kMaxListedCandidates = 12;

const std::vector<std::string> kTopKeys = {"scenario", "parameters", "policies"};
const std::vector<std::string> kScenarioKeys = {"name",  "description", "territory",
                                                "weeks", "seed",        "replicates"};

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
                         "scenario.weeks, scenario.seed, scenario.replicates or "
                         "parameters.<parameter path>)");
  }
}

bool valid_name(const std::string& name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
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

void check_policies(const Source& source, const Field& field) {
  if (field.value.IsNull()) return;
  yaml_reader::expect_sequence(source, field, "a list of policy levers");
  for (const auto& item : yaml_reader::sequence_items(field)) {
    yaml_reader::expect_map(source, item, "a mapping with a 'type'");
    const MapReader lever(source, item.value, "policy", {});
    const Field* type = lever.find("type");
    if (type == nullptr) {
      source.fail(item.value, "policy has no 'type'; this version defines no policy levers");
    }
    source.fail(type->at(), "unknown policy type " + quote(yaml_reader::read_text(source, *type)) +
                                "; this version defines no policy levers");
  }
}

std::string emit_resolved(const Scenario& scenario) {
  YAML::Emitter out;
  std::string note =
      "Resolved scenario: every setting, the territory inline with every zone's figures and "
      "every parameter with its source.";
  if (!scenario.territory.file.empty()) note += "\nTerritory read from " + scenario.territory.file;
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
  out << YAML::Key << "policies" << YAML::Value << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  out << YAML::EndMap;
  if (!out.good()) throw std::logic_error("writing the resolved scenario: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace

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

Scenario load_scenario(const std::filesystem::path& file, const std::vector<SetOverride>& sets) {
  Source source(file.string());
  std::string reason;
  const auto text = yaml_reader::read_file_text(file, reason);
  if (!text) {
    throw InputError(SourceLocation{file.string(), 0, 0},
                     "cannot read scenario file " + quote(file.string()) + ": " + reason);
  }
  YAML::Node root = yaml_reader::parse_yaml(*text, source);
  if (root.IsNull()) {
    throw InputError(SourceLocation{file.string(), 0, 0},
                     "scenario file is empty; expected a mapping with the keys 'scenario', "
                     "'parameters' and 'policies'");
  }
  if (!root.IsMap()) {
    source.fail(root,
                "a scenario file must be a mapping with the keys 'scenario', "
                "'parameters' and 'policies', found " +
                    yaml_reader::describe(root));
  }
  apply_sets(root, sets, source);

  const MapReader top(source, root, "the scenario file", kTopKeys);
  Scenario scenario;
  scenario.file = file.string();
  scenario.weeks = kDefaultWeeks;
  scenario.seed = kDefaultSeed;
  scenario.replicates = kDefaultReplicates;

  const Field& settings_field = top.require("scenario");
  yaml_reader::expect_map(source, settings_field, "a mapping of the scenario's settings");
  const MapReader settings(source, settings_field.value, "'scenario'", kScenarioKeys);
  const Field& name = settings.require("name");
  scenario.name = yaml_reader::read_text(source, name);
  if (!valid_name(scenario.name)) {
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

  const Field* parameters_field = top.find("parameters");
  if (parameters_field != nullptr) parse_parameters(source, *parameters_field, scenario);
  check_parameters(source, parameters_field, scenario);

  if (const Field* f = top.find("policies")) check_policies(source, *f);

  const territory_reader::AgeLimit limit{scenario.parameters[Param::kMaxAge],
                                         describe_param(scenario, Param::kMaxAge)};
  scenario.territory = read_territory(source, settings.require("territory"), file, limit);

  scenario.resolved_yaml = emit_resolved(scenario);
  return scenario;
}

}  // namespace welfare
