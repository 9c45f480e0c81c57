// Running a batch experiment into a run store: what is left to run (resuming), one run, and
// the runs of this machine in parallel. The distributed runner (distributed.hpp) uses the
// same pieces. docs/batch.md describes the behaviour; docs/output-format.md the store.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "batch/experiment.hpp"
#include "store/store.hpp"

namespace welfare::batch {

// The runs a batch still has to do, in plan order, and how many of the plan the store
// already holds.
struct BatchPlan {
  std::vector<std::size_t> pending;  // run indices (Experiment::run)
  std::size_t finished = 0;
};

// Makes `writer`'s store ready for `experiment`: checks that it holds nothing but runs of this
// experiment (else StoreError naming the difference, before anything is written), records the
// experiment when the store has no record or a different replicate count, and lists the runs
// not yet stored. A store interrupted at any point resumes here.
BatchPlan prepare_batch(const Experiment& experiment, store::StoreWriter& writer);

// Runs one run of the plan and returns it as the store keeps it. Deterministic: the same
// (experiment, index) gives the same data whatever the thread or process count.
// `on_week` is called after each simulated week (a distributed batch's rank 0 answers the
// other ranks there).
store::RunData run_one(const Experiment& experiment, std::size_t index,
                       const std::function<void(int)>& on_week = {});

// Progress after each stored run: counts of the plan, and this session's elapsed time.
struct BatchStatus {
  std::size_t planned = 0;   // runs in the plan
  std::size_t finished = 0;  // stored, including those stored before this session
  std::size_t this_session = 0;
  std::size_t to_run = 0;  // runs this session set out to do
  double elapsed_seconds = 0;
};
using ProgressCallback = std::function<void(const BatchStatus&)>;

// Throws MemoryError (engine/memory.hpp) when `jobs` runs (0: one per thread of the current
// TBB arena) of some scenario of the experiment, at its largest scale and horizon, would not
// fit in the memory available. Called before the store is touched.
void check_batch_memory(const Experiment& experiment, std::size_t jobs);

// Runs the pending runs on this machine, `jobs` at a time (0: one per thread of the current
// TBB arena), each itself parallel, and appends each to the store as it finishes (memory
// stays that of `jobs` runs however many there are). A run that fails stops the batch: no new
// run starts, those under way finish and are stored, and the error is rethrown.
BatchStatus run_local(const Experiment& experiment, const BatchPlan& plan,
                      store::StoreWriter& writer, std::size_t jobs,
                      const ProgressCallback& progress);

}  // namespace welfare::batch
