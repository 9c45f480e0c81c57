// Run store crash safety: a writer killed with SIGKILL at any moment of an append leaves every
// earlier run intact, the interrupted append is rolled back on the next open, and appending
// continues; torn journals, failed appends and HDF5's own consistency flags are covered too.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/journal.hpp"
#include "store/store.hpp"
#include "store_test_support.hpp"

namespace welfare::store {
namespace {

using test_support::make_run;
using test_support::TempDir;

// Runs a child may append before it is killed (it is normally killed far sooner).
constexpr std::uint32_t kChildRuns = 40;

// What the child reports through its pipe: a run number and whether it starts or committed.
struct Report {
  std::uint32_t run = 0;
  std::uint32_t committed = 0;
};

// Appends runs numbered from `first` until killed, reporting each start and commit.
[[noreturn]] void append_forever(const std::filesystem::path& path, std::uint32_t first,
                                 int report_fd) {
  int status = 0;
  try {
    StoreWriter writer(path);
    for (std::uint32_t n = first; n < first + kChildRuns; ++n) {
      const RunData run = make_run(n);
      Report start{n, 0};
      if (::write(report_fd, &start, sizeof(start)) != sizeof(start)) ::_exit(3);
      const std::string id = writer.append(run);
      if (id != std::to_string(1000000 + n).substr(1)) ::_exit(4);  // ids follow run numbers
      Report done{n, 1};
      if (::write(report_fd, &done, sizeof(done)) != sizeof(done)) ::_exit(3);
    }
  } catch (...) {
    status = 2;
  }
  ::_exit(status);
}

// Checks the store holds exactly runs 1..N, each equal to make_run(n); returns N.
std::uint32_t verify_store(const std::filesystem::path& path) {
  StoreReader reader(path);
  const std::vector<RunSummary> runs = reader.runs();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto n = static_cast<std::uint32_t>(i + 1);
    EXPECT_EQ(runs[i].id, std::to_string(1000000 + n).substr(1));
    test_support::expect_same_run(make_run(n), reader.read_run(runs[i].id));
  }
  return static_cast<std::uint32_t>(runs.size());
}

// Opens the store with plain HDF5 (default driver, file locking on), read-write: fails if the
// superblock still says a writer has it open, i.e. if h5clear would be needed.
bool opens_with_plain_hdf5(const std::filesystem::path& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) return false;
  return H5Fclose(file) >= 0;
}

TEST(StoreCrash, KilledWriterLeavesEarlierRunsIntact) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  std::mt19937 random(20261124);

  // Time one append of the size the child writes, to aim kills inside appends.
  std::chrono::microseconds append_time{};
  {
    const auto scratch = dir / "timing.h5";
    StoreWriter writer(scratch);
    writer.append(make_run(1));
    const auto start = std::chrono::steady_clock::now();
    writer.append(make_run(2));
    append_time = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
  }

  // Each round: start a writer, wait until it starts its k-th run, let it work for a random
  // part of an append (sometimes none, sometimes more than one), kill it, then check.
  constexpr int kRounds = 16;
  // Kills aimed at random points of an append; a few must land inside one for the test to
  // mean anything (most do).
  constexpr int kMinKillsInsideAppend = 3;
  std::uint32_t committed = 0;
  int killed_inside_append = 0;  // rounds that left a journal to roll back
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      append_forever(path, committed + 1, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);

    const std::uint32_t target = committed + 1 + static_cast<std::uint32_t>(random() % 3);
    const long delay_us = round % 4 == 0
                              ? 0
                              : static_cast<long>(random() % static_cast<std::uint64_t>(
                                                                 append_time.count() * 3 / 2 + 1));
    std::uint32_t last_started = 0;
    std::uint32_t last_committed = committed;
    Report report;
    while (::read(pipe_fds[0], &report, sizeof(report)) == sizeof(report)) {
      if (report.committed != 0) {
        last_committed = report.run;
      } else {
        last_started = report.run;
        if (report.run == target) break;
      }
    }
    if (delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    // Reports sent before the kill landed.
    while (::read(pipe_fds[0], &report, sizeof(report)) == sizeof(report)) {
      if (report.committed != 0) last_committed = report.run;
      if (report.committed == 0) last_started = report.run;
    }
    ::close(pipe_fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer ended by itself, status " << status;
    ASSERT_GE(last_started, target);
    if (std::filesystem::exists(journal::journal_path(path))) ++killed_inside_append;

    const std::uint32_t runs = verify_store(path);
    EXPECT_GE(runs, last_committed);    // every committed run survived
    EXPECT_LE(runs, last_started);      // and nothing beyond what was started
    EXPECT_GE(runs + 1, last_started);  // at most the one interrupted append is missing
    EXPECT_FALSE(std::filesystem::exists(journal::journal_path(path)));
    EXPECT_TRUE(opens_with_plain_hdf5(path));
    committed = runs;
  }

  std::printf("append takes %lld us; %d of %d kills landed inside an append\n",
              static_cast<long long>(append_time.count()), killed_inside_append, kRounds);
  EXPECT_GE(killed_inside_append, kMinKillsInsideAppend);

  // Appending goes on after all those kills.
  StoreWriter writer(path);
  EXPECT_EQ(writer.append(make_run(committed + 1)),
            std::to_string(1000000 + committed + 1).substr(1));
  EXPECT_EQ(verify_store(path), committed + 1);
}

