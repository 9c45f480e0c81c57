#include "viz/app/app.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "analysis/error.hpp"
#include "analysis/measures.hpp"
#include "analysis/output.hpp"
#include "common/error.hpp"
#include "store/store.hpp"
#include "viz/app/plot.hpp"

namespace welfare::viz::app {
namespace {

using analysis::Language;

constexpr std::string_view kDefaultMeasure = "unmet_per_1000";
constexpr float kRunsPanelWidth = 330.0f;
constexpr float kPresenterScale = 1.8f;  // font size in presenter mode, relative to normal
constexpr float kMinWeeksPerSecond = 1.0f;
constexpr float kMaxWeeksPerSecond = 52.0f;
constexpr int kComparePollMs = 0;
const ImVec4 kErrorColour(0.8f, 0.1f, 0.1f, 1.0f);  // errors, in red

std::string now_stamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  std::ostringstream s;
  s << std::put_time(&tm, "%Y%m%d-%H%M%S");
  return s.str();
}

// Zones of an area selection as names, for titles.
std::string area_name(const analysis::Dataset& data, const std::vector<std::size_t>& zones,
                      Language lang) {
  if (zones.empty()) return data.territory();
  // A whole district?
  for (const auto& d : data.districts()) {
    auto dz = d.zones;
    auto sz = zones;
    std::sort(dz.begin(), dz.end());
    std::sort(sz.begin(), sz.end());
    if (dz == sz) return d.name;
  }
  if (zones.size() == 1) return data.zones()[zones.front()].name;
  return std::to_string(zones.size()) + " " + std::string(analysis::text("zones", lang));
}

// The value to draw for a zone in a live run at week index w (NaN before any week).
std::vector<double> live_zone_values(const analysis::WeeklyMeasure& m, std::size_t w) {
  std::vector<double> out(m.zone_count());
  for (std::size_t z = 0; z < out.size(); ++z)
    out[z] = m.zone_value(w, z);
  return out;
}

}  // namespace

App::App(Options options) : options_(std::move(options)) {
  measure_ = analysis::measure_index(kDefaultMeasure);
  for (const auto& p : options_.stores)
    open_store(p);
  if (options_.language) {
    lang_ = *options_.language;
  } else if (!stores_.empty()) {
    lang_ = stores_.front().view->dataset().default_language();
  }
  if (!options_.views.empty()) {
    sequence_ = load_views(options_.views);  // ViewFileError goes to the caller
    sequence_index_ = std::min(options_.view_index, sequence_.views.size() - 1);
  }
  presenter_ = options_.presenter;
  dialog_dir_ = std::filesystem::current_path();
  if (!options_.live_scenario.empty()) {
    start_live(options_.live_scenario, options_.live_baseline);
    // A scenario named on the command line that cannot be run is bad input.
    if (!live_error_.empty()) throw std::runtime_error(live_error_);
  }
  if (!sequence_.views.empty()) apply_view(sequence_.views[sequence_index_]);
  if (live_ && options_.live_start) live_->play();
}

App::~App() = default;

void App::open_store(const std::filesystem::path& path) {
  try {
    OpenStore s;
    s.view = std::make_unique<StoreView>(path);
    const auto& data = s.view->dataset();
    std::vector<analysis::Point> centroids;
    for (const auto& z : data.zones())
      centroids.push_back({z.lon, z.lat});
    if (!options_.boundaries.empty()) {
      std::vector<std::string> ids, names;
      for (const auto& z : data.zones()) {
        ids.push_back(z.id);
        names.push_back(z.name);
      }
      try {
        s.geometry.emplace(analysis::read_geojson_boundaries(options_.boundaries, ids, names));
        s.geometry_note = "boundaries";
      } catch (const std::exception& e) {
        s.geometry_note = e.what();
      }
    }
    if (!s.geometry) s.geometry = MapGeometry::from_centroids(centroids);
    stores_.push_back(std::move(s));
    current_store_ = stores_.size() - 1;
    const auto& variants = stores_.back().view->dataset().variants();
    shown_.clear();
    for (std::size_t v = 0; v < variants.size() && v < 4; ++v)
      shown_.push_back(v);
    baseline_ = variants.size() > 1 ? std::optional<std::size_t>(0) : std::nullopt;
    week_ = week_count() - 1;
    selected_zones_.clear();
    status_.clear();
    open_errors_.clear();
  } catch (const std::exception& e) {
    // Store errors name the file already; others (the analysis of its runs) may not.
    std::string message = e.what();
    if (message.find(path.string()) == std::string::npos) message = path.string() + ": " + message;
    status_ = message;
    open_errors_.push_back(message);
  }
}

void App::show_error(const std::string& message) {
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
  ImGui::TextWrapped("%s", message.c_str());
  ImGui::PopStyleColor();
  if (std::find(frame_errors_.begin(), frame_errors_.end(), message) == frame_errors_.end()) {
    frame_errors_.push_back(message);
  }
}

std::vector<std::string> App::errors_shown() const {
  std::vector<std::string> all = open_errors_;
  for (const std::string& e : frame_errors_)
    if (std::find(all.begin(), all.end(), e) == all.end()) all.push_back(e);
  return all;
}

void App::start_live(const std::filesystem::path& scenario_file,
                     const std::filesystem::path& baseline_file) {
  try {
    std::vector<SetOverride> sets;
    for (const auto& s : options_.live_sets)
      sets.push_back(parse_set_override(s));
    Scenario scenario = load_scenario(scenario_file, sets);
    std::optional<Scenario> baseline;
    if (!baseline_file.empty()) {
      baseline = load_scenario(baseline_file, sets);
    } else {
      baseline = LiveRun::without_levers(scenario);
    }
    std::vector<analysis::Point> centroids;
    for (const auto& z : scenario.territory.zones)
      centroids.push_back({z.lon, z.lat});
    live_geometry_ = MapGeometry::from_centroids(centroids);
    live_ = std::make_unique<LiveRun>(std::move(scenario), std::move(baseline), 0);
    lever_sizes_.clear();
    lever_districts_.clear();
    for (const Policy& p : live_->scenario().policies) {
      lever_sizes_.push_back(static_cast<float>(p.size));
      lever_districts_.push_back(districts_of(p.zones));
    }
    live_selected_zones_.clear();
    live_error_.clear();
    panel_ = Panel::kLive;
    requested_tab_ = Panel::kLive;
  } catch (const std::exception& e) {
    live_error_ = e.what();
  }
}

