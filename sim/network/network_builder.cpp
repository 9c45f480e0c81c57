// Builds the static social network from the population: household, kin and neighbourhood
// ties, generated per zone in parallel and laid out as a CSR graph in zone order.
//
// Phases (each parallel over zones, with serial scans between them so that every output
// position is fixed before it is written and the result does not depend on the threads):
//  1. candidate buckets: adults who may be someone's child living elsewhere, by single year
//     of age and zone (counting sort, age-major, zones ranked by district so that a zone, a
//     district and the territory are each one contiguous range of a bucket row);
//  2. ties: kin ties (drawn per parent, keyed by the parent) and neighbourhood ties (drawn
//     per zone) into per-zone lists; household ties are implied by the households;
//  3. cross-zone kin ties are routed to the child's zone (serial, in zone order);
//  4. degrees per person, then each person's ties written into the CSR arrays (row starts,
//     targets, kinds), which the Boost graph then takes over without a copy.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "common/parallel.hpp"
#include "network/social_network.hpp"
#include "rng/stream.hpp"

namespace welfare {
namespace {

// Age from which the oldest-old neighbourhood group starts.
// Draws tried before a child is given up: a draw is redrawn when it falls in the parent's own
// household or repeats a child already drawn, and a new age gap is drawn when no adult of the
// age lives anywhere. Bounds the work for persons no one can match; rarely reached.
constexpr int kMaxCandidateDraws = 8;
constexpr int kMaxAgeDraws = 8;
// No person: a child not found, a stub whose pair was dropped.
constexpr std::uint32_t kNobody = std::numeric_limits<std::uint32_t>::max();
// A Poisson draw stops here whatever the uniform: guards the inversion against rounding.
constexpr std::uint32_t kPoissonMaxCount = 1000;

// ln Γ(x), safe to call from several threads: std::lgamma also stores the sign of Γ(x) in the
// global `signgam`, which threads calling it at once would race on. lgamma_r (glibc) computes
// the same value and returns the sign instead.
double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

// Poisson by inversion of the CDF with one 32-bit uniform per draw, so that a stream's later
// draws do not shift with the value drawn. The CDF is tabulated once (means here are a few
// ties or children), so that a draw is a short scan without divisions.
class Poisson {
 public:
  explicit Poisson(double mean) {
    mean = std::max(mean, 0.0);
    double p = std::exp(-mean);
    if (p == 0) {
      throw std::invalid_argument("Poisson mean " + std::to_string(mean) +
                                  " is too large (check the network.neighbour_* parameters)");
    }
    double cdf = p;
    cdf_.push_back(cdf);
    for (std::uint32_t k = 1; k < kPoissonMaxCount && cdf < 1 && p > 0; ++k) {
      p *= mean / k;
      cdf += p;
      cdf_.push_back(cdf);
    }
  }
  std::uint32_t draw(rng::Stream& s) const {
    const double u = static_cast<double>(s.next_u32()) * 0x1.0p-32;
    std::uint32_t k = 0;
    while (k + 1 < cdf_.size() && u >= cdf_[k])
      ++k;
    return k;
  }

 private:
  std::vector<double> cdf_;  // P(X <= k); the last entry takes the rest of the tail
};

// A Bernoulli trial on one 32-bit draw (half the stream of Stream::bernoulli): these are made
// for every tie, and 2^-32 resolution is ample for shares given to two or three digits.
class Chance {
 public:
  explicit Chance(double p)
      : threshold_(p >= 1   ? std::uint64_t{1} << 32
                   : p <= 0 ? 0
                            : static_cast<std::uint64_t>(std::ldexp(p, 32))) {}
  bool draw(rng::Stream& s) const { return s.next_u32() < threshold_; }

