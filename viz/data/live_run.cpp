#include "viz/data/live_run.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <variant>

#include "engine/memory.hpp"
#include "engine/simulation.hpp"

namespace welfare::viz {
namespace {

using Clock = std::chrono::steady_clock;

// Weeks over which weeks_per_second is measured: enough to smooth out one slow week, few
// enough to follow a change of speed within a few weeks.
constexpr std::size_t kRateWindowWeeks = 8;

// Appended to a scenario's name for its baseline without levers.
constexpr const char* kWithoutLeversSuffix = "-no-levers";

using Command = std::variant<LeverChange, LeverAddition>;

void check_size(LeverType type, double size) {
  if (static_cast<std::size_t>(type) >= kLeverTypes) {
    throw std::invalid_argument("no lever type " + std::to_string(static_cast<int>(type)));
  }
  const LeverInfo& info = lever_info(type);
  if (!(size >= info.size_min && size <= info.size_max)) {  // NaN fails too
    throw std::invalid_argument("size " + std::to_string(size) + " of a " + std::string(info.key) +
                                " lever is outside " + std::to_string(info.size_min) + " to " +
                                std::to_string(info.size_max) + " (" + std::string(info.size_unit) +
                                ")");
  }
}

void check_zones(const std::vector<std::size_t>& zones, std::size_t zone_count) {
  for (std::size_t z : zones) {
    if (z >= zone_count) {
      throw std::invalid_argument("zone " + std::to_string(z) + " is outside the territory's " +
                                  std::to_string(zone_count) + " zones");
    }
  }
}

// The zones a lever targets: those given, or every zone when none is.
std::vector<std::size_t> zones_or_all(const std::vector<std::size_t>& zones,
                                      std::size_t zone_count) {
  if (!zones.empty()) return zones;
  std::vector<std::size_t> all(zone_count);
  for (std::size_t z = 0; z < zone_count; ++z)
    all[z] = z;
  return all;
}

// The run so far laid out over the whole horizon: weeks not yet simulated are 0.
std::shared_ptr<const store::RunData> frame_copy(const Simulation& sim) {
  auto run = std::make_shared<store::RunData>(sim.run_data());
  const auto horizon = static_cast<std::size_t>(std::max(sim.scenario().weeks, 0));
  run->meta.weeks = static_cast<std::uint32_t>(horizon);
  run->weeks.resize(horizon);
  for (std::size_t w = 0; w < horizon; ++w)
    run->weeks[w] = static_cast<std::int32_t>(w + 1);
  const std::size_t cells = horizon * run->zones.ids.size();
  for (store::Indicator& ind : run->indicators)
    ind.values.resize(cells, 0.0F);
  return run;
}

}  // namespace

struct LiveRun::Impl {
  Impl(const Scenario& s, const Scenario* b, std::uint32_t r)
      : scenario(s), baseline(b), replicate(r) {
    frame.weeks = scenario.weeks;
    frame.levers = scenario.policies;
    for (const Policy& p : scenario.policies)
      lever_types.push_back(p.type);
  }

  // The background thread: runs until stopped, and reports a failure in the frame.
  void main();
  void simulate();
  // Applies a queued command to the scenario's simulation (background thread only).
  void apply(const Command& command);
  std::vector<Policy> current_levers() const;
  // Publishes `frame` (with `mutex` held).
  void publish() {
    ++frame.serial;
    published.notify_all();
  }
  double measured_rate() const {
    if (recent.size() < 2) return 0;
    const std::chrono::duration<double> span = recent.back() - recent.front();
    return span.count() > 0 ? static_cast<double>(recent.size() - 1) / span.count() : 0;
  }

  const Scenario& scenario;
  const Scenario* baseline;  // null when the run has none
  const std::uint32_t replicate;

  // --- the background thread's own ---
  std::unique_ptr<Simulation> sim;
  std::unique_ptr<Simulation> base;
  std::vector<std::size_t> chain;  // per lever: its latest policy in sim->policies()
  Clock::time_point last_week_start{};