OpenStore* App::store() {
  return stores_.empty() ? nullptr : &stores_[current_store_];
}
const OpenStore* App::store() const {
  return stores_.empty() ? nullptr : &stores_[current_store_];
}

std::size_t App::week_count() const {
  const OpenStore* s = store();
  return s ? s->view->weeks().size() : 1;
}

float App::font_scale() const {
  return presenter_ ? kPresenterScale : 1.0f;
}

std::optional<std::filesystem::path> App::take_export_request() {
  auto r = export_request_;
  export_request_.reset();
  return r;
}

void App::tick(double dt) {
  if (!playing_ || stores_.empty()) return;
  play_accumulator_ += dt * weeks_per_second_;
  while (play_accumulator_ >= 1.0) {
    play_accumulator_ -= 1.0;
    if (week_ + 1 < week_count()) {
      ++week_;
    } else {
      playing_ = false;
      play_accumulator_ = 0;
    }
  }
}

void App::apply_view(const View& view) {
  std::vector<std::string> unknown;
  if (view.language) {
    if (auto l = analysis::parse_language(*view.language)) lang_ = *l;
  }
  panel_ = view.panel;
  requested_tab_ = view.panel;
  if (!view.measure.empty()) measure_ = analysis::measure_index(view.measure);
  difference_ = view.difference;
  if (const OpenStore* s = store()) {
    const auto& data = s->view->dataset();
    auto find_variant = [&](const std::string& key) -> std::optional<std::size_t> {
      try {
        return data.find_variant(key);
      } catch (const std::exception&) {
        unknown.push_back(key);
        return std::nullopt;
      }
    };
    if (!view.scenarios.empty()) {
      shown_.clear();
      for (const auto& k : view.scenarios)
        if (auto v = find_variant(k)) shown_.push_back(*v);
    }
    if (!view.baseline.empty()) baseline_ = find_variant(view.baseline);
    selected_zones_.clear();
    for (const auto& z : view.zones) {
      const analysis::AreaMatch match = data.match_area(z);
      if (match.empty()) unknown.push_back(z);
      for (std::size_t d : match.districts) {
        const auto& dz = data.districts()[d].zones;
        selected_zones_.insert(selected_zones_.end(), dz.begin(), dz.end());
      }
      selected_zones_.insert(selected_zones_.end(), match.zones.begin(), match.zones.end());
    }
    const auto& weeks = s->view->weeks();
    week_ = weeks.size() - 1;
    if (view.week) {
      const auto it = std::find(weeks.begin(), weeks.end(), *view.week);
      if (it != weeks.end()) {
        week_ = static_cast<std::size_t>(it - weeks.begin());
      } else {
        unknown.push_back("week " + std::to_string(*view.week));
      }
    }
  }
  if (!unknown.empty()) {
    std::string msg = std::string(T("view_unknown_names")) + ":";
    for (const auto& u : unknown)
      msg += " " + u;
    status_ = msg;
  }
}

View App::current_view() const {
  View v;
  v.panel = panel_;
  v.measure = std::string(analysis::measures()[measure_].key);
  v.difference = difference_;
  v.language = std::string(analysis::language_code(lang_));
  if (const OpenStore* s = store()) {
    const auto& data = s->view->dataset();
    for (std::size_t i : shown_)
      v.scenarios.push_back(data.variants()[i].key);
    if (baseline_) v.baseline = data.variants()[*baseline_].key;
    for (std::size_t z : selected_zones_)
      v.zones.push_back(data.zones()[z].id);
    v.week = s->view->weeks()[week_];
  }
  v.title = std::string(analysis::measures()[measure_].label(lang_));
  return v;
}

void App::handle_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(GLFW_KEY_F5, false)) presenter_ = !presenter_;
  if (presenter_ && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) presenter_ = false;
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_E, false)) {
    export_request_ = std::filesystem::path("welfare-view-" + now_stamp() + ".png");
  }
  if (!sequence_.views.empty() && !io.WantTextInput) {
    const bool next = ImGui::IsKeyPressed(GLFW_KEY_RIGHT, false) ||
                      ImGui::IsKeyPressed(GLFW_KEY_PAGE_DOWN, false);
    const bool prev =
        ImGui::IsKeyPressed(GLFW_KEY_LEFT, false) || ImGui::IsKeyPressed(GLFW_KEY_PAGE_UP, false);
    if (next && sequence_index_ + 1 < sequence_.views.size()) {
      apply_view(sequence_.views[++sequence_index_]);
    } else if (prev && sequence_index_ > 0) {
      apply_view(sequence_.views[--sequence_index_]);
    }
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false) && !io.WantTextInput) playing_ = !playing_;
}

