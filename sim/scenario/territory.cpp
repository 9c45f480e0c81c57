// Territory files: the service catalogue, parsing and validation of the `territory:` mapping
// (zones, their marginals and service capacities, each figure with its citation) and
// writing it back fully resolved.
#include "scenario/territory.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "params/parameters.hpp"
#include "scenario/territory_reader.hpp"

namespace welfare {

const std::array<ServiceInfo, kServiceKinds>& service_catalogue() {
  static const std::array<ServiceInfo, kServiceKinds> catalogue = {{
      {ServiceKind::kHomeCare, "home_care", "hours per week",
       "Home care (SAD/ADI): hours of care delivered at home each week"},
      {ServiceKind::kDayCentre, "day_centre", "places",
       "Day centres for older or disabled persons: places open each weekday"},
      {ServiceKind::kNursingHome, "nursing_home", "beds", "Nursing homes (RSA): residential beds"},
      {ServiceKind::kCommunityHub, "community_hub", "places",
       "Community hubs (Case di Quartiere, community centres): places in activities each week"},
      {ServiceKind::kCaseManagement, "case_management", "social workers (full-time equivalent)",
       "Social secretariat and case management: social workers taking cases"},
      {ServiceKind::kIncomeSupport, "income_support", "places",
       "Income support measures: households supported at a time"},
      {ServiceKind::kHousingSupport, "housing_support", "places",
       "Housing support and emergency housing: households supported or housed at a time"},
      {ServiceKind::kChildrenServices, "children_services", "places",
       "Educational and family support for minors: children followed at a time"},
      {ServiceKind::kBudgetDiSalute, "budget_di_salute", "plans",
       "Budget di Salute: personalised health-budget plans running at a time"},
  }};
  return catalogue;
}

std::int64_t Territory::total_residents() const {
  std::int64_t total = 0;
  for (const auto& zone : zones)
    total += zone.residents;
  return total;
}

std::optional<std::size_t> Territory::find_zone(std::string_view id) const {
  for (std::size_t i = 0; i < zones.size(); ++i) {
    if (zones[i].id == id) return i;
  }
  return std::nullopt;
}

namespace territory_reader {

namespace {

using yaml_reader::Cited;
using yaml_reader::describe;
using yaml_reader::expect_map;
using yaml_reader::expect_sequence;
using yaml_reader::Field;
using yaml_reader::MapReader;
using yaml_reader::quote;
using yaml_reader::read_number;
using yaml_reader::read_text;
using yaml_reader::read_whole;
using yaml_reader::Source;
using yaml_reader::unwrap_cited;

// Published shares are rounded (to 0.1% or 1%), so their sum misses 1 by a little.
constexpr double kShareSumTolerance = 0.002;
// Largest zone: far above any Italian comune (Rome has under 3 million residents), low enough
// to catch a misplaced digit.
constexpr std::int64_t kMaxResidents = 100'000'000;
// Largest service figure (a capacity or a rate per 1,000 residents): a bound that catches
// typos without constraining any real capacity.
constexpr double kMaxServiceFigure = 1e9;
// Largest income band bound in EUR per year, for the same reason.
constexpr double kMaxIncomeBound = 1e9;
// Service rates are given per this many residents.
constexpr double kRatePerResidents = 1000.0;
constexpr double kMaxLongitude = 180.0;
constexpr double kMaxLatitude = 90.0;

// Figure keys: the names that citations are filed under.
constexpr const char* kResidents = "residents";
constexpr const char* kHouseholds = "households";
constexpr const char* kOnePerson = "one_person_households";
constexpr const char* kSizeShares = "household_size_shares";
constexpr const char* kAgeShares = "age_shares";
constexpr const char* kForeignShare = "foreign_share";
constexpr const char* kIncomeShares = "income_shares";
constexpr const char* kServices = "services";
constexpr const char* kServiceRates = "services_per_1000_residents";

const std::array<std::string, kHouseholdSizeClasses> kSizeKeys = {"1", "2", "3", "4", "5+"};

const std::vector<std::string> kTerritoryKeys = {
    "name",    "description", "language",      "age_bands", "income_bands",
    "sources", "districts",   "service_areas", "defaults",  "zones"};
const std::vector<std::string> kAreaNames = {"zone", "district", "territory"};
const std::vector<std::string> kDefaultsKeys = {kSizeShares, kAgeShares, kForeignShare,
                                                kIncomeShares, kServiceRates};
const std::vector<std::string> kZoneKeys = {"id",       "name",        "district",    "centroid",
                                            kResidents, kHouseholds,   kOnePerson,    kSizeShares,
                                            kAgeShares, kForeignShare, kIncomeShares, kServices};

std::vector<std::string> service_keys() {
  std::vector<std::string> keys;
  for (const auto& info : service_catalogue())
    keys.emplace_back(info.key);
  return keys;
}

// Every key a `sources:` block may cite.
std::vector<std::string> figure_keys() {
  std::vector<std::string> keys = {kResidents,    kHouseholds, kOnePerson,
                                   kSizeShares,   kAgeShares,  kForeignShare,
                                   kIncomeShares, kServices,   kServiceRates};
  for (const auto& info : service_catalogue()) {
    keys.push_back(std::string(kServices) + "." + std::string(info.key));
    keys.push_back(std::string(kServiceRates) + "." + std::string(info.key));
  }
  return keys;
}

// Sums and other derived numbers in messages: six significant digits are what a reader
// compares with the figures they typed.
std::string format_short(double v) {
  constexpr std::size_t kBuffer = 32;
  char buffer[kBuffer];
  std::snprintf(buffer, kBuffer, "%.6g", v);
  return buffer;
}

// The citation filed for a figure key in the sources block: "services.home_care" falls back
// to a citation of all "services".
std::optional<std::string> lookup_source(const std::map<std::string, std::string>& sources,
                                         const std::string& key) {
  if (auto it = sources.find(key); it != sources.end()) return it->second;
  if (const auto dot = key.find('.'); dot != std::string::npos) {
    if (auto it = sources.find(key.substr(0, dot)); it != sources.end()) return it->second;
  }
  return std::nullopt;
}

struct CitedNumber {
  double value = 0;
  std::string source;
};
struct CitedShares {
  std::vector<double> values;
  std::string source;  // the distinct citations of the values, joined with "; "
};

// What figures are read against: the territory's bands and its sources block.
struct FigureReader {
  const Source& source;
  const std::map<std::string, std::string>& sources;
  std::vector<std::string> age_labels;     // "0-14", ..., "80+"
  std::vector<std::string> income_labels;  // band names