  // --- shared with the interface, under `mutex` ---
  mutable std::mutex mutex;
  std::condition_variable wake;               // for the background thread
  mutable std::condition_variable published;  // for wait_for_frame
  bool stop = false;
  bool playing = false;
  int steps = 0;  // weeks asked for by step() while paused
  double speed = 0;
  std::deque<Command> commands;
  std::vector<LeverType> lever_types;  // of every lever, queued additions included
  LiveFrame frame;
  std::deque<Clock::time_point> recent;  // when the last weeks ended, for the rate

  std::thread thread;
};

void LiveRun::Impl::main() {
  try {
    simulate();
  } catch (const std::exception& e) {
    const std::lock_guard lock(mutex);
    frame.error = e.what();
    frame.preparing = false;
    frame.playing = false;
    publish();
  } catch (...) {
    const std::lock_guard lock(mutex);
    frame.error = "unknown failure";
    frame.preparing = false;
    frame.playing = false;
    publish();
  }
}

void LiveRun::Impl::simulate() {
  sim = std::make_unique<Simulation>(scenario, replicate);
  if (baseline != nullptr) base = std::make_unique<Simulation>(*baseline, replicate);
  for (std::size_t i = 0; i < scenario.policies.size(); ++i)
    chain.push_back(i);
  {
    auto run = frame_copy(*sim);
    auto base_run = base ? frame_copy(*base) : nullptr;
    const std::lock_guard lock(mutex);
    frame.preparing = false;
    frame.run = std::move(run);
    frame.baseline = std::move(base_run);
    publish();
  }

  std::unique_lock lock(mutex);
  for (;;) {
    if (stop) return;
    if (!commands.empty()) {
      std::deque<Command> todo;
      todo.swap(commands);
      lock.unlock();
      for (const Command& c : todo)
        apply(c);
      std::vector<Policy> levers = current_levers();
      lock.lock();
      frame.levers = std::move(levers);
      publish();
      continue;
    }
    const bool finished = sim->finished();
    if (finished) {
      playing = false;
      steps = 0;
    }
    if (frame.playing != playing || frame.finished != finished) {
      frame.playing = playing;
      frame.finished = finished;
      publish();
      continue;
    }
    if (finished || (!playing && steps == 0)) {
      recent.clear();  // the rate is measured over weeks played in a row
      wake.wait(lock);
      continue;
    }
    if (playing && speed > 0) {
      const auto due = last_week_start + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(1.0 / speed));
      if (Clock::now() < due) {
        wake.wait_until(lock, due);
        continue;
      }
    }
    if (!playing) --steps;
    lock.unlock();

    last_week_start = Clock::now();
    sim->step();
    if (base && !base->finished()) base->step();
    auto run = frame_copy(*sim);
    auto base_run = base ? frame_copy(*base) : nullptr;

    lock.lock();
    recent.push_back(Clock::now());
    if (recent.size() > kRateWindowWeeks + 1) recent.pop_front();
    if (sim->finished()) playing = false;
    frame.week = sim->week();
    frame.finished = sim->finished();
    frame.playing = playing;
    frame.weeks_per_second = measured_rate();
    frame.run = std::move(run);
    frame.baseline = std::move(base_run);
    publish();
  }
}

void LiveRun::Impl::apply(const Command& command) {
  const std::size_t zone_count = scenario.territory.zones.size();
  const int now = sim->week();
  if (const auto* change = std::get_if<LeverChange>(&command)) {
    const std::size_t index = chain.at(change->lever);
    const Policy old = sim->policies()[index];
    sim->end_policy(index);
    Policy next = old;  // type, name, cost, end week and lever-specific settings kept
    // A lever already acting takes its new setting at once; one scheduled for later keeps its
    // start (and ramp) with the new setting.
    next.start_week = std::max(now, old.start_week);
    if (old.start_week <= now) next.ramp_weeks = 0;
    next.size = change->size;
    next.zones = zones_or_all(change->zones, zone_count);
    sim->add_policy(next);
    chain[change->lever] = sim->policies().size() - 1;
  } else {
    const auto& addition = std::get<LeverAddition>(command);
    Policy p;
    p.type = addition.type;
    p.name = std::string(lever_info(addition.type).key);
    p.start_week = now;
    p.size = addition.size;
    p.zones = zones_or_all(addition.zones, zone_count);
    sim->add_policy(p);
    chain.push_back(sim->policies().size() - 1);
  }
}