void App::draw(ImVec2 display) {
  handle_keys();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(display);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoBringToFrontOnFocus |
                           ImGuiWindowFlags_NoSavedSettings;
  if (!presenter_) flags |= ImGuiWindowFlags_MenuBar;
  ImGui::Begin("welfare-viewer", nullptr, flags);
  if (!presenter_) draw_menu();

  if (!presenter_) {
    ImGui::BeginChild("runs", ImVec2(kRunsPanelWidth, 0), true);
    draw_runs_panel();
    ImGui::EndChild();
    ImGui::SameLine();
  }
  ImGui::BeginChild("main", ImVec2(0, 0), false);
  frame_errors_.clear();
  // Stores that could not be opened, in full above the panels (the status line is one line).
  for (const std::string& e : open_errors_)
    show_error(e);
  if (presenter_) {
    draw_presenter_overlay(display);
  } else {
    draw_controls();
  }
  if (presenter_) {
    draw_panel(panel_);  // one panel, no tabs
  } else if (ImGui::BeginTabBar("panels")) {
    const std::pair<Panel, std::string_view> tabs[] = {{Panel::kMap, "map"},
                                                       {Panel::kSeries, "time_series"},
                                                       {Panel::kCompare, "comparison"},
                                                       {Panel::kLive, "live"}};
    for (const auto& [panel, key] : tabs) {
      ImGuiTabItemFlags tf = 0;
      if (requested_tab_ && *requested_tab_ == panel) tf |= ImGuiTabItemFlags_SetSelected;
      const std::string label = std::string(T(key)) + "###" + std::string(key);
      if (ImGui::BeginTabItem(label.c_str(), nullptr, tf)) {
        panel_ = panel;
        draw_panel(panel);
        ImGui::EndTabItem();
      }
    }
    requested_tab_.reset();
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::End();
  if (file_dialog_) draw_file_dialog();
}

void App::draw_panel(Panel panel) {
  switch (panel) {
    case Panel::kMap:
      draw_map_panel(false);
      break;
    case Panel::kSeries:
      draw_series_panel(false);
      break;
    case Panel::kCompare:
      draw_compare_panel();
      break;
    case Panel::kLive:
      draw_live_panel();
      break;
    case Panel::kRuns:
      // Outside presenter mode the runs are always in the left column.
      if (presenter_) draw_runs_panel();
      break;
  }
}

void App::draw_menu() {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu(std::string(T("menu_file")).c_str())) {
    if (ImGui::MenuItem(std::string(T("open_store")).c_str(), "Ctrl+O")) {
      file_dialog_ = true;
      dialog_for_live_ = false;
    }
    if (ImGui::MenuItem(std::string(T("run_scenario")).c_str())) {
      file_dialog_ = true;
      dialog_for_live_ = true;
    }
    if (ImGui::MenuItem(std::string(T("export_png")).c_str(), "Ctrl+E")) {
      export_request_ = std::filesystem::path("welfare-view-" + now_stamp() + ".png");
    }
    if (ImGui::MenuItem(std::string(T("save_view")).c_str())) {
      sequence_.views.push_back(current_view());
      sequence_index_ = sequence_.views.size() - 1;
      const std::filesystem::path out =
          options_.views.empty() ? std::filesystem::path("views.yaml") : options_.views;
      try {
        save_views(sequence_, out);
        status_ = std::string(T("saved")) + " " + out.string() + " (" +
                  std::to_string(sequence_.views.size()) + ")";
      } catch (const std::exception& e) {
        status_ = e.what();
      }
    }
    if (ImGui::MenuItem(std::string(T("quit")).c_str())) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(std::string(T("menu_view")).c_str())) {
    if (ImGui::MenuItem(std::string(T("presenter_mode")).c_str(), "F5", presenter_)) {
      presenter_ = !presenter_;
    }
    if (ImGui::MenuItem("Italiano", nullptr, lang_ == Language::kItalian)) {
      lang_ = Language::kItalian;
    }
    if (ImGui::MenuItem("English", nullptr, lang_ == Language::kEnglish)) {
      lang_ = Language::kEnglish;
    }
    ImGui::EndMenu();
  }
  if (!status_.empty()) {
    ImGui::Separator();
    ImGui::TextUnformatted(status_.c_str());
  }
  ImGui::EndMenuBar();
  if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O, false)) {
    file_dialog_ = true;
    dialog_for_live_ = false;
  }
}

