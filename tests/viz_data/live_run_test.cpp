// A live run on its background thread against the same run simulated in one go: identical
// without changes, identical before a lever is moved and moved in the lever's direction after;
// pausing, stepping, rejected changes and stopping.
#include "viz/data/live_run.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <thread>

#include "analysis/dataset.hpp"
#include "engine/simulation.hpp"
#include "engine/test_scenario.hpp"

using namespace welfare;
using welfare::viz::LeverAddition;
using welfare::viz::LeverChange;
using welfare::viz::LiveFrame;
using welfare::viz::LiveRun;

namespace {

constexpr int kWeeks = 20;
constexpr int kChangeWeek = 8;
constexpr std::int64_t kResidentsPerZone = 8000;
constexpr double kHomeCareHours = 10;         // per 1,000 residents: the scenario's lever
constexpr double kMoreHomeCareHours = 200;    // the presenter's setting
constexpr double kNursingHomeBedsFactor = 4;  // beds to spare (as in levers_test.cpp)
constexpr int kTimeoutMs = 120000;            // generous: a loaded test machine
constexpr std::uint32_t kReplicate = 2;

// The engine tests' territory with a home-care lever in every zone from week 0.
Scenario scenario_with_lever(int weeks = kWeeks, std::int64_t residents = kResidentsPerZone) {
  Scenario sc = welfare::testing::small_scenario(weeks, residents);
  sc.name = "live-test";
  for (auto& z : sc.territory.zones)
    z.capacity[static_cast<std::size_t>(ServiceKind::kNursingHome)] *= kNursingHomeBedsFactor;
  sc.policies.push_back(welfare::testing::lever_everywhere(sc, LeverType::kDomiciliarityExpansion,
                                                           kHomeCareHours, "home care"));
  return sc;
}

// Waits for frames until `done` holds (or the run fails, or time runs out).
LiveFrame wait_until(const LiveRun& live, const std::function<bool(const LiveFrame&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  LiveFrame f = live.frame();
  while (!done(f) && f.error.empty() && std::chrono::steady_clock::now() < deadline)
    f = live.wait_for_frame(f.serial, kTimeoutMs);
  EXPECT_EQ(f.error, "");
  return f;
}

LiveFrame play_to_end(LiveRun& live) {
  live.play();
  return wait_until(live, [](const LiveFrame& f) { return f.finished; });
}

store::RunData run_in_one_go(const Scenario& sc) {
  Simulation sim(sc, kReplicate);
  sim.run();
  return sim.run_data();
}

void expect_same_indicators(const store::RunData& a, const store::RunData& b) {
  ASSERT_EQ(a.indicators.size(), b.indicators.size());
  for (std::size_t i = 0; i < a.indicators.size(); ++i)
    EXPECT_EQ(a.indicators[i].values, b.indicators[i].values) << a.indicators[i].name;
}

double total(const store::RunData& run, const std::string& name, int from, int to) {
  const std::size_t zones = run.zones.ids.size();
  for (const auto& i : run.indicators) {
    if (i.name != name) continue;
    double s = 0;
    for (auto c = static_cast<std::size_t>(from) * zones; c < static_cast<std::size_t>(to) * zones;
         ++c)
      s += static_cast<double>(i.values[c]);
    return s;
  }
  ADD_FAILURE() << "no indicator " << name;
  return 0;
}

// Weeks before `week` are identical in every indicator.
void expect_identical_before(const store::RunData& a, const store::RunData& b, int week) {
  const auto cells = static_cast<std::size_t>(week) * a.zones.ids.size();
  for (std::size_t i = 0; i < a.indicators.size(); ++i) {
    const auto& x = a.indicators[i].values;
    const auto& y = b.indicators[i].values;
    ASSERT_GE(x.size(), cells);
    ASSERT_GE(y.size(), cells);
    EXPECT_TRUE(std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(cells), y.begin()))
        << a.indicators[i].name;
  }
}

TEST(LiveRun, WithoutChangesItIsTheRunSimulatedInOneGo) {
  const Scenario sc = scenario_with_lever();
  const Scenario base = LiveRun::without_levers(sc);
  LiveRun live(sc, base, kReplicate);
  EXPECT_TRUE(live.has_baseline());
  const LiveFrame ready = wait_until(live, [](const LiveFrame& f) { return !f.preparing; });
  EXPECT_EQ(ready.week, 0);
  EXPECT_EQ(ready.weeks, kWeeks);
  EXPECT_FALSE(ready.playing);
  ASSERT_TRUE(ready.run && ready.baseline);
  // Laid out over the whole horizon from the start, weeks to come at 0.
  EXPECT_EQ(ready.run->weeks.size(), static_cast<std::size_t>(kWeeks));
  EXPECT_EQ(total(*ready.run, "population", 0, kWeeks), 0.0);

  const LiveFrame end = play_to_end(live);
  EXPECT_EQ(end.week, kWeeks);
  EXPECT_FALSE(end.playing);
  EXPECT_GT(end.weeks_per_second, 0);
  ASSERT_TRUE(end.run && end.baseline);
  EXPECT_EQ(end.run->meta.scenario_name, "live-test");
  EXPECT_EQ(end.baseline->meta.scenario_name, base.name);
  EXPECT_EQ(end.run->meta.replicate, kReplicate);
  expect_same_indicators(*end.run, run_in_one_go(sc));
  expect_same_indicators(*end.baseline, run_in_one_go(base));
  ASSERT_EQ(end.levers.size(), 1U);
  EXPECT_EQ(end.levers[0].size, kHomeCareHours);
}

TEST(LiveRun, ALeverMovedAtWeekKKeepsEarlierWeeksAndActsAfter) {
  const Scenario sc = scenario_with_lever();
  LiveRun live(sc, std::nullopt, kReplicate);
  for (int w = 0; w < kChangeWeek; ++w)
    live.step();
  const LiveFrame at_k = wait_until(live, [](const LiveFrame& f) { return f.week == kChangeWeek; });
  ASSERT_EQ(at_k.week, kChangeWeek);
  EXPECT_FALSE(at_k.playing);
  live.change_lever({0, kMoreHomeCareHours, {}});
  // Applied while paused, before the next week.
  const LiveFrame changed = wait_until(
      live, [](const LiveFrame& f) { return f.levers.at(0).size == kMoreHomeCareHours; });
  EXPECT_EQ(changed.week, kChangeWeek);
  ASSERT_EQ(changed.levers.size(), 1U);
  EXPECT_EQ(changed.levers[0].start_week, kChangeWeek);
  EXPECT_EQ(changed.levers[0].zones.size(), sc.territory.zones.size());
  EXPECT_FALSE(changed.levers[0].end_week);
  EXPECT_EQ(changed.levers[0].name, "home care");

  const LiveFrame end = play_to_end(live);
  const store::RunData unchanged = run_in_one_go(sc);
  expect_identical_before(*end.run, unchanged, kChangeWeek);
  // More home care from week k: shorter home-care queues, more spent on home care.
  EXPECT_LT(total(*end.run, "ltc_waiting", kChangeWeek, kWeeks),
            total(unchanged, "ltc_waiting", kChangeWeek, kWeeks));
  EXPECT_GT(total(*end.run, "spending_home_care", kChangeWeek, kWeeks),
            total(unchanged, "spending_home_care", kChangeWeek, kWeeks));
}

TEST(LiveRun, ALeverAddedAtWeekKActsFromThen) {
  Scenario sc = scenario_with_lever();
  sc.policies.clear();
  LiveRun live(sc, std::nullopt, kReplicate);
  for (int w = 0; w < kChangeWeek; ++w)
    live.step();
  wait_until(live, [](const LiveFrame& f) { return f.week == kChangeWeek; });
  live.add_lever({LeverType::kDomiciliarityExpansion, kMoreHomeCareHours, {}});
  const LiveFrame added = wait_until(live, [](const LiveFrame& f) { return !f.levers.empty(); });
  ASSERT_EQ(added.levers.size(), 1U);
  EXPECT_EQ(added.levers[0].type, LeverType::kDomiciliarityExpansion);
  EXPECT_EQ(added.levers[0].start_week, kChangeWeek);
  // The added lever can be moved like the scenario's.
  live.change_lever({0, kHomeCareHours, {0}});
  const LiveFrame moved =
      wait_until(live, [](const LiveFrame& f) { return f.levers.at(0).size == kHomeCareHours; });
  EXPECT_EQ(moved.levers[0].zones, (std::vector<std::size_t>{0}));
  live.change_lever({0, kMoreHomeCareHours, {}});

  const LiveFrame end = play_to_end(live);
  const store::RunData without = run_in_one_go(sc);
  expect_identical_before(*end.run, without, kChangeWeek);
  EXPECT_LT(total(*end.run, "ltc_waiting", kChangeWeek, kWeeks),
            total(without, "ltc_waiting", kChangeWeek, kWeeks));
}

TEST(LiveRun, PauseStopsTheWeeksAndStepAdvancesOne) {
  constexpr int kLongWeeks = 500;
  constexpr std::int64_t kFewResidents = 1500;
  constexpr double kSpeed = 40;    // weeks per second
  constexpr int kQuietMs = 300;    // long enough for several weeks at kSpeed
  constexpr double kSlack = 1.25;  // the measured rate may exceed the speed by timer jitter
  LiveRun live(scenario_with_lever(kLongWeeks, kFewResidents), std::nullopt, kReplicate);
  live.set_speed(kSpeed);
  live.play();
  const LiveFrame playing = wait_until(live, [](const LiveFrame& f) { return f.week >= 5; });
  EXPECT_TRUE(playing.playing);
  EXPECT_GT(playing.weeks_per_second, 0);
  EXPECT_LT(playing.weeks_per_second, kSpeed * kSlack);

  live.pause();
  const LiveFrame paused = wait_until(live, [](const LiveFrame& f) { return !f.playing; });
  std::this_thread::sleep_for(std::chrono::milliseconds(kQuietMs));
  EXPECT_EQ(live.frame().week, paused.week);
  EXPECT_EQ(live.frame().serial, paused.serial);
  EXPECT_FALSE(paused.finished);

  live.step();
  const LiveFrame one = wait_until(live, [&](const LiveFrame& f) { return f.week > paused.week; });
  EXPECT_EQ(one.week, paused.week + 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(kQuietMs));
  EXPECT_EQ(live.frame().week, paused.week + 1);
  EXPECT_FALSE(live.frame().playing);
}

TEST(LiveRun, BadChangesAreRejectedInTheCallersThread) {
  const Scenario sc = scenario_with_lever();
  LiveRun live(sc, std::nullopt, kReplicate);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double max = lever_info(LeverType::kDomiciliarityExpansion).size_max;
  EXPECT_THROW(live.change_lever({1, 1, {}}), std::invalid_argument);  // no such lever
  EXPECT_THROW(live.change_lever({0, max + 1, {}}), std::invalid_argument);
  EXPECT_THROW(live.change_lever({0, -1, {}}), std::invalid_argument);
  EXPECT_THROW(live.change_lever({0, nan, {}}), std::invalid_argument);
  EXPECT_THROW(live.change_lever({0, 1, {0, 3}}), std::invalid_argument);  // 3 zones
  EXPECT_NO_THROW(live.change_lever({0, max, {2}}));
  EXPECT_THROW(live.add_lever({LeverType::kCareWorkforce, 3, {}}), std::invalid_argument);
  EXPECT_THROW(live.add_lever({LeverType::kCareWorkforce, -2, {}}), std::invalid_argument);
  EXPECT_THROW(live.add_lever({LeverType::kCareWorkforce, 0.5, {7}}), std::invalid_argument);
  EXPECT_NO_THROW(live.add_lever({LeverType::kCareWorkforce, -0.5, {}}));
  EXPECT_NO_THROW(live.change_lever({1, 1, {}}));                        // the lever just added
  EXPECT_THROW(live.change_lever({1, 2.5, {}}), std::invalid_argument);  // its type's range
  EXPECT_THROW(live.set_speed(-1), std::invalid_argument);
  EXPECT_THROW(live.set_speed(nan), std::invalid_argument);
  const LiveFrame f = wait_until(live, [](const LiveFrame& fr) { return fr.levers.size() == 2; });
  EXPECT_EQ(f.levers[1].type, LeverType::kCareWorkforce);
  EXPECT_EQ(f.levers[1].size, 1);
  EXPECT_EQ(f.levers[0].size, max);
}

TEST(LiveRun, BaselineOnOtherZonesIsRejected) {
  const Scenario sc = scenario_with_lever();
  Scenario other = sc;
  other.territory.zones.pop_back();
  EXPECT_THROW(LiveRun(sc, other), std::invalid_argument);
  Scenario renamed = sc;
  renamed.territory.zones[1].id = "elsewhere";
  EXPECT_THROW(LiveRun(sc, renamed), std::invalid_argument);
}

TEST(LiveRun, DestroyingWhilePreparingOrPlayingReturns) {
  constexpr int kLongWeeks = 5000;
  constexpr auto kPrompt = std::chrono::seconds(10);  // a week takes milliseconds here
  {
    LiveRun live(scenario_with_lever(kLongWeeks), std::nullopt, kReplicate);
    live.play();
  }  // destroyed while (most likely) still preparing
  const auto start = std::chrono::steady_clock::now();
  {
    LiveRun live(scenario_with_lever(kLongWeeks), std::nullopt, kReplicate);
    live.play();
    wait_until(live, [](const LiveFrame& f) { return f.week >= 2; });
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, kPrompt);
}

TEST(LiveRun, WithoutLeversDropsThePoliciesAndSaysSoInTheResolvedText) {
  const auto file =
      std::filesystem::path(WELFARE_SOURCE_DIR) / "scenarios/bologna/community_managers.yaml";
  const Scenario sc = load_scenario(file, {{"scenario.weeks", "20"}, {"scenario.scale", "0.02"}});
  ASSERT_FALSE(sc.policies.empty());
  const Scenario base = LiveRun::without_levers(sc);
  EXPECT_TRUE(base.policies.empty());
  EXPECT_EQ(base.name, sc.name + "-no-levers");
  EXPECT_EQ(base.weeks, sc.weeks);
  EXPECT_EQ(base.territory.zones.size(), sc.territory.zones.size());
  const analysis::ScenarioInfo info = analysis::parse_scenario_info(base.resolved_yaml);
  EXPECT_EQ(info.name, base.name);
  EXPECT_TRUE(info.levers.empty());
  EXPECT_EQ(info.zones.size(), sc.territory.zones.size());
  // The text still reads as the same scenario.
  const auto text = std::filesystem::path(::testing::TempDir()) /
                    ("welfare_no_levers_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(text) << base.resolved_yaml;
  const Scenario again = load_scenario(text);
  std::filesystem::remove(text);
  EXPECT_EQ(again.name, base.name);
  EXPECT_TRUE(again.policies.empty());
  EXPECT_EQ(again.weeks, sc.weeks);
  EXPECT_EQ(again.scale, sc.scale);
  EXPECT_EQ(again.territory.zones.size(), sc.territory.zones.size());
  EXPECT_EQ(again.territory.zones[0].residents, sc.territory.zones[0].residents);
}

}  // namespace
