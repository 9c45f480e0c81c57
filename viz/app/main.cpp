// welfare-viewer: browse stored runs (map, time series, comparison), run a scenario live with
// levers, present a saved sequence of views. Dear ImGui 1.86 with GLFW and OpenGL 3.3.
//
//   welfare-viewer [STORE.h5 ...] [--boundaries FILE.geojson] [--lang it|en]
//                  [--view VIEWS.yaml [--view-index K]] [--presenter]
//                  [--live SCENARIO.yaml [--live-baseline SCENARIO.yaml] [--play]]
//                  [--screenshot FILE.png --frames N [--live-weeks W]] [--size WxH]
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

// The PNG writer is compiled here, without the project's warnings (it is not the project's code).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
#pragma GCC diagnostic pop

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>

#include "analysis/labels.hpp"
#include "common/error.hpp"
#include "viz/app/app.hpp"

namespace {

using welfare::viz::app::App;
using welfare::viz::app::Options;

constexpr float kBaseFontSize = 17.0f;  // pixels
constexpr const char* kFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr int kExitBadInput = 2;
constexpr int kExitNoDisplay = 3;

// Latin-1 for Italian, plus the dashes, ellipsis, minus, euro and arrows the labels use.
const ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2026, 0x2026, 0x20AC, 0x20AC,
                                0x2190, 0x2193, 0x2212, 0x2212, 0x2264, 0x2265, 0};

void load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  if (std::filesystem::exists(kFontFile)) {
    io.Fonts->AddFontFromFileTTF(kFontFile, kBaseFontSize * scale, nullptr, kGlyphRanges);
  } else {
    ImFontConfig cfg;
    cfg.SizePixels = kBaseFontSize * scale;
    io.Fonts->AddFontDefault(&cfg);
  }
  io.Fonts->Build();
}

// Reads the back buffer (before it is swapped) into a PNG, top row first.
bool write_png(const std::filesystem::path& file, int width, int height) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  for (int y = 0; y < height; ++y) {
    std::copy_n(pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row,
                flipped.data() + static_cast<std::size_t>(y) * row);
  }
  // Opaque: the window has no alpha to show.
  for (std::size_t i = 3; i < flipped.size(); i += 4)
    flipped[i] = 255;
  const std::filesystem::path tmp = file.string() + ".tmp";
  if (stbi_write_png(tmp.c_str(), width, height, 4, flipped.data(), static_cast<int>(row)) == 0) {
    return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  return !ec;
}