 private:
  std::uint64_t threshold_;
};

// Binomial(n, p) by inversion with one 32-bit uniform: how many of a person's n ties form in
// the age band, one draw per person rather than one per tie. CDFs are tabulated for the
// usual n.
class Binomial {
 public:
  explicit Binomial(double p) : p_(std::clamp(p, 0.0, 1.0)) {
    for (std::uint32_t n = 0; n < kTabulated; ++n) {
      row_begin_[n] = static_cast<std::uint32_t>(cdf_.size());
      for (std::uint32_t k = 0; k <= n; ++k)
        cdf_.push_back(0);
      fill_cdf(n, cdf_.data() + row_begin_[n]);
    }
  }
  std::uint32_t draw(std::uint32_t n, rng::Stream& s) const {
    const double u = static_cast<double>(s.next_u32()) * 0x1.0p-32;
    if (n < kTabulated) return scan(cdf_.data() + row_begin_[n], n, u);
    // Beyond the table (rare): the same inversion, term by term.
    if (p_ >= 1) return n;
    double p = std::pow(1 - p_, static_cast<double>(n));
    double cdf = p;
    std::uint32_t k = 0;
    while (k < n && u >= cdf) {
      p *= p_ / (1 - p_) * (n - k) / (k + 1);
      ++k;
      cdf += p;
    }
    return k;
  }

 private:
  static constexpr std::uint32_t kTabulated = 64;

  static std::uint32_t scan(const double* cdf, std::uint32_t n, double u) {
    std::uint32_t k = 0;
    while (k < n && u >= cdf[k])
      ++k;
    return k;
  }
  // P(X <= k) for k = 0..n.
  void fill_cdf(std::uint32_t n, double* cdf) const {
    double sum = 0;
    for (std::uint32_t k = 0; k <= n; ++k) {
      // C(n, k) p^k (1-p)^(n-k) through logarithms: exact enough and safe at p = 0 or 1.
      const double log_choose = log_gamma(n + 1.0) - log_gamma(k + 1.0) - log_gamma(n - k + 1.0);
      const double term = p_ <= 0 ? (k == 0 ? 1.0 : 0.0)
                          : p_ >= 1
                              ? (k == n ? 1.0 : 0.0)
                              : std::exp(log_choose + k * std::log(p_) + (n - k) * std::log1p(-p_));
      sum += term;
      cdf[k] = sum;
    }
  }

  double p_;
  std::vector<double> cdf_;  // rows of P(X <= k), k = 0..n, for n < kTabulated
  std::array<std::uint32_t, kTabulated> row_begin_{};
};

struct KinTie {
  std::uint32_t parent;
  std::uint32_t child;
  std::uint32_t child_zone;
};

// A neighbourhood tie as (lower person << 32 | higher person).
using PackedPair = std::uint64_t;
constexpr PackedPair pack(std::uint32_t a, std::uint32_t b) {
  const auto [lo, hi] = std::minmax(a, b);
  return (static_cast<PackedPair>(lo) << 32) | hi;
}
constexpr std::uint32_t first_of(PackedPair x) {
  return static_cast<std::uint32_t>(x >> 32);
}
constexpr std::uint32_t second_of(PackedPair x) {
  return static_cast<std::uint32_t>(x);
}

// Adults who may be matched as someone's child living elsewhere, bucketed by (age, zone
// rank). Zones are ranked by (district, index), so for a given age a zone's adults, its
// district's and the territory's are three nested contiguous ranges.
class ChildCandidates {
 public:
  struct Range {
    std::uint32_t lo, hi;            // [lo, hi) in candidates
    std::uint32_t skip_lo, skip_hi;  // a sub-range left out (the nearer level)
    std::uint32_t size() const { return (hi - lo) - (skip_hi - skip_lo); }
    std::uint32_t at(std::uint32_t k) const {
      const std::uint32_t i = lo + k;
      return i < skip_lo ? i : i + (skip_hi - skip_lo);
    }
  };

  ChildCandidates(const Population& pop, const Territory& territory, int ages) : ages_(ages) {
    const std::size_t zones = pop.zone_count();
    zones_ = zones;
    rank_.resize(zones);
    std::vector<std::uint32_t> order(zones);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return territory.zones[a].district < territory.zones[b].district;
    });
    zone_at_rank_ = order;
    district_lo_.resize(zones);
    district_hi_.resize(zones);
    for (std::size_t r = 0; r < zones;) {
      std::size_t end = r;
      while (end < zones &&
             territory.zones[order[end]].district == territory.zones[order[r]].district)
        ++end;
      for (std::size_t i = r; i < end; ++i) {
        rank_[order[i]] = static_cast<std::uint32_t>(i);
        district_lo_[order[i]] = static_cast<std::uint32_t>(r);
        district_hi_[order[i]] = static_cast<std::uint32_t>(end);
      }
      r = end;
    }