TEST(StoreCrash, KillDuringTheFirstAppendLeavesNoStore) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  const auto journal_file = journal::journal_path(path);

  // How long creating a store with its first run takes here, to aim the kills.
  const auto start = std::chrono::steady_clock::now();
  StoreWriter(dir / "timing.h5").append(make_run(1));
  const auto first_append = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);

  // Kill the very first append part-way, at growing fractions of its duration, until a kill
  // leaves a journal with base length 0 and no committed run.
  constexpr int kAttempts = 20;
  bool interrupted = false;
  for (int attempt = 0; attempt < kAttempts && !interrupted; ++attempt) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    std::filesystem::remove(journal_file, ignored);
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      append_forever(path, 1, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    Report report;
    ASSERT_EQ(::read(pipe_fds[0], &report, sizeof(report)), static_cast<ssize_t>(sizeof(report)));
    std::this_thread::sleep_for(first_append * (attempt + 1) / (kAttempts + 1));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    bool committed = false;
    while (::read(pipe_fds[0], &report, sizeof(report)) == sizeof(report)) {
      committed = committed || report.committed != 0;
    }
    ::close(pipe_fds[0]);
    interrupted = !committed && std::filesystem::exists(journal_file);
  }
  ASSERT_TRUE(interrupted) << "no kill landed inside the first append";

  test_support::expect_store_error([&] { StoreReader reader(path); }, {path.string(), "empty"});
  EXPECT_FALSE(std::filesystem::exists(journal_file));
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
  StoreWriter writer(path);
  EXPECT_EQ(writer.append(make_run(1)), "000001");
  EXPECT_EQ(verify_store(path), 1u);
}

TEST(StoreCrash, TornJournalRecordIsIgnored) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  {
    StoreWriter writer(path);
    writer.append(make_run(1, 8, 4, 256));
    writer.append(make_run(2, 8, 4, 256));
  }
  const std::vector<char> original = test_support::read_bytes(path);
  constexpr std::size_t kSaved = 2048;  // the superblock and root metadata
  ASSERT_GT(original.size(), kSaved);

  // What a writer killed while journaling its second in-place write leaves: a journal with
  // one whole record (its write happened) and one torn record (its write never happened).
  std::vector<unsigned char> journal = journal::encode_header(original.size());
  const auto* bytes = reinterpret_cast<const unsigned char*>(original.data());
  const auto whole = journal::encode_record(0, bytes, kSaved);
  journal.insert(journal.end(), whole.begin(), whole.end());
  const auto torn = journal::encode_record(kSaved, bytes + kSaved, 100);
  journal.insert(journal.end(), torn.begin(), torn.begin() + static_cast<long>(torn.size() / 2));
  test_support::write_bytes(journal::journal_path(path), {journal.begin(), journal.end()});

  std::vector<char> damaged = original;
  std::fill(damaged.begin(), damaged.begin() + kSaved, '\x5a');  // the overwrite
  damaged.insert(damaged.end(), 50000, '\x33');                  // data appended past the end
  test_support::write_bytes(path, damaged);

  StoreReader reader(path);  // rolls back
  EXPECT_EQ(test_support::read_bytes(path), original);
  EXPECT_FALSE(std::filesystem::exists(journal::journal_path(path)));
  EXPECT_EQ(reader.runs().size(), 2u);
}

TEST(StoreCrash, CorruptRecordEndsTheJournal) {
  const std::vector<unsigned char> data(64, 7);
  std::vector<unsigned char> journal = journal::encode_header(1000);
  for (std::uint64_t offset : {0u, 100u, 200u}) {
    const auto record = journal::encode_record(offset, data.data(), data.size());
    journal.insert(journal.end(), record.begin(), record.end());
  }
  const std::size_t second_record_data = journal::kHeaderBytes +
                                         (journal::kRecordHeaderBytes + data.size()) +
                                         journal::kRecordHeaderBytes;
  journal[second_record_data + 3] ^= 1;  // a flipped bit in the second record
  const journal::Parsed parsed = journal::parse(journal);
  EXPECT_TRUE(parsed.header_valid);
  EXPECT_EQ(parsed.base_eof, 1000u);
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].offset, 0u);
  EXPECT_TRUE(parsed.torn_tail);
}

TEST(StoreCrash, TornJournalHeaderLeavesTheStoreAlone) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter(path).append(make_run(1, 8, 4, 256));
  const std::vector<char> original = test_support::read_bytes(path);
  const auto header = journal::encode_header(original.size());
  test_support::write_bytes(journal::journal_path(path), {header.begin(), header.begin() + 10});
  EXPECT_EQ(StoreReader(path).runs().size(), 1u);
  EXPECT_EQ(test_support::read_bytes(path), original);
  EXPECT_FALSE(std::filesystem::exists(journal::journal_path(path)));
}

TEST(StoreCrash, FailedAppendIsRolledBack) {
  TempDir dir;
  const auto path = dir / "runs.h5";
  StoreWriter(path).append(make_run(1));
  const std::vector<char> original = test_support::read_bytes(path);

  // A child whose file size limit stops the append part-way, as a full disk would.
  constexpr rlim_t kRoomForPartOfARun = 64 * 1024;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of being killed
    const rlimit limit{original.size() + kRoomForPartOfARun, RLIM_INFINITY};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int status = 0;
    try {
      StoreWriter(path).append(make_run(2));
      status = 1;  // should not have fitted
    } catch (const StoreError& error) {
      const std::string message = error.what();
      status = message.find(path.string()) == std::string::npos ? 2 : 0;
    } catch (...) {
      status = 3;
    }
    ::_exit(status);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  EXPECT_FALSE(std::filesystem::exists(journal::journal_path(path)));
  EXPECT_EQ(test_support::read_bytes(path), original);
  EXPECT_EQ(verify_store(path), 1u);
  EXPECT_EQ(StoreWriter(path).append(make_run(2)), "000002");
  EXPECT_EQ(verify_store(path), 2u);
}

}  // namespace
}  // namespace welfare::store
