// The run store's HDF5 layout: the names of its groups, datasets and attributes, and the
// code that writes one run group or reads parts of one back. Opening, locking and the
// journal are elsewhere (store_file.hpp). The layout is documented in docs/output-format.md.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace welfare::store::layout {

// Root attributes.
inline constexpr const char* kFormatAttribute = "format";
inline constexpr const char* kFormatVersionAttribute = "format_version";

// The group holding one group per run.
inline constexpr const char* kRunsGroup = "runs";

// The group holding the experiment record of a store made by `welfare batch`.
inline constexpr const char* kExperimentGroup = "experiment";

// Run ids are the run's sequence number, zero-padded to this many digits.
inline constexpr std::size_t kRunIdDigits = 6;

// Where a message points: the file and, when known, the run.
struct Where {
  std::filesystem::path file;
  std::string run_id;
  std::string prefix() const;  // "FILE: " or "FILE: run ID: "
};

// "1.0" from kFormatMajor/kFormatMinor.
std::string format_version_string();

// Parses "MAJOR.MINOR"; false when malformed.
bool parse_format_version(const std::string& text, int& major, int& minor);

// Reads and checks the root's format attributes; returns (major, minor). Throws StoreError
// for a file that is not a store or whose major version is newer than kFormatMajor.
std::pair<int, int> check_format(hid_t file, const std::filesystem::path& path);

// Writes the root attributes and the empty /runs group of a new store.
void initialise(hid_t file, const std::filesystem::path& path);

// The id the next appended run gets: one past the largest numeric run id.
std::string next_run_id(hid_t file, const std::filesystem::path& path);

// Checks a run's shapes and names before anything is written. Throws StoreError.
void validate(const RunData& run, const std::filesystem::path& path);

// Writes /runs/<id> with everything in `run`.
void write_run(hid_t file, const std::string& id, const RunData& run,
               const std::filesystem::path& path);

// Run ids in the store, in sequence order.
std::vector<std::string> run_ids(hid_t file, const std::filesystem::path& path);

RunSummary read_summary(hid_t file, const std::string& id, const std::filesystem::path& path);
ZoneAxis read_zones(hid_t file, const std::string& id, const std::filesystem::path& path);
std::vector<std::int32_t> read_weeks(hid_t file, const std::string& id,
                                     const std::filesystem::path& path);
// With `with_values` false, only the name, units and description (no data read).
Indicator read_indicator(hid_t file, const std::string& id, const std::string& name,
                         const std::filesystem::path& path, bool with_values = true);
RunData read_run(hid_t file, const std::string& id, const std::filesystem::path& path);
// Checks that a run has every attribute, axis and indicator dataset, with the documented types
// and shapes (no indicator values are read); returns its indicators' names. Throws StoreError
// naming the run and the part; `reference` (another run's indicators), when given, names an
// indicator dataset that is missing.
std::vector<std::string> check_run(hid_t file, const std::string& id,
                                   const std::filesystem::path& path,
                                   const std::vector<std::string>* reference = nullptr);
RunKey read_key(hid_t file, const std::string& id, const std::filesystem::path& path);

// Checks an experiment record's list lengths before anything is written. Throws StoreError.
void validate(const ExperimentRecord& record, const std::filesystem::path& path);
// Writes /experiment, replacing the one there.
void write_experiment(hid_t file, const ExperimentRecord& record,
                      const std::filesystem::path& path);
// Reads /experiment; nullopt when the store has none.
std::optional<ExperimentRecord> read_experiment(hid_t file, const std::filesystem::path& path);

}  // namespace welfare::store::layout