  // The citation of a figure: the inline one, else the sources block, else an error at
  // the figure's key.
  std::string cite(const Field& field, const std::string& key,
                   const std::optional<std::string>& inline_source,
                   const std::optional<std::string>& enclosing_source = std::nullopt) const {
    if (inline_source) return *inline_source;
    if (enclosing_source) return *enclosing_source;
    if (auto filed = lookup_source(sources, key)) return *filed;
    source.fail(field.key, "figure " + quote(key) +
                               " has no source; add it under territory.sources or write "
                               "{value: ..., source: ...}");
  }

  void check_sum(const Field& field, const std::string& key,
                 const std::vector<double>& values) const {
    double sum = 0;
    for (double v : values)
      sum += v;
    if (std::fabs(sum - 1.0) > kShareSumTolerance) {
      source.fail(field.at(), key + " sum to " + format_short(sum) +
                                  "; expected shares summing to 1 (within " +
                                  format_short(kShareSumTolerance) + ")");
    }
  }

  static void add_distinct(std::vector<std::string>& list, const std::string& s) {
    if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
  }

  // A list of shares, one per band: `[0.1, 0.9]`, `{value: [...], source: ...}` or with
  // some items written `{value: 0.1, source: ...}`.
  CitedShares shares_list(const Field& field, const std::string& key,
                          const std::vector<std::string>& labels, std::string_view band) const {
    const Cited whole = unwrap_cited(source, field);
    const std::string expected =
        "a list of shares, one per " + std::string(band) + " (" + yaml_reader::join(labels) + ")";
    expect_sequence(source, whole.field, expected);
    const auto items = yaml_reader::sequence_items(whole.field);
    if (items.size() != labels.size()) {
      source.fail(whole.field.at(), quote(key) + " has " + std::to_string(items.size()) +
                                        " values; expected one per " + std::string(band) + " (" +
                                        std::to_string(labels.size()) + ": " +
                                        yaml_reader::join(labels) + ")");
    }
    CitedShares out;
    std::vector<std::string> citations;
    for (const auto& item : items) {
      const Cited value = unwrap_cited(source, item);
      out.values.push_back(read_number(source, value.field, 0, 1, "share"));
      add_distinct(citations, cite(field, key, value.source, whole.source));
    }
    check_sum(whole.field, key, out.values);
    out.source = yaml_reader::join(citations, "; ");
    return out;
  }

