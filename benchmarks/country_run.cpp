// A synthetic country: the zones of the three shipped territories (Milan's 88 NIL, Bologna's
// 6 quartieri, the Crema ambito's 48 comuni, each with its own published residents, ages,
// households, incomes, foreign share and service capacities) repeated until the territory
// holds the persons asked for, run with the model's default parameters (its Italian rates) for
// the weeks asked for. Prints the set-up and step times, agent-weeks per second and the peak
// resident memory; refuses, as `welfare run` does, when the run would not fit in memory.
//
//   bench_country [--persons N] [--weeks W] [--threads T] [--estimate-only]
//
// Each copy of a territory keeps its districts (municipi, quartieri, the ambito), so the
// country has about 4,300 zones in about 420 districts at 59 million persons.
#include <sys/resource.h>
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "engine/memory.hpp"
#include "engine/simulation.hpp"
#include "scenario/scenario.hpp"

namespace {

using welfare::Scenario;
using welfare::Territory;

constexpr std::int64_t kItalyResidents = 59'000'000;  // ISTAT, 1 January 2025 (58.9 million)
constexpr int kKibibyte = 1024;
constexpr double kMillion = 1e6;

// The country: copies of the territories' zones, in turn, until `persons` residents (the last
// zone taken is cut to the number left).
Territory make_country(const std::vector<Territory>& parts, std::int64_t persons) {
  Territory country = parts.front();  // bands, service areas and sources of the first
  country.name = "Synthetic country of " + std::to_string(persons) + " persons";
  country.file.clear();
  country.zones.clear();
  country.districts.clear();
  std::int64_t left = persons;
  for (int copy = 1; left > 0; ++copy) {
    for (const Territory& t : parts) {
      if (left <= 0) break;
      const std::size_t district_base = country.districts.size();
      for (auto d : t.districts) {
        d.id = std::to_string(copy) + "-" + t.name + "-" + d.id;
        d.name = t.name + " " + std::to_string(copy) + " / " + d.name;
        country.districts.push_back(d);
      }
      for (auto z : t.zones) {
        if (left <= 0) break;
        z.id = std::to_string(copy) + "-" + t.name + "-" + z.id;
        z.district += district_base;
        if (z.residents > left) {
          const double share = static_cast<double>(left) / static_cast<double>(z.residents);
          z.residents = left;
          for (auto& c : z.capacity)
            c *= share;
        }
        left -= z.residents;
        country.zones.push_back(z);
      }
    }
  }
  return country;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Runs a synthetic country made of copies of the shipped territories' zones"};
  std::int64_t persons = kItalyResidents;
  int weeks = 156;
  int threads = 0;
  bool estimate_only = false;
  std::string source_dir = WELFARE_SOURCE_DIR;
  cli.add_option("--persons", persons, "Residents of the country")->check(CLI::PositiveNumber);
  cli.add_option("--weeks", weeks, "Weeks to simulate")->check(CLI::Range(1, 10000));
  cli.add_option("--threads", threads, "Threads (default: all cores)")->check(CLI::Range(1, 1024));
  cli.add_flag("--estimate-only", estimate_only, "Print the memory estimate and stop");
  CLI11_PARSE(cli, argc, argv);

  try {
    const auto start = std::chrono::steady_clock::now();
    Scenario scenario = welfare::load_scenario(source_dir + "/scenarios/milano/baseline.yaml");
    std::vector<Territory> parts;
    for (const char* t : {"milano", "bologna", "crema"})
      parts.push_back(
          welfare::load_territory(source_dir + "/scenarios/territories/" + t + ".yaml"));
    scenario.name = "country-baseline";
    scenario.territory = make_country(parts, persons);
    scenario.weeks = weeks;
    scenario.policies.clear();
    std::cout << scenario.territory.name << ": " << scenario.territory.zones.size() << " zones in "
              << scenario.territory.districts.size() << " districts, " << weeks << " weeks\n"
              << "memory estimate: " << welfare::format_bytes(welfare::estimate_run_bytes(scenario))
              << "\n";
    if (estimate_only) return 0;
    welfare::check_memory(scenario);

    std::unique_ptr<tbb::global_control> limit;
    if (threads > 0) {
      limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    static_cast<std::size_t>(threads));
    }
    const auto built = std::chrono::steady_clock::now();
    welfare::Simulation sim(scenario, 0);
    const double setup = seconds_since(built);
    const auto stepping = std::chrono::steady_clock::now();
    sim.run();
    const double steps = seconds_since(stepping);
    const welfare::store::RunData data = sim.run_data();  // what a store would be handed
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double agent_weeks = static_cast<double>(sim.population().person_count()) * weeks;
    std::cout << "persons " << sim.population().person_count() << ", ties "
              << sim.network().tie_count() << "\n"
              << "set-up " << setup << " s, " << weeks << " weeks " << steps << " s ("
              << steps / weeks << " s a week), whole " << seconds_since(start) << " s\n"
              << "agent-weeks per second " << agent_weeks / (setup + steps) / kMillion
              << " million\n"
              << "peak resident memory "
              << welfare::format_bytes(static_cast<std::uint64_t>(usage.ru_maxrss) * kKibibyte)
              << " (" << data.indicators.size() << " indicators copied for the store)\n";
    return 0;
  } catch (const welfare::MemoryError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const welfare::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}