void App::draw_file_dialog() {
  ImGui::OpenPopup("open_store_dialog");
  ImGui::SetNextWindowSize(ImVec2(640, 480), ImGuiCond_Appearing);
  // Stores (.h5) to open, or scenarios (.yaml) to run live.
  const bool scenarios = dialog_for_live_;
  if (ImGui::BeginPopupModal("open_store_dialog", &file_dialog_)) {
    ImGui::TextUnformatted(std::string(T(scenarios ? "run_scenario" : "open_store")).c_str());
    ImGui::TextDisabled("%s", dialog_dir_.string().c_str());
    if (ImGui::Button("..")) dialog_dir_ = dialog_dir_.parent_path();
    ImGui::BeginChild("entries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f), true);
    std::vector<std::filesystem::directory_entry> entries;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dialog_dir_, ec))
      entries.push_back(e);
    std::sort(entries.begin(), entries.end());
    for (const auto& e : entries) {
      const std::string name = e.path().filename().string();
      if (name.starts_with(".")) continue;
      std::error_code dir_ec;
      if (e.is_directory(dir_ec)) {
        if (ImGui::Selectable((name + "/").c_str())) dialog_dir_ = e.path();
      } else if (e.path().extension() == (scenarios ? ".yaml" : ".h5")) {
        if (ImGui::Selectable(name.c_str())) {
          if (scenarios) {
            start_live(e.path(), {});
          } else {
            open_store(e.path());
          }
          file_dialog_ = false;
          ImGui::CloseCurrentPopup();
        }
      }
    }
    if (ec) ImGui::TextUnformatted(ec.message().c_str());
    ImGui::EndChild();
    if (ImGui::Button(std::string(T("close")).c_str())) {
      file_dialog_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

void App::draw_runs_panel() {
  ImGui::TextUnformatted(std::string(T("runs")).c_str());
  ImGui::Separator();
  if (stores_.empty()) {
    ImGui::TextWrapped("%s", std::string(T("no_store_open")).c_str());
    if (ImGui::Button(std::string(T("open_store")).c_str())) {
      file_dialog_ = true;
      dialog_for_live_ = false;
    }
  }
  for (std::size_t si = 0; si < stores_.size(); ++si) {
    const auto& data = stores_[si].view->dataset();
    ImGuiTreeNodeFlags sf = ImGuiTreeNodeFlags_DefaultOpen;
    if (si == current_store_) sf |= ImGuiTreeNodeFlags_Selected;
    const std::string label = data.path().filename().string() + " (" + data.territory() + ")";
    const bool open = ImGui::TreeNodeEx(label.c_str(), sf);
    if (ImGui::IsItemClicked() && si != current_store_) {
      current_store_ = si;
      shown_ = {0};
      baseline_.reset();
      selected_zones_.clear();
      week_ = week_count() - 1;
    }
    if (!open) continue;
    if (data.experiment()) {
      ImGui::TextDisabled("%s: %s (%s)", std::string(T("experiment")).c_str(),
                          data.experiment()->name.c_str(), data.experiment()->design.c_str());
    }
    const auto& variants = data.variants();
    for (std::size_t v = 0; v < variants.size(); ++v) {
      ImGui::PushID(static_cast<int>(v));
      if (si == current_store_) {
        bool shown = std::find(shown_.begin(), shown_.end(), v) != shown_.end();
        if (ImGui::Checkbox("##shown", &shown)) {
          if (shown) {
            shown_.push_back(v);
          } else {
            shown_.erase(std::remove(shown_.begin(), shown_.end(), v), shown_.end());
          }
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(T("show")).c_str());
        ImGui::SameLine();
        bool is_base = baseline_ && *baseline_ == v;
        if (ImGui::RadioButton("##base", is_base)) baseline_ = v;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(T("baseline")).c_str());
        ImGui::SameLine();
      }
      if (ImGui::TreeNode(variants[v].label().c_str())) {
        const auto reps = data.replicates(v);
        for (std::size_t r = 0; r < reps.size(); ++r) {
          const bool sel = si == current_store_ && selected_run_ && selected_run_->first == v &&
                           selected_run_->second == r;
          const std::string rl = std::string(T("replicate")) + " " + std::to_string(reps[r]);
          if (ImGui::Selectable(rl.c_str(), sel)) {
            current_store_ = si;
            selected_run_ = std::make_pair(v, r);
          }
        }
        ImGui::TreePop();
      }
      ImGui::PopID();
    }
    ImGui::TreePop();
  }
  // Provenance of the selected run.
  if (const OpenStore* s = store(); s && selected_run_) {
    ImGui::Separator();
    ImGui::TextUnformatted(std::string(T("provenance")).c_str());
    const auto& variant = s->view->dataset().variants()[selected_run_->first];
    const auto& key = variant.runs[selected_run_->second];
    try {
      const store::RunSummary sum = s->view->dataset().reader().summary(key.id);
      const auto row = [](std::string_view k, const std::string& v) {
        ImGui::TextDisabled("%.*s", static_cast<int>(k.size()), k.data());
        ImGui::SameLine(120);
        ImGui::TextWrapped("%s", v.c_str());
      };
      row(T("scenario"), sum.meta.scenario_name);
      row(T("territory"), sum.meta.territory_name);
      row(T("seed"), std::to_string(sum.meta.seed));
      row(T("replicate"), std::to_string(sum.meta.replicate));
      row(T("weeks"), std::to_string(sum.meta.weeks));
      row(T("software_version"), sum.meta.software_version);
      row(T("created"), sum.meta.created_utc);
      if (!sum.meta.experiment.empty()) row(T("experiment"), sum.meta.experiment);
      row("id", key.id);
      for (const auto& lever : variant.info.levers) {
        row(T("levers"), lever.name + " (" + lever.type + ")");
      }
    } catch (const std::exception& e) {
      show_error(e.what());
    }
  }
}

void App::draw_controls() {
  // Measure, grouped by question.
  const auto& defs = analysis::measures();
  constexpr float kMeasureComboEm = 22;  // wide enough for the longest labels
  ImGui::SetNextItemWidth(kMeasureComboEm * ImGui::GetFontSize());
  const std::string current(defs[measure_].label(lang_));
  if (ImGui::BeginCombo("##measure", current.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (std::size_t q = 0; q < analysis::kQuestionCount; ++q) {
      const auto question = static_cast<analysis::Question>(q);
      ImGui::TextDisabled("%s", std::string(T(analysis::question_key(question))).c_str());
      for (std::size_t m = 0; m < defs.size(); ++m) {
        if (defs[m].question != question) continue;
        const std::string l =
            "  " + std::string(defs[m].label(lang_)) + "##" + std::string(defs[m].key);
        if (ImGui::Selectable(l.c_str(), m == measure_)) measure_ = m;
      }
    }
    ImGui::EndCombo();
  }
  if (const OpenStore* s = store()) {
    ImGui::SameLine();
    const auto& weeks = s->view->weeks();
    int w = static_cast<int>(week_);
    constexpr float kWeekSliderEm = 12;
    ImGui::SetNextItemWidth(kWeekSliderEm * ImGui::GetFontSize());
    const std::string fmt = std::string(T("week")) + " " + std::to_string(weeks[week_]);
    if (ImGui::SliderInt("##week", &w, 0, static_cast<int>(weeks.size()) - 1, fmt.c_str())) {
      week_ = static_cast<std::size_t>(w);
    }
    ImGui::SameLine();
    if (ImGui::Button(playing_ ? "||" : ">")) {
      if (!playing_ && week_ + 1 >= weeks.size()) week_ = 0;
      playing_ = !playing_;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(T("play_pause")).c_str());
    ImGui::SameLine();
    constexpr float kSpeedSliderEm = 7;
    ImGui::SetNextItemWidth(kSpeedSliderEm * ImGui::GetFontSize());
    ImGui::SliderFloat("##speed", &weeks_per_second_, kMinWeeksPerSecond, kMaxWeeksPerSecond,
                       (std::string(T("weeks_per_second")) + " %.0f").c_str());
    const std::string diff_label(T("difference_from_baseline"));
    constexpr float kCheckboxRoom = 40.0f;  // the box and spacing beside the label
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x <
        ImGui::CalcTextSize(diff_label.c_str()).x + kCheckboxRoom) {
      ImGui::NewLine();
    }
    ImGui::Checkbox(diff_label.c_str(), &difference_);
    // The area of the charts and comparison: the territory, a district, or zones clicked.
    const auto& data = s->view->dataset();
    constexpr float kAreaComboEm = 12;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(kAreaComboEm * ImGui::GetFontSize());
    const std::string area = area_name(data, selected_zones_, lang_);
    if (ImGui::BeginCombo("##area", area.c_str())) {
      if (ImGui::Selectable((data.territory() + "##territory").c_str(), selected_zones_.empty())) {
        selected_zones_.clear();
      }
      for (std::size_t d = 0; d < data.districts().size(); ++d) {
        const auto& dist = data.districts()[d];
        if (ImGui::Selectable((dist.name + "##d" + std::to_string(d)).c_str(), area == dist.name)) {
          selected_zones_ = dist.zones;
        }
      }
      ImGui::EndCombo();
    }
  }
}

void App::draw_map_panel(bool live) {
  const auto& def = analysis::measures()[measure_];
  const MapGeometry* geometry = nullptr;
  std::vector<double> values;
  std::vector<std::string> names;
  std::string subtitle;
  bool diverging = false;
  if (live) {
    if (!live_ || !live_geometry_) return;
    const LiveFrame f = live_->frame();
    if (!f.run || f.week == 0) {
      ImGui::TextUnformatted(std::string(T(f.preparing ? "preparing" : "press_play")).c_str());
      return;
    }
    geometry = &*live_geometry_;
    const analysis::WeeklyMeasure m(*f.run, measure_);
    values = live_zone_values(m, static_cast<std::size_t>(f.week - 1));
    if (difference_ && f.baseline) {
      const analysis::WeeklyMeasure b(*f.baseline, measure_);
      const auto base = live_zone_values(b, static_cast<std::size_t>(f.week - 1));
      for (std::size_t z = 0; z < values.size(); ++z)
        values[z] -= base[z];
      diverging = true;
    }
    for (const auto& z : live_->territory().zones)
      names.push_back(z.name);
    subtitle =
        f.run->meta.scenario_name + " · " + std::string(T("week")) + " " + std::to_string(f.week);
  } else {
    OpenStore* s = store();
    if (!s || shown_.empty()) {
      ImGui::TextUnformatted(std::string(T("no_store_open")).c_str());
      return;
    }
    geometry = &*s->geometry;
    const auto& data = s->view->dataset();
    const std::size_t v = shown_.front();
    try {
      if (difference_ && baseline_ && *baseline_ != v) {
        values = s->view->zone_differences(v, *baseline_, measure_, week_);
        diverging = true;
        subtitle = data.variants()[v].label() + " − " + data.variants()[*baseline_].label();
      } else {
        values = s->view->zone_means(v, measure_, week_);
        subtitle = data.variants()[v].label();
      }
    } catch (const std::exception& e) {
      show_error(e.what());
      return;
    }
    subtitle += " · " + std::string(T("week")) + " " + std::to_string(s->view->weeks()[week_]) +
                " · " + std::string(T("mean_of_replicates"));
    for (const auto& z : data.zones())
      names.push_back(z.name);
  }
  ImGui::TextUnformatted(
      (std::string(def.label(lang_)) + " (" + std::string(def.units(lang_, false)) + ")").c_str());
  ImGui::TextDisabled("%s", subtitle.c_str());

  std::vector<std::size_t>& selection = live ? live_selected_zones_ : selected_zones_;
  const ColourScale scale =
      ColourScale::fit(values, diverging ? ScaleKind::kDiverging : ScaleKind::kSequential);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float legend_h = ImGui::GetTextLineHeight() * 4.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size(avail.x, std::max(100.0f, avail.y - legend_h));
  ImGui::InvisibleButton("map", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  constexpr float kMapPadding = 12.0f;
  const ScreenRect rect{p0.x, p0.y, p0.x + size.x, p0.y + size.y};
  map_rect_ = rect;
  const MapTransform tf = geometry->fit(rect, kMapPadding);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(ImVec2(rect.x0, rect.y0), ImVec2(rect.x1, rect.y1), true);
  // Zone outlines: a translucent grey that shows on light (no change) and dark zones alike.
  constexpr ImU32 outline = IM_COL32(110, 110, 110, 120);
  constexpr ImU32 kSelectedOutline = IM_COL32(20, 20, 20, 255);
  constexpr float kSelectedWidth = 2.5f;
  zones_drawn_ = 0;
  // Triangles of a zone may meet at T-junctions: filled without anti-aliasing, no seams show
  // between them (the outlines are drawn from the rings, anti-aliased).
  const ImDrawListFlags saved_flags = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (std::size_t z : geometry->draw_order()) {
    const ImU32 fill = to_imu32(scale.colour(z < values.size() ? values[z] : NAN));
    for (const Triangle& t : geometry->triangles(z)) {
      const ScreenPoint a = tf.to_screen(t.a), b = tf.to_screen(t.b), c = tf.to_screen(t.c);
      dl->AddTriangleFilled(ImVec2(a.x, a.y), ImVec2(b.x, b.y), ImVec2(c.x, c.y), fill);
    }
    if (!geometry->triangles(z).empty()) ++zones_drawn_;
  }
  dl->Flags = saved_flags;
  for (std::size_t z : geometry->draw_order()) {
    const bool selected = std::find(selection.begin(), selection.end(), z) != selection.end();
    for (const auto& ring : geometry->shape(z).rings) {
      std::vector<ImVec2> pts;
      pts.reserve(ring.size());
      for (const auto& p : ring) {
        const ScreenPoint sp = tf.to_screen(p);
        pts.emplace_back(sp.x, sp.y);
      }
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()),
                      selected ? kSelectedOutline : outline, ImDrawFlags_Closed,
                      selected ? kSelectedWidth : 1.0f);
    }
  }
  dl->PopClipRect();
  if (hovered) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (auto z = geometry->zone_at(tf.to_lon_lat({m.x, m.y}))) {
      ImGui::BeginTooltip();
      ImGui::TextUnformatted(names[*z].c_str());
      ImGui::Text("%s %s", analysis::format_number(values[*z], def.decimals, lang_).c_str(),
                  std::string(def.units(lang_, false)).c_str());
      ImGui::EndTooltip();
      if (clicked) {
        // A click selects the zone (or clears it when it was the only one); Ctrl adds or
        // removes it.
        auto it = std::find(selection.begin(), selection.end(), *z);
        if (!ImGui::GetIO().KeyCtrl) {
          const bool only = selection.size() == 1 && it != selection.end();
          selection.clear();
          if (!only) selection.push_back(*z);
        } else if (it != selection.end()) {
          selection.erase(it);
        } else {
          selection.push_back(*z);
        }
      }
    }
  }
  constexpr float kColourBarWidth = 360.0f;
  const bool any_missing =
      std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
  colour_bar(scale, std::string(def.units(lang_, false)), def.decimals, lang_,
             ImVec2(std::min(kColourBarWidth, avail.x * 0.6f), legend_h),
             any_missing ? std::string(T("no_data")) : std::string());
}

