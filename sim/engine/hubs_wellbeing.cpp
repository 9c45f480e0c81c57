// Phase 6, community hubs: persons attending a hub meet other attendees and form ties.
// Phase 7, children's well-being: each minor's seven scores move towards a target set by
// the household's poverty, an unmet family need, children's services and the zone's
// common spaces (community-hub places per resident).

#include <algorithm>
#include <cmath>

#include "common/parallel.hpp"
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

// What a minor's target scores depend on, as the bits of a key: the household is poor, the
// family need is unmet, the minor receives children's services.
constexpr unsigned kPoorBit = 1;
constexpr unsigned kFamilyUnmetBit = 2;
constexpr unsigned kChildrenServiceBit = 4;
constexpr unsigned kTargetKeys = 8;                  // every combination of the three bits
constexpr std::uint32_t kNoHousehold = 0xFFFFFFFFu;  // none looked up yet
// Records of former minors are dropped once they are more than this fraction (1/8) of the
// list of minors.
constexpr std::size_t kGoneShare = 8;

// The target scores for the circumstances in `key` and the zone's hub provision (0-1).
std::array<std::uint16_t, 7> target_scores(const Parameters& params, unsigned key,
                                           double provision) {
  std::array<double, 7> t;
  t.fill(params[Param::kWellbeingBaseline]);
  if (key & kPoorBit) {
    for (auto d : {kHealthAccess, kEducation, kPhysicalActivity, kTalents}) {
      t[d] -= params[Param::kWellbeingPovertyPenalty];
    }
  }
  if (key & kFamilyUnmetBit) {
    for (auto d : {kSocialRelations, kSelfDetermination, kEducation}) {
      t[d] -= params[Param::kWellbeingNeedPenalty];
    }
  }
  if (key & kChildrenServiceBit) {
    for (auto d : {kEducation, kSocialRelations, kTalents, kSelfDetermination}) {
      t[d] += params[Param::kWellbeingServiceGain];
    }
  }
  for (auto d : {kCommonSpaces, kPhysicalActivity, kSocialRelations}) {
    t[d] += params[Param::kWellbeingCommonSpaceGain] * provision;
  }
  std::array<std::uint16_t, 7> out;
  for (std::size_t d = 0; d < out.size(); ++d) {
    out[d] =
        static_cast<std::uint16_t>(std::lround(std::clamp(t[d], 0.0, kScoreScale) * kScoreScale));
  }
  return out;
}

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

void Simulation::add_minor(std::uint32_t p) {
  new_minors_.push_back(
      {p, pop_.household[p], pop_.zone[p], wellbeing_target(p, hub_provision(pop_.zone[p]))});
}

std::array<std::uint16_t, 7> Simulation::wellbeing_target(std::uint32_t p, double provision) const {
  const auto& family = cases_[index(Domain::kFamily)];
  const auto children = static_cast<std::uint8_t>(ServiceKind::kChildrenServices);
  const bool served =
      family.service[p] == children || cases_[index(Domain::kDisability)].service[p] == children;
  const unsigned key = (household_poor(pop_.household[p]) ? kPoorBit : 0u) |
                       (unmet(family.state[p]) ? kFamilyUnmetBit : 0u) |
                       (served ? kChildrenServiceBit : 0u);
  return target_scores(params_, key, provision);
}

void Simulation::update_wellbeing() {
  const double rate = params_[Param::kWellbeingAdjustment];
  const int adult_weeks = kAdultAge * kWeeksPerYear;
  // A minor's target depends only on the zone and the three bits of its key: the targets of
  // every zone and key are computed once (the same arithmetic as wellbeing_target).
  const std::size_t zones = pop_.zone_count();
  std::vector<std::array<std::uint16_t, 7>> targets(zones * kTargetKeys);
  for (std::size_t z = 0; z < zones; ++z) {
    const double provision = hub_provision(z);
    for (unsigned key = 0; key < kTargetKeys; ++key)
      targets[z * kTargetKeys + key] = target_scores(params_, key, provision);
  }
  const auto& family = cases_[index(Domain::kFamily)];
  const auto& disability = cases_[index(Domain::kDisability)];
  const auto children = static_cast<std::uint8_t>(ServiceKind::kChildrenServices);
  // For recording (phase 8): the scores of those still minors at the end of the week, summed
  // per zone as integers (so the sums do not depend on the threads).
  const int minor_at_end_born = week_ + 1 - adult_weeks;  // born after it: a minor then
  using ZoneSums = std::vector<std::array<std::int64_t, 7>>;
  struct Local {
    ZoneSums sums;
    std::size_t gone = 0;  // records of persons no longer minors, skipped
  };
  parallel::PerThread<Local> locals([&] { return Local{ZoneSums(zones)}; });
  // The minors in person order: last week's, then those entered since (persons are only
  // ever appended, so the order holds). Those who have died or come of age are skipped, and
  // dropped from the list once they make up more than 1/kGoneShare of it, so that the list
  // is not rewritten every week for the few who leave.
  auto is_minor = [&](std::uint32_t p) { return pop_.alive[p] && age_weeks(p) < adult_weeks; };
  for (const Minor& m : new_minors_) {
    if (is_minor(m.person)) minors_.push_back(m);
  }
  new_minors_.clear();
  parallel::for_ranges<std::size_t>(0, minors_.size(), [&](const auto& r) {
    Local& mine = locals.local();
    ZoneSums& local = mine.sums;
    // Minors of a household are next to each other: its poverty is looked up once.
    std::uint32_t last_household = kNoHousehold;
    unsigned poor_bit = 0;
    for (auto i = r.begin(); i != r.end(); ++i) {
      Minor& minor = minors_[i];
      const std::uint32_t p = minor.person;
      if (!is_minor(p)) {
        ++mine.gone;
        continue;
      }
      const std::uint32_t h = minor.household;
      if (h != last_household) {
        last_household = h;
        poor_bit = household_poor(h) ? kPoorBit : 0u;
      }
      const bool served = family.service[p] == children || disability.service[p] == children;
      const unsigned key = poor_bit | (unmet(family.state[p]) ? kFamilyUnmetBit : 0u) |
                           (served ? kChildrenServiceBit : 0u);
      const std::size_t z = minor.zone;
      const auto& target = targets[z * kTargetKeys + key];
      auto& score = minor.score;
      // A score at its target stays there (the step below would leave it as it is): most
      // minors' circumstances do not change, so most skip the arithmetic.
      bool at_target = true;
      for (std::size_t d = 0; d < score.size(); ++d)
        at_target &= score[d] == target[d];
      if (!at_target) {
        for (std::size_t d = 0; d < score.size(); ++d) {
          const double next = score[d] + rate * (static_cast<double>(target[d]) - score[d]);
          score[d] = static_cast<std::uint16_t>(next + 0.5);  // non-negative: rounds
        }
      }
      if (pop_.birth_week[p] > minor_at_end_born) {
        for (std::size_t d = 0; d < score.size(); ++d)
          local[z][d] += score[d];
      }
    }
  });
  minor_score_sums_.assign(zones, {});
  std::size_t gone = 0;
  locals.combine_each([&](const Local& local) {
    gone += local.gone;
    for (std::size_t z = 0; z < zones; ++z) {
      for (std::size_t d = 0; d < local.sums[z].size(); ++d)
        minor_score_sums_[z][d] += local.sums[z][d];
    }
  });
  if (gone * kGoneShare > minors_.size()) {
    std::erase_if(minors_, [&](const Minor& m) { return !is_minor(m.person); });
  }
}

}  // namespace welfare
