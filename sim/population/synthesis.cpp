// Population synthesis: from a territory's marginals to persons and households.
#include "population/synthesis.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "common/parallel.hpp"
#include "rng/stream.hpp"

namespace welfare {

const char* household_type_name(HouseholdType t) {
  switch (t) {
    case HouseholdType::kOnePersonElderly:
      return "one-person elderly";
    case HouseholdType::kOnePersonAdult:
      return "one-person adult";
    case HouseholdType::kCouple:
      return "couple";
    case HouseholdType::kCoupleWithChildren:
      return "couple with children";
    case HouseholdType::kSingleParent:
      return "single parent";
    case HouseholdType::kOther:
      return "other";
  }
  return "?";
}

std::int64_t HouseholdPlan::households() const {
  return std::accumulate(count.begin(), count.end(), std::int64_t{0});
}

std::int64_t HouseholdPlan::persons() const {
  return count[0] + 2 * count[1] + 3 * count[2] + 4 * count[3] + five_plus_persons;
}

namespace {

// Splits `total` into whole parts proportional to `weights` (largest remainder; ties go to
// the earlier index). Weights need not sum to 1; all-zero weights put everything first.
std::vector<std::int64_t> largest_remainder(std::int64_t total,
                                            const std::vector<double>& weights) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  if (weights.empty() || total <= 0) return parts;
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (sum <= 0) {
    parts[0] = total;
    return parts;
  }
  std::vector<double> remainder(weights.size());
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    parts[i] = static_cast<std::int64_t>(std::floor(exact));
    remainder[i] = exact - static_cast<double>(parts[i]);
    assigned += parts[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t i = 0; assigned < total; i = (i + 1) % order.size(), ++assigned) {
    ++parts[order[i]];
  }
  return parts;
}

// Size class index (0 for one person ... 4 for five or more).
constexpr std::size_t kOnePerson = 0;
constexpr std::size_t kFivePlus = kHouseholdSizeClasses - 1;
constexpr std::int64_t kFivePlusMinSize = 5;

// Ages 0..max_age still to be given to members of a zone's households. A Fenwick tree over
// single years makes drawing a random age in a range, and removing it, O(log ages).
class AgePool {
 public:
  explicit AgePool(const std::vector<std::int64_t>& counts)
      : counts_(counts), tree_(counts.size() + 1, 0) {
    for (std::size_t a = 0; a < counts.size(); ++a)
      add(a, counts[a]);
  }

  int max_age() const { return static_cast<int>(counts_.size()) - 1; }

  std::int64_t total(int lo, int hi) const {
    lo = std::max(lo, 0);
    hi = std::min(hi, max_age());
    if (lo > hi) return 0;
    return prefix(hi + 1) - prefix(lo);
  }

  // A uniformly drawn remaining person aged lo..hi, or -1 when there is none.
  int take_random(int lo, int hi, rng::Stream& s) {
    const std::int64_t n = total(lo, hi);
    if (n == 0) return -1;
    std::int64_t target =
        prefix(std::max(lo, 0)) + static_cast<std::int64_t>(s.below(static_cast<std::uint32_t>(n)));
    // Descend the tree to the first age whose prefix count exceeds target.
    std::size_t pos = 0;
    std::size_t step = std::bit_floor(tree_.size() - 1);
    for (; step > 0; step >>= 1) {
      if (pos + step < tree_.size() && tree_[pos + step] <= target) {
        pos += step;
        target -= tree_[pos];
      }
    }
    take(static_cast<int>(pos));
    return static_cast<int>(pos);
  }

  // The remaining person whose age is nearest to target within lo..hi (nearest anywhere
  // when lo..hi holds nobody), or -1 when the pool is empty.
  int take_nearest(int target, int lo, int hi) {
    if (total(lo, hi) == 0) {
      lo = 0;
      hi = max_age();
      if (total(lo, hi) == 0) return -1;
    }
    target = std::clamp(target, lo, hi);
    for (int d = 0;; ++d) {
      if (target - d >= lo && counts_[target - d] > 0) return take(target - d);
      if (target + d <= hi && counts_[target + d] > 0) return take(target + d);
    }
  }

  // A random remaining person aged lo..hi, else one from fallback_lo..fallback_hi, else the
  // nearest to lo anywhere.
  int take_in(int lo, int hi, int fallback_lo, int fallback_hi, rng::Stream& s) {
    int age = take_random(lo, hi, s);
    if (age < 0) age = take_random(fallback_lo, fallback_hi, s);
    if (age < 0) age = take_nearest(lo, 0, max_age());
    return age;
  }