void App::draw_series_panel(bool live) {
  const auto& def = analysis::measures()[measure_];
  LineChartSpec spec;
  spec.lang = lang_;
  spec.decimals = def.decimals;
  spec.y_units = std::string(def.units(lang_, false));
  spec.x_label = std::string(T("week"));
  if (live) {
    if (!live_) return;
    const LiveFrame f = live_->frame();
    if (!f.run) {
      ImGui::TextUnformatted(std::string(T("preparing")).c_str());
      return;
    }
    spec.title = std::string(def.label(lang_)) + " · ";
    if (live_selected_zones_.empty()) {
      spec.title += f.run->meta.territory_name;
    } else if (live_selected_zones_.size() == 1) {
      spec.title += live_->territory().zones[live_selected_zones_.front()].name;
    } else {
      spec.title += std::to_string(live_selected_zones_.size()) + " " + std::string(T("zones"));
    }
    for (int w = 0; w < f.weeks; ++w)
      spec.x.push_back(w + 1);
    std::size_t i = 0;
    for (const auto* run : {f.run.get(), f.baseline.get()}) {
      if (!run) continue;
      const analysis::WeeklyMeasure m(*run, measure_);
      PlotSeries s;
      s.label = run->meta.scenario_name;
      s.colour = series_colour(i++);
      s.mean = m.series(live_selected_zones_);
      for (std::size_t w = static_cast<std::size_t>(f.week); w < s.mean.size(); ++w)
        s.mean[w] = NAN;
      spec.series.push_back(std::move(s));
    }
    spec.marker_x = f.week;
    spec.marker_label = std::string(T("week")) + " " + std::to_string(f.week);
    line_chart(spec, ImGui::GetContentRegionAvail());
    return;
  }
  OpenStore* s = store();
  if (!s) {
    ImGui::TextUnformatted(std::string(T("no_store_open")).c_str());
    return;
  }
  const auto& data = s->view->dataset();
  spec.title = std::string(def.label(lang_)) + " · " + area_name(data, selected_zones_, lang_);
  for (auto w : s->view->weeks())
    spec.x.push_back(w);
  try {
    for (std::size_t i = 0; i < shown_.size(); ++i) {
      const Band b = s->view->series(shown_[i], measure_, selected_zones_);
      PlotSeries ps;
      ps.label = data.variants()[shown_[i]].label();
      ps.colour = series_colour(shown_[i]);
      ps.mean = b.mean;
      if (b.replicates > 1) {
        ps.lower = b.lower;
        ps.upper = b.upper;
      }
      spec.series.push_back(std::move(ps));
    }
  } catch (const std::exception& e) {
    show_error(e.what());
    return;
  }
  spec.marker_x = s->view->weeks()[week_];
  spec.marker_label = std::string(T("week")) + " " + std::to_string(s->view->weeks()[week_]);
  ImGui::TextDisabled("%s", std::string(T("band_note_viewer")).c_str());
  const double hx = line_chart(spec, ImGui::GetContentRegionAvail());
  if (std::isfinite(hx) && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    const auto& weeks = s->view->weeks();
    const auto it = std::find(weeks.begin(), weeks.end(), static_cast<std::int32_t>(hx));
    if (it != weeks.end()) week_ = static_cast<std::size_t>(it - weeks.begin());
  }
}

