// The memory guard: before a run allocates its population, estimate the memory it will need
// and refuse, with a message that says how much and what to do, when the machine (or the
// control group the process runs in) does not have it. A run that would not fit is stopped
// before it starts rather than killed by the system half-way, with nothing written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "scenario/scenario.hpp"

namespace welfare {

// A run that does not fit in the memory available. The message names the scenario, the
// estimate, what is available, and the scale that would fit.
class MemoryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The peak resident memory of one run of `scenario` (population, network, cases, services,
// the indicator table and its copy for the store), in bytes.
std::uint64_t estimate_run_bytes(const Scenario& scenario);

// The environment variable that caps the memory runs may use (on a shared machine, or to try
// the guard): a number of bytes, or with a suffix K, M or G (powers of 1,024), e.g. "8G".
inline constexpr const char* kMemoryLimitVariable = "WELFARE_MEMORY_LIMIT";

// Memory this process may still use, in bytes: the smallest of the system's available memory
// (MemAvailable of /proc/meminfo), what the process's control group allows beyond its current
// use (memory.max - memory.current, cgroup v2) and WELFARE_MEMORY_LIMIT, of those known.
// Throws MemoryError when WELFARE_MEMORY_LIMIT is set but is not a size.
std::optional<std::uint64_t> available_memory_bytes();

// "8G", "512M", "1048576": a size in bytes; nullopt when the text is not one.
std::optional<std::uint64_t> parse_bytes(const std::string& text);

// Throws MemoryError when `runs` runs of `scenario` at once (a batch runs several) would need
// more than `available` bytes. `available` defaults to available_memory_bytes(); nothing is
// checked when that is unknown.
void check_memory(const Scenario& scenario, std::size_t runs = 1,
                  std::optional<std::uint64_t> available = available_memory_bytes());

// "1.2 GB", "850 MB": bytes for messages.
std::string format_bytes(std::uint64_t bytes);

}  // namespace welfare
