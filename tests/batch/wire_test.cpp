// The wire format of a finished run: every field survives encode() and decode(), and any
// message that encode() did not make (cut short, with bytes after it, of another kind, with
// a length larger than the message) is a WireError, never an out-of-bounds read.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "batch/wire.hpp"
#include "store/store.hpp"

namespace welfare::batch {
namespace {

using store::Indicator;
using store::RunData;

// A run with awkward contents: UTF-8 names, an empty string, a NUL inside a string, extreme
// integers, and floats that compare unequal to themselves or to their negation.
RunData sample_run() {
  RunData run;
  run.meta.scenario_name = "bologna-baseline";
  run.meta.scenario_yaml = "scenario:\n  name: bologna-baseline\n  # città, Forlì, Ñ, 日本\n";
  run.meta.territory_name = "Emilia-Romagna — Forlì-Cesena";
  run.meta.seed = std::numeric_limits<std::uint64_t>::max();
  run.meta.replicate = std::numeric_limits<std::uint32_t>::max();
  run.meta.weeks = 3;
  run.meta.software_version = "";
  run.meta.created_utc = "2026-11-24T06:10:00Z";
  run.meta.experiment = std::string("with\0nul", 8);
  run.meta.point = 123456;
  run.weeks = {1, 2, -3};
  run.zones.ids = {"Z1", "", "Z3"};
  run.zones.names = {"Forlì", "Città di Castello", "São Paulo"};
  run.zones.districts = {"Ravenna-Forlì", "Umbria", ""};
  run.indicators.push_back(
      {"population", "persons", "Residents", {1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f, 8.f, 9.f}});
  run.indicators.push_back({"", "", "", {}});
  run.indicators.push_back(
      {"odd values",
       "EUR",
       "Floats that == cannot compare",
       {std::numeric_limits<float>::quiet_NaN(), -0.0f, std::numeric_limits<float>::infinity(),
        -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::denorm_min(),
        std::numeric_limits<float>::max(), 0.1f, -1e-30f, 42.f}});
  return run;
}

// Floats compared bit for bit: NaN equals itself, -0 differs from +0.
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

void expect_same_run(const RunData& a, const RunData& b) {
  EXPECT_EQ(a.meta.scenario_name, b.meta.scenario_name);
  EXPECT_EQ(a.meta.scenario_yaml, b.meta.scenario_yaml);
  EXPECT_EQ(a.meta.territory_name, b.meta.territory_name);
  EXPECT_EQ(a.meta.seed, b.meta.seed);
  EXPECT_EQ(a.meta.replicate, b.meta.replicate);
  EXPECT_EQ(a.meta.weeks, b.meta.weeks);
  EXPECT_EQ(a.meta.software_version, b.meta.software_version);
  EXPECT_EQ(a.meta.created_utc, b.meta.created_utc);
  EXPECT_EQ(a.meta.experiment, b.meta.experiment);
  EXPECT_EQ(a.meta.point, b.meta.point);
  EXPECT_EQ(a.weeks, b.weeks);
  EXPECT_EQ(a.zones.ids, b.zones.ids);
  EXPECT_EQ(a.zones.names, b.zones.names);
  EXPECT_EQ(a.zones.districts, b.zones.districts);
  ASSERT_EQ(a.indicators.size(), b.indicators.size());
  for (std::size_t i = 0; i < a.indicators.size(); ++i) {
    EXPECT_EQ(a.indicators[i].name, b.indicators[i].name) << "indicator " << i;
    EXPECT_EQ(a.indicators[i].units, b.indicators[i].units) << "indicator " << i;
    EXPECT_EQ(a.indicators[i].description, b.indicators[i].description) << "indicator " << i;
    EXPECT_TRUE(same_bits(a.indicators[i].values, b.indicators[i].values)) << "indicator " << i;
  }
}

// Overwrites the 64-bit little-endian integer at `offset`.
void put_u64(std::vector<std::byte>& bytes, std::size_t offset, std::uint64_t value) {
  ASSERT_LE(offset + sizeof value, bytes.size());
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

TEST(Wire, RoundTripKeepsEveryField) {
  const RunData run = sample_run();
  const auto bytes = encode(run);
  const RunData back = decode(bytes);
  expect_same_run(run, back);
  // Decoding and encoding again gives the same bytes.
  EXPECT_EQ(encode(back), bytes);
  // The UTF-8 text is kept byte for byte.
  EXPECT_EQ(back.zones.names[0], "Forl\xc3\xac");
  EXPECT_EQ(back.meta.experiment.size(), 8u);
}

TEST(Wire, RoundTripOfAnEmptyRun) {
  const RunData empty;
  const auto bytes = encode(empty);
  // The magic, six string lengths and four integers, and the five list counts.
  EXPECT_EQ(bytes.size(), 8u * (1 + 10 + 5));
  const RunData back = decode(bytes);
  expect_same_run(empty, back);
  EXPECT_TRUE(back.indicators.empty());
  EXPECT_TRUE(back.zones.ids.empty());
}

TEST(Wire, RoundTripOfManyIndicators) {
  RunData run = sample_run();
  run.indicators.clear();
  const std::size_t zones = run.zones.ids.size();
  for (int k = 0; k < 300; ++k) {
    Indicator i;
    i.name = "indicator_" + std::to_string(k) + (k % 7 == 0 ? "_è" : "");
    i.units = k % 3 == 0 ? "" : "persons";
    i.description = std::string(static_cast<std::size_t>(k), 'x');
    for (std::size_t v = 0; v < run.weeks.size() * zones; ++v)
      i.values.push_back(static_cast<float>(k) * 0.5f + static_cast<float>(v));
    run.indicators.push_back(std::move(i));
  }
  // A long week axis.
  run.weeks.clear();
  for (int w = 1; w <= 5200; ++w)
    run.weeks.push_back(w);
  const RunData back = decode(encode(run));
  expect_same_run(run, back);
}

TEST(Wire, EveryTruncationThrows) {
  const auto bytes = encode(sample_run());
  ASSERT_GT(bytes.size(), 100u);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::vector<std::byte> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_THROW((void)decode(cut), WireError) << "cut to " << n << " of " << bytes.size();
  }
  // And of an empty run, whose message is all lengths.
  const auto empty = encode(RunData{});
  for (std::size_t n = 0; n < empty.size(); ++n) {
    const std::vector<std::byte> cut(empty.begin(), empty.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_THROW((void)decode(cut), WireError) << "cut to " << n << " of " << empty.size();
  }
}

TEST(Wire, TrailingBytesThrow) {
  auto bytes = encode(sample_run());
  bytes.push_back(std::byte{0});
  EXPECT_THROW((void)decode(bytes), WireError);
  // A whole second message after the first.
  auto twice = encode(sample_run());
  const auto again = encode(sample_run());
  twice.insert(twice.end(), again.begin(), again.end());
  EXPECT_THROW((void)decode(twice), WireError);
}

TEST(Wire, WrongMagicThrows) {
  auto bytes = encode(sample_run());
  bytes[0] ^= std::byte{0x01};
  EXPECT_THROW((void)decode(bytes), WireError);
  auto last = encode(sample_run());
  last[7] = std::byte{'2'};  // "WelfRun2"
  EXPECT_THROW((void)decode(last), WireError);
  std::vector<std::byte> text;
  for (const char c : std::string("not a run message at all, just some text"))
    text.push_back(static_cast<std::byte>(c));
  EXPECT_THROW((void)decode(text), WireError);
}

TEST(Wire, HugeDeclaredLengthsThrow) {
  // In the message of an empty run every field after the magic is a length or an integer:
  // the lengths of the nine strings and lists are at these offsets.
  const std::vector<std::size_t> length_offsets = {8, 16, 24, 56, 64, 72, 88, 96, 104, 112, 120};
  const std::vector<std::uint64_t> huge = {
      std::numeric_limits<std::uint64_t>::max(),
      std::numeric_limits<std::uint64_t>::max() / 4 + 1,  // times 4 bytes wraps to a small size
      std::numeric_limits<std::uint64_t>::max() / 8 + 1,  // times 8 bytes wraps to a small size
      std::uint64_t{1} << 63,
      std::uint64_t{1} << 32,
      1'000'000,
      129,  // one more byte than the whole message
  };
  const auto empty = encode(RunData{});
  ASSERT_EQ(empty.size(), 128u);
  for (const std::size_t offset : length_offsets) {
    for (const std::uint64_t n : huge) {
      auto bytes = empty;
      put_u64(bytes, offset, n);
      EXPECT_THROW((void)decode(bytes), WireError) << "length " << n << " at offset " << offset;
    }
  }
  // The same in a message with contents: the first zone id's length.
  RunData run;
  run.zones.ids = {"Z1"};
  run.zones.names = {"Forlì"};
  run.zones.districts = {"D"};
  auto bytes = encode(run);
  // The zone id count is at offset 96, its first string's length at 104.
  put_u64(bytes, 104, std::numeric_limits<std::uint64_t>::max());
  EXPECT_THROW((void)decode(bytes), WireError);
}

TEST(Wire, IndicatorValueCountLargerThanTheMessageThrows) {
  RunData run;
  run.indicators.push_back({"a", "b", "c", {1.f, 2.f}});
  auto bytes = encode(run);
  // The values' count is the last length before the two floats.
  const std::size_t values_count = bytes.size() - 2 * sizeof(float) - sizeof(std::uint64_t);
  for (const std::uint64_t n :
       {std::uint64_t{3}, std::uint64_t{1} << 62, std::numeric_limits<std::uint64_t>::max()}) {
    auto changed = bytes;
    put_u64(changed, values_count, n);
    EXPECT_THROW((void)decode(changed), WireError) << n;
  }
  // One value fewer leaves four trailing bytes.
  put_u64(bytes, values_count, 1);
  EXPECT_THROW((void)decode(bytes), WireError);
}

TEST(Wire, GarbledBytesThrowOnlyWireError) {
  // Random damage must decode to something or throw WireError: no other exception (a failed
  // allocation from a garbled length), no crash.
  const auto bytes = encode(sample_run());
  std::mt19937_64 random(20261124);
  std::uniform_int_distribution<std::size_t> position(0, bytes.size() - 1);
  std::uniform_int_distribution<int> value(0, 255);
  int errors = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    auto damaged = bytes;
    const int flips = 1 + trial % 4;
    for (int f = 0; f < flips; ++f)
      damaged[position(random)] = static_cast<std::byte>(value(random));
    try {
      (void)decode(damaged);
    } catch (const WireError&) {
      ++errors;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "trial " << trial << ": not a WireError: " << e.what();
    }
  }
  EXPECT_GT(errors, 0);
}

// Replicate, weeks and point travel as 64-bit integers but are 32-bit fields: a message with
// any of their upper 32 bits set (which encode() never makes) must not decode to a
// truncated value.
TEST(Wire, ThirtyTwoBitFieldsOutOfRangeThrow) {
  // In the message of an empty run: replicate at offset 40, weeks at 48, point at 80.
  for (const std::size_t offset : {std::size_t{40}, std::size_t{48}, std::size_t{80}}) {
    auto bytes = encode(RunData{});
    put_u64(bytes, offset, (std::uint64_t{1} << 32) + 7);
    EXPECT_THROW((void)decode(bytes), WireError) << "offset " << offset;
  }
}

}  // namespace
}  // namespace welfare::batch