void App::draw_compare_panel() {
  OpenStore* s = store();
  if (!s) {
    ImGui::TextUnformatted(std::string(T("no_store_open")).c_str());
    return;
  }
  const auto& data = s->view->dataset();
  if (!baseline_ || data.variants().size() < 2) {
    ImGui::TextWrapped("%s", std::string(T("choose_baseline")).c_str());
    return;
  }
  const std::string key = data.path().string() + "|" + data.variants()[*baseline_].key;
  if (key != comparison_key_) {
    comparison_key_ = key;
    comparison_.reset();
    comparison_error_.clear();
    const analysis::Dataset* dp = &data;
    analysis::CompareOptions opts;
    opts.baseline = data.variants()[*baseline_].key;
    // The dataset is read by this job alone until it is done (the panels wait for it).
    compare_job_ = std::async(std::launch::async, [dp, opts] {
      return std::make_shared<analysis::Comparison>(analysis::compare(*dp, opts));
    });
  }
  if (compare_job_.valid() && compare_job_.wait_for(std::chrono::milliseconds(kComparePollMs)) ==
                                  std::future_status::ready) {
    try {
      comparison_ = compare_job_.get();
    } catch (const std::exception& e) {
      comparison_error_ = e.what();
    }
  }
  if (!comparison_error_.empty()) {
    show_error(comparison_error_);
    return;
  }
  if (!comparison_) {
    ImGui::TextUnformatted(std::string(T("computing")).c_str());
    return;
  }
  const auto& defs = analysis::measures();
  const analysis::Comparison& cmp = *comparison_;
  // The area: the selected zone when one is, else the territory.
  std::size_t area = 0;
  if (selected_zones_.size() == 1) {
    for (std::size_t a = 0; a < cmp.areas.size(); ++a)
      if (cmp.areas[a].level == analysis::AreaLevel::kZone &&
          cmp.areas[a].zones == selected_zones_) {
        area = a;
      }
  }
  ImGui::Text("%s: %s · %s", std::string(T("baseline")).c_str(),
              data.variants()[cmp.baseline].label().c_str(), cmp.areas[area].name.c_str());
  for (const auto& sc : cmp.scenarios) {
    const std::string header = data.variants()[sc.variant].label();
    if (!ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
    ImGui::PushID(static_cast<int>(sc.variant));
    const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_ScrollX;
    const float table_h = ImGui::GetContentRegionAvail().y * 0.62f;
    const float em = ImGui::GetFontSize();
    // Column widths in font heights: labels, two values, two differences with intervals.
    constexpr float kLabelEm = 19, kValueEm = 6.5f, kDifferenceEm = 13;
    if (ImGui::BeginTable("cmp", 5, tf, ImVec2(0, table_h))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn(std::string(T("indicator")).c_str(), ImGuiTableColumnFlags_WidthFixed,
                              kLabelEm * em);
      ImGui::TableSetupColumn(std::string(T("baseline")).c_str(), ImGuiTableColumnFlags_WidthFixed,
                              kValueEm * em);
      ImGui::TableSetupColumn(std::string(T("scenario")).c_str(), ImGuiTableColumnFlags_WidthFixed,
                              kValueEm * em);
      ImGui::TableSetupColumn(std::string(T("difference_cumulated")).c_str(),
                              ImGuiTableColumnFlags_WidthFixed, kDifferenceEm * em);
      ImGui::TableSetupColumn(std::string(T("difference_end")).c_str(),
                              ImGuiTableColumnFlags_WidthFixed, kDifferenceEm * em);
      ImGui::TableHeadersRow();
      std::optional<analysis::Question> last_q;
      for (std::size_t m = 0; m < defs.size(); ++m) {
        if (!defs[m].headline) continue;
        if (!last_q || *last_q != defs[m].question) {
          last_q = defs[m].question;
          ImGui::TableNextRow();
          ImGui::TableSetColumnIndex(0);
          ImGui::TextColored(ImVec4(0.35f, 0.45f, 0.6f, 1), "%s",
                             std::string(T(analysis::question_key(*last_q))).c_str());
        }
        const auto* cum = sc.cell(area, m, analysis::Period::kCumulated);
        const auto* end = sc.cell(area, m, analysis::Period::kEnd);
        if (!cum || !end) continue;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(std::string(defs[m].label(lang_)).c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(
            analysis::format_number(cum->stat.baseline, defs[m].decimals, lang_).c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(
            analysis::format_number(cum->stat.scenario, defs[m].decimals, lang_).c_str());
        const auto coloured = [&](const analysis::PairedStat& st, int col) {
          ImGui::TableSetColumnIndex(col);
          ImVec4 c = ImGui::GetStyleColorVec4(ImGuiCol_Text);
          if (st.significant() && defs[m].direction != analysis::Direction::kNeutral) {
            const bool better =
                (st.difference < 0) == (defs[m].direction == analysis::Direction::kLowerIsBetter);
            c = better ? ImVec4(0.1f, 0.55f, 0.25f, 1) : ImVec4(0.75f, 0.2f, 0.15f, 1);
          }
          ImGui::TextColored(c, "%s",
                             analysis::format_difference(st, defs[m].decimals, lang_).c_str());
        };
        coloured(cum->stat, 3);
        coloured(end->stat, 4);
      }
      ImGui::EndTable();
    }
    // Equity and costs side by side.
    if (ImGui::BeginTable("equity", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn(std::string(T("equity")).c_str(), ImGuiTableColumnFlags_WidthFixed,
                              (kLabelEm + kValueEm) * em);
      ImGui::TableSetupColumn(std::string(T("difference")).c_str(),
                              ImGuiTableColumnFlags_WidthFixed, kDifferenceEm * em);
      ImGui::TableSetupColumn(std::string(T("verdict")).c_str(), ImGuiTableColumnFlags_WidthFixed,
                              kDifferenceEm * em);
      ImGui::TableHeadersRow();
      for (const auto& e : sc.equity) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("%s · %s",
                    std::string(defs[analysis::measure_index(e.measure)].label(lang_)).c_str(),
                    std::string(T(e.statistic)).c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(analysis::format_difference(e.stat, 3, lang_).c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(std::string(T(analysis::verdict_key(e.verdict))).c_str());
      }
      const auto cost_row = [&](std::string_view k, const analysis::PairedStat& st) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("%s (EUR)", std::string(T(k)).c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(analysis::format_difference(st, 0, lang_).c_str());
      };
      cost_row("investment", sc.costs.investment);
      cost_row("downstream_costs_avoided", sc.costs.downstream_avoided);
      cost_row("net_cost", sc.costs.net_cost);
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::Text("%s (EUR)", std::string(T("cost_per_escalation_avoided")).c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(
          analysis::format_number(sc.costs.cost_per_escalation_avoided, 0, lang_).c_str());
      ImGui::EndTable();
    }
    ImGui::PopID();
  }
}

void App::draw_live_panel() {
  if (!live_) {
    ImGui::TextWrapped("%s", std::string(T("live_none")).c_str());
    if (ImGui::Button(std::string(T("run_scenario")).c_str())) {
      file_dialog_ = true;
      dialog_for_live_ = true;
    }
    if (!live_error_.empty()) show_error(live_error_);
    return;
  }
  const LiveFrame f = live_->frame();
  if (!f.error.empty()) show_error(f.error);
  // Controls.
  if (ImGui::Button(f.playing ? "||" : ">")) {
    if (f.playing) {
      live_->pause();
    } else {
      live_->play();
    }
  }
  ImGui::SameLine();
  if (ImGui::Button(std::string(T("step")).c_str())) live_->step();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(160);
  if (ImGui::SliderFloat("##livespeed", &live_speed_, 0, kMaxWeeksPerSecond,
                         live_speed_ == 0
                             ? std::string(T("fastest")).c_str()
                             : (std::string(T("weeks_per_second")) + " %.0f").c_str())) {
    live_->set_speed(live_speed_);
  }
  ImGui::SameLine();
  ImGui::Text("%s %d / %d · %.1f %s", std::string(T("week")).c_str(), f.week, f.weeks,
              f.weeks_per_second, std::string(T("weeks_per_second")).c_str());
  ImGui::SameLine();
  ImGui::Checkbox(std::string(T("difference_from_baseline")).c_str(), &difference_);

  draw_lever_controls(f);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::BeginChild("livemap", ImVec2(avail.x * 0.5f, 0));
  draw_map_panel(true);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("livechart", ImVec2(0, 0));
  draw_series_panel(true);
  ImGui::EndChild();
}

std::vector<char> App::districts_of(const std::vector<std::size_t>& zones) const {
  const Territory& t = live_->territory();
  std::vector<char> out(t.districts.size(), 0);
  if (zones.empty() || zones.size() == t.zones.size()) return out;  // every zone: none ticked
  std::vector<std::size_t> per_district(t.districts.size(), 0);
  std::vector<std::size_t> chosen(t.districts.size(), 0);
  for (const Zone& z : t.zones)
    ++per_district[z.district];
  for (std::size_t z : zones)
    if (z < t.zones.size()) ++chosen[t.zones[z].district];
  for (std::size_t d = 0; d < out.size(); ++d)
    out[d] = chosen[d] > 0 && chosen[d] == per_district[d];
  return out;
}

void App::draw_lever_controls(const LiveFrame& f) {
  // One row per lever: its size (a slider in the type's range) and the districts it targets,
  // both taking effect from the current week when released or applied.
  const Territory& territory = live_->territory();
  const auto& catalogue = lever_catalogue();
  const auto zones_of = [&](const std::vector<char>& ticked) {
    std::vector<std::size_t> zones;
    for (std::size_t z = 0; z < territory.zones.size(); ++z)
      if (ticked[territory.zones[z].district]) zones.push_back(z);
    return zones;  // empty: every zone
  };
  while (lever_sizes_.size() < f.levers.size()) {
    lever_sizes_.push_back(static_cast<float>(f.levers[lever_sizes_.size()].size));
    lever_districts_.push_back(districts_of(f.levers[lever_districts_.size()].zones));
  }
  const float em = ImGui::GetFontSize();
  constexpr float kSliderEm = 12;
  for (std::size_t i = 0; i < f.levers.size(); ++i) {
    const Policy& p = f.levers[i];
    const LeverInfo& info = catalogue[static_cast<std::size_t>(p.type)];
    ImGui::PushID(static_cast<int>(i));
    auto apply = [&] {
      try {
        live_->change_lever(LeverChange{i, lever_sizes_[i], zones_of(lever_districts_[i])});
        // A lever not started yet keeps its start week; one acting changes from this week.
        const int from = std::max(p.start_week, f.week) + 1;
        status_ = p.name + ": " + analysis::format_number(lever_sizes_[i], 2, lang_) + " " +
                  std::string(T("from_week")) + " " + std::to_string(from);
      } catch (const std::exception& e) {
        status_ = e.what();
      }
    };
    ImGui::SetNextItemWidth(kSliderEm * em);
    ImGui::SliderFloat("##size", &lever_sizes_[i], static_cast<float>(info.size_min),
                       static_cast<float>(info.size_max), "%.2f");
    if (ImGui::IsItemDeactivatedAfterEdit()) apply();
    ImGui::SameLine();
    const std::size_t ticked = static_cast<std::size_t>(
        std::count(lever_districts_[i].begin(), lever_districts_[i].end(), 1));
    const std::string zones_button =
        (ticked == 0 ? std::string(T("whole_territory"))
                     : std::to_string(ticked) + " " + std::string(T("districts"))) +
        "###zones";
    if (ImGui::Button(zones_button.c_str())) ImGui::OpenPopup("lever_zones");
    if (ImGui::BeginPopup("lever_zones")) {
      for (std::size_t d = 0; d < territory.districts.size(); ++d) {
        bool on = lever_districts_[i][d] != 0;
        if (ImGui::Checkbox(territory.districts[d].name.c_str(), &on)) {
          lever_districts_[i][d] = on ? 1 : 0;
        }
      }
      if (ImGui::Button(std::string(T("apply")).c_str())) {
        apply();
        ImGui::CloseCurrentPopup();
      }
      ImGui::EndPopup();
    }
    ImGui::SameLine();
    ImGui::Text("%s (%s)", p.name.c_str(), std::string(info.size_unit).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s %d · %zu %s", std::string(T("from_week")).c_str(), p.start_week + 1,
                        p.zones.size(), std::string(T("zones")).c_str());
    ImGui::PopID();
  }
  // A lever of another type, added from the current week.
  const LeverInfo& new_info = catalogue[static_cast<std::size_t>(new_lever_type_)];
  ImGui::SetNextItemWidth(kSliderEm * em);
  if (ImGui::BeginCombo("##newtype", std::string(new_info.key).c_str())) {
    for (std::size_t t = 0; t < catalogue.size(); ++t) {
      if (ImGui::Selectable(std::string(catalogue[t].key).c_str(),
                            static_cast<int>(t) == new_lever_type_)) {
        new_lever_type_ = static_cast<int>(t);
        new_lever_size_ = static_cast<float>(catalogue[t].size_min);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(kSliderEm * em * 0.6f);
  ImGui::SliderFloat("##newsize", &new_lever_size_, static_cast<float>(new_info.size_min),
                     static_cast<float>(new_info.size_max), "%.2f");
  ImGui::SameLine();
  if (ImGui::Button(std::string(T("add_lever")).c_str())) {
    try {
      live_->add_lever(LeverAddition{static_cast<LeverType>(new_lever_type_), new_lever_size_, {}});
      status_ = std::string(new_info.key) + ": " +
                analysis::format_number(new_lever_size_, 2, lang_) + " " +
                std::string(T("from_week")) + " " + std::to_string(f.week + 1);
    } catch (const std::exception& e) {
      status_ = e.what();
    }
  }
  ImGui::SameLine();
  ImGui::TextDisabled("(%s)", std::string(new_info.size_unit).c_str());
}

void App::draw_presenter_overlay(ImVec2 display) {
  (void)display;
  if (!sequence_.views.empty()) {
    const View& v = sequence_.views[sequence_index_];
    if (!v.title.empty()) ImGui::TextUnformatted(v.title.c_str());
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - 80);
    ImGui::TextDisabled("%zu / %zu", sequence_index_ + 1, sequence_.views.size());
  }
}

}  // namespace welfare::viz::app