  CitedShares age_shares(const Field& field) const {
    return shares_list(field, kAgeShares, age_labels, "age band");
  }
  CitedShares income_shares(const Field& field) const {
    return shares_list(field, kIncomeShares, income_labels, "income band");
  }

  // Household size shares: a mapping {"1": ..., "2": ..., "3": ..., "4": ..., "5+": ...}.
  CitedShares size_shares(const Field& field) const {
    const Cited whole = unwrap_cited(source, field);
    expect_map(source, whole.field,
               "a mapping of shares by household size {\"1\", \"2\", \"3\", \"4\", \"5+\"}");
    const std::vector<std::string> keys(kSizeKeys.begin(), kSizeKeys.end());
    const MapReader map(source, whole.field.value, kSizeShares, keys, "household size");
    CitedShares out;
    std::vector<std::string> citations;
    for (const auto& size : kSizeKeys) {
      const Cited value = unwrap_cited(source, map.require(size));
      Field labelled = value.field;
      labelled.label = quote(std::string(kSizeShares) + "." + size);
      out.values.push_back(read_number(source, labelled, 0, 1, "share"));
      add_distinct(citations, cite(field, kSizeShares, value.source, whole.source));
    }
    check_sum(whole.field, kSizeShares, out.values);
    out.source = yaml_reader::join(citations, "; ");
    return out;
  }

  CitedNumber share(const Field& field, const std::string& key) const {
    const Cited value = unwrap_cited(source, field);
    const double v = read_number(source, value.field, 0, 1, "share");
    return {v, cite(field, key, value.source)};
  }

  std::pair<std::int64_t, std::string> whole(const Field& field, const std::string& key,
                                             std::int64_t max) const {
    const Cited value = unwrap_cited(source, field);
    const std::int64_t v = read_whole(source, value.field, 0, max);
    return {v, cite(field, key, value.source)};
  }

  // Service figures by service key; `group` is "services" or "services_per_1000_residents".
  std::array<std::optional<CitedNumber>, kServiceKinds> services(const Field& field,
                                                                 const std::string& group) const {
    const Cited whole = unwrap_cited(source, field);
    expect_map(source, whole.field, "a mapping from service to figure, e.g. {home_care: 12.5}");
    const MapReader map(source, whole.field.value, quote(group), service_keys(), "service");
    std::array<std::optional<CitedNumber>, kServiceKinds> out;
    for (std::size_t k = 0; k < kServiceKinds; ++k) {
      const auto& info = service_catalogue()[k];
      const Field* item = map.find(info.key);
      if (item == nullptr) continue;
      const Cited value = unwrap_cited(source, *item);
      const std::string key = group + "." + std::string(info.key);
      Field labelled = value.field;
      labelled.label = quote(key);
      const std::string unit = group == kServiceRates
                                   ? std::string(info.unit) + " per 1,000 residents"
                                   : std::string(info.unit);
      const double v = read_number(source, labelled, 0, kMaxServiceFigure, unit);
      out[k] = CitedNumber{v, cite(*item, key, value.source, whole.source)};
    }
    return out;
  }
};

// Figures that every zone inherits unless it gives its own.
struct Defaults {
  std::optional<CitedShares> size_shares;
  std::optional<CitedShares> age_shares;
  std::optional<CitedNumber> foreign_share;
  std::optional<CitedShares> income_shares;
  std::array<std::optional<CitedNumber>, kServiceKinds> rates;
};

// A label for messages about a zone before its id is validated: "zone '11'" or "zone 3".
std::string zone_label(const YAML::Node& node, std::size_t index) {
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "id" && it->second.IsScalar() &&
          !it->second.Scalar().empty()) {
        return "zone " + quote(it->second.Scalar());
      }
    }
  }
  return "zone " + std::to_string(index);
}

std::string line_note(const Source& source, const YAML::Node& node, std::string_view verb) {
  const SourceLocation at = source.where(node);
  return at.line > 0 ? " (" + std::string(verb) + " at line " + std::to_string(at.line) + ")" : "";
}

