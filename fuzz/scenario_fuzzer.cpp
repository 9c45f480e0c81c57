// libFuzzer target for the scenario and territory loader (load_scenario, load_territory): what
// `welfare validate`, `welfare run` and the batch commands read their input with.
//
// Input: a mode byte, then text made of sections separated by lines "#%next":
//   mode even: section 0 is a territory file, read with load_territory();
//   mode odd:  section 0 is a scenario file, read with load_scenario(); section 1 (if any)
//              is the file `baseline.yaml` next to it (what `extends: baseline.yaml` names),
//              section 2 (if any) holds one `--set path=value` argument per line, section 3
//              (if any) is the file `territory.yaml` next to it.
// The scenario lives in a per-process temporary directory laid out like scenarios/: the
// project's territories are copied to ../territories/, so the shipped scenarios (the seed
// corpus) load as they do in the repository.
//
// An InputError is the expected outcome of bad input. Anything else is a bug: a crash, a
// sanitizer report, another exception type (libFuzzer reports it as a crash). A scenario that
// loads must load again from its resolved text (Scenario::resolved_yaml) to the same
// resolved text: that text is what every stored run keeps to reproduce itself.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "scenario/scenario.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSectionSeparator = "\n#%next\n";

// A small valid territory, next to the scenario as `small.yaml`, for hand-written inputs.
constexpr const char* kSmallTerritory =
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
    "    - {id: Z1, name: Zone one, district: D1, centroid: {lon: 9.0, lat: 45.0}, "
    "residents: 1000}\n"
    "    - {id: Z2, name: Zone two, district: D2, centroid: {lon: 9.1, lat: 45.1}, "
    "residents: 0}\n";

struct Layout {
  fs::path root;
  fs::path scenario_dir;  // <root>/s
  fs::path scenario;      // <root>/s/scenario.yaml
  fs::path baseline;      // <root>/s/baseline.yaml
  fs::path territory;     // <root>/s/territory.yaml
  fs::path standalone;    // <root>/t/territory.yaml, for load_territory
  fs::path resolved;      // <root>/r/resolved.yaml, for the round trip
};

Layout& layout() {
  static Layout instance;
  return instance;
}

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) {
    std::fprintf(stderr, "scenario_fuzzer: cannot write %s\n", path.c_str());
    std::abort();
  }
}

void remove_directory() {
  std::error_code ignored;
  fs::remove_all(layout().root, ignored);
}

std::vector<std::string_view> split_sections(std::string_view text) {
  std::vector<std::string_view> sections;
  while (true) {
    const std::size_t at = text.find(kSectionSeparator);
    if (at == std::string_view::npos) {
      sections.push_back(text);
      return sections;
    }
    sections.push_back(text.substr(0, at + 1));
    text.remove_prefix(at + kSectionSeparator.size());
  }
}

// The resolved text without its leading comment, which names the file the territory was
// read from.
std::string without_comments(const std::string& yaml) {
  std::istringstream in(yaml);
  std::string out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("#")) out += line + "\n";
  }
  return out;
}

void check_round_trip(const welfare::Scenario& scenario) {
  const Layout& l = layout();
  write_file(l.resolved, scenario.resolved_yaml);
  welfare::Scenario again;
  try {
    again = welfare::load_scenario(l.resolved);
  } catch (const welfare::InputError& e) {
    std::fprintf(stderr, "the resolved scenario does not load again: %s\n--- resolved:\n%s\n",
                 e.what(), scenario.resolved_yaml.c_str());
    std::abort();
  }
  if (without_comments(again.resolved_yaml) != without_comments(scenario.resolved_yaml)) {
    std::fprintf(stderr,
                 "the resolved scenario loads to a different one\n--- first:\n%s\n"
                 "--- again:\n%s\n",
                 scenario.resolved_yaml.c_str(), again.resolved_yaml.c_str());
    std::abort();
  }
}

void load_as_scenario(const std::vector<std::string_view>& sections) {
  const Layout& l = layout();
  write_file(l.scenario, sections[0]);
  std::error_code ignored;
  if (sections.size() > 1) {
    write_file(l.baseline, sections[1]);
  } else {
    fs::remove(l.baseline, ignored);
  }
  if (sections.size() > 3) {
    write_file(l.territory, sections[3]);
  } else {
    fs::remove(l.territory, ignored);
  }
  std::vector<welfare::SetOverride> sets;
  if (sections.size() > 2) {
    std::istringstream lines{std::string(sections[2])};
    std::string line;
    while (std::getline(lines, line)) {
      if (line.empty()) continue;
      try {
        sets.push_back(welfare::parse_set_override(line));
      } catch (const welfare::InputError&) {
        return;  // `welfare` stops at a malformed --set argument before reading any file
      }
    }
  }
  welfare::Scenario scenario;
  try {
    scenario = welfare::load_scenario(l.scenario, sets);
  } catch (const welfare::InputError&) {
    return;
  }
  check_round_trip(scenario);
}

void load_as_territory(std::string_view text) {
  const Layout& l = layout();
  write_file(l.standalone, text);
  try {
    welfare::load_territory(l.standalone);
  } catch (const welfare::InputError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  std::error_code error;
  std::string pattern = (fs::temp_directory_path(error) / "welfare-scenario-fuzz-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("scenario_fuzzer: mkdtemp");
    std::abort();
  }
  Layout& l = layout();
  l.root = pattern;
  l.scenario_dir = l.root / "s";
  l.scenario = l.scenario_dir / "scenario.yaml";
  l.baseline = l.scenario_dir / "baseline.yaml";
  l.territory = l.scenario_dir / "territory.yaml";
  l.standalone = l.root / "t" / "territory.yaml";
  l.resolved = l.root / "r" / "resolved.yaml";
  for (const fs::path& dir : {l.scenario_dir, l.root / "t", l.root / "r", l.root / "territories"}) {
    fs::create_directories(dir);
  }
  write_file(l.scenario_dir / "small.yaml", kSmallTerritory);
#ifdef WELFARE_SOURCE_DIR
  // The shipped territories, where the shipped scenarios look for them.
  const fs::path territories = fs::path(WELFARE_SOURCE_DIR) / "scenarios" / "territories";
  for (const auto& entry : fs::directory_iterator(territories, error)) {
    if (entry.path().extension() == ".yaml") {
      fs::copy_file(entry.path(), l.root / "territories" / entry.path().filename(),
                    fs::copy_options::overwrite_existing, error);
    }
  }
#endif
  std::atexit(remove_directory);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool scenario_mode = (data[0] & 1U) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (scenario_mode) {
    load_as_scenario(split_sections(text));
  } else {
    load_as_territory(text);
  }
  return 0;
}
