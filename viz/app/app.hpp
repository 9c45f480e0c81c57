// The viewer's state and panels: runs, map, time series, comparison, live run, presenter mode.
// Everything is drawn each frame from this state (Dear ImGui's immediate mode); what is slow
// to compute (reading runs, comparisons) is cached per selection.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/labels.hpp"
#include "viz/core/map_geometry.hpp"
#include "viz/core/view_file.hpp"
#include "viz/data/live_run.hpp"
#include "viz/data/store_view.hpp"

namespace welfare::viz::app {

struct Options {
  std::vector<std::filesystem::path> stores;
  std::filesystem::path boundaries;
  std::optional<analysis::Language> language;
  std::filesystem::path views;  // a view sequence to load
  std::size_t view_index = 0;   // the view of the sequence to show first
  std::filesystem::path live_scenario;
  std::filesystem::path live_baseline;  // empty: the scenario without its levers
  std::vector<std::string> live_sets;   // --set overrides of the live scenario (and baseline)
  bool live_start = false;              // start playing at once
  bool presenter = false;
};

// One open store and what the viewer keeps of it.
struct OpenStore {
  std::unique_ptr<StoreView> view;
  std::optional<MapGeometry> geometry;
  std::string geometry_note;  // Voronoi or boundaries, or why the boundaries were not used
};

class App {
 public:
  explicit App(Options options);
  ~App();

  // Draws one frame of the whole interface into the current ImGui frame.
  void draw(ImVec2 display);
  // Applies a saved view (panel, measure, scenarios, zones, week, language). Names the store
  // does not know are reported in the status line.
  void apply_view(const View& view);
  View current_view() const;

  bool presenter() const { return presenter_; }
  void set_presenter(bool on) { presenter_ = on; }
  bool wants_quit() const { return quit_; }
  // Set by the interface when the user asks for a PNG of the current view; taken by the loop.
  std::optional<std::filesystem::path> take_export_request();
  void set_status(std::string text) { status_ = std::move(text); }
  analysis::Language language() const { return lang_; }
  // Whether a presenter font change is wanted (the loop rebuilds fonts between frames).
  float font_scale() const;
  // Where the map was drawn last frame (for tests of screenshots), in pixels.
  const ScreenRect& map_rect() const { return map_rect_; }
  std::size_t zones_drawn() const { return zones_drawn_; }
  // The errors the interface shows: stores that could not be opened, and what a panel could
  // not draw in the last frame (for tests of screenshots).
  std::vector<std::string> errors_shown() const;
  LiveRun* live() { return live_.get(); }
  // Whether work in the background (a comparison) is still under way.
  bool busy() const { return compare_job_.valid(); }
  // Advances animations (playing through weeks) by dt seconds.
  void tick(double dt);

 private:
  std::string_view T(std::string_view key) const { return analysis::text(key, lang_); }
  void open_store(const std::filesystem::path& path);
  void start_live(const std::filesystem::path& scenario, const std::filesystem::path& baseline);
  OpenStore* store();
  const OpenStore* store() const;
  std::size_t week_count() const;

  void draw_panel(Panel panel);
  void draw_menu();
  void draw_runs_panel();
  void draw_controls();
  void draw_map_panel(bool live);
  void draw_series_panel(bool live);
  void draw_compare_panel();
  void draw_live_panel();
  void draw_presenter_overlay(ImVec2 display);
  void draw_file_dialog();
  void handle_keys();

  Options options_;
  analysis::Language lang_ = analysis::Language::kItalian;
  std::vector<OpenStore> stores_;
  std::size_t current_store_ = 0;
  std::size_t measure_ = 0;
  std::vector<std::size_t> shown_;  // variants shown (time series; the map shows the first)
  std::optional<std::size_t> baseline_;
  bool difference_ = false;  // map: scenario minus baseline
  std::vector<std::size_t> selected_zones_;
  std::size_t week_ = 0;  // week index
  bool playing_ = false;
  double play_accumulator_ = 0;
  float weeks_per_second_ = 8;
  Panel panel_ = Panel::kMap;
  std::optional<Panel> requested_tab_;  // a view asked for this tab

  // Provenance of the selection in the runs tree.
  std::optional<std::pair<std::size_t, std::size_t>> selected_run_;  // variant, replicate

  // Comparison, computed in the background per (store, baseline).
  std::future<std::shared_ptr<analysis::Comparison>> compare_job_;
  std::shared_ptr<analysis::Comparison> comparison_;
  std::string comparison_key_;
  std::string comparison_error_;

  // Live run.
  std::unique_ptr<LiveRun> live_;
  std::string live_error_;
  std::optional<MapGeometry> live_geometry_;
  std::vector<float> lever_sizes_;  // slider positions
  float live_speed_ = 0;            // weeks per second; 0: as fast as possible
  // Per lever, the districts it targets as the presenter sets them (all when none is ticked).
  std::vector<std::vector<char>> lever_districts_;
  std::vector<std::size_t> live_selected_zones_;  // zones of the live chart (map clicks)
  int new_lever_type_ = 0;
  float new_lever_size_ = 0;
  void draw_lever_controls(const LiveFrame& frame);
  // The districts fully covered by a set of zones (all ticked when the set is every zone).
  std::vector<char> districts_of(const std::vector<std::size_t>& zones) const;
  std::string live_scenario_text_;

  // Presenter.
  bool presenter_ = false;
  ViewSequence sequence_;
  std::size_t sequence_index_ = 0;

  // File dialog.
  bool file_dialog_ = false;
  bool dialog_for_live_ = false;  // choosing a scenario to run live rather than a store
  std::filesystem::path dialog_dir_;

  // Draws an error in red, wrapped, and records it for errors_shown().
  void show_error(const std::string& message);
  std::vector<std::string> open_errors_;   // stores that could not be opened
  std::vector<std::string> frame_errors_;  // errors drawn in the current frame

  std::optional<std::filesystem::path> export_request_;
  std::string status_;
  bool quit_ = false;
  ScreenRect map_rect_;
  std::size_t zones_drawn_ = 0;
};

}  // namespace welfare::viz::app