std::vector<int> parse_age_bands(const Source& source, const Field& field, const AgeLimit& limit) {
  expect_sequence(source, field, "a list of age band lower bounds in years, e.g. [0, 15, 65, 80]");
  const auto items = yaml_reader::sequence_items(field);
  if (items.empty()) {
    source.fail(field.at(), "'age_bands' must list at least one lower bound, starting with 0");
  }
  const auto max_bound = static_cast<std::int64_t>(spec(Param::kMaxAge).max);
  std::vector<int> bands;
  for (const auto& item : items) {
    const auto lower = static_cast<int>(read_whole(source, item, 0, max_bound));
    if (bands.empty() && lower != 0) {
      source.fail(item.at(), "the first age band must start at 0, found " + describe(item.value));
    }
    if (!bands.empty() && lower <= bands.back()) {
      source.fail(item.at(), item.label + " (" + std::to_string(lower) +
                                 ") must be above the previous lower bound (" +
                                 std::to_string(bands.back()) +
                                 "); expected strictly increasing lower bounds");
    }
    if (lower >= limit.max_age) {
      source.fail(item.at(), item.label + " (" + std::to_string(lower) + ") must be below " +
                                 limit.description + ": the last band is open up to that age");
    }
    bands.push_back(lower);
  }
  return bands;
}

std::vector<IncomeBand> parse_income_bands(const Source& source, const Field& field) {
  expect_sequence(source, field,
                  "a list of income bands, e.g. [{name: \"<=10k\", upper_eur: 10000}, "
                  "{name: \">10k\"}]");
  const auto items = yaml_reader::sequence_items(field);
  if (items.empty()) source.fail(field.at(), "'income_bands' must list at least one band");
  std::vector<IncomeBand> bands;
  std::map<std::string, YAML::Node> names;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const bool last = i + 1 == items.size();
    expect_map(source, items[i], "a mapping {name, upper_eur}");
    const MapReader map(source, items[i].value, "income band " + std::to_string(i + 1),
                        {"name", "upper_eur"});
    const Field& name_field = map.require("name");
    IncomeBand band{read_text(source, name_field), std::numeric_limits<double>::infinity()};
    if (auto it = names.find(band.name); it != names.end()) {
      source.fail(name_field.at(), "duplicate income band name " + quote(band.name) +
                                       line_note(source, it->second, "first given"));
    }
    names.emplace(band.name, name_field.value);
    const Field* upper = map.find("upper_eur");
    if (last && upper != nullptr) {
      source.fail(upper->key, "the last income band " + quote(band.name) +
                                  " is open-ended: remove 'upper_eur' (incomes above the "
                                  "previous band's bound fall in it)");
    }
    if (!last) {
      if (upper == nullptr) {
        source.fail(map.node(), "missing required key 'upper_eur' in income band " +
                                    quote(band.name) + " (only the last band is open-ended)");
      }
      band.upper_eur = read_number(source, *upper, 0, kMaxIncomeBound, "EUR per year");
      if (!bands.empty() && band.upper_eur <= bands.back().upper_eur) {
        source.fail(upper->at(), "'upper_eur' of income band " + quote(band.name) + " (" +
                                     yaml_reader::format_double(band.upper_eur) +
                                     ") must be above the previous band's (" +
                                     yaml_reader::format_double(bands.back().upper_eur) +
                                     "); expected increasing upper bounds");
      }
    }
    bands.push_back(band);
  }
  return bands;
}

std::map<std::string, std::string> parse_sources(const Source& source, const Field& field) {
  std::map<std::string, std::string> sources;
  if (field.value.IsNull()) return sources;
  expect_map(source, field, "a mapping from figure to citation, e.g. {residents: \"...\"}");
  const MapReader map(source, field.value, "'sources'", figure_keys(), "figure");
  for (const auto& item : map.fields()) {
    sources.emplace(item.key.Scalar(), read_text(source, item));
  }
  return sources;
}

std::vector<District> parse_districts(const Source& source, const Field& field) {
  expect_sequence(source, field, "a list of districts, e.g. [{id: BO, name: \"Bologna\"}]");
  const auto items = yaml_reader::sequence_items(field);
  if (items.empty()) source.fail(field.at(), "'districts' must list at least one district");
  std::vector<District> districts;
  std::map<std::string, YAML::Node> ids;
  for (std::size_t i = 0; i < items.size(); ++i) {
    expect_map(source, items[i], "a mapping {id, name}");
    const MapReader map(source, items[i].value, "district " + std::to_string(i + 1),
                        {"id", "name"});
    const Field& id_field = map.require("id");
    District district{read_text(source, id_field), read_text(source, map.require("name"))};
    if (auto it = ids.find(district.id); it != ids.end()) {
      source.fail(id_field.at(), "duplicate district id " + quote(district.id) +
                                     line_note(source, it->second, "first defined"));
    }
    ids.emplace(district.id, id_field.value);
    districts.push_back(district);
  }
  return districts;
}

