// The helpers behind the scenario checks: suggestions for misspelt keys and number text that
// reads back exactly.
#include <gtest/gtest.h>

#include <charconv>
#include <limits>

#include "scenario/yaml_reader.hpp"

namespace welfare::yaml_reader {
namespace {

TEST(ClosestMatch, SuggestsLikelyTypos) {
  const std::vector<std::string> keys = {"id", "name", "district", "residents", "households"};
  EXPECT_EQ(closest_match("residens", keys), "residents");
  EXPECT_EQ(closest_match("nmae", keys), "name");  // swapped letters count one edit
  EXPECT_EQ(closest_match("Name", keys), "name");
  EXPECT_EQ(closest_match("distrcit", keys), "district");
  EXPECT_EQ(closest_match("househods", keys), "households");
}

TEST(ClosestMatch, StaysQuietWhenNothingIsClose) {
  const std::vector<std::string> keys = {"id", "name", "district", "residents"};
  EXPECT_FALSE(closest_match("xy", keys).has_value());
  EXPECT_FALSE(closest_match("population", keys).has_value());
  EXPECT_FALSE(closest_match("name", keys).has_value());  // already right
  EXPECT_EQ(did_you_mean("zzz", keys), "");
  EXPECT_EQ(did_you_mean("nam", keys), "; did you mean 'name'?");
}

TEST(ClosestMatch, PrefersTheLongerCommonPrefixOnTies) {
  EXPECT_EQ(closest_match("5", {"1", "2", "3", "4", "5+"}), "5+");
}

TEST(FormatDouble, ShortestTextThatReadsBackExactly) {
  EXPECT_EQ(format_double(0.573), "0.573");
  EXPECT_EQ(format_double(61103), "61103");
  EXPECT_EQ(format_double(-1.5), "-1.5");
  for (const double v : {0.1 + 0.2, 1.0 / 3.0, 12.5 * 61103 / 1000.0,
                         std::numeric_limits<double>::min(), 1e300, -7.25e-9}) {
    const std::string text = format_double(v);
    double back = 0;
    std::from_chars(text.data(), text.data() + text.size(), back);
    EXPECT_EQ(back, v) << text;
  }
}

}  // namespace
}  // namespace welfare::yaml_reader
