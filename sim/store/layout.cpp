// The run store's HDF5 layout: writing and reading run groups (see layout.hpp).
#include "store/layout.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "store/hdf5_util.hpp"

namespace welfare::store::layout {

namespace {

// Run group attributes.
constexpr const char* kScenarioName = "scenario_name";
constexpr const char* kScenarioYaml = "scenario_yaml";
constexpr const char* kTerritoryName = "territory_name";
constexpr const char* kSeed = "seed";
constexpr const char* kReplicate = "replicate";
constexpr const char* kWeeks = "weeks";
constexpr const char* kSoftwareVersion = "software_version";
constexpr const char* kCreatedUtc = "created_utc";
constexpr const char* kZoneCount = "zone_count";
constexpr const char* kIndicatorCount = "indicator_count";
// Since format 1.1; absent in 1.0 stores (read as "" and 0).
constexpr const char* kExperiment = "experiment";
constexpr const char* kPoint = "point";

// The experiment record (format 1.1): attributes of /experiment, then its datasets.
constexpr const char* kExperimentName = "name";
constexpr const char* kExperimentYaml = "experiment_yaml";
constexpr const char* kExperimentFile = "experiment_file";
constexpr const char* kDesign = "design";
constexpr const char* kExperimentSeed = "seed";
constexpr const char* kReplicates = "replicates";
constexpr const char* kLevels = "levels";
constexpr const char* kScenarioNames = "scenario_name";
constexpr const char* kScenarioFiles = "scenario_file";
constexpr const char* kScenarioYamls = "scenario_yaml";
constexpr const char* kParameters = "parameter";
constexpr const char* kLower = "parameter_lower";
constexpr const char* kUpper = "parameter_upper";
constexpr const char* kPoints = "points";
constexpr const char* kTrajectory = "point_trajectory";
constexpr const char* kChanged = "point_changed";

// Run group datasets and the indicators' group.
constexpr const char* kWeekDataset = "week";
constexpr const char* kZoneIdDataset = "zone_id";
constexpr const char* kZoneNameDataset = "zone_name";
constexpr const char* kZoneDistrictDataset = "zone_district";
constexpr const char* kIndicatorsGroup = "indicators";

// Indicator attributes and dimension labels.
constexpr const char* kUnits = "units";
constexpr const char* kDescription = "description";
constexpr const char* kWeekLabel = "week";
constexpr const char* kZoneLabel = "zone";

// Indicator datasets are (week, zone).
constexpr int kIndicatorRank = 2;
constexpr unsigned kWeekDimension = 0;
constexpr unsigned kZoneDimension = 1;

// A chunk holds a year of weeks for every zone: a map for one week or a series for one zone
// touches few chunks, and a whole run of a few years is a handful of chunks.
constexpr hsize_t kWeeksPerChunk = 52;

// Deflate level: most of the size gain of higher levels at a fraction of the time.
constexpr unsigned kDeflateLevel = 4;

[[noreturn]] void fail(const Where& where, const std::string& what) {
  std::string message = where.prefix() + what;
  const std::string detail = h5::take_error();
  if (!detail.empty()) message += " (HDF5: " + detail + ")";
  throw StoreError(message);
}

// True when every component of `path` (relative to `location`) exists.
bool link_exists(hid_t location, const std::string& path) {
  std::size_t end = 0;
  while (end != std::string::npos) {
    end = path.find('/', end + 1);
    const std::string prefix = path.substr(0, end);
    if (H5Lexists(location, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return true;
}

bool valid_link_name(const std::string& name) {
  return !name.empty() && name != "." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

h5::Id open_group(hid_t location, const std::string& name, const Where& where) {
  if (!link_exists(location, name)) fail(where, "missing group '" + name + "'");
  h5::Id group(H5Gopen2(location, name.c_str(), H5P_DEFAULT));
  if (!group.valid()) fail(where, "cannot open group '" + name + "'");
  return group;
}

h5::Id open_dataset(hid_t location, const std::string& name, const Where& where) {
  if (!link_exists(location, name)) fail(where, "missing dataset '" + name + "'");
  h5::Id dataset(H5Dopen2(location, name.c_str(), H5P_DEFAULT));
  if (!dataset.valid()) fail(where, "cannot open dataset '" + name + "'");
  return dataset;
}

h5::Id open_run(hid_t file, const std::string& id, const std::filesystem::path& path) {
  const Where where{path, ""};
  h5::Id runs = open_group(file, kRunsGroup, where);
  if (!valid_link_name(id) || H5Lexists(runs.get(), id.c_str(), H5P_DEFAULT) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw StoreError(where.prefix() + "no run '" + id + "' in the store");
  }
  h5::Id run(H5Gopen2(runs.get(), id.c_str(), H5P_DEFAULT));
  if (!run.valid()) fail(Where{path, id}, "cannot open the run's group");
  return run;
}

std::string require_string(hid_t object, const char* name, const Where& where,
                           const std::string& owner = "") {
  const std::string of = owner.empty() ? "" : " of '" + owner + "'";
  if (!h5::has_attribute(object, name))
    fail(where, "missing attribute '" + std::string(name) + "'" + of);
  std::optional<std::string> value = h5::read_string_attribute(object, name);
  if (!value)
    fail(where, "attribute '" + std::string(name) + "'" + of + " is not a readable string");
  return *value;
}

std::uint64_t require_uint(hid_t object, const char* name, const Where& where) {
  if (!h5::has_attribute(object, name))
    fail(where, "missing attribute '" + std::string(name) + "'");
  std::optional<std::uint64_t> value = h5::read_uint_attribute(object, name);
  if (!value) fail(where, "attribute '" + std::string(name) + "' is not a readable integer");
  return *value;
}

void put_string(hid_t object, const char* name, const std::string& value, const Where& where) {
  if (!h5::write_string_attribute(object, name, value)) {
    fail(where, "cannot write attribute '" + std::string(name) + "'");
  }
}

void put_uint(hid_t object, const char* name, std::uint64_t value, hid_t type, const Where& where) {
  if (!h5::write_uint_attribute(object, name, value, type)) {
    fail(where, "cannot write attribute '" + std::string(name) + "'");
  }
}

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Sequence order: numeric ids by value (zero padding makes this name order up to 999999).
bool run_id_less(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

RunMetadata read_metadata(hid_t run, const Where& where) {
  RunMetadata meta;
  meta.scenario_name = require_string(run, kScenarioName, where);
  meta.scenario_yaml = require_string(run, kScenarioYaml, where);
  meta.territory_name = require_string(run, kTerritoryName, where);
  meta.seed = require_uint(run, kSeed, where);
  meta.replicate = static_cast<std::uint32_t>(require_uint(run, kReplicate, where));
  meta.weeks = static_cast<std::uint32_t>(require_uint(run, kWeeks, where));
  meta.software_version = require_string(run, kSoftwareVersion, where);
  meta.created_utc = require_string(run, kCreatedUtc, where);
  if (h5::has_attribute(run, kExperiment))
    meta.experiment = require_string(run, kExperiment, where);
  if (h5::has_attribute(run, kPoint)) {
    meta.point = static_cast<std::uint32_t>(require_uint(run, kPoint, where));
  }
  return meta;
}

// Refuses a dataset whose declared values are not in the file (a damaged extent), before
// anything the size of the extent is allocated.
void require_stored(hid_t dataset, hssize_t count, const std::string& name, const Where& where) {
  std::uint64_t stored = 0;
  if (count > 0 && !h5::extent_is_stored(dataset, static_cast<std::uint64_t>(count), stored)) {
    fail(where, "damaged store: dataset '" + name + "' declares " + std::to_string(count) +
                    " values, but the file holds " + std::to_string(stored) + " bytes of them");
  }
}

std::vector<std::string> read_strings(hid_t run, const char* name, const Where& where) {
  h5::Id dataset = open_dataset(run, name, where);
  require_stored(dataset.get(),
                 H5Sget_simple_extent_npoints(h5::Id(H5Dget_space(dataset.get())).get()), name,
                 where);
  std::optional<std::vector<std::string>> values = h5::read_string_dataset(dataset.get());
  if (!values) fail(where, "dataset '" + std::string(name) + "' is not a readable string list");
  return *values;
}

void check_no_nul(const std::string& value, const char* what, const Where& where) {
  if (value.find('\0') != std::string::npos) {
    throw StoreError(where.prefix() + what + " contains a NUL character");
  }
}

}  // namespace

std::string Where::prefix() const {
  std::string text = file.string() + ": ";
  if (!run_id.empty()) text += "run " + run_id + ": ";
  return text;
}

std::string format_version_string() {
  return std::to_string(kFormatMajor) + "." + std::to_string(kFormatMinor);
}

bool parse_format_version(const std::string& text, int& major, int& minor) {
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos) return false;
  const std::string major_text = text.substr(0, dot);
  const std::string minor_text = text.substr(dot + 1);
  if (!all_digits(major_text) || !all_digits(minor_text)) return false;
  const auto parse = [](const std::string& digits, int& out) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return error == std::errc() && end == digits.data() + digits.size();
  };
  return parse(major_text, major) && parse(minor_text, minor);
}

std::pair<int, int> check_format(hid_t file, const std::filesystem::path& path) {
  const std::string name = path.string();
  if (!h5::has_attribute(file, kFormatAttribute)) {
    H5Eclear2(H5E_DEFAULT);
    throw StoreError(name + ": not a welfare run store (an HDF5 file without a '" +
                     kFormatAttribute + "' attribute)");
  }
  const std::optional<std::string> format = h5::read_string_attribute(file, kFormatAttribute);
  if (!format || *format != kFormatName) {
    H5Eclear2(H5E_DEFAULT);
    throw StoreError(name + ": not a welfare run store (its '" + kFormatAttribute +
                     "' attribute is " + (format ? "'" + *format + "'" : "not a string") +
                     ", not '" + kFormatName + "')");
  }
  const std::optional<std::string> version =
      h5::read_string_attribute(file, kFormatVersionAttribute);
  int major = 0;
  int minor = 0;
  if (!version || !parse_format_version(*version, major, minor)) {
    H5Eclear2(H5E_DEFAULT);
    throw StoreError(name + ": damaged welfare run store: the '" + kFormatVersionAttribute +
                     "' attribute is " +
                     (version ? "'" + *version + "', not MAJOR.MINOR" : "missing or unreadable"));
  }
  if (major > kFormatMajor) {
    throw StoreError(name + ": store format version " + *version +
                     " is newer than this program reads (" + std::to_string(kFormatMajor) +
                     ".x); upgrade welfare");
  }
  if (major < kFormatMajor) {
    throw StoreError(name + ": store format version " + *version +
                     " is older than this program reads (" + std::to_string(kFormatMajor) + ".x)");
  }
  return {major, minor};
}

void initialise(hid_t file, const std::filesystem::path& path) {
  const Where where{path, ""};
  put_string(file, kFormatAttribute, kFormatName, where);
  put_string(file, kFormatVersionAttribute, format_version_string(), where);
  h5::Id runs(H5Gcreate2(file, kRunsGroup, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!runs.valid()) fail(where, "cannot create group '" + std::string(kRunsGroup) + "'");
}

std::string next_run_id(hid_t file, const std::filesystem::path& path) {
  const Where where{path, ""};
  h5::Id runs = open_group(file, kRunsGroup, where);
  std::optional<std::vector<std::string>> names = h5::link_names(runs.get());
  if (!names) fail(where, "cannot list the runs");
  unsigned long long largest = 0;
  for (const std::string& name : *names) {
    if (!all_digits(name)) continue;
    unsigned long long value = 0;
    std::from_chars(name.data(), name.data() + name.size(), value);
    largest = std::max(largest, value);
  }
  std::string id = std::to_string(largest + 1);
  if (id.size() < kRunIdDigits) id.insert(0, kRunIdDigits - id.size(), '0');
  return id;
}

void validate(const RunData& run, const std::filesystem::path& path) {
  const Where where{path, ""};
  const std::size_t weeks = run.weeks.size();
  const std::size_t zones = run.zones.ids.size();
  const auto bad = [&](const std::string& what) {
    throw StoreError(where.prefix() + "cannot append run: " + what);
  };
  if (run.meta.weeks != weeks) {
    bad("metadata says " + std::to_string(run.meta.weeks) + " weeks but the week axis has " +
        std::to_string(weeks));
  }
  if (run.zones.names.size() != zones || run.zones.districts.size() != zones) {
    bad("zone ids, names and districts differ in length (" + std::to_string(zones) + ", " +
        std::to_string(run.zones.names.size()) + ", " + std::to_string(run.zones.districts.size()) +
        ")");
  }
  for (const std::vector<std::string>* axis :
       {&run.zones.ids, &run.zones.names, &run.zones.districts}) {
    for (const std::string& value : *axis)
      check_no_nul(value, "a zone label", where);
  }
  for (const std::string* text :
       {&run.meta.scenario_name, &run.meta.scenario_yaml, &run.meta.territory_name,
        &run.meta.software_version, &run.meta.created_utc, &run.meta.experiment}) {
    check_no_nul(*text, "a metadata string", where);
  }
  std::set<std::string> names;
  for (const Indicator& indicator : run.indicators) {
    if (!valid_link_name(indicator.name)) {
      bad("indicator name '" + indicator.name + "' is empty or contains '/'");
    }
    if (!names.insert(indicator.name).second) bad("indicator '" + indicator.name + "' twice");
    if (indicator.values.size() != weeks * zones) {
      bad("indicator '" + indicator.name + "' has " + std::to_string(indicator.values.size()) +
          " values, expected weeks x zones = " + std::to_string(weeks * zones));
    }
    check_no_nul(indicator.units, "an indicator's units", where);
    check_no_nul(indicator.description, "an indicator's description", where);
  }
}

void write_run(hid_t file, const std::string& id, const RunData& run,
               const std::filesystem::path& path) {
  const Where where{path, id};
  const hsize_t weeks = run.weeks.size();
  const hsize_t zones = run.zones.ids.size();

  h5::Id runs = open_group(file, kRunsGroup, Where{path, ""});
  h5::Id group(H5Gcreate2(runs.get(), id.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!group.valid()) fail(where, "cannot create the run's group");
  const hid_t g = group.get();

  put_string(g, kScenarioName, run.meta.scenario_name, where);
  put_string(g, kScenarioYaml, run.meta.scenario_yaml, where);
  put_string(g, kTerritoryName, run.meta.territory_name, where);
  put_uint(g, kSeed, run.meta.seed, H5T_STD_U64LE, where);
  put_uint(g, kReplicate, run.meta.replicate, H5T_STD_U32LE, where);
  put_uint(g, kWeeks, run.meta.weeks, H5T_STD_U32LE, where);
  put_string(g, kSoftwareVersion, run.meta.software_version, where);
  put_string(g, kCreatedUtc, run.meta.created_utc, where);
  put_uint(g, kZoneCount, zones, H5T_STD_U32LE, where);
  put_uint(g, kIndicatorCount, run.indicators.size(), H5T_STD_U32LE, where);
  put_string(g, kExperiment, run.meta.experiment, where);
  put_uint(g, kPoint, run.meta.point, H5T_STD_U32LE, where);

  // The axes, made dimension scales so tools can label the indicators' dimensions.
  const hsize_t week_dims[1] = {weeks};
  h5::Id week_space(H5Screate_simple(1, week_dims, nullptr));
  h5::Id week(H5Dcreate2(g, kWeekDataset, H5T_STD_I32LE, week_space.get(), H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT));
  if (!week.valid()) fail(where, "cannot create dataset 'week'");
  if (weeks > 0 &&
      H5Dwrite(week.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, run.weeks.data()) < 0) {
    fail(where, "cannot write dataset 'week'");
  }
  if (H5DSset_scale(week.get(), kWeekDataset) < 0) fail(where, "cannot make 'week' a scale");

  const std::pair<const char*, const std::vector<std::string>*> zone_axes[] = {
      {kZoneIdDataset, &run.zones.ids},
      {kZoneNameDataset, &run.zones.names},
      {kZoneDistrictDataset, &run.zones.districts}};
  std::vector<h5::Id> zone_scales;
  for (const auto& [name, values] : zone_axes) {
    if (!h5::write_string_dataset(g, name, *values)) {
      fail(where, "cannot write dataset '" + std::string(name) + "'");
    }
    h5::Id scale(H5Dopen2(g, name, H5P_DEFAULT));
    if (!scale.valid() || H5DSset_scale(scale.get(), name) < 0) {
      fail(where, "cannot make '" + std::string(name) + "' a scale");
    }
    zone_scales.push_back(std::move(scale));
  }

  // Creation order is tracked so indicators read back in the order they were written.
  h5::Id group_plist(H5Pcreate(H5P_GROUP_CREATE));
  H5Pset_link_creation_order(group_plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  h5::Id indicators(H5Gcreate2(g, kIndicatorsGroup, H5P_DEFAULT, group_plist.get(), H5P_DEFAULT));
  if (!indicators.valid()) fail(where, "cannot create group 'indicators'");

  const hsize_t dims[kIndicatorRank] = {weeks, zones};
  const hsize_t chunk[kIndicatorRank] = {std::max<hsize_t>(1, std::min(weeks, kWeeksPerChunk)),
                                         std::max<hsize_t>(1, zones)};
  h5::Id space(H5Screate_simple(kIndicatorRank, dims, nullptr));
  h5::Id dataset_plist(H5Pcreate(H5P_DATASET_CREATE));
  if (H5Pset_chunk(dataset_plist.get(), kIndicatorRank, chunk) < 0 ||
      H5Pset_shuffle(dataset_plist.get()) < 0 ||
      H5Pset_deflate(dataset_plist.get(), kDeflateLevel) < 0) {
    fail(where, "cannot set up chunking and compression");
  }
  for (const Indicator& indicator : run.indicators) {
    const std::string name = std::string(kIndicatorsGroup) + "/" + indicator.name;
    h5::Id dataset(H5Dcreate2(indicators.get(), indicator.name.c_str(), H5T_IEEE_F32LE, space.get(),
                              H5P_DEFAULT, dataset_plist.get(), H5P_DEFAULT));
    if (!dataset.valid()) fail(where, "cannot create dataset '" + name + "'");
    if (!indicator.values.empty() && H5Dwrite(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL,
                                              H5P_DEFAULT, indicator.values.data()) < 0) {
      fail(where, "cannot write dataset '" + name + "'");
    }
    put_string(dataset.get(), kUnits, indicator.units, where);
    put_string(dataset.get(), kDescription, indicator.description, where);
    bool ok = H5DSattach_scale(dataset.get(), week.get(), kWeekDimension) >= 0;
    for (const h5::Id& scale : zone_scales) {
      ok = ok && H5DSattach_scale(dataset.get(), scale.get(), kZoneDimension) >= 0;
    }
    ok = ok && H5DSset_label(dataset.get(), kWeekDimension, kWeekLabel) >= 0 &&
         H5DSset_label(dataset.get(), kZoneDimension, kZoneLabel) >= 0;
    if (!ok) fail(where, "cannot attach the dimension scales of '" + name + "'");
  }
}

std::vector<std::string> run_ids(hid_t file, const std::filesystem::path& path) {
  const Where where{path, ""};
  h5::Id runs = open_group(file, kRunsGroup, where);
  std::optional<std::vector<std::string>> names = h5::link_names(runs.get());
  if (!names) fail(where, "cannot list the runs");
  std::sort(names->begin(), names->end(), run_id_less);
  return *names;
}

RunSummary read_summary(hid_t file, const std::string& id, const std::filesystem::path& path) {
  const Where where{path, id};
  h5::Id run = open_run(file, id, path);
  RunSummary summary;
  summary.id = id;
  summary.meta = read_metadata(run.get(), where);
  summary.zone_count = static_cast<std::size_t>(require_uint(run.get(), kZoneCount, where));
  h5::Id indicators = open_group(run.get(), kIndicatorsGroup, where);
  std::optional<std::vector<std::string>> names = h5::link_names(indicators.get());
  if (!names) fail(where, "cannot list the indicators");
  summary.indicator_names = std::move(*names);
  return summary;
}

ZoneAxis read_zones(hid_t file, const std::string& id, const std::filesystem::path& path) {
  const Where where{path, id};
  h5::Id run = open_run(file, id, path);
  ZoneAxis zones;
  zones.ids = read_strings(run.get(), kZoneIdDataset, where);
  zones.names = read_strings(run.get(), kZoneNameDataset, where);
  zones.districts = read_strings(run.get(), kZoneDistrictDataset, where);
  if (zones.names.size() != zones.ids.size() || zones.districts.size() != zones.ids.size()) {
    throw StoreError(where.prefix() + "zone_id, zone_name and zone_district differ in length");
  }
  const std::uint64_t zone_count = require_uint(run.get(), kZoneCount, where);
  if (zones.ids.size() != zone_count) {
    throw StoreError(where.prefix() + "dataset 'zone_id' has " + std::to_string(zones.ids.size()) +
                     " values but the run's '" + kZoneCount + "' is " + std::to_string(zone_count));
  }
  return zones;
}

std::vector<std::int32_t> read_weeks(hid_t file, const std::string& id,
                                     const std::filesystem::path& path) {
  const Where where{path, id};
  h5::Id run = open_run(file, id, path);
  h5::Id week = open_dataset(run.get(), kWeekDataset, where);
  h5::Id space(H5Dget_space(week.get()));
  if (H5Sget_simple_extent_ndims(space.get()) != 1) {
    throw StoreError(where.prefix() + "dataset 'week' is not one-dimensional");
  }
  if (H5Tget_class(h5::Id(H5Dget_type(week.get())).get()) != H5T_INTEGER) {
    throw StoreError(where.prefix() + "dataset 'week' does not hold integers");
  }
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  const std::uint64_t expected = require_uint(run.get(), kWeeks, where);
  if (count < 0 || static_cast<std::uint64_t>(count) != expected) {
    throw StoreError(where.prefix() + "dataset 'week' has " + std::to_string(count) +
                     " values but the run's '" + kWeeks + "' is " + std::to_string(expected));
  }
  require_stored(week.get(), count, kWeekDataset, where);
  std::vector<std::int32_t> weeks(static_cast<std::size_t>(std::max<hssize_t>(count, 0)));
  if (!weeks.empty() &&
      H5Dread(week.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, weeks.data()) < 0) {
    fail(where, "cannot read dataset 'week'");
  }
  return weeks;
}

Indicator read_indicator(hid_t file, const std::string& id, const std::string& name,
                         const std::filesystem::path& path, bool with_values) {
  const Where where{path, id};
  h5::Id run = open_run(file, id, path);
  const std::string dataset_path = std::string(kIndicatorsGroup) + "/" + name;
  if (!valid_link_name(name)) fail(where, "missing dataset '" + dataset_path + "'");
  h5::Id dataset = open_dataset(run.get(), dataset_path, where);
  h5::Id space(H5Dget_space(dataset.get()));
  if (H5Sget_simple_extent_ndims(space.get()) != kIndicatorRank) {
    throw StoreError(where.prefix() + "dataset '" + dataset_path + "' is not (week, zone)");
  }
  if (H5Tget_class(h5::Id(H5Dget_type(dataset.get())).get()) != H5T_FLOAT) {
    throw StoreError(where.prefix() + "dataset '" + dataset_path + "' is not floating point");
  }
  hsize_t dims[kIndicatorRank] = {0, 0};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  const std::uint64_t weeks = require_uint(run.get(), kWeeks, where);
  const std::uint64_t zones = require_uint(run.get(), kZoneCount, where);
  if (dims[kWeekDimension] != weeks || dims[kZoneDimension] != zones) {
    throw StoreError(where.prefix() + "dataset '" + dataset_path + "' has shape (" +
                     std::to_string(dims[kWeekDimension]) + ", " +
                     std::to_string(dims[kZoneDimension]) + "), expected (weeks, zones) = (" +
                     std::to_string(weeks) + ", " + std::to_string(zones) + ")");
  }
  Indicator indicator;
  indicator.name = name;
  indicator.units = require_string(dataset.get(), kUnits, where, dataset_path);
  indicator.description = require_string(dataset.get(), kDescription, where, dataset_path);
  if (!with_values) return indicator;
  const auto count = H5Sget_simple_extent_npoints(space.get());
  require_stored(dataset.get(), count, dataset_path, where);
  indicator.values.resize(static_cast<std::size_t>(std::max<hssize_t>(count, 0)));
  if (!indicator.values.empty() && H5Dread(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL,
                                           H5P_DEFAULT, indicator.values.data()) < 0) {
    fail(where, "cannot read dataset '" + dataset_path + "'");
  }
  return indicator;
}

namespace {

// The run's indicator_count attribute against the datasets its 'indicators' group holds.
// `reference`, when given, lists the indicators of another run, to name one that is missing.
void check_indicator_count(hid_t file, const RunSummary& summary, const std::filesystem::path& path,
                           const std::vector<std::string>* reference = nullptr) {
  const Where where{path, summary.id};
  h5::Id run = open_run(file, summary.id, path);
  const std::uint64_t count = require_uint(run.get(), kIndicatorCount, where);
  if (count != summary.indicator_names.size()) {
    const auto& names = summary.indicator_names;
    for (const std::string& name : reference != nullptr ? *reference : names) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        throw StoreError(where.prefix() + "missing dataset '" + kIndicatorsGroup + "/" + name +
                         "' (the run's '" + kIndicatorCount + "' is " + std::to_string(count) +
                         ", its group '" + kIndicatorsGroup + "' holds " +
                         std::to_string(names.size()) + ")");
      }
    }
    throw StoreError(where.prefix() + "group '" + kIndicatorsGroup + "' holds " +
                     std::to_string(summary.indicator_names.size()) +
                     " indicators but the run's '" + kIndicatorCount + "' is " +
                     std::to_string(count) + " (an indicator dataset is missing or was added)");
  }
}

}  // namespace

RunData read_run(hid_t file, const std::string& id, const std::filesystem::path& path) {
  const Where where{path, id};
  RunSummary summary = read_summary(file, id, path);
  check_indicator_count(file, summary, path);
  RunData run;
  run.meta = std::move(summary.meta);
  run.weeks = read_weeks(file, id, path);
  run.zones = read_zones(file, id, path);
  for (const std::string& name : summary.indicator_names) {
    run.indicators.push_back(read_indicator(file, id, name, path));
    const std::size_t expected = run.weeks.size() * run.zones.ids.size();
    if (run.indicators.back().values.size() != expected) {
      throw StoreError(where.prefix() + "indicator '" + name +
                       "' does not have weeks x zones = " + std::to_string(expected) + " values");
    }
  }
  return run;
}

std::vector<std::string> check_run(hid_t file, const std::string& id,
                                   const std::filesystem::path& path,
                                   const std::vector<std::string>* reference) {
  const RunSummary summary = read_summary(file, id, path);
  check_indicator_count(file, summary, path, reference);
  read_weeks(file, id, path);
  read_zones(file, id, path);
  for (const std::string& name : summary.indicator_names) {
    read_indicator(file, id, name, path, /*with_values=*/false);
  }
  return summary.indicator_names;
}

RunKey read_key(hid_t file, const std::string& id, const std::filesystem::path& path) {
  const Where where{path, id};
  h5::Id run = open_run(file, id, path);
  RunKey key;
  key.id = id;
  key.scenario = require_string(run.get(), kScenarioName, where);
  key.replicate = static_cast<std::uint32_t>(require_uint(run.get(), kReplicate, where));
  if (h5::has_attribute(run.get(), kPoint)) {
    key.point = static_cast<std::uint32_t>(require_uint(run.get(), kPoint, where));
  }
  return key;
}

namespace {

// A numeric dataset of `dims` (row-major `values`), small and contiguous.
template <typename T>
void write_numbers(hid_t parent, const char* name, hid_t file_type, hid_t memory_type,
                   const std::vector<hsize_t>& dims, const std::vector<T>& values,
                   const Where& where) {
  h5::Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
  h5::Id dataset(
      H5Dcreate2(parent, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!dataset.valid()) fail(where, "cannot create dataset '" + std::string(name) + "'");
  if (!values.empty() &&
      H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    fail(where, "cannot write dataset '" + std::string(name) + "'");
  }
}

// Reads a numeric dataset of rank `rank`; its dimensions go to `dims`.
template <typename T>
std::vector<T> read_numbers(hid_t parent, const char* name, hid_t memory_type, int rank,
                            std::vector<hsize_t>& dims, const Where& where) {
  h5::Id dataset = open_dataset(parent, name, where);
  h5::Id space(H5Dget_space(dataset.get()));
  if (H5Sget_simple_extent_ndims(space.get()) != rank) {
    fail(where, "dataset '" + std::string(name) + "' does not have " + std::to_string(rank) +
                    (rank == 1 ? " dimension" : " dimensions"));
  }
  dims.assign(static_cast<std::size_t>(rank), 0);
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  require_stored(dataset.get(), count, name, where);
  std::vector<T> values(static_cast<std::size_t>(std::max<hssize_t>(count, 0)));
  if (!values.empty() &&
      H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    fail(where, "cannot read dataset '" + std::string(name) + "'");
  }
  return values;
}

}  // namespace

void validate(const ExperimentRecord& r, const std::filesystem::path& path) {
  const Where where{path, ""};
  const auto bad = [&](const std::string& what) {
    throw StoreError(where.prefix() + "cannot record the experiment: " + what);
  };
  const std::size_t scenarios = r.scenario_names.size();
  if (r.scenario_files.size() != scenarios || r.scenario_yaml.size() != scenarios) {
    bad("scenario names, files and resolved scenarios differ in length");
  }
  const std::size_t k = r.parameters.size();
  if (r.lower.size() != k || r.upper.size() != k) bad("parameter ranges differ in length");
  const std::size_t points = r.trajectory.size();
  if (r.changed.size() != points) bad("point trajectories and changes differ in length");
  if (r.points.size() != points * k) {
    bad("points hold " + std::to_string(r.points.size()) + " values, expected points x " +
        "parameters = " + std::to_string(points * k));
  }
  for (const std::string* text : {&r.name, &r.experiment_yaml, &r.experiment_file, &r.design}) {
    check_no_nul(*text, "an experiment string", where);
  }
  for (const auto* list : {&r.scenario_names, &r.scenario_files, &r.scenario_yaml, &r.parameters}) {
    for (const std::string& text : *list)
      check_no_nul(text, "an experiment string", where);
  }
}

void write_experiment(hid_t file, const ExperimentRecord& r, const std::filesystem::path& path) {
  const Where where{path, ""};
  if (H5Lexists(file, kExperimentGroup, H5P_DEFAULT) > 0 &&
      H5Ldelete(file, kExperimentGroup, H5P_DEFAULT) < 0) {
    fail(where, "cannot replace the experiment record");
  }
  h5::Id group(H5Gcreate2(file, kExperimentGroup, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!group.valid()) fail(where, "cannot create group '" + std::string(kExperimentGroup) + "'");
  const hid_t g = group.get();
  put_string(g, kExperimentName, r.name, where);
  put_string(g, kExperimentYaml, r.experiment_yaml, where);
  put_string(g, kExperimentFile, r.experiment_file, where);
  put_string(g, kDesign, r.design, where);
  put_uint(g, kExperimentSeed, r.seed, H5T_STD_U64LE, where);
  put_uint(g, kReplicates, r.replicates, H5T_STD_U32LE, where);
  put_uint(g, kLevels, r.levels, H5T_STD_U32LE, where);
  for (const auto& [name, values] :
       {std::pair{kScenarioNames, &r.scenario_names}, std::pair{kScenarioFiles, &r.scenario_files},
        std::pair{kScenarioYamls, &r.scenario_yaml}, std::pair{kParameters, &r.parameters}}) {
    if (!h5::write_string_dataset(g, name, *values)) {
      fail(where, "cannot write dataset '" + std::string(name) + "'");
    }
  }
  const hsize_t k = r.parameters.size();
  const hsize_t points = r.trajectory.size();
  write_numbers(g, kLower, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {k}, r.lower, where);
  write_numbers(g, kUpper, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {k}, r.upper, where);
  write_numbers(g, kPoints, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {points, k}, r.points, where);
  write_numbers(g, kTrajectory, H5T_STD_I32LE, H5T_NATIVE_INT32, {points}, r.trajectory, where);
  write_numbers(g, kChanged, H5T_STD_I32LE, H5T_NATIVE_INT32, {points}, r.changed, where);
}

std::optional<ExperimentRecord> read_experiment(hid_t file, const std::filesystem::path& path) {
  const Where where{path, ""};
  if (H5Lexists(file, kExperimentGroup, H5P_DEFAULT) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  h5::Id group = open_group(file, kExperimentGroup, where);
  const hid_t g = group.get();
  const std::string owner = kExperimentGroup;
  ExperimentRecord r;
  r.name = require_string(g, kExperimentName, where, owner);
  r.experiment_yaml = require_string(g, kExperimentYaml, where, owner);
  r.experiment_file = require_string(g, kExperimentFile, where, owner);
  r.design = require_string(g, kDesign, where, owner);
  r.seed = require_uint(g, kExperimentSeed, where);
  r.replicates = static_cast<std::uint32_t>(require_uint(g, kReplicates, where));
  r.levels = static_cast<std::uint32_t>(require_uint(g, kLevels, where));
  r.scenario_names = read_strings(g, kScenarioNames, where);
  r.scenario_files = read_strings(g, kScenarioFiles, where);
  r.scenario_yaml = read_strings(g, kScenarioYamls, where);
  r.parameters = read_strings(g, kParameters, where);
  std::vector<hsize_t> dims;
  r.lower = read_numbers<double>(g, kLower, H5T_NATIVE_DOUBLE, 1, dims, where);
  r.upper = read_numbers<double>(g, kUpper, H5T_NATIVE_DOUBLE, 1, dims, where);
  r.points = read_numbers<double>(g, kPoints, H5T_NATIVE_DOUBLE, 2, dims, where);
  const hsize_t point_rows = dims[0];
  r.trajectory = read_numbers<std::int32_t>(g, kTrajectory, H5T_NATIVE_INT32, 1, dims, where);
  r.changed = read_numbers<std::int32_t>(g, kChanged, H5T_NATIVE_INT32, 1, dims, where);
  if (point_rows != r.trajectory.size()) {
    throw StoreError(where.prefix() + "damaged experiment record: '" + kPoints + "' has " +
                     std::to_string(point_rows) + " rows but '" + kTrajectory + "' has " +
                     std::to_string(r.trajectory.size()) + " values");
  }
  try {
    validate(r, path);
  } catch (const StoreError& e) {
    throw StoreError(std::string("damaged experiment record: ") + e.what());
  }
  return r;
}

}  // namespace welfare::store::layout