Defaults parse_defaults(const FigureReader& figures, const Field& field) {
  Defaults defaults;
  if (field.value.IsNull()) return defaults;
  expect_map(figures.source, field, "a mapping of figures that every zone inherits");
  const MapReader map(figures.source, field.value, "'defaults'", kDefaultsKeys);
  if (const Field* f = map.find(kSizeShares)) defaults.size_shares = figures.size_shares(*f);
  if (const Field* f = map.find(kAgeShares)) defaults.age_shares = figures.age_shares(*f);
  if (const Field* f = map.find(kForeignShare)) {
    defaults.foreign_share = figures.share(*f, kForeignShare);
  }
  if (const Field* f = map.find(kIncomeShares)) defaults.income_shares = figures.income_shares(*f);
  if (const Field* f = map.find(kServiceRates))
    defaults.rates = figures.services(*f, kServiceRates);
  return defaults;
}

// Households and residents must fit: every household has a resident, and households of two or
// more persons need two or more.
void check_households(const Source& source, const std::string& label, std::int64_t residents,
                      const Field* households_field, const std::optional<std::int64_t>& households,
                      const Field* one_person_field,
                      const std::optional<std::int64_t>& one_person) {
  if (households) {
    if (*households > residents) {
      source.fail(households_field->at(), "'households' (" + std::to_string(*households) +
                                              ") cannot exceed 'residents' (" +
                                              std::to_string(residents) + ") in " + label +
                                              "; every household has at least one resident");
    }
    if (residents > 0 && *households == 0) {
      source.fail(households_field->at(), label + " has " + std::to_string(residents) +
                                              " residents but 0 households; expected at least 1");
    }
  }
  if (!one_person) return;
  if (households && *one_person > *households) {
    source.fail(one_person_field->at(), "'one_person_households' (" + std::to_string(*one_person) +
                                            ") cannot exceed 'households' (" +
                                            std::to_string(*households) + ") in " + label);
  }
  if (*one_person > residents) {
    source.fail(one_person_field->at(), "'one_person_households' (" + std::to_string(*one_person) +
                                            ") cannot exceed 'residents' (" +
                                            std::to_string(residents) + ") in " + label);
  }
  if (households) {
    const std::int64_t multi = *households - *one_person;
    const std::int64_t needed = *one_person + 2 * multi;
    if (needed > residents) {
      source.fail(one_person_field->at(),
                  label + " cannot hold its households: " + std::to_string(*one_person) +
                      " one-person households and " + std::to_string(multi) +
                      " households of two or more persons need at least " + std::to_string(needed) +
                      " residents, but 'residents' is " + std::to_string(residents));
    }
  }
}

