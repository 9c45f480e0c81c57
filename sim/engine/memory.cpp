#include "engine/memory.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "engine/indicators.hpp"

namespace welfare {
namespace {

// What a run holds besides its persons: the program, its libraries, TBB's and HDF5's own.
constexpr std::uint64_t kBaseBytes = 16ULL << 20;
// Peak resident bytes per person of a whole run (population, households, social network,
// cases and their visit weeks, event calendar, services, per-thread buffers): the slope between
// the peak resident memory of the Milan (1,386,285 persons, 317 MB) and Bologna (390,900
// persons, 109 MB) baselines, both 156 weeks at 2 threads (docs/performance.md), rounded up.
constexpr std::uint64_t kBytesPerPerson = 215;
// The indicator table (one float per indicator, week and zone) is held twice at the end of a
// run: the simulation's own and the copy handed to the store.
constexpr std::uint64_t kIndicatorCopies = 2;
// Births over the horizon and the allocator's slack: the estimate is raised by this factor.
constexpr double kSafetyFactor = 1.15;

constexpr std::uint64_t kKibibyte = 1024;

std::optional<std::uint64_t> read_number(const char* path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  try {
    return std::stoull(word);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The parts of a run's memory: what grows with persons, and what does not.
struct Parts {
  double per_person_bytes = 0;  // all persons' share
  double fixed_bytes = 0;       // the program and the indicator tables
};

Parts parts(const Scenario& scenario) {
  const auto persons =
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, scenario.territory.total_residents()));
  const auto weeks = static_cast<std::uint64_t>(std::max(scenario.weeks, 0));
  const std::uint64_t indicator_bytes =
      kIndicatorCopies * kIndicatorCount * weeks * scenario.territory.zones.size() * sizeof(float);
  return {static_cast<double>(persons * kBytesPerPerson),
          static_cast<double>(kBaseBytes + indicator_bytes)};
}

}  // namespace

std::uint64_t estimate_run_bytes(const Scenario& scenario) {
  const Parts p = parts(scenario);
  return static_cast<std::uint64_t>(
      std::ceil((p.per_person_bytes + p.fixed_bytes) * kSafetyFactor));
}

std::optional<std::uint64_t> parse_bytes(const std::string& text) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    if (text.empty() || text.front() == '-') return std::nullopt;
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string suffix = text.substr(used);
  int shift = 0;
  if (suffix == "K" || suffix == "k") {
    shift = 10;
  } else if (suffix == "M" || suffix == "m") {
    shift = 20;
  } else if (suffix == "G" || suffix == "g") {
    shift = 30;
  } else if (!suffix.empty()) {
    return std::nullopt;
  }
  if (value > (std::numeric_limits<std::uint64_t>::max() >> shift)) return std::nullopt;
  return static_cast<std::uint64_t>(value) << shift;
}

std::optional<std::uint64_t> available_memory_bytes() {
  std::optional<std::uint64_t> available;
  if (const char* cap = std::getenv(kMemoryLimitVariable)) {
    available = parse_bytes(cap);
    if (!available) {
      throw MemoryError(std::string(kMemoryLimitVariable) + "='" + cap +
                        "' is not a size; expected bytes, or a number with K, M or G, e.g. 8G");
    }
  }
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    unsigned long long kib = 0;
    if (std::sscanf(line.c_str(), "MemAvailable: %llu kB", &kib) == 1) {
      const std::uint64_t system = static_cast<std::uint64_t>(kib) * kKibibyte;
      available = available ? std::min(*available, system) : system;
      break;
    }
  }
  const auto limit = read_number("/sys/fs/cgroup/memory.max");
  const auto used = read_number("/sys/fs/cgroup/memory.current");
  if (limit) {
    const std::uint64_t room = used && *used < *limit ? *limit - *used : (used ? 0 : *limit);
    available = available ? std::min(*available, room) : room;
  }
  return available;
}

std::string format_bytes(std::uint64_t bytes) {
  constexpr double kMegabyte = 1e6;
  constexpr double kGigabyte = 1e9;
  std::ostringstream out;
  out.setf(std::ios::fixed);
  if (static_cast<double>(bytes) >= kGigabyte) {
    out.precision(1);
    out << static_cast<double>(bytes) / kGigabyte << " GB";
  } else {
    out.precision(0);
    out << static_cast<double>(bytes) / kMegabyte << " MB";
  }
  return out.str();
}

void check_memory(const Scenario& scenario, std::size_t runs,
                  std::optional<std::uint64_t> available) {
  if (!available) return;
  const std::uint64_t one = estimate_run_bytes(scenario);
  const std::uint64_t need = one * std::max<std::size_t>(runs, 1);
  if (need <= *available) return;
  std::ostringstream msg;
  msg << "scenario " << scenario.name << " (" << scenario.territory.name << ", "
      << scenario.territory.total_residents() << " persons, " << scenario.weeks
      << " weeks) needs about " << format_bytes(one) << " of memory per run";
  if (runs > 1) msg << ", " << format_bytes(need) << " for " << runs << " runs at once";
  msg << ", and " << format_bytes(*available) << " is available; ";
  // The scale at which it would fit: only the persons' share shrinks with the scale.
  const Parts p = parts(scenario);
  const double room = static_cast<double>(*available) /
                          (kSafetyFactor * static_cast<double>(std::max<std::size_t>(runs, 1))) -
                      p.fixed_bytes;
  constexpr double kScaleStep = 100;  // suggested scales are rounded down to hundredths
  const double scale =
      p.per_person_bytes > 0 && room > 0
          ? std::floor(scenario.scale * room / p.per_person_bytes * kScaleStep) / kScaleStep
          : 0;
  if (runs > 1) msg << "run fewer at once (--jobs), or ";
  if (scale > 0) {
    msg << "run a smaller share of the territory (--set scenario.scale=" << scale << ")";
  } else {
    msg << "free memory or use a larger machine";
  }
  throw MemoryError(msg.str());
}

}  // namespace welfare
