// Capacities, admissions, recounts and capacity cuts of the services of a zone.
#include "services/service_pool.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace welfare {
namespace {

Territory one_zone() {
  Territory t;
  t.name = "T";
  t.age_band_lower = {0};
  t.income_bands = {{"all", INFINITY}};
  t.districts = {{"D", "D"}};
  Zone z;
  z.id = "Z";
  z.residents = 1000;
  z.capacity[static_cast<std::size_t>(ServiceKind::kHomeCare)] = 10;
  z.capacity[static_cast<std::size_t>(ServiceKind::kCaseManagement)] = 2;
  z.capacity[static_cast<std::size_t>(ServiceKind::kCommunityHub)] = 5;
  t.zones.push_back(z);
  return t;
}

TEST(ServicePool, CareWorkforceScalesCareServicesOnly) {
  const Territory t = one_zone();
  Parameters params;
  params.set(Param::kWorkforceAvailability, 0.8);
  const ServicePool pool(t, params);
  EXPECT_DOUBLE_EQ(pool.capacity(0, ServiceKind::kHomeCare), 8.0);
  EXPECT_DOUBLE_EQ(pool.capacity(0, ServiceKind::kCommunityHub), 5.0);
  // Social workers count in cases: full-time workers times the caseload.
  EXPECT_DOUBLE_EQ(pool.capacity(0, ServiceKind::kCaseManagement), 2 * params[Param::kCaseload]);
}

TEST(ServicePool, CompactKeepsWhatIsHeldAndRecountsUnits) {
  const Territory t = one_zone();
  ServicePool pool(t, Parameters{});
  pool.admit(0, ServiceKind::kHomeCare, {1, Domain::kLongTermCare, 3.0, 0});
  pool.admit(0, ServiceKind::kHomeCare, {2, Domain::kLongTermCare, 1.5, 0});
  EXPECT_DOUBLE_EQ(pool.used(0, ServiceKind::kHomeCare), 4.5);
  pool.compact(0, ServiceKind::kHomeCare, [](const Placement& pl) { return pl.person != 1; });
  EXPECT_DOUBLE_EQ(pool.used(0, ServiceKind::kHomeCare), 1.5);
  EXPECT_EQ(pool.roster(0, ServiceKind::kHomeCare).size(), 1u);
}

TEST(ServicePool, ACapacityCutShedsTheLatestAdmissions) {
  const Territory t = one_zone();
  Parameters params;
  ServicePool pool(t, params);
  for (std::uint32_t p = 0; p < 5; ++p) {
    pool.admit(0, ServiceKind::kHomeCare,
               {p, Domain::kLongTermCare, 2.0, static_cast<std::int16_t>(p)});
  }
  params.set(Param::kWorkforceAvailability, 0.5);  // 10 hours become 5
  pool.update_capacity(t, params);
  const auto shed = pool.shed_excess(0, ServiceKind::kHomeCare);
  ASSERT_EQ(shed.size(), 3u);
  EXPECT_EQ(shed[0].person, 4u);
  EXPECT_EQ(shed[2].person, 2u);
  EXPECT_LE(pool.used(0, ServiceKind::kHomeCare), pool.capacity(0, ServiceKind::kHomeCare));
}

TEST(ServicePool, AServiceOrganisedPerDistrictPoolsTheCapacityOfItsZones) {
  Territory t = one_zone();
  t.districts = {{"D", "D"}, {"E", "E"}};
  Zone second = t.zones[0];
  second.id = "Z2";
  second.capacity[static_cast<std::size_t>(ServiceKind::kHomeCare)] = 0;
  t.zones.push_back(second);
  Zone third = second;
  third.id = "Z3";
  third.district = 1;
  t.zones.push_back(third);
  t.service_area[static_cast<std::size_t>(ServiceKind::kHomeCare)] = ServiceArea::kDistrict;
  t.service_area[static_cast<std::size_t>(ServiceKind::kNursingHome)] = ServiceArea::kTerritory;
  const ServicePool pool(t, Parameters{});
  EXPECT_EQ(pool.areas(ServiceKind::kHomeCare), 2u);
  EXPECT_EQ(pool.area(1, ServiceKind::kHomeCare), 0u);  // Z2 shares Z's district
  EXPECT_EQ(pool.area(2, ServiceKind::kHomeCare), 1u);
  EXPECT_DOUBLE_EQ(pool.capacity(0, ServiceKind::kHomeCare), 10.0);
  EXPECT_DOUBLE_EQ(pool.capacity(1, ServiceKind::kHomeCare), 0.0);
  EXPECT_EQ(pool.areas(ServiceKind::kNursingHome), 1u);
  EXPECT_EQ(pool.zones_of(0, ServiceKind::kNursingHome), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(pool.areas(ServiceKind::kCommunityHub), 3u);  // per zone unless the file says
}

}  // namespace
}  // namespace welfare
