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

// Progress of a batch: runs done of the runs to do, the rate in runs per minute and the time
// left. On a terminal a bar redrawn in place; otherwise (a cluster job's log) a line at most
// every kLogInterval and at the end.
class RunsProgress {
 public:
  explicit RunsProgress(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}
  ~RunsProgress() { finish(); }

  // `done` of `total` runs finished in `seconds`; `already` were stored before.
  void update(long done, long total, long already, double seconds) {
    if (quiet_ || total <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = done >= total;
    const auto interval = tty_ ? kRedrawInterval : kLogInterval;
    if (!last && drawn_ && now - last_draw_ < interval) return;
    last_draw_ = now;
    const double per_minute =
        seconds > 0 ? static_cast<double>(done) * kSecondsPerMinute / seconds : 0;
    const double eta =
        done > 0 ? seconds * static_cast<double>(total - done) / static_cast<double>(done) : 0;
    char line[kLineLength];
    std::snprintf(line, sizeof line, "runs %ld/%ld%s  %.1f runs/min  ETA %s", done, total,
                  already > 0 ? (" (+" + std::to_string(already) + " stored before)").c_str() : "",
                  per_minute, done > 0 ? duration(eta).c_str() : "-");
    if (tty_) {
      const int filled =
          static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * kWidth);
      std::string bar(static_cast<std::size_t>(filled), '#');
      bar.resize(kWidth, '.');
      std::fprintf(stderr, "\r[%s] %s   ", bar.c_str(), line);
    } else {
      std::fprintf(stderr, "%s\n", line);
    }
    std::fflush(stderr);
    drawn_ = true;
  }

  void finish() {
    if (drawn_ && tty_) std::fputc('\n', stderr);
    drawn_ = false;
  }

  static std::string duration(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char text[kLineLength];
    if (s >= kSecondsPerHour) {
      std::snprintf(text, sizeof text, "%ldh%02ldm", s / kSecondsPerHour,
                    s % kSecondsPerHour / kSecondsPerMinuteL);
    } else if (s >= kSecondsPerMinuteL) {
      std::snprintf(text, sizeof text, "%ldm%02lds", s / kSecondsPerMinuteL,
                    s % kSecondsPerMinuteL);
    } else {
      std::snprintf(text, sizeof text, "%lds", s);
    }
    return text;
  }

 private:
  static constexpr int kWidth = 30;
  static constexpr int kLineLength = 160;
  static constexpr double kSecondsPerMinute = 60.0;
  static constexpr long kSecondsPerMinuteL = 60;
  static constexpr long kSecondsPerHour = 3600;
  static constexpr std::chrono::milliseconds kRedrawInterval{200};
  static constexpr std::chrono::seconds kLogInterval{30};
  bool quiet_;
  bool tty_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace welfare::cli