    // Counting sort: counts per (age, rank) written by the zone's own task, one serial scan,
    // then each zone places its adults in its own cells.
    offset_.assign(static_cast<std::size_t>(ages) * zones + 1, 0);
    parallel::for_each<std::size_t>(0, zones, [&](std::size_t z) {
      for (auto p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p) {
        const int age = pop.age_years(p, 0);
        if (eligible(pop, p, age)) ++offset_[cell(age, rank_[z])];
      }
    });
    std::uint32_t running = 0;
    for (auto& o : offset_) {
      const std::uint32_t count = o;
      o = running;
      running += count;
    }
    candidates_.resize(running);
    parallel::for_each<std::size_t>(0, zones, [&](std::size_t z) {
      std::vector<std::uint32_t> cursor(static_cast<std::size_t>(ages_));
      for (int a = 0; a < ages_; ++a)
        cursor[static_cast<std::size_t>(a)] = offset_[cell(a, rank_[z])];
      for (auto p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p) {
        const int age = pop.age_years(p, 0);
        if (eligible(pop, p, age)) candidates_[cursor[static_cast<std::size_t>(age)]++] = p;
      }
    });
  }

  int ages() const { return ages_; }
  std::uint32_t candidate(std::uint32_t i) const { return candidates_[i]; }
  // The zone of candidate i of this age: a search in the age's row of offsets, which is
  // small and cached, where reading the person's zone would be one more cache miss.
  std::uint32_t zone_of(int age, std::uint32_t i) const {
    const auto row = offset_.begin() + static_cast<std::ptrdiff_t>(cell(age, 0));
    const auto it = std::upper_bound(row, row + static_cast<std::ptrdiff_t>(zones_), i);
    return zone_at_rank_[static_cast<std::size_t>(it - row - 1)];
  }

  // Adults of this age: in zone z; in z's district but not z; in the territory but not z's
  // district.
  Range in_zone(int age, std::size_t z) const {
    return {begin(age, rank_[z]), begin(age, rank_[z] + 1), 0, 0};
  }
  Range in_district(int age, std::size_t z) const {
    return {begin(age, district_lo_[z]), begin(age, district_hi_[z]), begin(age, rank_[z]),
            begin(age, rank_[z] + 1)};
  }
  Range elsewhere(int age, std::size_t z) const {
    return {begin(age, 0), begin(age, static_cast<std::uint32_t>(zones_)),
            begin(age, district_lo_[z]), begin(age, district_hi_[z])};
  }

 private:
  // Adults not living as a child with their own parents: those already have their parents
  // in the household.
  bool eligible(const Population& pop, std::uint32_t p, int age) const {
    return age >= kAdultAge && age < ages_ && pop.role[p] != Role::kChild;
  }
  std::size_t cell(int age, std::uint32_t rank) const {
    return static_cast<std::size_t>(age) * zones_ + rank;
  }
  std::uint32_t begin(int age, std::uint32_t rank) const { return offset_[cell(age, rank)]; }

  int ages_;
  std::size_t zones_ = 0;
  std::vector<std::uint32_t> rank_;          // zone -> rank
  std::vector<std::uint32_t> zone_at_rank_;  // rank -> zone
  std::vector<std::uint32_t> district_lo_;   // zone -> first rank of its district
  std::vector<std::uint32_t> district_hi_;   // zone -> one past the last rank of its district
  std::vector<std::uint32_t> offset_;        // (age, rank) -> first candidate; one sentinel
  std::vector<std::uint32_t> candidates_;
};

struct NetworkSettings {
  explicit NetworkSettings(const Parameters& params)
      : parent_min_age(static_cast<int>(params[Param::kKinParentMinAge])),
        childless(params[Param::kChildlessShare]),
        extra_children(params[Param::kMeanChildrenOfParents] - 1),
        gap_min(static_cast<int>(params[Param::kKinAgeGapMin])),
        gap_max(static_cast<int>(params[Param::kKinAgeGapMax])),
        same_zone(params[Param::kKinSameZoneShare]),
        same_district(params[Param::kKinSameDistrictShare]),
        isolated(params[Param::kNeighbourIsolatedShare65Plus]),
        same_age(params[Param::kNeighbourSameAgeShare]),
        band_width(std::max(1, static_cast<int>(params[Param::kNeighbourAgeBandWidth]))),
        degree{Poisson(params[Param::kNeighbourDegree18To64]),
               Poisson(params[Param::kNeighbourDegree65To79] * not_isolated_factor(params)),
               Poisson(params[Param::kNeighbourDegree80Plus] * not_isolated_factor(params))} {}

