// Typed access to the parameter dictionary (parameter_list.hpp) and a set of values.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "params/parameter_list.hpp"

namespace welfare {

enum class Param : std::size_t {
#define WELFARE_PARAM_ENUM(id, ...) id,
  WELFARE_PARAMETERS(WELFARE_PARAM_ENUM)
#undef WELFARE_PARAM_ENUM
};

#define WELFARE_PARAM_COUNT(...) +1
inline constexpr std::size_t kParamCount = 0 WELFARE_PARAMETERS(WELFARE_PARAM_COUNT);
#undef WELFARE_PARAM_COUNT

// What the dictionary says of one parameter.
struct ParamSpec {
  Param id;
  std::string_view path;  // e.g. "population.max_age"
  std::string_view unit;
  double default_value;
  double min;  // inclusive
  double max;  // inclusive
  std::string_view description;
  std::string_view source;
};

const std::array<ParamSpec, kParamCount>& param_specs();
const ParamSpec& spec(Param p);
std::optional<Param> find_param(std::string_view path);

// Values for every parameter; starts at the dictionary's defaults.
class Parameters {
 public:
  Parameters();
  double operator[](Param p) const { return values_[static_cast<std::size_t>(p)]; }
  // Sets a value; the caller has validated it against the spec's range.
  void set(Param p, double value) { values_[static_cast<std::size_t>(p)] = value; }
  bool operator==(const Parameters&) const = default;

 private:
  std::array<double, kParamCount> values_;
};

// The parameter dictionary as a Markdown table (docs/parameters.md).
std::string parameters_markdown();

}  // namespace welfare
