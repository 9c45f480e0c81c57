// A batch spread over the processes of an MPI job (mpirun, srun): built when Open MPI is found
// (CMake option WELFARE_WITH_MPI). Design (docs/batch.md, "Distributed batches"):
//  - every rank reads the experiment and its scenarios itself;
//  - rank 0 is the only one to open the store: it resumes the plan, hands out runs one at a
//    time to whichever rank asks (dynamic load balancing), appends each finished run it
//    receives, and also runs runs itself, answering the others between its weeks;
//  - the other ranks ask for a run, run it, send its data back and ask again.
// Runs are deterministic, so the store's run data are those of a one-process batch; only
// the order in which runs are appended (their ids) depends on timing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "batch/batch.hpp"

namespace welfare::batch::mpi {

// True when an MPI launcher started this process (Open MPI's mpirun, PMI/PMIx as used by
// Slurm's srun). Then `welfare batch` joins the MPI job; otherwise it runs on its own.
bool launched_by_mpi();

// MPI for the lifetime of the object (MPI_Init_thread / MPI_Finalize).
class Session {
 public:
  Session(int* argc, char*** argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

// What a rank reports of its part of a batch.
struct Outcome {
  int exit_code = 0;    // 0 ok, 2 bad input (experiment, store), 1 failure; same on every rank
  std::string message;  // the error, printed by rank 0 only
  BatchStatus status;   // rank 0: the batch's progress at the end
  std::vector<std::size_t> runs_per_rank;  // rank 0: how many runs each rank simulated
};

// Runs the batch of `experiment_file` into `output` over every rank of the session; each rank
// runs one run at a time, itself parallel over the rank's threads. `progress` is called on
// rank 0 after each stored run. Collective: every rank calls it.
Outcome run_distributed(const Session& session, const std::filesystem::path& experiment_file,
                        const std::filesystem::path& output, const ProgressCallback& progress);

}  // namespace welfare::batch::mpi