// `ids` holds the id nodes of the zones read so far, to name a duplicate's first definition.
Zone parse_zone(const FigureReader& figures, const Field& field, std::size_t index,
                const std::vector<District>& districts, const Defaults& defaults,
                std::map<std::string, YAML::Node>& ids) {
  const Source& source = figures.source;
  const std::string label = zone_label(field.value, index);
  expect_map(source, field, "a mapping describing one zone");
  const MapReader map(source, field.value, label, kZoneKeys);
  Zone zone;
  const Field& id_field = map.require("id");
  zone.id = read_text(source, id_field);
  if (auto it = ids.find(zone.id); it != ids.end()) {
    source.fail(id_field.at(), "duplicate zone id " + quote(zone.id) +
                                   line_note(source, it->second, "first defined"));
  }
  ids.emplace(zone.id, id_field.value);
  zone.name = read_text(source, map.require("name"));

  const Field& district_field = map.require("district");
  const std::string district = read_text(source, district_field);
  std::vector<std::string> district_ids;
  for (const auto& d : districts)
    district_ids.push_back(d.id);
  const auto found = std::find(district_ids.begin(), district_ids.end(), district);
  if (found == district_ids.end()) {
    source.fail(district_field.at(), "unknown district " + quote(district) + " in " + label +
                                         yaml_reader::did_you_mean(district, district_ids) +
                                         " (defined districts: " + yaml_reader::join(district_ids) +
                                         ")");
  }
  zone.district = static_cast<std::size_t>(found - district_ids.begin());

  const Field& centroid_field = map.require("centroid");
  expect_map(source, centroid_field, "a mapping {lon, lat} in degrees (WGS84)");
  const MapReader centroid(source, centroid_field.value, "'centroid'", {"lon", "lat"});
  zone.lon = read_number(source, centroid.require("lon"), -kMaxLongitude, kMaxLongitude,
                         "degrees of longitude");
  zone.lat = read_number(source, centroid.require("lat"), -kMaxLatitude, kMaxLatitude,
                         "degrees of latitude");

  const auto [residents, residents_source] =
      figures.whole(map.require(kResidents), kResidents, kMaxResidents);
  zone.residents = residents;
  zone.sources[kResidents] = residents_source;

  const Field* households_field = map.find(kHouseholds);
  if (households_field != nullptr) {
    const auto [value, cited] = figures.whole(*households_field, kHouseholds, kMaxResidents);
    zone.households = value;
    zone.sources[kHouseholds] = cited;
  }
  const Field* one_person_field = map.find(kOnePerson);
  if (one_person_field != nullptr) {
    const auto [value, cited] = figures.whole(*one_person_field, kOnePerson, kMaxResidents);
    zone.one_person_households = value;
    zone.sources[kOnePerson] = cited;
  }
  check_households(source, label, zone.residents, households_field, zone.households,
                   one_person_field, zone.one_person_households);

  const auto missing = [&](const char* key) {
    source.fail(map.node(), "missing required key " + quote(key) + " in " + label +
                                " (territory.defaults gives none)");
  };

  const Field* f = map.find(kSizeShares);
  const std::optional<CitedShares> sizes =
      f != nullptr ? figures.size_shares(*f) : defaults.size_shares;
  if (!sizes) missing(kSizeShares);
  std::copy(sizes->values.begin(), sizes->values.end(), zone.household_size_shares.begin());
  zone.sources[kSizeShares] = sizes->source;

  f = map.find(kAgeShares);
  const std::optional<CitedShares> ages =
      f != nullptr ? figures.age_shares(*f) : defaults.age_shares;
  if (!ages) missing(kAgeShares);
  zone.age_shares = ages->values;
  zone.sources[kAgeShares] = ages->source;

  f = map.find(kForeignShare);
  const std::optional<CitedNumber> foreign =
      f != nullptr ? figures.share(*f, kForeignShare) : defaults.foreign_share;
  if (!foreign) missing(kForeignShare);
  zone.foreign_share = foreign->value;
  zone.sources[kForeignShare] = foreign->source;

  f = map.find(kIncomeShares);
  const std::optional<CitedShares> incomes =
      f != nullptr ? figures.income_shares(*f) : defaults.income_shares;
  if (!incomes) missing(kIncomeShares);
  zone.income_shares = incomes->values;
  zone.sources[kIncomeShares] = incomes->source;

  // Absolute capacities win over the defaults' rates; a service with neither has none.
  f = map.find(kServices);
  std::array<std::optional<CitedNumber>, kServiceKinds> capacities;
  if (f != nullptr) capacities = figures.services(*f, kServices);
  for (std::size_t k = 0; k < kServiceKinds; ++k) {
    const std::string key = std::string(kServices) + "." + std::string(service_catalogue()[k].key);
    if (capacities[k]) {
      zone.capacity[k] = capacities[k]->value;
      zone.sources[key] = capacities[k]->source;
    } else if (defaults.rates[k]) {
      const double rate = defaults.rates[k]->value;
      zone.capacity[k] = rate * static_cast<double>(zone.residents) / kRatePerResidents;
      zone.sources[key] = defaults.rates[k]->source + " (" + yaml_reader::format_double(rate) +
                          " per 1,000 residents)";
    }
  }
  return zone;
}

std::vector<std::string> age_band_labels(const std::vector<int>& lower) {
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    labels.push_back(i + 1 < lower.size()
                         ? std::to_string(lower[i]) + "-" + std::to_string(lower[i + 1] - 1)
                         : std::to_string(lower[i]) + "+");
  }
  return labels;
}

// --- writing --------------------------------------------------------------------------------

void emit_number(YAML::Emitter& out, double v) {
  out << yaml_reader::format_double(v);
}

// A figure written bare when the sources block gives its citation, else inline.
template <typename EmitValue>
void emit_figure(YAML::Emitter& out, const Territory& territory, const Zone& zone,
                 const std::string& key, const std::string& yaml_key, EmitValue emit_value) {
  out << YAML::Key << yaml_key << YAML::Value;
  const std::string& cited = zone.sources.at(key);
  if (lookup_source(territory.sources, key) == cited) {
    emit_value();
    return;
  }
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "value" << YAML::Value;
  emit_value();
  out << YAML::Key << "source" << YAML::Value << cited << YAML::EndMap;
}