// A JSON string literal of UTF-8 `text`.
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Beside a screenshot: where the map was drawn, how many zones, and the errors shown, for tests.
void write_sidecar(const std::filesystem::path& png, const App& app) {
  std::ofstream out(png.string() + ".json");
  const auto& r = app.map_rect();
  out << "{\"map\": {\"x0\": " << r.x0 << ", \"y0\": " << r.y0 << ", \"x1\": " << r.x1
      << ", \"y1\": " << r.y1 << "}, \"zones_drawn\": " << app.zones_drawn() << ", \"errors\": [";
  const std::vector<std::string> errors = app.errors_shown();
  for (std::size_t i = 0; i < errors.size(); ++i)
    out << (i ? ", " : "") << json_string(errors[i]);
  out << "]}\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"welfare-viewer: browse stored runs, compare scenarios, run a scenario live"};
  Options options;
  std::string lang;
  std::filesystem::path screenshot;
  int frames = 0;
  int live_weeks = 0;
  std::string size = "1600x900";
  cli.add_option("stores", options.stores, "Run stores (HDF5) to open")->check(CLI::ExistingFile);
  cli.add_option("--boundaries", options.boundaries, "GeoJSON of zone boundaries for the map")
      ->check(CLI::ExistingFile);
  cli.add_option("--lang", lang, "Labels: it or en (default: the territory's language)");
  cli.add_option("--view", options.views, "A saved sequence of views (YAML)")
      ->check(CLI::ExistingFile);
  cli.add_option("--view-index", options.view_index, "The view of the sequence to show first");
  cli.add_flag("--presenter", options.presenter, "Start in presenter mode (full screen)");
  cli.add_option("--live", options.live_scenario, "A scenario to run live")
      ->check(CLI::ExistingFile);
  cli.add_option("--live-baseline", options.live_baseline,
                 "The baseline run alongside (default: the scenario without its levers)")
      ->check(CLI::ExistingFile);
  cli.add_option("--set", options.live_sets,
                 "KEY=VALUE override of the live scenario, e.g. scenario.scale=0.1");
  cli.add_flag("--play", options.live_start, "Start the live run at once");
  cli.add_option("--screenshot", screenshot, "Render, write this PNG and exit");
  cli.add_option("--frames", frames, "Frames to render before the screenshot")
      ->check(CLI::Range(1, 100000));
  cli.add_option("--live-weeks", live_weeks,
                 "Screenshot mode: wait until the live run has this many weeks")
      ->check(CLI::Range(0, 100000));
  cli.add_option("--size", size, "Window size WxH")->check([](const std::string& s) {
    int w = 0, h = 0;
    return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w > 0 && h > 0
               ? std::string()
               : std::string("expected WIDTHxHEIGHT, e.g. 1600x900");
  });
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = cli.exit(e);
    return rc == 0 ? 0 : kExitBadInput;
  }
  if (!lang.empty()) {
    options.language = welfare::analysis::parse_language(lang);
    if (!options.language) {
      std::cerr << "welfare-viewer: --lang: '" << lang
                << "' is not a language; expected it or en\n";
      return kExitBadInput;
    }
  }
  if (!screenshot.empty() && frames == 0) frames = 3;
  int width = 1600, height = 900;
  std::sscanf(size.c_str(), "%dx%d", &width, &height);

  if (!glfwInit()) {
    std::cerr << "welfare-viewer: no display (set DISPLAY, or run under xvfb-run)\n";
    return kExitNoDisplay;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  if (!screenshot.empty()) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(width, height, "welfare-viewer", nullptr, nullptr);
  if (!window) {
    std::cerr << "welfare-viewer: cannot open an OpenGL 3.3 window\n";
    glfwTerminate();
    return kExitNoDisplay;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(screenshot.empty() ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsLight();
  ImGui::GetStyle().FrameRounding = 3;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  std::unique_ptr<App> app;
  try {
    app = std::make_unique<App>(options);
  } catch (const std::exception& e) {
    std::cerr << "welfare-viewer: " << e.what() << "\n";
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return kExitBadInput;
  }
  float font_scale = -1;
  bool presenter_window = false;
  int saved_x = 0, saved_y = 0, saved_w = width, saved_h = height;
  int frame = 0;
  int rc = 0;
  // Frame times after the first (which builds fonts and caches), reported in screenshot mode.
  double frame_seconds_sum = 0;
  double frame_seconds_max = 0;
  // Of which building the interface (the viewer's own work, before OpenGL draws it).
  double build_seconds_sum = 0;
  double build_seconds_max = 0;
  auto last = std::chrono::steady_clock::now();
  while (!glfwWindowShouldClose(window) && !app->wants_quit()) {
    glfwPollEvents();
    if (app->font_scale() != font_scale) {
      font_scale = app->font_scale();
      load_fonts(font_scale);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    // Presenter mode is full screen on the primary monitor (when not taking a screenshot).
    if (screenshot.empty() && app->presenter() != presenter_window) {
      presenter_window = app->presenter();
      GLFWmonitor* monitor = glfwGetPrimaryMonitor();
      if (presenter_window && monitor) {
        glfwGetWindowPos(window, &saved_x, &saved_y);
        glfwGetWindowSize(window, &saved_w, &saved_h);
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
      } else {
        glfwSetWindowMonitor(window, nullptr, saved_x, saved_y, saved_w, saved_h, 0);
      }
    }
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(now - last).count();
    app->tick(dt);
    last = now;
    if (frame > 1) {
      frame_seconds_sum += dt;
      frame_seconds_max = std::max(frame_seconds_max, dt);
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    const auto build_start = std::chrono::steady_clock::now();
    app->draw(ImGui::GetIO().DisplaySize);
    ImGui::Render();
    if (frame > 1) {
      const double b =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start).count();
      build_seconds_sum += b;
      build_seconds_max = std::max(build_seconds_max, b);
    }
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.97f, 0.97f, 0.98f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    ++frame;
    bool live_ready = true;
    if (live_weeks > 0 && app->live()) {
      const auto f = app->live()->frame();
      live_ready = f.week >= live_weeks || f.finished || !f.error.empty();
    }
    if (auto req = app->take_export_request()) {
      app->set_status(write_png(*req, fb_w, fb_h) ? "PNG: " + req->string()
                                                  : "PNG: cannot write " + req->string());
    }
    // A screenshot waits for background work (a comparison being computed), up to a limit.
    constexpr int kMaxBusyFrames = 3000;
    const bool idle = !app->busy() || frame >= frames + kMaxBusyFrames;
    if (!idle) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!screenshot.empty() && frame >= frames && live_ready && idle) {
      if (!write_png(screenshot, fb_w, fb_h)) {
        std::cerr << "welfare-viewer: cannot write " << screenshot << "\n";
        rc = 1;
      } else {
        write_sidecar(screenshot, *app);
        std::cout << "wrote " << screenshot.string() << " (" << fb_w << "x" << fb_h << ", " << frame
                  << " frames, mean frame " << std::fixed << std::setprecision(1)
                  << (frame > 2 ? 1000 * frame_seconds_sum / (frame - 2) : 0.0) << " ms, longest "
                  << 1000 * frame_seconds_max << " ms; building the interface "
                  << (frame > 2 ? 1000 * build_seconds_sum / (frame - 2) : 0.0) << " ms, longest "
                  << 1000 * build_seconds_max << " ms)\n";
      }
      break;
    }
    glfwSwapBuffers(window);
  }
  app.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return rc;
}
