// Reading and writing the `territory:` mapping, shared by territory files and scenario files
// (which may hold a territory inline). Internal to sim/scenario.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "scenario/territory.hpp"
#include "scenario/yaml_reader.hpp"

namespace welfare::territory_reader {

// The age the last (open) age band runs up to, and how to name it in messages.
struct AgeLimit {
  double max_age;
  std::string description;  // e.g. "population.max_age (100)"
};

// The limit a territory read on its own is held to: the largest population.max_age a
// scenario may set, so that any territory some scenario can run is accepted.
AgeLimit standalone_age_limit();

// Parses the value of `territory:`; `file` is recorded in Territory::file.
Territory parse_territory(const yaml_reader::Source& source, const YAML::Node& node,
                          const AgeLimit& limit, const std::string& file);

// Parses a territory file's document: a mapping whose only key is `territory`.
Territory parse_territory_document(const yaml_reader::Source& source, const YAML::Node& root,
                                   const AgeLimit& limit);

// Writes the territory as the value of a `territory:` key, every zone with all its figures
// explicit and service capacities absolute, so that parse_territory reads it back equal.
void emit_territory(YAML::Emitter& out, const Territory& territory);

}  // namespace welfare::territory_reader
