// The parameter dictionary: every rate, share and threshold the model uses.
// Each entry: identifier, path in scenario files, unit, default, minimum, maximum, meaning,
// source. docs/parameters.md is generated from it (`welfare params --markdown`) and a test
// keeps the two in step. Scenario files override values under `parameters:` by path.
//
// One file per group of processes; an entry is
//   X(id, path, unit, default, min, max, description, source)
#pragma once

#include "params/demography_parameters.hpp"
#include "params/detection_parameters.hpp"
#include "params/needs_parameters.hpp"
#include "params/network_parameters.hpp"
#include "params/policy_parameters.hpp"
#include "params/population_parameters.hpp"
#include "params/services_parameters.hpp"

#define WELFARE_PARAMETERS(X)      \
  WELFARE_POPULATION_PARAMETERS(X) \
  WELFARE_NETWORK_PARAMETERS(X)    \
  WELFARE_DEMOGRAPHY_PARAMETERS(X) \
  WELFARE_NEEDS_PARAMETERS(X)      \
  WELFARE_DETECTION_PARAMETERS(X)  \
  WELFARE_SERVICES_PARAMETERS(X)   \
  WELFARE_POLICY_PARAMETERS(X)