 private:
  int take(int age) {
    --counts_[age];
    add(static_cast<std::size_t>(age), -1);
    return age;
  }
  void add(std::size_t i, std::int64_t v) {
    for (++i; i < tree_.size(); i += i & (~i + 1))
      tree_[i] += v;
  }
  std::int64_t prefix(int n) const {  // persons aged < n
    std::int64_t s = 0;
    for (auto i = static_cast<std::size_t>(n); i > 0; i -= i & (~i + 1))
      s += tree_[i];
    return s;
  }

  std::vector<std::int64_t> counts_;
  std::vector<std::int64_t> tree_;
};

struct Member {
  int age;
  Role role;
};

struct Draft {  // one household while it is being filled
  explicit Draft(std::uint32_t persons) : size(persons) {}
  std::uint32_t size;
  HouseholdType type = HouseholdType::kOther;
  std::vector<Member> members;
};

}  // namespace

double female_share(int age, const Parameters& params) {
  if (age < kElderlyAge) return params[Param::kFemaleShareUnder65];
  return age < kOldestOldAge ? params[Param::kFemaleShare65To79]
                             : params[Param::kFemaleShare80Plus];
}

HouseholdPlan plan_households(const Zone& zone, const Parameters& params) {
  HouseholdPlan plan;
  const std::int64_t residents = zone.residents;
  if (residents <= 0) return plan;
  const auto& s = zone.household_size_shares;
  const double five_plus_mean = params[Param::kFivePlusMeanSize];

  std::int64_t households = 0;
  if (zone.households) {
    households = *zone.households;
  } else {
    const double mean = s[0] + 2 * s[1] + 3 * s[2] + 4 * s[3] + five_plus_mean * s[4];
    households = std::llround(static_cast<double>(residents) / std::max(mean, 1.0));
  }
  households = std::clamp<std::int64_t>(households, 1, residents);

  auto& n = plan.count;
  if (zone.one_person_households) {
    n[kOnePerson] = std::min(*zone.one_person_households, households);
    const auto multi =
        largest_remainder(households - n[kOnePerson], std::vector<double>(s.begin() + 1, s.end()));
    std::copy(multi.begin(), multi.end(), n.begin() + 1);
  } else {
    const auto all = largest_remainder(households, std::vector<double>(s.begin(), s.end()));
    std::copy(all.begin(), all.end(), n.begin());
  }

  // Reconcile with the residents: persons in multi-person households must fill them.
  auto multi_households = [&] { return households - n[kOnePerson]; };
  auto min_persons = [&] { return 2 * n[1] + 3 * n[2] + 4 * n[3] + kFivePlusMinSize * n[4]; };
  if (multi_households() == 0 && residents > n[kOnePerson]) {
    --n[kOnePerson];  // more persons than one-person households: one household holds the rest
    ++n[residents - n[kOnePerson] >= kFivePlusMinSize ? kFivePlus : 1];
  }
  // Too few persons for the multi-person households: make households smaller.
  while (residents - n[kOnePerson] < min_persons()) {
    std::size_t k = kFivePlus;
    while (k > 1 && n[k] == 0)
      --k;
    --n[k];
    ++n[k - 1];  // from two persons this makes a one-person household
  }
  // More persons than the multi-person households' minimum: grow households until the 5+
  // households hold about their mean size, then spread what is left over them.
  std::int64_t excess = residents - n[kOnePerson] - min_persons();
  while (excess > 0) {
    const auto five_plus_room =
        std::llround(static_cast<double>(n[kFivePlus]) * (five_plus_mean - kFivePlusMinSize));
    if (n[kFivePlus] > 0 && excess <= five_plus_room) break;
    std::size_t from = 0;
    for (std::size_t k = kFivePlus - 1; k >= 1; --k) {
      if (n[k] > 0 && (from == 0 || n[k] > n[from])) from = k;
    }
    if (from == 0) break;  // only 5+ households: they take the rest
    --n[from];
    ++n[from + 1];
    --excess;
  }
  plan.five_plus_persons = kFivePlusMinSize * n[kFivePlus] + excess;
  return plan;
}

