#include "calibration/measures.hpp"

#include <cstdint>

#include "engine/simulation.hpp"

namespace welfare {
namespace {

constexpr int kYoungOldAge = 75;
constexpr int kVeryOldAge = 85;
constexpr int kChildAgeLimit = 15;    // ISTAT's 0-14 band
constexpr int kYoungAdultLimit = 35;  // ISTAT's 18-34 band

// Counts persons alive satisfying `in_group` and, of those, `in_subset`; returns the share
// (or the count of the subset when `count` is set).
template <class Group, class Subset>
double over_persons(const Simulation& sim, Group in_group, Subset in_subset, bool count) {
  const Population& pop = sim.population();
  const int week = sim.week();
  double group = 0, subset = 0;
  for (std::uint32_t p = 0; p < pop.person_count(); ++p) {
    if (!pop.alive[p]) continue;
    const int age = pop.age_years(p, week);
    if (!in_group(p, age)) continue;
    ++group;
    subset += in_subset(p, age);
  }
  if (count) return subset;
  return group > 0 ? subset / group : 0.0;
}

bool open_or_escalated(const Simulation& sim, Domain d, std::uint32_t p) {
  const auto s = sim.cases(d).state[p];
  return in_need(s) || s == CaseState::kEscalated;
}

bool poor(const Simulation& sim, std::uint32_t p) {
  const Population& pop = sim.population();
  return open_or_escalated(sim, Domain::kPoverty, pop.household_head[pop.household[p]]);
}

double households_where(const Simulation& sim, bool share,
                        const std::function<bool(std::uint32_t)>& pred) {
  const Population& pop = sim.population();
  double n = 0, k = 0;
  for (std::uint32_t h = 0; h < pop.household_count(); ++h) {
    if (pop.household_alive[h] == 0) continue;
    ++n;
    k += pred(h);
  }
  return share ? (n > 0 ? k / n : 0.0) : k;
}

auto all = [](std::uint32_t, int) { return true; };
auto age_between = [](int lo, int hi) {
  return [=](std::uint32_t, int a) { return a >= lo && a < hi; };
};
auto age_from = [](int lo) { return [=](std::uint32_t, int a) { return a >= lo; }; };

}  // namespace

const std::vector<Measure>& measure_catalogue() {
  static const std::vector<Measure> catalogue = [] {
    std::vector<Measure> m;
    auto share = [&](std::string_view name, std::string_view what, bool at_start, auto group,
                     auto subset) {
      m.push_back({name, what, false, at_start, [=](const Simulation& s) {
                     return over_persons(
                         s, group, [&](std::uint32_t p, int a) { return subset(s, p, a); }, false);
                   }});
    };
    auto count = [&](std::string_view name, std::string_view what, bool at_start, auto subset) {
      m.push_back({name, what, true, at_start, [=](const Simulation& s) {
                     return over_persons(
                         s, all, [&](std::uint32_t p, int a) { return subset(s, p, a); }, true);
                   }});
    };
    count("residents", "Residents", true,
          [](const Simulation&, std::uint32_t, int) { return true; });
    m.push_back({"households", "Households", true, true, [](const Simulation& s) {
                   return households_where(s, false, [](std::uint32_t) { return true; });
                 }});
    m.push_back({"one_person_household_share", "Share of households of one person", false, true,
                 [](const Simulation& s) {
                   return households_where(s, true, [&](std::uint32_t h) {
                     return s.population().household_alive[h] == 1;
                   });
                 }});
    m.push_back({"single_parent_households", "Households of a single parent with children", true,
                 true, [](const Simulation& s) {
                   return households_where(s, false, [&](std::uint32_t h) {
                     return s.population().household_type[h] == HouseholdType::kSingleParent;
                   });
                 }});
    m.push_back({"elderly_living_alone", "Persons aged 65+ living alone", true, true,
                 [](const Simulation& s) {
                   const Population& pop = s.population();
                   return households_where(s, false, [&](std::uint32_t h) {
                     return pop.household_alive[h] == 1 &&
                            pop.household_type[h] == HouseholdType::kOnePersonElderly;
                   });
                 }});
    share("foreign_share", "Share of residents with foreign citizenship", true, all,
          [](const Simulation& s, std::uint32_t p, int) { return s.population().foreign[p] == 1; });
    share("age_share_0_14", "Share of residents aged 0-14", true, all,
          [](const Simulation&, std::uint32_t, int a) { return a < kChildAgeLimit; });
    share("age_share_15_64", "Share of residents aged 15-64", true, all,
          [](const Simulation&, std::uint32_t, int a) {
            return a >= kChildAgeLimit && a < kElderlyAge;
          });
    share("age_share_65_plus", "Share of residents aged 65+", true, all,
          [](const Simulation&, std::uint32_t, int a) { return a >= kElderlyAge; });
    share("age_share_80_plus", "Share of residents aged 80+", true, all,
          [](const Simulation&, std::uint32_t, int a) { return a >= kOldestOldAge; });
    auto ltc = [](const Simulation& s, std::uint32_t p, int) {
      return open_or_escalated(s, Domain::kLongTermCare, p);
    };
    count("ltc_persons", "Persons with a long-term-care need (at home or in a nursing home)", false,
          ltc);
    count("ltc_persons_65_plus", "Persons aged 65+ with a long-term-care need", false,
          [=](const Simulation& s, std::uint32_t p, int a) {
            return a >= kElderlyAge && ltc(s, p, a);
          });
    share("ltc_share_65_74", "Share of residents aged 65-74 with a long-term-care need", false,
          age_between(kElderlyAge, kYoungOldAge), ltc);
    share("ltc_share_75_84", "Share of residents aged 75-84 with a long-term-care need", false,
          age_between(kYoungOldAge, kVeryOldAge), ltc);
    share("ltc_share_85_plus", "Share of residents aged 85+ with a long-term-care need", false,
          age_from(kVeryOldAge), ltc);
    m.push_back({"ltc_female_share_65_plus",
                 "Share of women among persons aged 65+ with a long-term-care need", false, false,
                 [](const Simulation& s) {
                   return over_persons(
                       s,
                       [&](std::uint32_t p, int a) {
                         return a >= kElderlyAge && open_or_escalated(s, Domain::kLongTermCare, p);
                       },
                       [&](std::uint32_t p, int) { return s.population().sex[p] == Sex::kFemale; },
                       false);
                 }});
    count("disability_persons_under_65", "Persons aged 3-64 with a disability needing support",
          false, [](const Simulation& s, std::uint32_t p, int) {
            return open_or_escalated(s, Domain::kDisability, p);
          });
    count("mental_persons_15_plus", "Persons aged 15+ with a mental-health need", false,
          [](const Simulation& s, std::uint32_t p, int) {
            return open_or_escalated(s, Domain::kMentalHealth, p);
          });
    share("lonely_share_65_plus", "Share of residents aged 65+ who are lonely (socially isolated)",
          false, age_from(kElderlyAge), [](const Simulation& s, std::uint32_t p, int) {
            return in_need(s.cases(Domain::kLoneliness).state[p]);
          });
    share("poverty_share_persons", "Share of residents in absolute poverty", false, all,
          [](const Simulation& s, std::uint32_t p, int) { return poor(s, p); });
    share("poverty_share_0_17", "Share of minors in absolute poverty", false,
          age_between(0, kAdultAge),
          [](const Simulation& s, std::uint32_t p, int) { return poor(s, p); });
    share("poverty_share_18_34", "Share of residents aged 18-34 in absolute poverty", false,
          age_between(kAdultAge, kYoungAdultLimit),
          [](const Simulation& s, std::uint32_t p, int) { return poor(s, p); });
    share("poverty_share_35_64", "Share of residents aged 35-64 in absolute poverty", false,
          age_between(kYoungAdultLimit, kElderlyAge),
          [](const Simulation& s, std::uint32_t p, int) { return poor(s, p); });
    share("poverty_share_65_plus", "Share of residents aged 65+ in absolute poverty", false,
          age_from(kElderlyAge),
          [](const Simulation& s, std::uint32_t p, int) { return poor(s, p); });
    m.push_back({"nursing_home_coverage_65_plus", "Nursing-home residents per resident aged 65+",
                 false, false, [](const Simulation& s) {
                   return over_persons(
                       s, age_from(kElderlyAge),
                       [&](std::uint32_t p, int) {
                         return s.cases(Domain::kLongTermCare).state[p] == CaseState::kEscalated;
                       },
                       false);
                 }});
    m.push_back({"home_care_coverage_65_plus", "Share of residents aged 65+ receiving home care",
                 false, false, [](const Simulation& s) {
                   const auto home_care = static_cast<std::uint8_t>(ServiceKind::kHomeCare);
                   return over_persons(
                       s, age_from(kElderlyAge),
                       [&](std::uint32_t p, int) {
                         const auto& c = s.cases(Domain::kLongTermCare);
                         return c.state[p] == CaseState::kServed && c.service[p] == home_care;
                       },
                       false);
                 }});
    return m;
  }();
  return catalogue;
}

const Measure* find_measure(std::string_view name) {
  for (const auto& m : measure_catalogue()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

}  // namespace welfare
