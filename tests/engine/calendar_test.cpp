// The event calendar: due weeks, rescheduling, stale entries.
#include "engine/calendar.hpp"

#include <gtest/gtest.h>

namespace welfare {
namespace {

TEST(Calendar, TakesTheEventsDueInOrderOfKindAndPerson) {
  Calendar c(10);
  c.resize(5);
  c.schedule(3, EventKind::kBirth, 2);
  c.schedule(1, EventKind::kDeath, 2);
  c.schedule(4, EventKind::kDeath, 2);
  c.schedule(0, onset_event(Domain::kPoverty), 3);
  const auto week2 = c.take(2);
  ASSERT_EQ(week2.size(), 3u);
  EXPECT_EQ(week2[0].kind, EventKind::kDeath);
  EXPECT_EQ(week2[0].person, 1u);
  EXPECT_EQ(week2[1].person, 4u);
  EXPECT_EQ(week2[2].kind, EventKind::kBirth);
  EXPECT_TRUE(c.take(2).empty()) << "taken events are gone";
  EXPECT_EQ(c.due(1, EventKind::kDeath), Calendar::kUnscheduled);
  ASSERT_EQ(c.take(3).size(), 1u);
}

TEST(Calendar, RescheduledAndCancelledEventsAreDroppedFromTheirOldWeek) {
  Calendar c(10);
  c.resize(3);
  c.schedule(0, EventKind::kDeath, 4);
  c.schedule(0, EventKind::kDeath, 6);  // redrawn
  c.schedule(1, EventKind::kBirth, 4);
  c.cancel(1, EventKind::kBirth);
  EXPECT_TRUE(c.take(4).empty());
  const auto week6 = c.take(6);
  ASSERT_EQ(week6.size(), 1u);
  EXPECT_EQ(week6[0].person, 0u);
}

TEST(Calendar, EventsBeyondTheHorizonAreNotKept) {
  Calendar c(5);
  c.resize(2);
  c.schedule(0, EventKind::kDeath, 5);
  EXPECT_EQ(c.due(0, EventKind::kDeath), Calendar::kUnscheduled);
  c.set_due(1, EventKind::kDeath, 3);
  c.file_all();
  ASSERT_EQ(c.take(3).size(), 1u);
}

}  // namespace
}  // namespace welfare
