// End-to-end tests of the `welfare` command line: the real binary, real files, real HDF5.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "store/store.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kBin = fs::path(WELFARE_BIN_DIR) / "welfare";
const fs::path kData = fs::path(WELFARE_TEST_DATA) / "cli";
const fs::path kSource = WELFARE_SOURCE_DIR;
const fs::path kGridExperiment = fs::path(WELFARE_TEST_DATA) / "batch" / "bologna_grid.yaml";

struct Result {
  int code;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("welfare-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs welfare with these arguments in the test's own directory.
  // `env` is prepended to the command: "NAME=value ..." for its environment.
  Result welfare(const std::string& args, const std::string& env = "") const {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string cmd = "cd '" + dir_.string() + "' && " + env + " '" + kBin.string() + "' " +
                            args + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }

  fs::path dir_;
};

TEST_F(Cli, RunWritesAStoreThatInfoLists) {
  const auto store = dir_ / "out.h5";
  const Result r = welfare("run " + (kData / "tiny.yaml").string() + " -o " + store.string() +
                           " --replicates 2");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("North"), std::string::npos) << r.out;  // the summary, by district
  EXPECT_TRUE(r.err.empty()) << "no progress bar when stderr is not a terminal: " << r.err;

  const Result info = welfare("info " + store.string());
  ASSERT_EQ(info.code, 0) << info.err;
  EXPECT_NE(info.out.find("2 runs"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("tiny"), std::string::npos);
  EXPECT_NE(info.out.find("Tinyville"), std::string::npos);
  EXPECT_NE(info.out.find("population_65_plus"), std::string::npos);

  welfare::store::StoreReader reader(store);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].meta.seed, 3u);
  EXPECT_EQ(runs[0].meta.weeks, 10u);
  EXPECT_EQ(runs[0].meta.replicate, 0u);
  EXPECT_EQ(runs[1].meta.replicate, 1u);
  const auto pop = reader.indicator(runs[0].id, "population");
  ASSERT_EQ(pop.values.size(), 10u * 2u);
  // Residents at the end of week 1: the territory's, give or take the week's births and deaths.
  EXPECT_NEAR(pop.values[0], 1200.0f, 12.0f);
  EXPECT_NEAR(pop.values[1], 800.0f, 8.0f);
  // The resolved scenario stored with the run reproduces it.
  const auto yaml = dir_ / "resolved.yaml";
  std::ofstream(yaml) << runs[0].meta.scenario_yaml;
  const auto again = dir_ / "again.h5";
  ASSERT_EQ(welfare("run " + yaml.string() + " -o " + again.string() + " -q").code, 0);
  welfare::store::StoreReader reader2(again);
  EXPECT_EQ(reader2.indicator(reader2.runs()[0].id, "population_65_plus").values,
            reader.indicator(runs[0].id, "population_65_plus").values);
}

TEST_F(Cli, RunsAppendToAnExistingStore) {
  const auto store = dir_ / "out.h5";
  ASSERT_EQ(welfare("run " + (kData / "tiny.yaml").string() + " -o " + store.string() + " -q").code,
            0);
  ASSERT_EQ(
      welfare("run " + (kData / "tiny.yaml").string() + " -o " + store.string() + " -q --seed 4")
          .code,
      0);
  welfare::store::StoreReader reader(store);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].meta.seed, 4u);
}

TEST_F(Cli, SameBytesAtOneAndTwoThreads) {
  const auto one = dir_ / "one.h5", two = dir_ / "two.h5";
  ASSERT_EQ(
      welfare("run " + (kData / "tiny.yaml").string() + " -q --threads 1 -o " + one.string()).code,
      0);
  ASSERT_EQ(
      welfare("run " + (kData / "tiny.yaml").string() + " -q --threads 2 -o " + two.string()).code,
      0);
  welfare::store::StoreReader a(one), b(two);
  const auto ra = a.read_run(a.runs()[0].id), rb = b.read_run(b.runs()[0].id);
  ASSERT_EQ(ra.indicators.size(), rb.indicators.size());
  for (std::size_t i = 0; i < ra.indicators.size(); ++i) {
    EXPECT_EQ(ra.indicators[i].values, rb.indicators[i].values) << ra.indicators[i].name;
  }
  EXPECT_EQ(ra.meta.scenario_yaml, rb.meta.scenario_yaml);
}

