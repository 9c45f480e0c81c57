// Times the Simulation on territories built in code at several sizes, laid out like Milan
// (zones of about 16,000 persons, as its NIL, grouped in districts as its municipi) with
// Milan's service capacities per 1,000 residents (scenarios/territories/milano.yaml):
//   BM_SynthesisAndNetwork      population synthesis + social network only;
//   BM_BuildSimulation          population synthesis + social network + initial state;
//   BM_SimulationStep           one weekly Simulation::step() after a warm-up, all cores;
//   BM_SimulationStepThreads    the same step with TBB limited to 1 and 2 threads;
//   BM_Phase_<phase>            one phase of the weekly step (Simulation::step's PhaseTimes),
//                               for each of its phases, at all cores.
// Items are persons for the build and agent-weeks (persons x weeks) for the steps, so
// items_per_second of a step is agent-weeks per second. docs/performance.md has the figures.
//
// A step benchmark builds a fresh Simulation (not timed), runs kWarmupWeeks weeks (not
// timed), then times kTimedWeeks steps: every run of it, at any thread count, times the same
// weeks of the same run (a run is the same bytes at any thread count).
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "engine/simulation.hpp"
#include "network/social_network.hpp"
#include "population/synthesis.hpp"
#include "scenario/scenario.hpp"

namespace welfare {
namespace {

constexpr std::int64_t kPersonsPerZone = 16'000;  // Milan's NIL: 1.39 million in 88
constexpr int kZonesPerDistrict = 10;             // Milan: 88 NIL in 9 municipi
constexpr int kWarmupWeeks = 8;
constexpr int kTimedWeeks = 12;
constexpr int kHorizonWeeks = 156;

// Milan's capacities per 1,000 residents in each service's unit (ServiceKind order), from
// scenarios/territories/milano.yaml.
constexpr std::array<double, kServiceKinds> kPerThousand = {
    4.872,  // home care, hours a week
    2.266,  // day-centre places
    5.243,  // nursing-home beds
    1.847,  // community-hub places
    0.2,    // social workers
    1.994,  // income-support places
    0.93,   // housing-support places
    8.12,   // children's-services places
    1.789,  // Budget di Salute plans
};

// A territory of about `persons` residents in zones of about kPersonsPerZone, with Milan's
// city-level marginals (household sizes, ages, incomes) and its foreign share varying by zone.
Scenario make_scenario(std::int64_t persons) {
  Scenario sc;
  sc.name = "benchmark";
  sc.weeks = kHorizonWeeks;
  sc.seed = 20261124;
  Territory& t = sc.territory;
  t.name = "Benchmark city of " + std::to_string(persons) + " persons";
  t.age_band_lower = {0, 15, 65, 80};
  t.income_bands = {{"<=10k", 10000},  {"10-15k", 15000},   {"15-26k", 26000},  {"26-55k", 55000},
                    {"55-75k", 75000}, {"75-120k", 120000}, {">120k", INFINITY}};
  const int zones = static_cast<int>(std::max<std::int64_t>(1, persons / kPersonsPerZone));
  const int districts = (zones + kZonesPerDistrict - 1) / kZonesPerDistrict;
  for (int d = 0; d < districts; ++d) {
    t.districts.push_back({"D" + std::to_string(d + 1), "District " + std::to_string(d + 1)});
  }
  std::int64_t left = persons;
  for (int i = 0; i < zones; ++i) {
    Zone z;
    z.id = "Z" + std::to_string(i + 1);
    z.name = "Zone " + std::to_string(i + 1);
    z.district = static_cast<std::size_t>(i / kZonesPerDistrict);
    z.residents = i + 1 == zones ? left : persons / zones;
    left -= z.residents;
    z.household_size_shares = {0.567, 0.206, 0.116, 0.082, 0.029};
    z.age_shares = {0.121, 0.647, 0.148, 0.084};
    z.foreign_share = 0.2 + 0.1 * std::sin(i * 1.7);  // Milan's NIL: about 0.1 to 0.3
    z.income_shares = {0.2148, 0.0924, 0.2178, 0.3110, 0.0628, 0.0557, 0.0455};
    for (std::size_t s = 0; s < kServiceKinds; ++s) {
      z.capacity[s] = kPerThousand[s] * static_cast<double>(z.residents) / 1000.0;
    }
    t.zones.push_back(z);
  }
  return sc;
}

// One scenario per size, kept for the whole program (a Simulation refers to its Scenario).
const Scenario& scenario(std::int64_t persons) {
  static std::map<std::int64_t, std::unique_ptr<Scenario>> cache;
  auto& sc = cache[persons];
  if (!sc) sc = std::make_unique<Scenario>(make_scenario(persons));
  return *sc;
}

// Limits TBB to `threads` worker threads while it lives; 0 leaves TBB's default (all cores).
std::unique_ptr<tbb::global_control> limit_threads(std::int64_t threads) {
  if (threads <= 0) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<std::size_t>(threads));
}

// Arguments: persons. The two set-up steps that come before the initial state.
void BM_SynthesisAndNetwork(benchmark::State& state) {
  const Scenario& sc = scenario(state.range(0));
  std::size_t persons = 0, ties = 0;
  for (auto _ : state) {
    const Population pop = synthesise_population(sc.territory, sc.parameters, {sc.seed, 0});
    const SocialNetwork net = SocialNetwork::build(pop, sc.territory, sc.parameters, {sc.seed, 0});
    persons = pop.person_count();
    ties = net.tie_count();
    benchmark::DoNotOptimize(ties);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * persons));
  state.counters["persons"] = static_cast<double>(persons);
  state.counters["ties"] = static_cast<double>(ties);
}

