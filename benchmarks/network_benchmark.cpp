// Times SocialNetwork::build (and, for comparison, population synthesis) on a city of about
// 1.4 million persons laid out like Milan: 9 municipi as districts, 88 NIL-sized zones.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "network/social_network.hpp"
#include "population/synthesis.hpp"

namespace welfare {
namespace {

constexpr int kDistricts = 9;
constexpr int kZones = 88;
constexpr std::int64_t kResidents = 1'400'000;

// Milan-like marginals (shares as in scenarios/territories: household sizes, age bands,
// foreign citizens, income bands); exact values matter little for timing.
Territory make_city() {
  Territory t;
  t.name = "Benchmark city";
  t.age_band_lower = {0, 15, 65, 80};
  t.income_bands = {{"<=10k", 10000}, {"10-26k", 26000}, {"26-55k", 55000}, {">55k", INFINITY}};
  for (int d = 0; d < kDistricts; ++d)
    t.districts.push_back({"M" + std::to_string(d + 1), "Municipio " + std::to_string(d + 1)});
  for (int z = 0; z < kZones; ++z) {
    Zone zone;
    zone.id = "NIL" + std::to_string(z + 1);
    zone.name = zone.id;
    zone.district = static_cast<std::size_t>(z % kDistricts);
    // Zones of uneven size, as NIL are: from about half to one and a half times the mean.
    const double weight = 1.0 + 0.5 * std::sin(z * 1.7);
    zone.residents = static_cast<std::int64_t>(kResidents / kZones * weight);
    zone.household_size_shares = {0.535, 0.206, 0.116, 0.082, 0.061};
    zone.age_shares = {0.13, 0.64, 0.15, 0.08};
    zone.foreign_share = 0.2;
    zone.income_shares = {0.22, 0.31, 0.31, 0.16};
    t.zones.push_back(zone);
  }
  return t;
}

struct City {
  Territory territory = make_city();
  Parameters params;
  Population pop = synthesise_population(territory, params, {1, 0});
};

const City& city() {
  static const City c;
  return c;
}

void BM_SynthesisePopulation(benchmark::State& state) {
  const City& c = city();
  for (auto _ : state) {
    Population pop = synthesise_population(c.territory, c.params, {1, 0});
    benchmark::DoNotOptimize(pop.birth_week.data());
  }
  state.counters["persons"] = static_cast<double>(c.pop.person_count());
}
BENCHMARK(BM_SynthesisePopulation)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BuildSocialNetwork(benchmark::State& state) {
  const City& c = city();
  std::size_t ties = 0, bytes = 0;
  for (auto _ : state) {
    SocialNetwork net = SocialNetwork::build(c.pop, c.territory, c.params, {1, 0});
    ties = net.tie_count();
    bytes = net.memory_bytes();
    benchmark::DoNotOptimize(ties);
  }
  state.counters["persons"] = static_cast<double>(c.pop.person_count());
  state.counters["ties"] = static_cast<double>(ties);
  state.counters["bytes_per_person"] =
      static_cast<double>(bytes) / static_cast<double>(c.pop.person_count());
}
BENCHMARK(BM_BuildSocialNetwork)->Unit(benchmark::kMillisecond)->UseRealTime();

// Weekly additions of hub ties: 1,000 ties a week for a triennium, pending and merged.
void BM_AddHubTies(benchmark::State& state) {
  const City& c = city();
  const SocialNetwork base = SocialNetwork::build(c.pop, c.territory, c.params, {1, 0});
  const auto n = static_cast<std::uint32_t>(c.pop.person_count());
  constexpr int kWeeks = 156;
  constexpr std::uint32_t kPerWeek = 1000;
  std::vector<Tie> week(kPerWeek);
  for (auto _ : state) {
    state.PauseTiming();
    SocialNetwork net = base;
    state.ResumeTiming();
    for (int w = 0; w < kWeeks; ++w) {
      for (std::uint32_t i = 0; i < kPerWeek; ++i) {
        const std::uint32_t a = (w * 7919u + i * 104729u) % n;
        week[i] = {a, (a + 1 + i) % n == a ? (a + 2) % n : (a + 1 + i) % n, TieKind::kHub};
      }
      net.add_ties(week);
    }
    benchmark::DoNotOptimize(net.tie_count());
  }
}
BENCHMARK(BM_AddHubTies)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace welfare
