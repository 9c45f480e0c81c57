// A progress bar with an ETA on stderr, drawn only when stderr is a terminal.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace welfare::cli {

class ProgressBar {
 public:
  ProgressBar(long total, bool quiet) : total_(total), enabled_(!quiet && isatty(STDERR_FILENO)) {}
  ~ProgressBar() { finish(); }

  void update(long done, const std::string& label) {
    if (!enabled_ || total_ <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_draw_ < kRedrawInterval) return;
    last_draw_ = now;
    const double fraction = static_cast<double>(done) / static_cast<double>(total_);
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r[%s] %3d%%  %s  ETA %.0fs   ", bar.c_str(),
                 static_cast<int>(fraction * 100), label.c_str(), eta);
    std::fflush(stderr);
    drawn_ = true;
  }

  void finish() {
    if (drawn_) std::fputc('\n', stderr);
    drawn_ = false;
  }

 private:
  static constexpr int kWidth = 30;
  static constexpr std::chrono::milliseconds kRedrawInterval{100};
  long total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace welfare::cli
