// A store made by running a small experiment of tests/data/analysis with the batch library,
// once per test process (ctest runs tests in parallel processes: each has its own file, removed
// when the process ends): the analysis tests read real runs.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "batch/batch.hpp"
#include "batch/experiment.hpp"
#include "store/store.hpp"

namespace welfare::test {

struct MadeStores {
  std::map<std::string, std::filesystem::path> files;
  ~MadeStores() {
    std::error_code ec;
    for (const auto& [name, path] : files)
      std::filesystem::remove(path, ec);
  }
};

inline std::filesystem::path analysis_store(const std::string& experiment_file) {
  static MadeStores stores;
  auto& made = stores.files;
  const auto it = made.find(experiment_file);
  if (it != made.end()) return it->second;
  const std::filesystem::path file =
      std::filesystem::path(WELFARE_TEST_DATA) / "analysis" / experiment_file;
  const std::filesystem::path out =
      std::filesystem::path(::testing::TempDir()) /
      ("welfare_analysis_" + file.stem().string() + "_" + std::to_string(::getpid()) + ".h5");
  std::filesystem::remove(out);
  const batch::Experiment e = batch::load_experiment(file);
  store::StoreWriter writer(out);
  const batch::BatchPlan plan = batch::prepare_batch(e, writer);
  batch::run_local(e, plan, writer, 0, {});
  made.emplace(experiment_file, out);
  return out;
}

}  // namespace welfare::test