std::vector<std::int64_t> age_counts(const Territory& territory, const Zone& zone,
                                     const Parameters& params) {
  const int max_age = static_cast<int>(params[Param::kMaxAge]);
  const double ratio = params[Param::kOpenBandYearlyRatio];
  std::vector<std::int64_t> counts(static_cast<std::size_t>(max_age) + 1, 0);
  const auto band_counts = largest_remainder(zone.residents, zone.age_shares);
  const auto& lower = territory.age_band_lower;
  for (std::size_t b = 0; b < lower.size(); ++b) {
    const int lo = lower[b];
    const int hi = b + 1 < lower.size() ? lower[b + 1] - 1 : max_age;
    const bool open_band = b + 1 == lower.size();
    std::vector<double> weights;
    for (int a = lo; a <= hi; ++a)
      weights.push_back(open_band ? std::pow(ratio, a - lo) : 1.0);
    const auto per_year = largest_remainder(band_counts[b], weights);
    for (int a = lo; a <= hi; ++a)
      counts[static_cast<std::size_t>(a)] += per_year[a - lo];
  }
  return counts;
}

namespace {

// Fills one zone's slice of the population.
class ZoneBuilder {
 public:
  ZoneBuilder(const Territory& territory, std::size_t z, const Parameters& params, SynthesisKey key)
      : territory_(territory), zone_(territory.zones[z]), z_(z), params_(params), key_(key) {}

  void build(const HouseholdPlan& plan, Population& pop, std::uint32_t first_person,
             std::uint32_t first_household) {
    auto drafts = size_households(plan);
    assign_types(drafts);
    AgePool pool(age_counts(territory_, zone_, params_));
    fill_members(drafts, pool);
    write(drafts, pop, first_person, first_household);
  }

 private:
  rng::Stream stream(rng::Purpose purpose) const {
    return rng::Stream({key_.seed, key_.replicate, rng::kInitialisationWeek,
                        static_cast<std::uint32_t>(z_), purpose});
  }

  std::vector<Draft> size_households(const HouseholdPlan& plan) const {
    std::vector<Draft> drafts;
    drafts.reserve(static_cast<std::size_t>(plan.households()));
    for (std::size_t k = 0; k < kFivePlus; ++k) {
      for (std::int64_t i = 0; i < plan.count[k]; ++i)
        drafts.emplace_back(static_cast<std::uint32_t>(k + 1));
    }
    // Persons beyond five per 5+ household, spread evenly.
    const std::int64_t n5 = plan.count[kFivePlus];
    for (std::int64_t i = 0; i < n5; ++i) {
      const std::int64_t extra = plan.five_plus_persons - kFivePlusMinSize * n5;
      const std::int64_t mine = extra / n5 + (i < extra % n5 ? 1 : 0);
      drafts.emplace_back(static_cast<std::uint32_t>(kFivePlusMinSize + mine));
    }
    return drafts;
  }

  double family_weight(std::uint32_t size) const {
    if (size == 2) return params_[Param::kFamilyWeightSize2];
    if (size == 3) return params_[Param::kFamilyWeightSize3];
    return params_[Param::kFamilyWeightSize4Plus];
  }

  // Single parents first, then couples with children, in a weighted random order of the
  // multi-person households, until the zone's minors have places; the rest are couples
  // (two persons) or other households.
  void assign_types(std::vector<Draft>& drafts) const {
    rng::Stream s = stream(rng::Purpose::kHouseholdOrder);
    std::vector<std::pair<double, std::size_t>> order;
    for (std::size_t h = 0; h < drafts.size(); ++h) {
      const double draw = s.exponential();  // drawn for every household: stable streams
      if (drafts[h].size < 2) continue;
      const double w = family_weight(drafts[h].size);
      order.emplace_back(w > 0 ? draw / w : std::numeric_limits<double>::infinity(), h);
    }
    std::sort(order.begin(), order.end());

    const auto counts = age_counts(territory_, zone_, params_);
    std::int64_t minors_left = std::accumulate(
        counts.begin(), counts.begin() + std::min<std::size_t>(kAdultAge, counts.size()),
        std::int64_t{0});
    auto single_parents =
        std::llround(params_[Param::kSingleParentShare] * static_cast<double>(drafts.size()));
    for (const auto& [k, h] : order) {
      Draft& d = drafts[h];
      if (single_parents > 0 && minors_left > 0) {
        d.type = HouseholdType::kSingleParent;
        --single_parents;
        minors_left -= d.size - 1;
      } else if (minors_left > 0 && d.size >= 3) {
        d.type = HouseholdType::kCoupleWithChildren;
        minors_left -= d.size - 2;
      } else {
        d.type = d.size == 2 ? HouseholdType::kCouple : HouseholdType::kOther;
      }
    }
    const auto elderly_alone = std::llround(
        params_[Param::kOnePersonElderlyShare] *
        static_cast<double>(std::count_if(drafts.begin(), drafts.end(),
                                          [](const Draft& d) { return d.size == 1; })));
    std::int64_t marked = 0;
    for (Draft& d : drafts) {
      if (d.size != 1) continue;
      d.type = marked++ < elderly_alone ? HouseholdType::kOnePersonElderly
                                        : HouseholdType::kOnePersonAdult;
    }
  }

