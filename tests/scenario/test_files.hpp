// Helpers for the scenario tests: a temporary directory to write input files into, small
// valid documents to derive broken ones from, and a check of an InputError's place and text.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <unistd.h>

#include "common/error.hpp"

namespace welfare::test {

// A fresh directory under the system's temporary directory, removed when done.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name = info != nullptr ? std::string(info->name()) : "test";
    path_ = std::filesystem::temp_directory_path() /
            ("welfare_scenario_" + name + "_" + std::to_string(::getpid()) + "_" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

// Replaces line `number` (1-based) of `text`.
inline std::string replace_line(const std::string& text, int number, const std::string& line) {
  std::istringstream in(text);
  std::string out, current;
  for (int n = 1; std::getline(in, current); ++n)
    out += (n == number ? line : current) + "\n";
  return out;
}

// A valid territory; tests break one line of it, or add lines after the last (line 18 on):
//  1 territory:          7   defaults:                   13     - id: Z1
//  2   name: T           8     household_size_shares:    14       name: Zone one
//  3   age_bands         9     age_shares: [0.8, 0.2]    15       district: D1
//  4   income_bands     10     foreign_share: 0.1        16       centroid: {...}
//  5   sources          11     income_shares: [.5, .5]   17       residents: 1000
//  6   districts        12   zones:
inline const std::string kTerritory =
    "territory:\n"
    "  name: T\n"
    "  age_bands: [0, 65]\n"
    "  income_bands: [{name: low, upper_eur: 10000}, {name: high}]\n"
    "  sources: {residents: R, household_size_shares: H, age_shares: A, foreign_share: F, "
    "income_shares: I}\n"
    "  districts: [{id: D1, name: One}, {id: D2, name: Two}]\n"
    "  defaults:\n"
    "    household_size_shares: {\"1\": 0.4, \"2\": 0.3, \"3\": 0.15, \"4\": 0.1, \"5+\": 0.05}\n"
    "    age_shares: [0.8, 0.2]\n"
    "    foreign_share: 0.1\n"
    "    income_shares: [0.5, 0.5]\n"
    "  zones:\n"
    "    - id: Z1\n"
    "      name: Zone one\n"
    "      district: D1\n"
    "      centroid: {lon: 9.0, lat: 45.0}\n"
    "      residents: 1000\n";

// A valid scenario on t.yaml; line 4 is `weeks`.
inline const std::string kScenario =
    "scenario:\n"
    "  name: s\n"
    "  territory: t.yaml\n"
    "  weeks: 10\n";

// Runs `load` and checks it throws an InputError at file:line:col (line or column 0: not
// checked) whose message contains every one of `phrases`.
inline void expect_input_error(const std::function<void()>& load, const std::string& file, int line,
                               int column, const std::vector<std::string>& phrases) {
  try {
    load();
    ADD_FAILURE() << "expected an InputError containing '" << phrases.front() << "'";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, file) << e.what();
    if (line > 0) {
      EXPECT_EQ(e.where().line, line) << e.what();
    }
    if (column > 0) {
      EXPECT_EQ(e.where().column, column) << e.what();
    }
    for (const auto& phrase : phrases) {
      EXPECT_NE(std::string(e.what()).find(phrase), std::string::npos)
          << "message: " << e.what() << "\nexpected to contain: " << phrase;
    }
  }
}

}  // namespace welfare::test