std::vector<Policy> LiveRun::Impl::current_levers() const {
  std::vector<Policy> out;
  out.reserve(chain.size());
  for (std::size_t i : chain)
    out.push_back(sim->policies()[i]);
  return out;
}

LiveRun::LiveRun(Scenario scenario, std::optional<Scenario> baseline, std::uint32_t replicate)
    : scenario_(std::move(scenario)), baseline_(std::move(baseline)) {
  if (baseline_) {
    const auto& ours = scenario_.territory.zones;
    const auto& theirs = baseline_->territory.zones;
    const bool same = ours.size() == theirs.size() &&
                      std::equal(ours.begin(), ours.end(), theirs.begin(),
                                 [](const Zone& a, const Zone& b) { return a.id == b.id; });
    if (!same) {
      throw std::invalid_argument("the baseline " + baseline_->name + " runs on other zones than " +
                                  scenario_.name);
    }
  }
  // Both simulations are built at once: refuse before allocating when they would not fit.
  check_memory(scenario_, baseline_ ? 2 : 1);
  impl_ = std::make_unique<Impl>(scenario_, baseline_ ? &*baseline_ : nullptr, replicate);
  impl_->thread = std::thread([impl = impl_.get()] { impl->main(); });
}

LiveRun::~LiveRun() {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->stop = true;
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Scenario LiveRun::without_levers(const Scenario& scenario) {
  Scenario out = scenario;
  out.policies.clear();
  out.name += kWithoutLeversSuffix;
  if (!out.resolved_yaml.empty()) {
    // The resolved text is what frames carry as the run's provenance: it states the change.
    YAML::Node root = YAML::Load(out.resolved_yaml);
    root["scenario"]["name"] = out.name;
    root["policies"] = YAML::Node(YAML::NodeType::Sequence);
    YAML::Emitter text;
    text << YAML::Comment("Resolved scenario " + scenario.name +
                          " without its policy levers: the baseline of a live run.");
    text << root;
    out.resolved_yaml = std::string(text.c_str()) + "\n";
  }
  return out;
}

void LiveRun::play() {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->playing = true;
  }
  impl_->wake.notify_all();
}

void LiveRun::pause() {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->playing = false;
    impl_->steps = 0;
  }
  impl_->wake.notify_all();
}

void LiveRun::step() {
  {
    const std::lock_guard lock(impl_->mutex);
    if (impl_->playing) return;
    ++impl_->steps;
  }
  impl_->wake.notify_all();
}

void LiveRun::set_speed(double weeks_per_second) {
  if (!(weeks_per_second >= 0) || std::isinf(weeks_per_second)) {
    throw std::invalid_argument("a speed of " + std::to_string(weeks_per_second) +
                                " weeks per second");
  }
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->speed = weeks_per_second;
  }
  impl_->wake.notify_all();
}

void LiveRun::change_lever(const LeverChange& change) {
  {
    const std::lock_guard lock(impl_->mutex);
    if (change.lever >= impl_->lever_types.size()) {
      throw std::invalid_argument("no lever " + std::to_string(change.lever) + "; the run has " +
                                  std::to_string(impl_->lever_types.size()));
    }
    check_size(impl_->lever_types[change.lever], change.size);
    check_zones(change.zones, scenario_.territory.zones.size());
    impl_->commands.emplace_back(change);
  }
  impl_->wake.notify_all();
}

void LiveRun::add_lever(const LeverAddition& addition) {
  check_size(addition.type, addition.size);
  check_zones(addition.zones, scenario_.territory.zones.size());
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->lever_types.push_back(addition.type);
    impl_->commands.emplace_back(addition);
  }
  impl_->wake.notify_all();
}

LiveFrame LiveRun::frame() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->frame;
}

LiveFrame LiveRun::wait_for_frame(std::uint64_t after, int timeout_ms) const {
  std::unique_lock lock(impl_->mutex);
  impl_->published.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                            [&] { return impl_->frame.serial > after; });
  return impl_->frame;
}

}  // namespace welfare::viz