TEST_F(Cli, TimingsListSetUpEveryPhaseAndTheStore) {
  const auto timed = dir_ / "timed.h5", plain = dir_ / "plain.h5";
  const Result r =
      welfare("run " + (kData / "tiny.yaml").string() + " -q --timings -o " + timed.string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* part :
       {"set-up", "policies", "demography", "onset", "informal_care", "case_dynamics", "allocation",
        "hubs", "wellbeing", "recording", "compaction", "store", "total", "agent-weeks a second"}) {
    EXPECT_NE(r.err.find(part), std::string::npos) << part << " missing from:\n" << r.err;
  }
  ASSERT_EQ(welfare("run " + (kData / "tiny.yaml").string() + " -q -o " + plain.string()).code, 0);
  welfare::store::StoreReader a(timed), b(plain);
  const auto ra = a.read_run(a.runs()[0].id), rb = b.read_run(b.runs()[0].id);
  for (std::size_t i = 0; i < ra.indicators.size(); ++i) {
    EXPECT_EQ(ra.indicators[i].values, rb.indicators[i].values) << ra.indicators[i].name;
  }
}

TEST_F(Cli, DefaultOutputIsResultsScenarioName) {
  const Result r = welfare("run " + (kData / "tiny.yaml").string() + " -q");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "results" / "tiny.h5"));
  EXPECT_TRUE(r.out.empty()) << "--quiet prints nothing: " << r.out;
}

TEST_F(Cli, InvalidScenarioIsRejectedWithItsPlaceAndNothingIsWritten) {
  const auto store = dir_ / "out.h5";
  const Result r = welfare("run " + (kData / "bad_weeks.yaml").string() + " -o " + store.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad_weeks.yaml:4:10: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("weeks"), std::string::npos);
  EXPECT_FALSE(fs::exists(store));
}

TEST_F(Cli, InvalidInlineTerritoryNamesTheScenarioFileLine) {
  const Result r = welfare("validate " + (kData / "bad_territory_zone.yaml").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad_territory_zone.yaml:15:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Nord"), std::string::npos) << r.err;
}

TEST_F(Cli, BadInputLeavesAnExistingStoreUntouched) {
  const auto store = dir_ / "out.h5";
  ASSERT_EQ(welfare("run " + (kData / "tiny.yaml").string() + " -q -o " + store.string()).code, 0);
  const std::string before = slurp(store);
  EXPECT_EQ(welfare("run " + (kData / "bad_weeks.yaml").string() + " -o " + store.string()).code,
            2);
  EXPECT_EQ(welfare("run " + (kData / "tiny.yaml").string() + " --set scenario.weeks=0 -o " +
                    store.string())
                .code,
            2);
  EXPECT_EQ(slurp(store), before);
}

TEST_F(Cli, SetOverridesGoThroughValidation) {
  const Result bad = welfare("validate " + (kData / "tiny.yaml").string() +
                             " --set parameters.population.max_age=500");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("max_age"), std::string::npos) << bad.err;
  const Result typo = welfare("validate " + (kData / "tiny.yaml").string() +
                              " --set parameters.population.max_aeg=90");
  EXPECT_EQ(typo.code, 2);
  EXPECT_NE(typo.err.find("did you mean"), std::string::npos) << typo.err;
  const Result good = welfare("validate " + (kData / "tiny.yaml").string() +
                              " --set parameters.population.max_age=95");
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_NE(good.out.find("2,000 residents"), std::string::npos) << good.out;
}