  void fill_members(std::vector<Draft>& drafts, AgePool& pool) const {
    rng::Stream s = stream(rng::Purpose::kMemberAges);
    const int max_age = pool.max_age();
    const int adult_child_max = static_cast<int>(params_[Param::kAdultChildMaxAge]);
    const int gap_min = static_cast<int>(params_[Param::kParentAgeGapMin]);
    const int gap_max = static_cast<int>(params_[Param::kParentAgeGapMax]);
    const int partner_gap = static_cast<int>(std::lround(params_[Param::kPartnerAgeGapMean]));
    const int spread = static_cast<int>(std::lround(params_[Param::kPartnerAgeGapSpread]));
    auto partner_age = [&](int head) {
      return pool.take_nearest(head - partner_gap + s.between(-spread, spread), kAdultAge, max_age);
    };

    // Families first: children, then parents aged after the oldest child.
    for (Draft& d : drafts) {
      const bool couple = d.type == HouseholdType::kCoupleWithChildren;
      if (!couple && d.type != HouseholdType::kSingleParent) continue;
      const std::uint32_t parents = couple ? 2 : 1;
      int oldest = 0;
      for (std::uint32_t c = parents; c < d.size; ++c) {
        const int age = pool.take_in(0, kAdultAge - 1, kAdultAge, adult_child_max, s);
        oldest = std::max(oldest, age);
        d.members.push_back({age, Role::kChild});
      }
      const int head = pool.take_nearest(oldest + s.between(gap_min, gap_max), kAdultAge, max_age);
      d.members.insert(d.members.begin(), {head, Role::kHead});
      if (couple) d.members.insert(d.members.begin() + 1, {partner_age(head), Role::kPartner});
    }
    for (Draft& d : drafts) {
      switch (d.type) {
        case HouseholdType::kOnePersonElderly:
          d.members.push_back(
              {pool.take_in(kElderlyAge, max_age, kAdultAge, max_age, s), Role::kHead});
          break;
        case HouseholdType::kOnePersonAdult:
          d.members.push_back(
              {pool.take_in(kAdultAge, kElderlyAge - 1, kAdultAge, max_age, s), Role::kHead});
          break;
        case HouseholdType::kCouple: {
          const int head = pool.take_in(kAdultAge, max_age, 0, max_age, s);
          d.members.push_back({head, Role::kHead});
          d.members.push_back({partner_age(head), Role::kPartner});
          break;
        }
        case HouseholdType::kOther:
          for (std::uint32_t m = 0; m < d.size; ++m) {
            d.members.push_back({pool.take_in(kAdultAge, max_age, 0, max_age, s),
                                 m == 0 ? Role::kHead : Role::kOtherMember});
          }
          break;
        default:
          break;  // families are filled above
      }
    }
    // A type decided before ages were known may no longer fit: one person turned out to be
    // under or over 65 because the pool ran short of the other.
    for (Draft& d : drafts) {
      if (d.size != 1) continue;
      d.type = d.members[0].age >= kElderlyAge ? HouseholdType::kOnePersonElderly
                                               : HouseholdType::kOnePersonAdult;
    }
  }

  void write(const std::vector<Draft>& drafts, Population& pop, std::uint32_t first_person,
             std::uint32_t first_household) const {
    rng::Stream sex_stream = stream(rng::Purpose::kSex);
    rng::Stream week_stream = stream(rng::Purpose::kAgeWeeks);
    rng::Stream foreign_stream = stream(rng::Purpose::kForeignCitizenship);
    rng::Stream income_stream = stream(rng::Purpose::kIncomeBand);

    // Foreign citizenship by household, in random order, until the zone's share is reached
    // (within one household).
    const auto target_foreign =
        std::llround(zone_.foreign_share * static_cast<double>(zone_.residents));
    std::vector<std::uint32_t> order(drafts.size());
    std::iota(order.begin(), order.end(), 0u);
    for (std::size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[foreign_stream.below(static_cast<std::uint32_t>(i))]);
    }
    std::vector<std::uint8_t> foreign(drafts.size(), 0);
    std::int64_t foreign_count = 0;
    for (std::uint32_t h : order) {
      const std::int64_t with = foreign_count + drafts[h].size;
      if (std::llabs(with - target_foreign) < std::llabs(foreign_count - target_foreign)) {
        foreign[h] = 1;
        foreign_count = with;
      }
    }