void emit_list(YAML::Emitter& out, const std::vector<double>& values) {
  out << YAML::Flow << YAML::BeginSeq;
  for (double v : values)
    emit_number(out, v);
  out << YAML::EndSeq;
}

void emit_zone(YAML::Emitter& out, const Territory& territory, const Zone& zone) {
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << zone.id;
  out << YAML::Key << "name" << YAML::Value << zone.name;
  out << YAML::Key << "district" << YAML::Value << territory.districts.at(zone.district).id;
  out << YAML::Key << "centroid" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "lon" << YAML::Value << yaml_reader::format_double(zone.lon) << YAML::Key << "lat"
      << YAML::Value << yaml_reader::format_double(zone.lat) << YAML::EndMap;
  emit_figure(out, territory, zone, kResidents, kResidents, [&] { out << zone.residents; });
  if (zone.households) {
    emit_figure(out, territory, zone, kHouseholds, kHouseholds, [&] { out << *zone.households; });
  }
  if (zone.one_person_households) {
    emit_figure(out, territory, zone, kOnePerson, kOnePerson,
                [&] { out << *zone.one_person_households; });
  }
  emit_figure(out, territory, zone, kSizeShares, kSizeShares, [&] {
    out << YAML::Flow << YAML::BeginMap;
    for (std::size_t s = 0; s < kHouseholdSizeClasses; ++s) {
      out << YAML::Key << kSizeKeys[s] << YAML::Value;
      emit_number(out, zone.household_size_shares[s]);
    }
    out << YAML::EndMap;
  });
  emit_figure(out, territory, zone, kAgeShares, kAgeShares,
              [&] { emit_list(out, zone.age_shares); });
  emit_figure(out, territory, zone, kForeignShare, kForeignShare,
              [&] { emit_number(out, zone.foreign_share); });
  emit_figure(out, territory, zone, kIncomeShares, kIncomeShares,
              [&] { emit_list(out, zone.income_shares); });
  // Only services with a figure are written: a service absent from the zone has none.
  bool any_service = false;
  for (std::size_t k = 0; k < kServiceKinds; ++k) {
    const std::string key = std::string(kServices) + "." + std::string(service_catalogue()[k].key);
    if (!zone.sources.contains(key)) continue;
    if (!any_service) {
      out << YAML::Key << kServices << YAML::Value << YAML::BeginMap;
      any_service = true;
    }
    emit_figure(out, territory, zone, key, std::string(service_catalogue()[k].key),
                [&] { emit_number(out, zone.capacity[k]); });
  }
  if (any_service) out << YAML::EndMap;
  out << YAML::EndMap;
}

}  // namespace

AgeLimit standalone_age_limit() {
  const double max = spec(Param::kMaxAge).max;
  return AgeLimit{max, "the largest population.max_age a scenario may set (" +
                           yaml_reader::format_double(max) + ")"};
}