TEST_F(Cli, UnwritableOutputIsReportedBeforeTheRun) {
  const Result r = welfare("run " + (kData / "tiny.yaml").string() + " -o " +
                           (dir_ / "no" / "such" / "dir" / "out.h5").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("out.h5"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "nothing ran: " << r.out;
}

// A run that would not fit in the memory available is refused before anything is allocated
// or written, with what it needs and the scale that would fit (WELFARE_MEMORY_LIMIT stands in
// for a small machine).
TEST_F(Cli, RunsTooLargeForTheMemoryAreRefusedBeforeTheyStart) {
  const auto milan = (kSource / "scenarios/milano/baseline.yaml").string();
  const auto out = dir_ / "milan.h5";
  const Result r =
      welfare("run " + milan + " -o " + out.string() + " --weeks 2", "WELFARE_MEMORY_LIMIT=64M");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("milano-baseline"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is available"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--set scenario.scale=0."), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(r.out.empty()) << r.out;

  // A batch: its runs at once must fit; nothing is written, not even the experiment record.
  const auto store = dir_ / "grid.h5";
  const Result b =
      welfare("batch " + kGridExperiment.string() + " -o " + store.string() + " --jobs 2",
              "WELFARE_MEMORY_LIMIT=20M");
  EXPECT_EQ(b.code, 2) << b.err;
  EXPECT_NE(b.err.find("2 runs at once"), std::string::npos) << b.err;
  EXPECT_FALSE(fs::exists(store));

  // A limit that is not a size is bad input too.
  const Result bad = welfare("run " + milan + " -o " + out.string(), "WELFARE_MEMORY_LIMIT=lots");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("WELFARE_MEMORY_LIMIT"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(Cli, InfoOnSomethingThatIsNotAStore) {
  std::ofstream(dir_ / "text.h5") << "not hdf5 at all\n";
  const Result r = welfare("info " + (dir_ / "text.h5").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("text.h5"), std::string::npos) << r.err;
  const Result missing = welfare("info " + (dir_ / "absent.h5").string());
  EXPECT_EQ(missing.code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "absent.h5")) << "reading does not create a store";
}

TEST_F(Cli, UsageErrorsExitTwoAndHelpExitsZero) {
  EXPECT_EQ(welfare("").code, 2);
  EXPECT_EQ(welfare("frobnicate").code, 2);
  EXPECT_EQ(welfare("run").code, 2);
  EXPECT_EQ(welfare("run x.yaml --threads 0").code, 2);
  EXPECT_EQ(welfare("run " + (kData / "absent.yaml").string()).code, 2);
  for (const char* cmd :
       {"--help", "run --help", "validate --help", "info --help", "params --help"}) {
    const Result r = welfare(cmd);
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd;
  }
}

TEST_F(Cli, ParamsMarkdownIsTheCheckedInDictionary) {
  const Result r = welfare("params --markdown");
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(r.out, slurp(kSource / "docs" / "parameters.md"))
      << "regenerate with: build/bin/welfare params --markdown > docs/parameters.md";
}

TEST_F(Cli, ShippedScenariosValidate) {
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    if (entry.path().parent_path().filename() == "territories") continue;
    if (entry.path().filename() == "calibration.yaml") continue;  // targets, not a scenario
    const Result r = welfare("validate -q " + entry.path().string());
    EXPECT_EQ(r.code, 0) << entry.path() << ": " << r.err;
  }
}

}  // namespace

namespace {

TEST_F(Cli, CalibrationCheckOfAScaledDownMilanMatchesItsDemography) {
  const Result r =
      welfare("calibrate-check " + (kSource / "scenarios/milano/baseline.yaml").string() +
              " --scale 0.05 --weeks 2");
  ASSERT_EQ(r.code, 0) << r.err;
  std::string line;
  int checked = 0;
  for (const char* figure :
       {"residents per zone", "residents ", "households ", "one_person_household_share",
        "foreign_share", "age_share_0_14", "age_share_15_64", "age_share_65_plus",
        "age_share_80_plus", "single_parent_households", "elderly_living_alone"}) {
    bool found = false;
    std::istringstream all(r.out);
    while (std::getline(all, line)) {
      if (line.rfind(figure, 0) != 0) continue;
      found = true;
      EXPECT_NE(line.find(" pass"), std::string::npos) << line;
    }
    EXPECT_TRUE(found) << figure << " missing from:\n" << r.out;
    checked += found;
  }
  EXPECT_EQ(checked, 11);
}

TEST_F(Cli, CalibrationTargetsAreValidated) {
  std::ofstream(dir_ / "targets.yaml")
      << "calibration:\n  targets:\n    - {measure: lonely_share_65, value: 0.1, source: x}\n";
  const Result r = welfare("calibrate-check " + (kData / "tiny.yaml").string() + " --targets " +
                           (dir_ / "targets.yaml").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("targets.yaml:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'lonely_share_65_plus'"), std::string::npos) << r.err;
}

}  // namespace

namespace {

// A new city needs only files: a territory and a scenario written here, validated and run.
TEST_F(Cli, AFourthCityNeedsOnlyFiles) {
  std::ofstream(dir_ / "borgo.yaml") << R"(territory:
  name: Borgo Nuovo
  age_bands: [0, 15, 65]
  income_bands: [{name: low, upper_eur: 15000}, {name: high}]
  sources: {residents: made up, age_shares: made up, household_size_shares: made up,
            foreign_share: made up, income_shares: made up, services_per_1000_residents: made up}
  districts: [{id: B, name: Borgo}]
  defaults:
    age_shares: [0.13, 0.64, 0.23]
    household_size_shares: {"1": 0.4, "2": 0.3, "3": 0.15, "4": 0.1, "5+": 0.05}
    foreign_share: 0.08
    income_shares: [0.3, 0.7]
    services_per_1000_residents: {home_care: 5, nursing_home: 5, case_management: 0.2, community_hub: 2}
  zones:
    - {id: N, name: Nord, district: B, centroid: {lon: 9.7, lat: 45.3}, residents: 2500}
    - {id: S, name: Sud, district: B, centroid: {lon: 9.7, lat: 45.2}, residents: 1800}
)";
  std::ofstream(dir_ / "borgo_baseline.yaml")
      << "scenario:\n  name: borgo\n  territory: borgo.yaml\n  weeks: 8\n";
  const Result v = welfare("validate " + (dir_ / "borgo_baseline.yaml").string());
  ASSERT_EQ(v.code, 0) << v.err;
  EXPECT_NE(v.out.find("4,300 residents"), std::string::npos) << v.out;
  const Result r =
      welfare("run " + (dir_ / "borgo_baseline.yaml").string() + " -o " + (dir_ / "b.h5").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Nord"), std::string::npos) << r.out;
  welfare::store::StoreReader reader(dir_ / "b.h5");
  EXPECT_EQ(reader.runs()[0].meta.territory_name, "Borgo Nuovo");
}

}  // namespace

// --- batch, info on experiments, diff ---------------------------------------------------

TEST_F(Cli, InfoShowsAnExperimentsDesignWithoutRunningIt) {
  const Result r = welfare("info " + kGridExperiment.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("experiment bologna-grid-test"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("design grid, 2 points"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 scenarios x 2 points x 3 replicates = 12"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("parameters.detection.self_referral"), std::string::npos) << r.out;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    EXPECT_NE(entry.path().extension(), ".h5") << "info wrote a store: " << entry.path();
  }
}

TEST_F(Cli, BatchStoresTheExperimentAndResumesToNothingToDo) {
  const auto store = dir_ / "grid.h5";
  const Result r = welfare("batch " + kGridExperiment.string() + " -o " + store.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("12 runs planned, 0 already stored, 12 to run"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("12 of 12 planned runs stored"), std::string::npos) << r.out;
  // Not a terminal: progress as log lines (runs done, rate), ending with the last run.
  EXPECT_NE(r.err.find("runs 12/12"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("runs/min"), std::string::npos) << r.err;

  const Result info = welfare("info " + store.string());
  ASSERT_EQ(info.code, 0) << info.err;
  EXPECT_NE(info.out.find("12 runs"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("stored 12 of 12 planned runs"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("bologna-community-managers"), std::string::npos) << info.out;

  const Result again = welfare("batch " + kGridExperiment.string() + " -o " + store.string());
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("12 already stored, 0 to run"), std::string::npos) << again.out;
  EXPECT_EQ(welfare::store::StoreReader(store).run_keys().size(), 12u);
}

TEST_F(Cli, BadExperimentIsRejectedWithItsPlaceAndNothingIsWritten) {
  const auto file = dir_ / "bad.yaml";
  std::ofstream(file) << "experiment:\n  name: x\n  seed: 1\n  replicates: 2\n"
                         "scenarios: ["
                      << (kSource / "scenarios/bologna/baseline.yaml").string()
                      << "]\nsweep:\n  design: grid\n  parameters:\n"
                         "    - path: parameters.detection.self_referal\n      values: [0.1]\n";
  const auto store = dir_ / "out.h5";
  const Result r = welfare("batch " + file.string() + " -o " + store.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(file.string() + ":9:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'detection.self_referral'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(store));
}

TEST_F(Cli, BatchRefusesAStoreOfAnotherExperimentAndLeavesItUntouched) {
  const auto store = dir_ / "runs.h5";
  ASSERT_EQ(welfare("run " + (kData / "tiny.yaml").string() + " -o " + store.string()).code, 0);
  const std::string before = slurp(store);
  const Result r = welfare("batch " + kGridExperiment.string() + " -o " + store.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not made by a batch experiment"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("another file"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(store), before);
}

TEST_F(Cli, DiffTellsSameStoresFromDifferentOnes) {
  const auto a = dir_ / "a.h5";
  const auto b = dir_ / "b.h5";
  const auto c = dir_ / "c.h5";
  const std::string tiny = (kData / "tiny.yaml").string();
  ASSERT_EQ(welfare("run " + tiny + " -o " + a.string() + " --replicates 2 -q").code, 0);
  ASSERT_EQ(welfare("run " + tiny + " -o " + b.string() + " --replicates 2 -q --threads 1").code,
            0);
  ASSERT_EQ(welfare("run " + tiny + " -o " + c.string() + " --replicates 2 -q --seed 99").code, 0);
  const Result same = welfare("diff " + a.string() + " " + b.string());
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("2 of 2 runs identical"), std::string::npos) << same.out;
  const Result different = welfare("diff " + a.string() + " " + c.string());
  EXPECT_EQ(different.code, 1) << different.out << different.err;
  EXPECT_NE(different.out.find("differ"), std::string::npos) << different.out;
}