// Arguments: persons.
void BM_BuildSimulation(benchmark::State& state) {
  const Scenario& sc = scenario(state.range(0));
  std::size_t persons = 0, ties = 0;
  for (auto _ : state) {
    Simulation sim(sc, 0);
    persons = sim.population().person_count();
    ties = sim.network().tie_count();
    benchmark::DoNotOptimize(persons);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * persons));
  state.counters["persons"] = static_cast<double>(persons);
  state.counters["zones"] = static_cast<double>(sc.territory.zones.size());
  state.counters["ties"] = static_cast<double>(ties);
}

// Arguments: persons, threads (0: TBB's default, all cores).
void step_benchmark(benchmark::State& state) {
  const Scenario& sc = scenario(state.range(0));
  const auto threads = limit_threads(state.range(1));
  Simulation sim(sc, 0);
  for (int w = 0; w < kWarmupWeeks; ++w)
    sim.step();
  std::int64_t agent_weeks = 0;
  for (auto _ : state) {
    agent_weeks += static_cast<std::int64_t>(sim.population().person_count());
    sim.step();
  }
  benchmark::DoNotOptimize(sim.indicators());
  state.SetItemsProcessed(agent_weeks);
  state.counters["persons"] = static_cast<double>(sim.population().person_count());
  state.counters["threads"] = static_cast<double>(state.range(1));
}

void BM_SimulationStep(benchmark::State& state) {
  step_benchmark(state);
}
void BM_SimulationStepThreads(benchmark::State& state) {
  step_benchmark(state);
}

// Arguments: persons. Times one phase of the week: each iteration is a whole step, of which
// only the phase's own time is reported (manual time), over the same weeks as the step
// benchmarks. Items are agent-weeks, as for the step.
void phase_benchmark(benchmark::State& state, Phase phase) {
  const Scenario& sc = scenario(state.range(0));
  Simulation sim(sc, 0);
  for (int w = 0; w < kWarmupWeeks; ++w)
    sim.step();
  std::int64_t agent_weeks = 0;
  std::int64_t active = 0;
  for (auto _ : state) {
    agent_weeks += static_cast<std::int64_t>(sim.population().person_count());
    for (std::size_t d = 0; d < kDomains; ++d)
      active += static_cast<std::int64_t>(sim.active(static_cast<Domain>(d)).size());
    PhaseTimes times;
    sim.step(&times);
    state.SetIterationTime(times.seconds[static_cast<std::size_t>(phase)]);
  }
  benchmark::DoNotOptimize(sim.indicators());
  state.SetItemsProcessed(agent_weeks);
  state.counters["persons"] = static_cast<double>(sim.population().person_count());
  state.counters["active_cases"] =
      static_cast<double>(active) /
      static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
}

constexpr std::int64_t kSizes[] = {100'000, 400'000, 1'400'000};

// One benchmark per phase, named after it (BM_Phase_case_dynamics, ...).
const bool kPhaseBenchmarks = [] {
  for (std::size_t p = 0; p < kPhases; ++p) {
    const auto phase = static_cast<Phase>(p);
    benchmark::RegisterBenchmark(
        ("BM_Phase_" + std::string(phase_key(phase))).c_str(),
        [phase](benchmark::State& state) { phase_benchmark(state, phase); })
        ->ArgName("persons")
        ->Arg(kSizes[0])
        ->Arg(kSizes[2])
        ->Iterations(kTimedWeeks)
        ->Unit(benchmark::kMillisecond)
        ->UseManualTime();
  }
  return true;
}();

BENCHMARK(BM_SynthesisAndNetwork)
    ->ArgName("persons")
    ->Arg(kSizes[0])
    ->Arg(kSizes[1])
    ->Arg(kSizes[2])
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

BENCHMARK(BM_BuildSimulation)
    ->ArgName("persons")
    ->Arg(kSizes[0])
    ->Arg(kSizes[1])
    ->Arg(kSizes[2])
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

BENCHMARK(BM_SimulationStep)
    ->ArgNames({"persons", "threads"})
    ->Args({kSizes[0], 0})
    ->Args({kSizes[1], 0})
    ->Args({kSizes[2], 0})
    ->Iterations(kTimedWeeks)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(BM_SimulationStepThreads)
    ->ArgNames({"persons", "threads"})
    ->Args({kSizes[1], 1})
    ->Args({kSizes[1], 2})
    ->Args({kSizes[2], 1})
    ->Args({kSizes[2], 2})
    ->Iterations(kTimedWeeks)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace welfare