    // Income bands: exact counts per band, dealt to households in random order.
    const auto band_counts =
        largest_remainder(static_cast<std::int64_t>(drafts.size()), zone_.income_shares);
    std::vector<std::uint8_t> bands;
    bands.reserve(drafts.size());
    for (std::size_t b = 0; b < band_counts.size(); ++b) {
      bands.insert(bands.end(), static_cast<std::size_t>(band_counts[b]),
                   static_cast<std::uint8_t>(b));
    }
    for (std::size_t i = bands.size(); i > 1; --i) {
      std::swap(bands[i - 1], bands[income_stream.below(static_cast<std::uint32_t>(i))]);
    }

    std::uint32_t p = first_person;
    const auto zone_index = static_cast<std::uint16_t>(z_);
    for (std::size_t i = 0; i < drafts.size(); ++i) {
      const Draft& d = drafts[i];
      const std::uint32_t h = first_household + static_cast<std::uint32_t>(i);
      pop.household_begin[h] = p;
      pop.household_type[h] = d.type;
      pop.income_band[h] = bands[i];
      pop.household_zone[h] = zone_index;
      pop.household_head[h] = p;
      pop.household_alive[h] = static_cast<std::uint16_t>(d.members.size());
      Sex head_sex = Sex::kMale;
      for (const Member& m : d.members) {
        // Age at week 0: whole years from the pool plus a uniform number of weeks.
        pop.birth_week[p] = static_cast<std::int16_t>(
            -(m.age * kWeeksPerYear + static_cast<int>(week_stream.below(kWeeksPerYear))));
        const bool female = sex_stream.bernoulli(female_share(m.age, params_));
        Sex sex = female ? Sex::kFemale : Sex::kMale;
        if (m.role == Role::kHead) head_sex = sex;
        if (m.role == Role::kPartner) sex = head_sex == Sex::kMale ? Sex::kFemale : Sex::kMale;
        pop.sex[p] = sex;
        pop.foreign[p] = foreign[i];
        pop.role[p] = m.role;
        pop.household[p] = h;
        pop.zone[p] = zone_index;
        pop.alive[p] = 1;
        ++p;
      }
    }
  }

  const Territory& territory_;
  const Zone& zone_;
  std::size_t z_;
  const Parameters& params_;
  SynthesisKey key_;
};

}  // namespace

Population synthesise_population(const Territory& territory, const Parameters& params,
                                 SynthesisKey key) {
  const std::size_t zones = territory.zones.size();
  if (zones > std::numeric_limits<std::uint16_t>::max()) {
    throw std::length_error("a territory may have at most 65535 zones");
  }
  std::vector<HouseholdPlan> plans(zones);
  parallel::for_each<std::size_t>(
      0, zones, [&](std::size_t z) { plans[z] = plan_households(territory.zones[z], params); });

  Population pop;
  pop.zone_person_begin.assign(zones + 1, 0);
  pop.zone_household_begin.assign(zones + 1, 0);
  std::uint64_t persons = 0, households = 0;
  for (std::size_t z = 0; z < zones; ++z) {
    pop.zone_person_begin[z] = static_cast<std::uint32_t>(persons);
    pop.zone_household_begin[z] = static_cast<std::uint32_t>(households);
    persons += static_cast<std::uint64_t>(plans[z].persons());
    households += static_cast<std::uint64_t>(plans[z].households());
  }
  if (persons > std::numeric_limits<std::uint32_t>::max() - 1) {
    throw std::length_error("a territory may have at most 4,294,967,294 persons");
  }
  pop.zone_person_begin[zones] = static_cast<std::uint32_t>(persons);
  pop.zone_household_begin[zones] = static_cast<std::uint32_t>(households);

  pop.birth_week.resize(persons);
  pop.sex.resize(persons);
  pop.foreign.resize(persons);
  pop.role.resize(persons);
  pop.household.resize(persons);
  pop.zone.resize(persons);
  pop.alive.resize(persons);
  pop.household_begin.resize(households + 1);
  pop.household_type.resize(households);
  pop.income_band.resize(households);
  pop.household_zone.resize(households);
  pop.household_head.resize(households);
  pop.household_alive.resize(households);
  pop.household_begin[households] = static_cast<std::uint32_t>(persons);

  parallel::for_each<std::size_t>(0, zones, [&](std::size_t z) {
    ZoneBuilder(territory, z, params, key)
        .build(plans[z], pop, pop.zone_person_begin[z], pop.zone_household_begin[z]);
  });
  return pop;
}

}  // namespace welfare
