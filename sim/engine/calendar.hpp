// The event calendar: the week of each person's next event of each kind, with one bucket of
// due events per week, so that a week's work is proportional to the events due in it.
//
// Rescheduling just writes a new due week: a stale bucket entry is dropped when its week
// comes (its due week no longer matches). Buckets are sorted when taken, so the order in
// which events were scheduled (which may depend on threads) never matters.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "needs/needs.hpp"

namespace welfare {

enum class EventKind : std::uint8_t {
  kDeath,
  kBirth,
  kOnset,  // kOnset + domain index: the onset of a need in each domain
};
inline constexpr std::size_t kEventKinds = 2 + kDomains;
constexpr EventKind onset_event(Domain d) {
  return static_cast<EventKind>(static_cast<std::size_t>(EventKind::kOnset) + index(d));
}
constexpr std::size_t index(EventKind k) {
  return static_cast<std::size_t>(k);
}

struct Event {
  EventKind kind;
  std::uint32_t person;
};

class Calendar {
 public:
  static constexpr std::int16_t kUnscheduled = -1;

  explicit Calendar(int weeks) : buckets_(static_cast<std::size_t>(weeks)) {}

  void resize(std::size_t persons) {
    for (auto& d : due_)
      d.resize(persons, kUnscheduled);
  }

  int weeks() const { return static_cast<int>(buckets_.size()); }
  int due(std::uint32_t p, EventKind k) const { return due_[index(k)][p]; }

  // Sets the due week without filing it in a bucket (for bulk set-up; see file_all).
  void set_due(std::uint32_t p, EventKind k, int week) {
    due_[index(k)][p] = week < weeks() ? static_cast<std::int16_t>(week) : kUnscheduled;
  }

  void schedule(std::uint32_t p, EventKind k, int week) {
    set_due(p, k, week);
    if (week < weeks()) buckets_[static_cast<std::size_t>(week)].push_back(pack(p, k));
  }

  void cancel(std::uint32_t p, EventKind k) { due_[index(k)][p] = kUnscheduled; }

  // Files every due week set with set_due into the buckets (a counting pass).
  void file_all() {
    std::vector<std::size_t> count(buckets_.size(), 0);
    for (const auto& d : due_) {
      for (auto w : d) {
        if (w >= 0) ++count[static_cast<std::size_t>(w)];  // unscheduled is -1
      }
    }
    for (std::size_t w = 0; w < buckets_.size(); ++w)
      buckets_[w].reserve(count[w]);
    for (std::size_t k = 0; k < kEventKinds; ++k) {
      for (std::size_t p = 0; p < due_[k].size(); ++p) {
        const auto w = due_[k][p];
        if (w >= 0)
          buckets_[static_cast<std::size_t>(w)].push_back(
              pack(static_cast<std::uint32_t>(p), static_cast<EventKind>(k)));
      }
    }
  }

  // The events still due in `week`, ordered by kind and then person; empties the bucket.
  std::vector<Event> take(int week) {
    auto& bucket = buckets_[static_cast<std::size_t>(week)];
    std::sort(bucket.begin(), bucket.end());
    bucket.erase(std::unique(bucket.begin(), bucket.end()), bucket.end());
    std::vector<Event> events;
    events.reserve(bucket.size());
    for (std::uint64_t e : bucket) {
      const auto kind = static_cast<EventKind>(e >> 32);
      const auto p = static_cast<std::uint32_t>(e);
      if (due_[index(kind)][p] == week) {
        events.push_back({kind, p});
        due_[index(kind)][p] = kUnscheduled;
      }
    }
    std::vector<std::uint64_t>().swap(bucket);
    return events;
  }

 private:
  static std::uint64_t pack(std::uint32_t p, EventKind k) {
    return (static_cast<std::uint64_t>(index(k)) << 32) | p;
  }

  std::array<std::vector<std::int16_t>, kEventKinds> due_;
  std::vector<std::vector<std::uint64_t>> buckets_;
};

}  // namespace welfare
