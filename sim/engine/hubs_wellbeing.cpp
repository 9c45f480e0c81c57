// Phase 6, community hubs: persons attending a hub meet other attendees and form ties.
// Phase 7, children's well-being: each minor's seven scores move towards a target set by
// the household's poverty, an unmet family need, children's services and the zone's
// common spaces (community-hub places per resident).
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "engine/simulation.hpp"
#include "rng/stream.hpp"

namespace welfare {
namespace {

// The seven dimensions of Milan's plan for children's well-being, in the order stored.
enum Dimension : std::size_t {
  kSocialRelations,
  kHealthAccess,
  kEducation,
  kPhysicalActivity,
  kTalents,
  kSelfDetermination,
  kCommonSpaces,
};
constexpr double kScoreScale = 100.0;  // scores are stored as hundredths of a point

}  // namespace

void Simulation::form_hub_ties() {
  std::vector<Tie> ties;
  const double rate = params_[Param::kHubTiesPerWeek];
  const ServiceKind hub = ServiceKind::kCommunityHub;
  for (std::size_t area = 0; area < services_.areas(hub); ++area) {
    std::vector<std::uint32_t> attendees;
    for (const Placement& pl : services_.roster(area, hub)) {
      const auto& c = cases_[index(pl.domain)];
      if (pop_.alive[pl.person] && c.state[pl.person] == CaseState::kServed &&
          c.service[pl.person] == static_cast<std::uint8_t>(hub) &&
          pl.person < network_.person_count()) {
        attendees.push_back(pl.person);
      }
    }
    std::sort(attendees.begin(), attendees.end());
    if (attendees.size() < 2) continue;
    for (std::uint32_t p : attendees) {
      rng::Stream s({scenario_.seed, replicate_, static_cast<std::uint32_t>(now()), p,
                     rng::Purpose::kHubTies});
      // Ties this week: the whole part of the rate, plus one more with its fractional part.
      const double whole = std::floor(rate);
      const int n = static_cast<int>(whole) + (s.uniform() < rate - whole ? 1 : 0);
      for (int i = 0; i < n; ++i) {
        const std::uint32_t other =
            attendees[s.below(static_cast<std::uint32_t>(attendees.size()))];
        if (other != p) ties.push_back({p, other, TieKind::kHub});
      }
    }
  }
  if (ties.empty()) return;
  network_.add_ties(ties);
  // More ties outside the household lower the risk of loneliness.
  for (const Tie& t : ties) {
    reschedule(t.a, onset_event(Domain::kLoneliness));
    reschedule(t.b, onset_event(Domain::kLoneliness));
  }
}

double Simulation::hub_provision(std::size_t zone) const {
  // Hub places per resident of the area the zone's hubs serve, against the reference.
  const ServiceKind hub = ServiceKind::kCommunityHub;
  const std::size_t area = services_.area(zone, hub);
  double residents = 0;
  for (std::size_t z : services_.zones_of(area, hub)) {
    residents += static_cast<double>(scenario_.territory.zones[z].residents);
  }
  constexpr double kPerThousand = 1000.0;
  if (residents <= 0) return 0.0;
  return std::min(1.0, services_.capacity(area, hub) / residents * kPerThousand /
                           params_[Param::kWellbeingHubReference]);
}

std::array<std::uint16_t, 7> Simulation::wellbeing_target(std::uint32_t p, double provision) const {
  std::array<double, 7> t;
  t.fill(params_[Param::kWellbeingBaseline]);
  const std::uint32_t h = pop_.household[p];
  if (household_poor(h)) {
    for (auto d : {kHealthAccess, kEducation, kPhysicalActivity, kTalents}) {
      t[d] -= params_[Param::kWellbeingPovertyPenalty];
    }
  }
  const auto& family = cases_[index(Domain::kFamily)];
  if (unmet(family.state[p])) {
    for (auto d : {kSocialRelations, kSelfDetermination, kEducation}) {
      t[d] -= params_[Param::kWellbeingNeedPenalty];
    }
  }
  const auto children = static_cast<std::uint8_t>(ServiceKind::kChildrenServices);
  if (family.service[p] == children || cases_[index(Domain::kDisability)].service[p] == children) {
    for (auto d : {kEducation, kSocialRelations, kTalents, kSelfDetermination}) {
      t[d] += params_[Param::kWellbeingServiceGain];
    }
  }
  for (auto d : {kCommonSpaces, kPhysicalActivity, kSocialRelations}) {
    t[d] += params_[Param::kWellbeingCommonSpaceGain] * provision;
  }
  std::array<std::uint16_t, 7> out;
  for (std::size_t d = 0; d < out.size(); ++d) {
    out[d] =
        static_cast<std::uint16_t>(std::lround(std::clamp(t[d], 0.0, kScoreScale) * kScoreScale));
  }
  return out;
}

void Simulation::update_wellbeing() {
  const double rate = params_[Param::kWellbeingAdjustment];
  const int adult_weeks = kAdultAge * kWeeksPerYear;
  std::vector<double> provision(pop_.zone_count());
  for (std::size_t z = 0; z < provision.size(); ++z)
    provision[z] = hub_provision(z);
  tbb::parallel_for(
      tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(pop_.person_count())),
      [&](const auto& r) {
        for (auto p = r.begin(); p != r.end(); ++p) {
          if (!pop_.alive[p] || age_weeks(p) >= adult_weeks) continue;
          const auto target = wellbeing_target(p, provision[pop_.zone[p]]);
          auto& score = wellbeing_[p];
          for (std::size_t d = 0; d < score.size(); ++d) {
            const double next = score[d] + rate * (static_cast<double>(target[d]) - score[d]);
            score[d] = static_cast<std::uint16_t>(next + 0.5);  // non-negative: rounds
          }
        }
      });
}

}  // namespace welfare
