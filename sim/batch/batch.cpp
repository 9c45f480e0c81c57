// Preparing, resuming and running a batch on this machine (see batch.hpp).
#include "batch/batch.hpp"

#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <set>
#include <tuple>

#include "common/parallel.hpp"
#include "engine/memory.hpp"
#include "engine/simulation.hpp"

namespace welfare::batch {

BatchPlan prepare_batch(const Experiment& experiment, store::StoreWriter& writer) {
  std::optional<store::ExperimentRecord> stored;
  std::vector<store::RunKey> keys;
  std::error_code error;
  if (std::filesystem::file_size(writer.path(), error) > 0 && !error) {
    const store::StoreReader reader(writer.path());
    stored = reader.experiment();
    keys = reader.run_keys();
  }
  if (const auto why = store_mismatch(experiment, stored, keys)) {
    throw store::StoreError(writer.path().string() + " cannot take the runs of experiment '" +
                            experiment.name() + "': " + *why + "; write the batch to another file");
  }
  const store::ExperimentRecord record = experiment.record();
  if (!stored || stored->replicates != record.replicates) writer.write_experiment(record);

  std::set<std::tuple<std::string, std::uint32_t, std::uint32_t>> done;
  for (const auto& k : keys)
    done.emplace(k.scenario, k.point, k.replicate);
  BatchPlan plan;
  for (std::size_t i = 0; i < experiment.run_count(); ++i) {
    const RunSpec spec = experiment.run(i);
    const auto key = std::tuple(experiment.scenarios()[spec.scenario].name,
                                static_cast<std::uint32_t>(spec.point), spec.replicate);
    if (done.count(key) != 0) {
      ++plan.finished;
    } else {
      plan.pending.push_back(i);
    }
  }
  return plan;
}

store::RunData run_one(const Experiment& experiment, std::size_t index,
                       const std::function<void(int)>& on_week) {
  const RunSpec spec = experiment.run(index);
  const Scenario scenario = experiment.scenario(spec.scenario, spec.point);
  Simulation sim(scenario, spec.replicate);
  sim.run(on_week);
  store::RunData data = sim.run_data();
  data.meta.experiment = experiment.name();
  data.meta.point = static_cast<std::uint32_t>(spec.point);
  return data;
}

void check_batch_memory(const Experiment& experiment, std::size_t jobs) {
  if (jobs == 0) jobs = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  jobs = std::max<std::size_t>(1, std::min(jobs, experiment.run_count()));
  // Memory grows with the persons (scenario.scale) and the weeks (the indicator table); other
  // swept values do not change it. Each scenario is checked at the point where those are
  // largest (the first point when neither is swept).
  std::size_t largest = 0;
  const auto& params = experiment.parameters();
  const auto& points = experiment.points();
  const auto grows = [&](std::size_t p) {
    double product = 1;
    for (std::size_t k = 0; k < params.size(); ++k) {
      if (params[k].path == "scenario.scale" || params[k].path == "scenario.weeks") {
        product *= points[p].values[k];
      }
    }
    return product;
  };
  for (std::size_t p = 1; p < points.size(); ++p)
    if (grows(p) > grows(largest)) largest = p;
  for (std::size_t s = 0; s < experiment.scenarios().size(); ++s)
    check_memory(experiment.scenario(s, largest), jobs);
}

BatchStatus run_local(const Experiment& experiment, const BatchPlan& plan,
                      store::StoreWriter& writer, std::size_t jobs,
                      const ProgressCallback& progress) {
  const auto start = std::chrono::steady_clock::now();
  BatchStatus status;
  status.planned = experiment.run_count();
  status.finished = plan.finished;
  status.to_run = plan.pending.size();
  if (jobs == 0) jobs = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  jobs = std::max<std::size_t>(1, std::min(jobs, plan.pending.size()));

  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex store_mutex;  // HDF5 I/O from one thread at a time; guards status too
  std::exception_ptr first_error;

  // Each lane takes the next pending run until none is left. A run is isolated so that a
  // thread waiting inside it only helps that run: it never starts another lane's run on
  // its stack, which would hold the first run up and add to the memory in use.
  auto lane = [&] {
    while (!stop.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= plan.pending.size()) return;
      try {
        store::RunData data;
        parallel::isolate([&] { data = run_one(experiment, plan.pending[i]); });
        const std::lock_guard lock(store_mutex);
        writer.append(data);
        ++status.finished;
        ++status.this_session;
        status.elapsed_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (progress) progress(status);
      } catch (...) {
        const std::lock_guard lock(store_mutex);
        if (!first_error) first_error = std::current_exception();
        stop = true;
      }
    }
  };
  if (!plan.pending.empty()) {
    parallel::run_lanes(jobs, lane);
  }
  if (first_error) std::rethrow_exception(first_error);
  status.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return status;
}

}  // namespace welfare::batch
