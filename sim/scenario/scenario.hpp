// A scenario: the territory it runs on, run settings, parameter values and policies.
// load_scenario() parses and validates a scenario file into an immutable Scenario value;
// any problem is an InputError naming file, line and column, and nothing is run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "params/parameters.hpp"
#include "policies/policy.hpp"
#include "scenario/territory.hpp"

namespace welfare {

// A parameter value set by a scenario file or a --set override, with where it came from.
struct ParameterOverride {
  Param param;
  double value;
  std::string source;  // the citation given in the file; "--set" for command-line overrides
  SourceLocation where;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;  // the scenario file it was read from
  Territory territory;
  int weeks = 156;
  std::uint64_t seed = 0;
  int replicates = 1;
  // The fraction of the territory that runs use (0 < scale <= 1): every zone's residents,
  // household counts and service capacities are multiplied by it (rounded); shares, and
  // policy sizes (given per resident), are unchanged. `territory` is the scaled territory;
  // resolved_yaml holds `scale` and the unscaled territory, so that loading it scales once
  // again and gives the same scenario.
  double scale = 1.0;
  Parameters parameters;  // defaults with the overrides applied
  std::vector<Policy> policies;
  std::vector<ParameterOverride> overrides;
  // The fully resolved scenario as YAML: every setting, every parameter value, and the
  // territory inline, so that the text alone reproduces the run.
  std::string resolved_yaml;
};

// A `--set key.path=value` override from the command line.
// `policies.<lever name or 0-based index>.<field>` sets a field of one of the scenario's
// policy levers, inherited ones included (applied after the whole scenario is read).
struct SetOverride {
  std::string path;   // e.g. "scenario.weeks", "parameters.population.max_age",
                      // "policies.case_di_quartiere.size"
  std::string value;  // YAML scalar text
};
// Parses "key.path=value"; throws InputError naming the argument when malformed.
SetOverride parse_set_override(const std::string& arg);

// The fields of a policy lever that `--set policies.<lever>.<field>=value` may change, in
// the order messages list them.
const std::vector<std::string>& policy_set_fields();
// Whether such a field takes whole numbers only (weeks, severity levels).
bool policy_set_field_is_whole(const std::string& field);

// Reads, resolves and validates a scenario file (and the territory it references), applies
// the --set overrides and scales the territory by `scale` (once, after everything else).
Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<SetOverride>& sets = {});

// Reads and validates a territory file on its own.
Territory load_territory(const std::filesystem::path& file);

}  // namespace welfare
