// The distributed batch runner (see distributed.hpp).
#include "batch/mpi/distributed.hpp"

#include <mpi.h>

#include <array>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <thread>

#include "batch/wire.hpp"
#include "common/error.hpp"
#include "engine/memory.hpp"

namespace welfare::batch::mpi {
namespace {

constexpr int kCoordinator = 0;
// How long rank 0 sleeps between polls when it has nothing to do but wait for the others.
constexpr std::chrono::milliseconds kPollInterval{1};

// Message tags.
enum Tag : int {
  kRequest = 1,  // worker -> coordinator: give me a run (empty)
  kAssign,       // coordinator -> worker: run this (one uint64: the run index)
  kStop,         // coordinator -> worker: no more runs (empty)
  kResult,       // worker -> coordinator: a finished run (wire.hpp bytes); asks for another
  kFailed,       // worker -> coordinator: the run failed (exit code byte, then the message)
};

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

// Environment variables set by the launchers `welfare batch` joins.
constexpr const char* kLauncherVariables[] = {
    "OMPI_COMM_WORLD_SIZE",  // Open MPI's mpirun
    "PMIX_RANK",             // PMIx (Open MPI, Slurm's srun --mpi=pmix)
    "PMI_RANK",              // PMI-1/2 (Slurm's srun --mpi=pmi2, MPICH)
};

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) {
    std::array<char, MPI_MAX_ERROR_STRING> text{};
    int length = 0;
    MPI_Error_string(rc, text.data(), &length);
    throw std::runtime_error(std::string("MPI: ") + what + " failed: " +
                             std::string(text.data(), static_cast<std::size_t>(length)));
  }
}

void send_empty(int to, Tag tag) {
  check(MPI_Send(nullptr, 0, MPI_BYTE, to, tag, MPI_COMM_WORLD), "send");
}

void send_bytes(int to, Tag tag, const std::vector<std::byte>& bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    throw std::runtime_error("a run's data (" + std::to_string(bytes.size()) +
                             " bytes) is too large for one MPI message");
  }
  check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD),
        "send");
}

std::vector<std::byte> receive_bytes(const MPI_Status& probed) {
  int count = 0;
  check(MPI_Get_count(&probed, MPI_BYTE, &count), "get count");
  std::vector<std::byte> bytes(static_cast<std::size_t>(count));
  check(MPI_Recv(bytes.data(), count, MPI_BYTE, probed.MPI_SOURCE, probed.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "receive");
  return bytes;
}

std::vector<std::byte> failure_message(int code, const std::string& text) {
  std::vector<std::byte> bytes(1 + text.size());
  bytes[0] = static_cast<std::byte>(code);
  std::memcpy(bytes.data() + 1, text.data(), text.size());
  return bytes;
}

// Every rank's code, the highest wins: 2 (bad input) over 1 (failure) over 0.
int agree(int code) {
  int agreed = 0;
  check(MPI_Allreduce(&code, &agreed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD), "allreduce");
  return agreed;
}

struct Attempt {
  int code = kExitOk;
  std::string message;
};

template <typename Body>
Attempt attempt(Body&& body) {
  try {
    body();
    return {};
  } catch (const InputError& e) {
    return {kExitBadInput, e.what()};
  } catch (const store::StoreError& e) {
    return {kExitBadInput, std::string("error: ") + e.what()};
  } catch (const MemoryError& e) {
    return {kExitBadInput, std::string("error: ") + e.what()};
  } catch (const std::exception& e) {
    return {kExitFailure, std::string("error: ") + e.what()};
  }
}

class Coordinator {
 public:
  Coordinator(const Experiment& experiment, const BatchPlan& plan, store::StoreWriter& writer,
              int ranks, const ProgressCallback& progress)
      : experiment_(experiment),
        plan_(plan),
        writer_(writer),
        workers_(ranks - 1),
        progress_(progress),
        runs_per_rank_(static_cast<std::size_t>(ranks), 0) {
    status_.planned = experiment.run_count();
    status_.finished = plan.finished;
    status_.to_run = plan.pending.size();
  }

  Outcome run() {
    while (true) {
      if (!failing() && next_ < plan_.pending.size()) {
        const std::size_t index = plan_.pending[next_++];
        const Attempt a = attempt([&] {
          store::RunData data = run_one(experiment_, index, [&](int) { service(false); });
          store(data, kCoordinator);
        });
        if (a.code != kExitOk) fail(a);
      } else if (stopped_ < workers_) {
        service(true);
      } else {
        break;
      }
    }
    Outcome outcome;
    outcome.exit_code = failure_.code;
    outcome.message = failure_.message;
    outcome.status = status_;
    outcome.runs_per_rank = runs_per_rank_;
    return outcome;
  }

 private:
  bool failing() const { return failure_.code != kExitOk; }
  void fail(const Attempt& a) {
    if (!failing()) failure_ = a;
  }

  void store(const store::RunData& data, int rank) {
    writer_.append(data);
    ++runs_per_rank_[static_cast<std::size_t>(rank)];
    ++status_.finished;
    ++status_.this_session;
    status_.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (progress_) progress_(status_);
  }

  // Gives worker `rank` its next run, or tells it to stop.
  void reply(int rank) {
    if (!failing() && next_ < plan_.pending.size()) {
      const std::uint64_t index = plan_.pending[next_++];
      check(MPI_Send(&index, 1, MPI_UINT64_T, rank, kAssign, MPI_COMM_WORLD), "send");
    } else {
      send_empty(rank, kStop);
      ++stopped_;
    }
  }

  // Answers the messages waiting (blocking: waits for at least one). Waiting polls with
  // short sleeps instead of MPI_Probe, which spins a core that the rank's own simulation
  // threads, or another rank on the node, could use.
  void service(bool block) {
    while (true) {
      MPI_Status probed;
      int waiting = 0;
      check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &probed), "probe");
      if (waiting == 0) {
        if (!block) return;
        std::this_thread::sleep_for(kPollInterval);
        continue;
      }
      block = false;
      const int from = probed.MPI_SOURCE;
      const std::vector<std::byte> bytes = receive_bytes(probed);
      switch (probed.MPI_TAG) {
        case kRequest:
          break;
        case kResult: {
          const Attempt a = attempt([&] { store(decode(bytes), from); });
          if (a.code != kExitOk) fail(a);
          break;
        }
        case kFailed: {
          const int code = bytes.empty() ? kExitFailure : static_cast<int>(bytes[0]);
          std::string text(bytes.size() > 1 ? bytes.size() - 1 : 0, '\0');
          if (!text.empty()) std::memcpy(text.data(), bytes.data() + 1, text.size());
          fail({code, text + " (on rank " + std::to_string(from) + ")"});
          break;
        }
        default:
          fail({kExitFailure, "error: unexpected MPI message (tag " +
                                  std::to_string(probed.MPI_TAG) + ") from rank " +
                                  std::to_string(from)});
          break;
      }
      reply(from);
    }
  }

  const Experiment& experiment_;
  const BatchPlan& plan_;
  store::StoreWriter& writer_;
  int workers_;
  ProgressCallback progress_;
  std::vector<std::size_t> runs_per_rank_;
  BatchStatus status_;
  std::size_t next_ = 0;
  int stopped_ = 0;
  Attempt failure_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

