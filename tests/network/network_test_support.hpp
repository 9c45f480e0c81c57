// A small territory, its population and network, shared by the network tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "network/social_network.hpp"
#include "population/synthesis.hpp"

namespace welfare::testing {

inline Zone make_zone(const std::string& id, std::size_t district, std::int64_t residents) {
  Zone z;
  z.id = id;
  z.name = "Zone " + id;
  z.district = district;
  z.residents = residents;
  z.household_size_shares = {0.40, 0.27, 0.16, 0.12, 0.05};
  z.age_shares = {0.13, 0.62, 0.16, 0.09};
  z.foreign_share = 0.15;
  z.income_shares = {0.3, 0.5, 0.2};
  return z;
}

// Two districts of two zones each (so that every level of kin distance exists), about
// 50,000 persons: enough for shares to be checked within a few points.
inline Territory make_territory() {
  Territory t;
  t.name = "Netland";
  t.age_band_lower = {0, 15, 65, 80};
  t.income_bands = {{"low", 10000}, {"mid", 30000}, {"high", INFINITY}};
  t.districts = {{"D1", "North"}, {"D2", "South"}};
  t.zones.push_back(make_zone("A", 0, 16000));
  t.zones.push_back(make_zone("B", 1, 12000));
  t.zones.push_back(make_zone("C", 0, 12000));
  t.zones.push_back(make_zone("D", 1, 10000));
  return t;
}

inline int age(const Population& pop, std::uint32_t p) {
  return pop.age_years(p, 0);
}

// Every tie of every person in order: (person, other, kind).
using TieList = std::vector<std::tuple<std::uint32_t, std::uint32_t, TieKind>>;
inline TieList all_ties(const SocialNetwork& net) {
  TieList out;
  for (std::uint32_t p = 0; p < net.person_count(); ++p)
    net.for_each_tie(p, [&](std::uint32_t q, TieKind k) { out.emplace_back(p, q, k); });
  return out;
}

}  // namespace welfare::testing