  // The isolated have no ties; the others make up their age group's mean.
  static double not_isolated_factor(const Parameters& params) {
    const double isolated = params[Param::kNeighbourIsolatedShare65Plus];
    return isolated < 1 ? 1 / (1 - isolated) : 0;
  }

  int parent_min_age;
  Chance childless;
  Poisson extra_children;
  int gap_min, gap_max;
  Chance same_zone, same_district;
  Chance isolated;
  Binomial same_age;
  int band_width;
  std::array<Poisson, 3> degree;  // 18-64, 65-79, 80+
};

// Draws the kin and neighbourhood ties of one zone.
class ZoneTies {
 public:
  ZoneTies(const Population& pop, const ChildCandidates& candidates, const NetworkSettings& s,
           NetworkKey key, std::size_t z)
      : pop_(pop), candidates_(candidates), s_(s), key_(key), z_(z) {}

  std::vector<KinTie> kin() {
    std::vector<KinTie> ties;
    for (auto h = pop_.zone_household_begin[z_]; h < pop_.zone_household_begin[z_ + 1]; ++h) {
      const std::uint32_t first = pop_.household_begin[h];
      const std::uint32_t last = pop_.household_begin[h + 1];
      // The head and partner are one parental unit sharing their children; other members
      // are units of their own. Co-resident children are household ties already.
      std::uint32_t head = last, partner = last;
      std::uint32_t coresident = 0;
      for (auto p = first; p < last; ++p) {
        if (pop_.role[p] == Role::kHead && head == last) head = p;
        if (pop_.role[p] == Role::kPartner && partner == last) partner = p;
        coresident += pop_.role[p] == Role::kChild;
      }
      if (head == last) head = first;
      std::array<std::uint32_t, 2> parents{};
      std::size_t n = 0;
      if (age(head) >= s_.parent_min_age) parents[n++] = head;
      if (partner < last && age(partner) >= s_.parent_min_age) parents[n++] = partner;
      if (n > 0) {
        // Children are younger than both partners: their ages are drawn from the younger.
        const int younger = partner < last ? std::min(age(head), age(partner)) : age(head);
        draw_children(head, h, younger, coresident, std::span(parents.data(), n), ties);
      }
      for (auto p = first; p < last; ++p) {
        if (pop_.role[p] != Role::kOtherMember || age(p) < s_.parent_min_age) continue;
        const std::array<std::uint32_t, 1> alone{p};
        draw_children(p, h, age(p), 0, alone, ties);
      }
    }
    return ties;
  }