void work(const Experiment& experiment) {
  send_empty(kCoordinator, kRequest);
  while (true) {
    MPI_Status probed;
    check(MPI_Probe(kCoordinator, MPI_ANY_TAG, MPI_COMM_WORLD, &probed), "probe");
    if (probed.MPI_TAG == kStop) {
      receive_bytes(probed);
      return;
    }
    std::uint64_t index = 0;
    check(
        MPI_Recv(&index, 1, MPI_UINT64_T, kCoordinator, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "receive");
    std::vector<std::byte> result;
    const Attempt a =
        attempt([&] { result = encode(run_one(experiment, static_cast<std::size_t>(index))); });
    if (a.code == kExitOk) {
      send_bytes(kCoordinator, kResult, result);
    } else {
      send_bytes(kCoordinator, kFailed, failure_message(a.code, a.message));
    }
  }
}

}  // namespace

bool launched_by_mpi() {
  for (const char* name : kLauncherVariables) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

Session::Session(int* argc, char*** argv) {
  int provided = 0;
  // Only the main thread calls MPI; TBB's threads do the simulation work.
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "init");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  MPI_Finalize();
}

Outcome run_distributed(const Session& session, const std::filesystem::path& experiment_file,
                        const std::filesystem::path& output, const ProgressCallback& progress) {
  Outcome outcome;
  const bool coordinator = session.rank() == kCoordinator;

  // 1. Every rank reads the experiment. The message of a rank that fails is printed by
  // rank 0 when it is rank 0's too, else by that rank.
  std::optional<Experiment> experiment;
  // Each rank runs one run at a time: it must fit in the memory the rank has.
  const Attempt loaded = attempt([&] {
    experiment.emplace(load_experiment(experiment_file));
    check_batch_memory(*experiment, 1);
  });
  const int code = agree(loaded.code);
  if (code != kExitOk) {
    int coordinator_code = loaded.code;
    check(MPI_Bcast(&coordinator_code, 1, MPI_INT, kCoordinator, MPI_COMM_WORLD), "broadcast");
    outcome.exit_code = code;
    if (coordinator) {
      outcome.message = loaded.code != kExitOk ? loaded.message
                                               : "error: another rank could not read the "
                                                 "experiment (its message follows)";
    } else if (loaded.code != kExitOk && coordinator_code == kExitOk) {
      outcome.message = "rank " + std::to_string(session.rank()) + ": " + loaded.message;
    }
    return outcome;
  }

  // 2. Rank 0 opens the store and works out what is left to run.
  std::optional<store::StoreWriter> writer;
  BatchPlan plan;
  Attempt prepared;
  if (coordinator) {
    prepared = attempt([&] {
      writer.emplace(output);
      plan = prepare_batch(*experiment, *writer);
    });
  }
  check(MPI_Bcast(&prepared.code, 1, MPI_INT, kCoordinator, MPI_COMM_WORLD), "broadcast");
  if (prepared.code != kExitOk) {
    outcome.exit_code = prepared.code;
    outcome.message = prepared.message;  // empty but on rank 0
    return outcome;
  }

  // 3. The runs.
  if (coordinator) {
    outcome = Coordinator(*experiment, plan, *writer, session.size(), progress).run();
  } else {
    work(*experiment);
  }
  check(MPI_Bcast(&outcome.exit_code, 1, MPI_INT, kCoordinator, MPI_COMM_WORLD), "broadcast");
  return outcome;
}

}  // namespace welfare::batch::mpi
