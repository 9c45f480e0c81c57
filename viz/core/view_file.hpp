// Saved views of the viewer and a presenter's sequence of them, as a small YAML file:
//
//   views:
//     - title: "Unmet need by NIL, end of the triennium"
//       panel: map              # runs | map | series | compare | live
//       measure: unmet_per_1000 # a measure key (analysis/measures.hpp)
//       scenarios: [milano-domiciliarity-plus30]
//       baseline: milano-baseline
//       difference: true        # map: scenario minus baseline
//       zones: ["1", "Municipio 2"]   # zone or district ids or names; empty: the territory
//       week: 156               # a week of the runs' axis; absent: the last week
//       language: it            # optional: switch the labels
//
// A sequence is stepped with the arrow keys in presenter mode. Loading checks the structure,
// panel names, measure keys and types; names of scenarios and zones are checked by the viewer
// against the store it shows. Only `panel` is required; other keys left out take the
// defaults of View. Unknown and repeated keys are errors.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace welfare::viz {

enum class Panel { kRuns, kMap, kSeries, kCompare, kLive };
inline constexpr std::size_t kPanelCount = 5;
std::string_view panel_key(Panel p);  // "runs", "map", "series", "compare", "live"
std::optional<Panel> parse_panel(std::string_view key);

struct View {
  std::string title;
  Panel panel = Panel::kMap;
  std::string measure;                 // measure key; empty: the viewer's current one
  std::vector<std::string> scenarios;  // variant keys shown; empty: the viewer's current ones
  std::string baseline;                // variant key; empty: none
  bool difference = false;
  std::vector<std::string> zones;
  std::optional<int> week;              // week number (0 or more); absent: the last
  std::optional<std::string> language;  // "it" or "en" (load_views writes it in lower case)
  bool operator==(const View&) const = default;
};

struct ViewSequence {
  std::vector<View> views;
  bool operator==(const ViewSequence&) const = default;
};

// A view file that cannot be read: what() is "FILE:LINE:COL: what was wrong; expected ...".
class ViewFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ViewFileError: a missing or unreadable file, YAML syntax, an unknown or repeated key,
// a wrong type, an unknown panel, measure or language, a missing panel, an empty sequence.
// Messages about a view name it by its position: "F:7:14: view 2: unknown panel 'maps';
// expected one of: runs, map, series, compare, live".
ViewSequence load_views(const std::filesystem::path& file);
// The YAML text of a sequence, in the layout above: empty and default fields are left out,
// free text is double-quoted. load_views of it gives the sequence back when the sequence is
// one save_views accepts (text is UTF-8: invalid bytes are written as U+FFFD).
std::string views_yaml(const ViewSequence& views);
// Writes atomically (a temporary file beside it, then renamed): an existing file is replaced
// only when the new one is complete. Throws ViewFileError naming the file when it cannot be
// written, and when the sequence would not load back (no view, an unknown measure or
// language, a negative week, an empty scenario or zone name); then nothing is written.
void save_views(const ViewSequence& views, const std::filesystem::path& file);

}  // namespace welfare::viz