  std::vector<PackedPair> neighbours() {
    rng::Stream s = stream(static_cast<std::uint32_t>(z_), rng::Purpose::kNeighbourTies);
    const std::uint32_t first = pop_.zone_person_begin[z_];
    const std::uint32_t last = pop_.zone_person_begin[z_ + 1];
    const int bands =
        std::max(1, (candidates_.ages() - kAdultAge + s_.band_width - 1) / s_.band_width);
    const auto mixed = static_cast<std::uint32_t>(bands);

    // Stubs: one per tie a person is to have, each to be paired inside its age band or in
    // the zone-wide pool (a configuration model, so that each group's mean degree is its
    // parameter).
    struct Stub {
      std::uint32_t person;
      std::uint32_t pool;
    };
    std::vector<Stub> stubs;
    stubs.reserve(last - first);
    std::vector<std::uint32_t> pool_begin(mixed + 2, 0);
    for (auto p = first; p < last; ++p) {
      const int a = age(p);
      if (a < kAdultAge) continue;
      std::uint32_t d = 0;
      if (a < kElderlyAge) {
        d = s_.degree[0].draw(s);
      } else if (!s_.isolated.draw(s)) {
        d = s_.degree[a < kOldestOldAge ? 1 : 2].draw(s);
      }
      if (d == 0) continue;
      const auto band =
          static_cast<std::uint32_t>(std::min((a - kAdultAge) / s_.band_width, bands - 1));
      const std::uint32_t in_band = s_.same_age.draw(d, s);
      for (std::uint32_t i = 0; i < d; ++i)
        stubs.push_back({p, i < in_band ? band : mixed});
      pool_begin[band + 1] += in_band;
      pool_begin[mixed + 1] += d - in_band;
    }
    std::partial_sum(pool_begin.begin(), pool_begin.end(), pool_begin.begin());
    std::vector<std::uint32_t> pooled(stubs.size());
    {
      std::vector<std::uint32_t> cursor(pool_begin.begin(), pool_begin.end() - 1);
      for (const Stub& st : stubs)
        pooled[cursor[st.pool]++] = st.person;
    }
    stubs = {};

    // Shuffle each pool; consecutive stubs pair up. A pair of one person or of one household
    // is dropped, as is an odd stub left over. Pairs are bucketed by their lower person.
    std::vector<std::uint32_t> pair_begin(last - first + 1, 0);
    for (std::size_t pool = 0; pool + 1 < pool_begin.size(); ++pool) {
      const auto lo = pooled.begin() + pool_begin[pool];
      const std::uint32_t n = pool_begin[pool + 1] - pool_begin[pool];
      for (std::uint32_t i = n; i > 1; --i)
        std::swap(lo[i - 1], lo[s.below(i)]);
      for (std::uint32_t i = 0; i + 1 < n; i += 2) {
        if (pop_.household[lo[i]] == pop_.household[lo[i + 1]]) {
          lo[i] = lo[i + 1] = kNobody;
        } else {
          ++pair_begin[std::min(lo[i], lo[i + 1]) - first + 1];
        }
      }
    }
    std::partial_sum(pair_begin.begin(), pair_begin.end(), pair_begin.begin());
    std::vector<std::uint32_t> partner(pair_begin.back());
    {
      std::vector<std::uint32_t> cursor(pair_begin.begin(), pair_begin.end() - 1);
      for (std::size_t pool = 0; pool + 1 < pool_begin.size(); ++pool) {
        const auto lo = pooled.begin() + pool_begin[pool];
        const std::uint32_t n = pool_begin[pool + 1] - pool_begin[pool];
        for (std::uint32_t i = 0; i + 1 < n; i += 2) {
          if (lo[i] == kNobody) continue;
          const auto [a, b] = std::minmax(lo[i], lo[i + 1]);
          partner[cursor[a - first]++] = b;
        }
      }
    }
    // A pair drawn twice is one tie: duplicates share the lower person's bucket.
    std::vector<PackedPair> ties;
    ties.reserve(partner.size());
    for (auto p = first; p < last; ++p) {
      const auto b = partner.begin() + pair_begin[p - first];
      const auto e = partner.begin() + pair_begin[p - first + 1];
      for (auto it = b; it != e; ++it) {
        if (std::find(b, it, *it) == it) ties.push_back(pack(p, *it));
      }
    }
    return ties;
  }

 private:
  int age(std::uint32_t p) const { return pop_.age_years(p, 0); }

  rng::Stream stream(std::uint32_t agent, rng::Purpose purpose) const {
    return rng::Stream({key_.seed, key_.replicate, rng::kInitialisationWeek, agent, purpose});
  }

  // Children of one parental unit living in other households, each tied to every parent of
  // the unit. Draws come from the stream of the unit's first member.
  void draw_children(std::uint32_t key_person, std::uint32_t household, int parent_age,
                     std::uint32_t coresident, std::span<const std::uint32_t> parents,
                     std::vector<KinTie>& out) {
    rng::Stream s = stream(key_person, rng::Purpose::kKinTies);
    if (s_.childless.draw(s)) return;
    const std::uint32_t children = 1 + s_.extra_children.draw(s);
    if (children <= coresident) return;
    const int gap_hi = std::min(s_.gap_max, parent_age - kAdultAge);
    if (gap_hi < s_.gap_min) return;  // any child would be a minor

    picked_.clear();
    for (std::uint32_t c = coresident; c < children; ++c) {
      const int level = s_.same_zone.draw(s) ? 0 : s_.same_district.draw(s) ? 1 : 2;
      for (int attempt = 0; attempt < kMaxAgeDraws; ++attempt) {
        const int child_age = parent_age - s.between(s_.gap_min, gap_hi);
        if (child_age >= candidates_.ages()) continue;  // older than anyone bucketed
        const Match child = pick(child_age, level, household, s);
        if (child.person == kNobody) continue;
        picked_.push_back(child.person);
        for (std::uint32_t parent : parents)
          out.push_back({parent, child.person, child.zone});
        break;
      }
    }
  }