Territory parse_territory(const Source& source, const YAML::Node& node, const AgeLimit& limit,
                          const std::string& file) {
  const MapReader map(source, node, "'territory'", kTerritoryKeys);
  Territory territory;
  territory.file = file;
  territory.name = read_text(source, map.require("name"));
  if (const Field* f = map.find("description")) {
    territory.description = yaml_reader::read_optional_text(source, *f);
  }
  if (const Field* f = map.find("language")) {
    const std::vector<std::string> languages = {"it", "en"};
    territory.language = read_text(source, *f);
    if (std::find(languages.begin(), languages.end(), territory.language) == languages.end()) {
      source.fail(f->at(), "'language' is \"it\" (Italian) or \"en\" (English), found " +
                               quote(territory.language) +
                               yaml_reader::did_you_mean(territory.language, languages));
    }
  }
  territory.age_band_lower = parse_age_bands(source, map.require("age_bands"), limit);
  territory.income_bands = parse_income_bands(source, map.require("income_bands"));
  if (const Field* f = map.find("sources")) territory.sources = parse_sources(source, *f);
  territory.districts = parse_districts(source, map.require("districts"));
  if (const Field* f = map.find("service_areas")) {
    // How each service is organised: per zone (the default), per district, or once.
    expect_map(source, *f, "a mapping from service to zone, district or territory");
    std::vector<std::string> services;
    for (const auto& svc : service_catalogue())
      services.emplace_back(svc.key);
    const MapReader areas(source, f->value, "'service_areas'", services, "service");
    for (const Field& item : areas.fields()) {
      const std::string area = read_text(source, item);
      const auto it = std::find(kAreaNames.begin(), kAreaNames.end(), area);
      if (it == kAreaNames.end()) {
        source.fail(item.at(), "a service is organised per zone, district or territory, found " +
                                   quote(area) + yaml_reader::did_you_mean(area, kAreaNames));
      }
      const auto s =
          std::find(services.begin(), services.end(), item.key.Scalar()) - services.begin();
      territory.service_area[static_cast<std::size_t>(s)] =
          static_cast<ServiceArea>(it - kAreaNames.begin());
    }
  }

  FigureReader figures{source, territory.sources, age_band_labels(territory.age_band_lower), {}};
  for (const auto& band : territory.income_bands)
    figures.income_labels.push_back(band.name);

  Defaults defaults;
  if (const Field* f = map.find("defaults")) defaults = parse_defaults(figures, *f);

  const Field& zones_field = map.require("zones");
  expect_sequence(source, zones_field, "a list of zones");
  const auto items = yaml_reader::sequence_items(zones_field);
  if (items.empty()) source.fail(zones_field.at(), "'zones' must list at least one zone");
  std::map<std::string, YAML::Node> ids;
  for (std::size_t i = 0; i < items.size(); ++i) {
    territory.zones.push_back(
        parse_zone(figures, items[i], i + 1, territory.districts, defaults, ids));
  }
  // A territory of nobody runs, but every figure of it would be zero or undefined.
  if (territory.total_residents() == 0) {
    source.fail(zones_field.key, "territory " + quote(territory.name) + " has no residents: " +
                                     "every zone has 'residents: 0'; expected at least one "
                                     "zone with residents");
  }
  return territory;
}

Territory parse_territory_document(const Source& source, const YAML::Node& root,
                                   const AgeLimit& limit) {
  if (root.IsNull()) {
    throw InputError(SourceLocation{source.file(), 0, 0},
                     "territory file is empty; expected a mapping with the key 'territory'");
  }
  const MapReader map(source, root, "the territory file", {"territory"});
  return parse_territory(source, map.require("territory").value, limit, source.file());
}

void emit_territory(YAML::Emitter& out, const Territory& territory) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << territory.name;
  out << YAML::Key << "description" << YAML::Value << territory.description;
  out << YAML::Key << "language" << YAML::Value << territory.language;
  out << YAML::Key << "age_bands" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (int lower : territory.age_band_lower)
    out << lower;
  out << YAML::EndSeq;
  out << YAML::Key << "income_bands" << YAML::Value << YAML::BeginSeq;
  for (const auto& band : territory.income_bands) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << band.name;
    if (std::isfinite(band.upper_eur)) {
      out << YAML::Key << "upper_eur" << YAML::Value << yaml_reader::format_double(band.upper_eur);
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if (!territory.sources.empty()) {
    out << YAML::Key << "sources" << YAML::Value << YAML::BeginMap;
    for (const auto& [key, text] : territory.sources) {
      out << YAML::Key << key << YAML::Value << text;
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "districts" << YAML::Value << YAML::BeginSeq;
  for (const auto& district : territory.districts) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << district.id
        << YAML::Key << "name" << YAML::Value << district.name << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "service_areas" << YAML::Value << YAML::BeginMap;
  for (std::size_t s = 0; s < kServiceKinds; ++s) {
    out << YAML::Key << std::string(service_catalogue()[s].key) << YAML::Value
        << kAreaNames[static_cast<std::size_t>(territory.service_area[s])];
  }
  out << YAML::EndMap;
  out << YAML::Key << "zones" << YAML::Value << YAML::BeginSeq;
  for (const auto& zone : territory.zones)
    emit_zone(out, territory, zone);
  out << YAML::EndSeq;
  out << YAML::EndMap;
}

}  // namespace territory_reader

Territory load_territory(const std::filesystem::path& file) {
  const yaml_reader::Source source(file.string());
  std::string reason;
  const auto text = yaml_reader::read_file_text(file, reason);
  if (!text) {
    throw InputError(SourceLocation{file.string(), 0, 0},
                     "cannot read territory file " + ("'" + file.string() + "'") + ": " + reason);
  }
  const YAML::Node root = yaml_reader::parse_yaml(*text, source);
  return territory_reader::parse_territory_document(source, root,
                                                    territory_reader::standalone_age_limit());
}

}  // namespace welfare