  struct Match {
    std::uint32_t person;
    std::uint32_t zone;
  };

  // An adult of this age at the drawn level (0 zone, 1 rest of the district, 2 rest of the
  // territory), else at the other levels from the nearest; kNobody when none fits. Only in
  // the parent's zone can a candidate be of the parent's own household.
  Match pick(int child_age, int level, std::uint32_t household, rng::Stream& s) const {
    static constexpr std::array<std::array<int, 3>, 3> kOrder{{{0, 1, 2}, {1, 0, 2}, {2, 1, 0}}};
    for (int l : kOrder[static_cast<std::size_t>(level)]) {
      const ChildCandidates::Range r = l == 0   ? candidates_.in_zone(child_age, z_)
                                       : l == 1 ? candidates_.in_district(child_age, z_)
                                                : candidates_.elsewhere(child_age, z_);
      const std::uint32_t n = r.size();
      if (n == 0) continue;
      for (int draw = 0; draw < kMaxCandidateDraws; ++draw) {
        const std::uint32_t i = r.at(s.below(n));
        const std::uint32_t c = candidates_.candidate(i);
        if (l == 0 && pop_.household[c] == household) continue;
        if (std::find(picked_.begin(), picked_.end(), c) != picked_.end()) continue;
        return {c, l == 0 ? static_cast<std::uint32_t>(z_) : candidates_.zone_of(child_age, i)};
      }
    }
    return {kNobody, 0};
  }

  const Population& pop_;
  const ChildCandidates& candidates_;
  const NetworkSettings& s_;
  NetworkKey key_;
  std::size_t z_;
  std::vector<std::uint32_t> picked_;  // children of the current unit, reused across units
};

}  // namespace

SocialNetwork SocialNetwork::build(const Population& pop, const Territory& territory,
                                   const Parameters& params, NetworkKey key) {
  const std::size_t zones = pop.zone_count();
  const std::size_t persons = pop.person_count();
  if (territory.zones.size() != zones) {
    throw std::invalid_argument("SocialNetwork::build: the population has " +
                                std::to_string(zones) + " zones, the territory " +
                                std::to_string(territory.zones.size()));
  }
  const NetworkSettings settings(params);

  // --- ties per zone (the candidate buckets are dropped once they are drawn) ---
  std::vector<std::vector<KinTie>> kin(zones);
  std::vector<std::vector<PackedPair>> neighbours(zones);
  {
    const ChildCandidates candidates(pop, territory, static_cast<int>(params[Param::kMaxAge]) + 1);
    parallel::for_each<std::size_t>(0, zones, [&](std::size_t z) {
      ZoneTies ties(pop, candidates, settings, key, z);
      kin[z] = ties.kin();
      neighbours[z] = ties.neighbours();
    });
  }

  // --- kin ties whose child lives in another zone, routed to that zone in zone order ---
  std::vector<std::size_t> incoming_begin(zones + 1, 0);
  for (std::size_t z = 0; z < zones; ++z) {
    for (const KinTie& t : kin[z]) {
      if (t.child_zone != z) ++incoming_begin[t.child_zone + 1];
    }
  }
  std::partial_sum(incoming_begin.begin(), incoming_begin.end(), incoming_begin.begin());
  std::vector<KinTie> incoming(incoming_begin[zones]);
  {
    std::vector<std::size_t> cursor(incoming_begin.begin(), incoming_begin.end() - 1);
    for (std::size_t z = 0; z < zones; ++z) {
      for (const KinTie& t : kin[z]) {
        if (t.child_zone != z) incoming[cursor[t.child_zone]++] = t;
      }
    }
  }

  // --- degrees: each zone counts the directed edges of its own persons. The count of p goes
  // to rowstart[p + 1], which the fill below uses as p's cursor: when p's last tie is written
  // it holds p's end, the start of p + 1, and the row starts are done without a second array.
  std::vector<std::uint32_t> rowstart(persons + 1, 0);
  std::vector<std::uint64_t> zone_edges(zones + 1, 0);
  parallel::for_each<std::size_t>(0, zones, [&](std::size_t z) {
    const auto count = [&](std::uint32_t p) { ++rowstart[p + 1]; };
    for (auto h = pop.zone_household_begin[z]; h < pop.zone_household_begin[z + 1]; ++h) {
      const auto mates = static_cast<std::uint32_t>(pop.household_size(h) - 1);
      for (auto p = pop.household_begin[h]; p < pop.household_begin[h + 1]; ++p)
        rowstart[p + 1] = mates;
    }
    for (const KinTie& t : kin[z]) {
      count(t.parent);
      if (t.child_zone == z) count(t.child);
    }
    for (auto i = incoming_begin[z]; i < incoming_begin[z + 1]; ++i)
      count(incoming[i].child);
    for (PackedPair t : neighbours[z]) {
      count(first_of(t));
      count(second_of(t));
    }
    std::uint64_t total = 0;
    for (auto p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p)
      total += rowstart[p + 1];
    zone_edges[z + 1] = total;
  });
  std::partial_sum(zone_edges.begin(), zone_edges.end(), zone_edges.begin());
  const std::uint64_t edges = zone_edges[zones];
  if (edges > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("SocialNetwork::build: more than 2^32 - 1 directed ties");
  }

  // --- each person's ties in order (household, kin, neighbourhood), written by the
  // person's zone ---
  std::vector<std::uint32_t> targets(edges);
  std::vector<TieKind> kinds(edges);
  parallel::for_each<std::size_t>(0, zones, [&](std::size_t z) {
    auto pos = static_cast<std::uint32_t>(zone_edges[z]);
    for (auto p = pop.zone_person_begin[z]; p < pop.zone_person_begin[z + 1]; ++p) {
      const std::uint32_t d = rowstart[p + 1];
      rowstart[p + 1] = pos;  // p's start, advanced as p's ties are written
      pos += d;
    }
    auto put = [&](std::uint32_t from, std::uint32_t to, TieKind kind) {
      const std::uint32_t i = rowstart[from + 1]++;
      targets[i] = to;
      kinds[i] = kind;
    };
    for (auto h = pop.zone_household_begin[z]; h < pop.zone_household_begin[z + 1]; ++h) {
      const std::uint32_t first = pop.household_begin[h];
      const std::uint32_t last = pop.household_begin[h + 1];
      for (auto p = first; p < last; ++p) {
        for (auto q = first; q < last; ++q) {
          if (q != p) put(p, q, TieKind::kHousehold);
        }
      }
    }
    for (const KinTie& t : kin[z]) {
      put(t.parent, t.child, TieKind::kKin);
      if (t.child_zone == z) put(t.child, t.parent, TieKind::kKin);
    }
    for (auto i = incoming_begin[z]; i < incoming_begin[z + 1]; ++i)
      put(incoming[i].child, incoming[i].parent, TieKind::kKin);
    for (PackedPair t : neighbours[z]) {
      put(first_of(t), second_of(t), TieKind::kNeighbour);
      put(second_of(t), first_of(t), TieKind::kNeighbour);
    }
  });

  SocialNetwork network;
  auto& by_kind = network.directed_by_kind_;
  for (std::size_t z = 0; z < zones; ++z) {
    by_kind[static_cast<std::size_t>(TieKind::kKin)] += 2 * kin[z].size();
    by_kind[static_cast<std::size_t>(TieKind::kNeighbour)] += 2 * neighbours[z].size();
  }
  by_kind[static_cast<std::size_t>(TieKind::kHousehold)] =
      edges - by_kind[static_cast<std::size_t>(TieKind::kKin)] -
      by_kind[static_cast<std::size_t>(TieKind::kNeighbour)];

  // The arrays are already in CSR form, so they are handed to the graph as they are: a
  // graph of `persons` vertices and no edges is made by the public constructor, then its
  // row starts, columns and edge properties are swapped in, as Boost's own in-place
  // constructor (construct_inplace_from_sources_and_targets) swaps in its sorted targets.
  // That constructor would need one more array of sources (4 bytes per directed tie at
  // peak) and two serial passes over the edges to re-derive what is known here.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> no_edges;
  network.graph_ = Graph(boost::edges_are_sorted, no_edges.begin(), no_edges.end(),
                         static_cast<std::uint32_t>(persons));
  network.graph_.m_forward.m_rowstart.swap(rowstart);
  network.graph_.m_forward.m_column.swap(targets);
  network.graph_.m_forward.m_edge_properties.swap(kinds);
  return network;
}

}  // namespace welfare
