// Tests of the sensitivity measures: Morris elementary effects and standardised regression
// coefficients, on hand-built experiment records and on records of the batch designs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/sensitivity.hpp"
#include "batch/design.hpp"
#include "store/store.hpp"

namespace welfare::analysis {
namespace {

constexpr std::uint64_t kSeed = 20240611;
constexpr double kTolerance = 1e-9;  // for values computed exactly up to rounding

const std::vector<std::string> kNames = {"parameters.a", "parameters.b", "parameters.c"};
// Ranges of different widths, offsets and signs, so a mix-up of parameters shows.
const std::vector<batch::Range> kRanges = {{0.0, 2.0}, {-1.0, 3.0}, {5.0, 6.0}};

// The linear model y = kA x1 + kB x2 + 0 x3 + kIntercept.
constexpr double kA = 3.0;
constexpr double kB = -2.0;
constexpr double kIntercept = 7.0;

constexpr std::size_t kTrajectories = 12;
constexpr std::size_t kLevels = 4;
constexpr std::size_t kHypercubePoints = 60;

using Model = std::function<double(const std::vector<double>&)>;

double linear(const std::vector<double>& x) {
  return kA * x[0] + kB * x[1] + kIntercept;
}

// A record of `points` over `ranges`, with a design name as the store writes it.
store::ExperimentRecord make_record(const std::string& design,
                                    const std::vector<batch::Range>& ranges,
                                    const std::vector<batch::DesignPoint>& points) {
  store::ExperimentRecord r;
  r.name = "sensitivity-test";
  r.design = design;
  r.seed = kSeed;
  r.replicates = 1;
  r.scenario_names = {"base"};
  r.scenario_files = {"base.yaml"};
  r.scenario_yaml = {""};
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    r.parameters.push_back(kNames.at(k));
    r.lower.push_back(ranges[k].lower);
    r.upper.push_back(ranges[k].upper);
  }
  for (const batch::DesignPoint& p : points) {
    r.points.insert(r.points.end(), p.values.begin(), p.values.end());
    r.trajectory.push_back(p.trajectory);
    r.changed.push_back(p.changed);
  }
  return r;
}

store::ExperimentRecord morris_record(const std::vector<batch::Range>& ranges,
                                      std::size_t trajectories = kTrajectories) {
  store::ExperimentRecord r =
      make_record("morris", ranges, batch::morris_design(trajectories, kLevels, ranges, kSeed));
  r.levels = static_cast<std::uint32_t>(kLevels);
  return r;
}

store::ExperimentRecord hypercube_record(const std::vector<batch::Range>& ranges,
                                         std::size_t points = kHypercubePoints) {
  return make_record("latin_hypercube", ranges,
                     batch::latin_hypercube_design(points, ranges, kSeed));
}

std::vector<double> point_values(const store::ExperimentRecord& r, std::size_t p) {
  const std::size_t k = r.parameters.size();
  return {r.points.begin() + static_cast<std::ptrdiff_t>(p * k),
          r.points.begin() + static_cast<std::ptrdiff_t>((p + 1) * k)};
}

std::vector<double> evaluate(const store::ExperimentRecord& r, const Model& model) {
  std::vector<double> y;
  for (std::size_t p = 0; p < r.point_count(); ++p)
    y.push_back(model(point_values(r, p)));
  return y;
}

const MorrisEffect& effect_of(const std::vector<MorrisEffect>& effects, const std::string& name) {
  for (const MorrisEffect& e : effects)
    if (e.parameter == name) return e;
  throw std::out_of_range("no effect for " + name);
}

double src_of(const RegressionFit& fit, const std::string& name) {
  for (const RegressionCoefficient& c : fit.coefficients)
    if (c.parameter == name) return c.src;
  throw std::out_of_range("no coefficient for " + name);
}

// Sample statistics computed here, independently of the library.
double sample_mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v)
    s += x;
  return s / static_cast<double>(v.size());
}
double sample_covariance(const std::vector<double>& a, const std::vector<double>& b) {
  const double ma = sample_mean(a);
  const double mb = sample_mean(b);
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    s += (a[i] - ma) * (b[i] - mb);
  return s / static_cast<double>(a.size() - 1);
}
double sample_sd(const std::vector<double>& v) {
  return std::sqrt(sample_covariance(v, v));
}
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  return sample_covariance(a, b) / (sample_sd(a) * sample_sd(b));
}
std::vector<double> column(const store::ExperimentRecord& r, std::size_t k) {
  std::vector<double> out;
  for (std::size_t p = 0; p < r.point_count(); ++p)
    out.push_back(r.points[p * r.parameters.size() + k]);
  return out;
}

// Runs `call`, expecting std::invalid_argument whose message contains every one of `parts`.
void expect_invalid(const std::function<void()>& call, const std::vector<std::string>& parts) {
  try {
    call();
    ADD_FAILURE() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    for (const std::string& part : parts)
      EXPECT_NE(message.find(part), std::string::npos)
          << "message \"" << message << "\" does not mention \"" << part << "\"";
  }
}

// ---------------------------------------------------------------------------------------
// Morris elementary effects

TEST(MorrisEffects, LinearModelGivesCoefficientTimesRangeAndNoSpread) {
  const store::ExperimentRecord r = morris_record(kRanges);
  const std::vector<MorrisEffect> effects = morris_effects(r, evaluate(r, linear));
  ASSERT_EQ(effects.size(), 3u);

  const double range_a = kRanges[0].upper - kRanges[0].lower;
  const double range_b = kRanges[1].upper - kRanges[1].lower;
  const MorrisEffect& a = effect_of(effects, kNames[0]);
  const MorrisEffect& b = effect_of(effects, kNames[1]);
  const MorrisEffect& c = effect_of(effects, kNames[2]);
  EXPECT_NEAR(a.mu, kA * range_a, kTolerance);
  EXPECT_NEAR(a.mu_star, kA * range_a, kTolerance);
  EXPECT_NEAR(b.mu, kB * range_b, kTolerance);  // negative: the model falls with x2
  EXPECT_NEAR(b.mu_star, -kB * range_b, kTolerance);
  EXPECT_NEAR(c.mu, 0.0, kTolerance);
  EXPECT_NEAR(c.mu_star, 0.0, kTolerance);
  for (const MorrisEffect& e : effects) {
    EXPECT_NEAR(e.sigma, 0.0, kTolerance) << e.parameter;
    EXPECT_EQ(e.effects, kTrajectories) << e.parameter;
  }
  // |kB| * 4 = 8 > kA * 2 = 6 > 0: ranked by mu_star.
  EXPECT_EQ(effects[0].parameter, kNames[1]);
  EXPECT_EQ(effects[1].parameter, kNames[0]);
  EXPECT_EQ(effects[2].parameter, kNames[2]);
}

// Two trajectories written out by hand, y = x1 * x2, with the effects worked out on paper.
//   ranges x1 in [0, 1], x2 in [0, 10]
//   trajectory 0: (0, 0) -> (0.5, 0) [x1] -> (0.5, 5) [x2]     y: 0, 0, 2.5
//   trajectory 1: (1, 10) -> (1, 5) [x2] -> (0.5, 5) [x1]      y: 10, 5, 2.5
// x1's steps: 0 / (0.5 / 1) = 0 and (2.5 - 5) / (-0.5 / 1) = 5;
// x2's steps: 2.5 / (5 / 10) = 5 and (5 - 10) / (-5 / 10) = 10 (a step down, effect > 0).
TEST(MorrisEffects, HandBuiltTrajectoriesMatchEffectsWorkedOutByHand) {
  const std::vector<batch::Range> ranges = {{0.0, 1.0}, {0.0, 10.0}};
  const std::vector<batch::DesignPoint> points = {
      {{0.0, 0.0}, 0, -1},  {{0.5, 0.0}, 0, 0}, {{0.5, 5.0}, 0, 1},
      {{1.0, 10.0}, 1, -1}, {{1.0, 5.0}, 1, 1}, {{0.5, 5.0}, 1, 0},
  };
  const store::ExperimentRecord r = make_record("morris", ranges, points);
  const std::vector<double> y = {0.0, 0.0, 2.5, 10.0, 5.0, 2.5};
  const std::vector<MorrisEffect> effects = morris_effects(r, y);
  ASSERT_EQ(effects.size(), 2u);

  constexpr double kX1First = 0.0, kX1Second = 5.0, kX2First = 5.0, kX2Second = 10.0;
  const double x1_mu = (kX1First + kX1Second) / 2;
  const double x2_mu = (kX2First + kX2Second) / 2;
  // n - 1 = 1: sigma^2 is the sum of both squared deviations.
  const double x1_sigma = std::sqrt(std::pow(kX1First - x1_mu, 2) + std::pow(kX1Second - x1_mu, 2));
  const double x2_sigma = std::sqrt(std::pow(kX2First - x2_mu, 2) + std::pow(kX2Second - x2_mu, 2));

  EXPECT_EQ(effects[0].parameter, kNames[1]);  // mu* 7.5 before 2.5
  EXPECT_NEAR(effects[0].mu, x2_mu, kTolerance);
  EXPECT_NEAR(effects[0].mu_star, x2_mu, kTolerance);
  EXPECT_NEAR(effects[0].sigma, x2_sigma, kTolerance);
  EXPECT_EQ(effects[0].effects, 2u);
  EXPECT_EQ(effects[1].parameter, kNames[0]);
  EXPECT_NEAR(effects[1].mu, x1_mu, kTolerance);
  EXPECT_NEAR(effects[1].mu_star, x1_mu, kTolerance);
  EXPECT_NEAR(effects[1].sigma, x1_sigma, kTolerance);
  EXPECT_EQ(effects[1].effects, 2u);
}

TEST(MorrisEffects, InteractionGivesSpreadOnlyToTheInteractingParameters) {
  const store::ExperimentRecord r = morris_record(kRanges);
  const std::vector<MorrisEffect> effects =
      morris_effects(r, evaluate(r, [](const std::vector<double>& x) { return x[0] * x[1]; }));
  // d(x1 x2)/dx1 = x2 varies over the trajectories, and so does x1 for x2: spread for both.
  constexpr double kClearlyPositive = 0.1;
  EXPECT_GT(effect_of(effects, kNames[0]).sigma, kClearlyPositive);
  EXPECT_GT(effect_of(effects, kNames[1]).sigma, kClearlyPositive);
  EXPECT_NEAR(effect_of(effects, kNames[2]).sigma, 0.0, kTolerance);
  EXPECT_NEAR(effect_of(effects, kNames[2]).mu_star, 0.0, kTolerance);
}

// y = (x1 - 1/2)^2 on [0, 1] with 4 levels {0, 1/3, 2/3, 1} and delta = 2/3: a step between
// 0 and 2/3 has effect (f(2/3) - f(0)) / (2/3) = -1/3, one between 1/3 and 1 has +1/3,
// whichever way it goes. The effects cancel in mu but not in mu*.
TEST(MorrisEffects, NonMonotoneOutputHasMuBelowMuStar) {
  const std::vector<batch::Range> ranges = {{0.0, 1.0}};
  constexpr std::size_t kManyTrajectories = 40;
  const store::ExperimentRecord r = morris_record(ranges, kManyTrajectories);
  constexpr double kCentre = 0.5;
  const auto f = [](double x) { return (x - kCentre) * (x - kCentre); };
  const std::vector<double> y = evaluate(r, [&](const std::vector<double>& x) { return f(x[0]); });

  constexpr double kDelta = 2.0 / 3.0;
  constexpr double kThird = 1.0 / 3.0;
  const double low_pair = (f(kDelta) - f(0.0)) / kDelta;
  const double high_pair = (f(1.0) - f(kThird)) / kDelta;
  ASSERT_LT(low_pair, 0.0);
  ASSERT_GT(high_pair, 0.0);

  // Count the steps of each kind from the design itself, to know the expected mean.
  std::size_t low_steps = 0;
  for (std::size_t p = 0; p < r.point_count(); ++p)
    if (r.changed[p] == 0 && std::min(r.points[p], r.points[p - 1]) < kThird / 2) ++low_steps;
  const std::size_t high_steps = kManyTrajectories - low_steps;
  ASSERT_GT(low_steps, 0u);
  ASSERT_GT(high_steps, 0u);

  const std::vector<MorrisEffect> effects = morris_effects(r, y);
  ASSERT_EQ(effects.size(), 1u);
  const MorrisEffect& e = effects[0];
  const double expected_mu =
      (static_cast<double>(low_steps) * low_pair + static_cast<double>(high_steps) * high_pair) /
      static_cast<double>(kManyTrajectories);
  EXPECT_NEAR(e.mu, expected_mu, kTolerance);
  EXPECT_NEAR(e.mu_star, std::abs(low_pair), kTolerance);  // |low_pair| == high_pair
  EXPECT_LT(std::abs(e.mu), e.mu_star);
  EXPECT_GT(e.sigma, 0.0);
}

TEST(MorrisEffects, OneTrajectoryHasZeroSigma) {
  const store::ExperimentRecord r = morris_record(kRanges, 1);
  const std::vector<MorrisEffect> effects =
      morris_effects(r, evaluate(r, [](const std::vector<double>& x) { return x[0] * x[1]; }));
  for (const MorrisEffect& e : effects) {
    EXPECT_EQ(e.effects, 1u);
    EXPECT_EQ(e.sigma, 0.0);
    EXPECT_EQ(std::abs(e.mu), e.mu_star);
  }
}

TEST(MorrisEffects, TiesKeepParameterOrder) {
  const store::ExperimentRecord r = morris_record(kRanges);
  const std::vector<MorrisEffect> flat =
      morris_effects(r, std::vector<double>(r.point_count(), 1.0));
  ASSERT_EQ(flat.size(), 3u);
  for (std::size_t k = 0; k < flat.size(); ++k) {
    EXPECT_EQ(flat[k].parameter, kNames[k]);
    EXPECT_EQ(flat[k].mu_star, 0.0);
  }
  // Only x3 matters: it comes first, the tied others keep their order.
  const std::vector<MorrisEffect> third =
      morris_effects(r, evaluate(r, [](const std::vector<double>& x) { return x[2]; }));
  EXPECT_EQ(third[0].parameter, kNames[2]);
  EXPECT_EQ(third[1].parameter, kNames[0]);
  EXPECT_EQ(third[2].parameter, kNames[1]);
}

TEST(MorrisEffects, RejectsAnotherDesign) {
  store::ExperimentRecord r = hypercube_record(kRanges);
  const std::vector<double> y(r.point_count(), 0.0);
  expect_invalid([&] { morris_effects(r, y); }, {"latin_hypercube", "not a Morris design"});
}

TEST(MorrisEffects, RejectsOutputOfTheWrongLength) {
  const store::ExperimentRecord r = morris_record(kRanges);
  const std::vector<double> y(r.point_count() - 1, 0.0);
  expect_invalid([&] { morris_effects(r, y); },
                 {std::to_string(y.size()) + " values", std::to_string(r.point_count())});
}

TEST(MorrisEffects, RejectsNonFiniteOutput) {
  const store::ExperimentRecord r = morris_record(kRanges);
  std::vector<double> y(r.point_count(), 0.0);
  y[2] = std::nan("");
  expect_invalid([&] { morris_effects(r, y); }, {"not finite", "point 2"});
}

TEST(MorrisEffects, RejectsAStepFromAnotherTrajectory) {
  store::ExperimentRecord r = morris_record(kRanges);
  // The second trajectory's start (point k + 1) becomes a step from the first trajectory's
  // end: the previous point is in trajectory 0.
  const std::size_t start = kNames.size() + 1;
  ASSERT_EQ(r.changed[start], -1);
  r.changed[start] = 0;
  const std::vector<double> y(r.point_count(), 0.0);
  expect_invalid([&] { morris_effects(r, y); },
                 {"point " + std::to_string(start), "another trajectory"});
}

TEST(MorrisEffects, RejectsAStepThatDoesNotChangeItsParameter) {
  const std::vector<batch::Range> ranges = {{0.0, 1.0}, {0.0, 1.0}};
  const std::vector<batch::DesignPoint> points = {{{0.0, 0.0}, 0, -1}, {{0.0, 0.5}, 0, 0}};
  const store::ExperimentRecord r = make_record("morris", ranges, points);
  expect_invalid([&] { morris_effects(r, {0.0, 1.0}); }, {"does not change", kNames[0], "point 1"});
}

TEST(MorrisEffects, RejectsAStepThatChangesTwoParameters) {
  const std::vector<batch::Range> ranges = {{0.0, 1.0}, {0.0, 1.0}};
  const std::vector<batch::DesignPoint> points = {{{0.0, 0.0}, 0, -1}, {{0.5, 0.5}, 0, 0}};
  const store::ExperimentRecord r = make_record("morris", ranges, points);
  expect_invalid([&] { morris_effects(r, {0.0, 1.0}); }, {"changes parameter", kNames[1]});
}

TEST(MorrisEffects, RejectsAStepWithoutPreviousPointOrParameter) {
  const std::vector<batch::Range> ranges = {{0.0, 1.0}};
  const store::ExperimentRecord first =
      make_record("morris", ranges, {{{0.0}, 0, 0}, {{0.5}, 0, -1}});
  expect_invalid([&] { morris_effects(first, {0.0, 1.0}); }, {"no previous point"});
  const store::ExperimentRecord beyond =
      make_record("morris", ranges, {{{0.0}, 0, -1}, {{0.5}, 0, 1}});
  expect_invalid([&] { morris_effects(beyond, {0.0, 1.0}); }, {"changes parameter 1"});
}

TEST(MorrisEffects, RejectsInconsistentRecords) {
  store::ExperimentRecord r = morris_record(kRanges);
  const std::vector<double> y(r.point_count(), 0.0);
  store::ExperimentRecord short_points = r;
  short_points.points.pop_back();
  expect_invalid([&] { morris_effects(short_points, y); }, {"point values"});
  store::ExperimentRecord empty_range = r;
  empty_range.upper[1] = empty_range.lower[1];
  expect_invalid([&] { morris_effects(empty_range, y); }, {kNames[1], "lower < upper"});
}

// ---------------------------------------------------------------------------------------
// Standardised regression coefficients

TEST(StandardizedRegression, LinearModelFitsExactlyWithScaledCoefficients) {
  const store::ExperimentRecord r = hypercube_record(kRanges);
  const std::vector<double> y = evaluate(r, linear);
  const RegressionFit fit = standardized_regression(r, y);

  EXPECT_EQ(fit.points, kHypercubePoints);
  EXPECT_NEAR(fit.r_squared, 1.0, kTolerance);
  ASSERT_EQ(fit.coefficients.size(), 3u);
  const double sd_y = sample_sd(y);
  EXPECT_NEAR(src_of(fit, kNames[0]), kA * sample_sd(column(r, 0)) / sd_y, kTolerance);
  EXPECT_NEAR(src_of(fit, kNames[1]), kB * sample_sd(column(r, 1)) / sd_y, kTolerance);
  EXPECT_NEAR(src_of(fit, kNames[2]), 0.0, kTolerance);
  // |kB| sd(x2) ~ 2 * 4/sqrt(12) > kA sd(x1) ~ 3 * 2/sqrt(12) > 0.
  EXPECT_EQ(fit.coefficients[0].parameter, kNames[1]);
  EXPECT_LT(fit.coefficients[0].src, 0.0);
  EXPECT_EQ(fit.coefficients[1].parameter, kNames[0]);
  EXPECT_EQ(fit.coefficients[2].parameter, kNames[2]);
}

// On a full grid the parameters are exactly uncorrelated, so each SRC is the correlation of
// its parameter with y and the squared SRCs of an exact linear model add up to 1.
TEST(StandardizedRegression, GridDesignGivesCorrelationsAsCoefficients) {
  const std::vector<std::vector<double>> values = {{0.0, 1.0, 2.0}, {-1.0, 3.0}, {5.0, 6.0}};
  const std::vector<batch::Range> ranges = {{0.0, 2.0}, {-1.0, 3.0}, {5.0, 6.0}};
  const store::ExperimentRecord r = make_record("grid", ranges, batch::grid_design(values));
  const std::vector<double> y = evaluate(r, linear);
  const RegressionFit fit = standardized_regression(r, y);
  EXPECT_NEAR(fit.r_squared, 1.0, kTolerance);
  double sum_sq = 0;
  for (std::size_t k = 0; k < kNames.size(); ++k) {
    EXPECT_NEAR(src_of(fit, kNames[k]), correlation(column(r, k), y), kTolerance) << kNames[k];
    sum_sq += src_of(fit, kNames[k]) * src_of(fit, kNames[k]);
  }
  EXPECT_NEAR(sum_sq, 1.0, kTolerance);
}

// One parameter, x = 0, 1, 2, 3 and y = 1, 3, 2, 5, worked out by hand: the deviations
// from the means (1.5, 2.75) give Sxy = 5.5, Sxx = 5, Syy = 8.75; src = r = Sxy /
// sqrt(Sxx Syy) and R^2 = r^2 = 30.25 / 43.75.
TEST(StandardizedRegression, OneParameterMatchesCorrelationWorkedOutByHand) {
  const std::vector<batch::Range> ranges = {{0.0, 3.0}};
  const store::ExperimentRecord r = make_record(
      "grid", ranges, {{{0.0}, -1, -1}, {{1.0}, -1, -1}, {{2.0}, -1, -1}, {{3.0}, -1, -1}});
  const RegressionFit fit = standardized_regression(r, {1.0, 3.0, 2.0, 5.0});
  constexpr double kSxy = 5.5, kSxx = 5.0, kSyy = 8.75;
  ASSERT_EQ(fit.coefficients.size(), 1u);
  EXPECT_NEAR(fit.coefficients[0].src, kSxy / std::sqrt(kSxx * kSyy), kTolerance);
  EXPECT_NEAR(fit.r_squared, kSxy * kSxy / (kSxx * kSyy), kTolerance);
  EXPECT_EQ(fit.points, 4u);
}

TEST(StandardizedRegression, NoiseLowersRSquared) {
  const store::ExperimentRecord r = hypercube_record(kRanges);
  const std::vector<double> exact = evaluate(r, linear);
  std::vector<double> noisy = exact;
  std::mt19937_64 engine(kSeed);
  // Noise with sd comparable to the signal's: R^2 drops well below 1 but stays clearly > 0.
  constexpr double kNoiseSd = 3.0;
  std::normal_distribution<double> noise(0.0, kNoiseSd);
  for (double& v : noisy)
    v += noise(engine);

  const RegressionFit clean = standardized_regression(r, exact);
  const RegressionFit rough = standardized_regression(r, noisy);
  constexpr double kClearDrop = 0.1;
  EXPECT_NEAR(clean.r_squared, 1.0, kTolerance);
  EXPECT_LT(rough.r_squared, clean.r_squared - kClearDrop);
  EXPECT_GT(rough.r_squared, 0.0);
  // The noise shrinks the SRCs (sd(y) grows) but x2 still leads.
  EXPECT_EQ(rough.coefficients[0].parameter, kNames[1]);
  EXPECT_LT(std::abs(src_of(rough, kNames[1])), std::abs(src_of(clean, kNames[1])));
}

// With one parameter the SRC is the sample correlation and R^2 its square, noise or not.
TEST(StandardizedRegression, OneNoisyParameterMatchesTheSampleCorrelation) {
  const std::vector<batch::Range> ranges = {{-1.0, 3.0}};
  const store::ExperimentRecord r = hypercube_record(ranges);
  std::mt19937_64 engine(kSeed);
  std::uniform_real_distribution<double> noise(-1.0, 1.0);
  std::vector<double> y = evaluate(r, [](const std::vector<double>& x) { return kB * x[0]; });
  for (double& v : y)
    v += noise(engine);
  const RegressionFit fit = standardized_regression(r, y);
  const double rho = correlation(column(r, 0), y);
  EXPECT_NEAR(fit.coefficients.at(0).src, rho, kTolerance);
  EXPECT_NEAR(fit.r_squared, rho * rho, kTolerance);
  EXPECT_LT(fit.r_squared, 1.0 - kTolerance);
}

// A non-linear output is fitted only partly by the linear model: (x1 - 1)^2 is symmetric about
// the middle of x1's range [0, 2], so it is (nearly) uncorrelated with every parameter.
TEST(StandardizedRegression, NonLinearOutputHasLowRSquared) {
  const store::ExperimentRecord r = hypercube_record(kRanges);
  constexpr double kMiddle = 1.0;
  const RegressionFit fit = standardized_regression(
      r, evaluate(
             r, [](const std::vector<double>& x) { return (x[0] - kMiddle) * (x[0] - kMiddle); }));
  constexpr double kPoorFit = 0.2;
  EXPECT_LT(fit.r_squared, kPoorFit);
}

TEST(StandardizedRegression, ConstantOutputGivesZeroNotNaN) {
  const store::ExperimentRecord r = hypercube_record(kRanges);
  constexpr double kLevel = 0.1;  // not exactly representable: the mean may round
  const RegressionFit fit =
      standardized_regression(r, std::vector<double>(r.point_count(), kLevel));
  EXPECT_EQ(fit.r_squared, 0.0);
  ASSERT_EQ(fit.coefficients.size(), 3u);
  for (std::size_t k = 0; k < fit.coefficients.size(); ++k) {
    EXPECT_EQ(fit.coefficients[k].src, 0.0);
    EXPECT_EQ(fit.coefficients[k].parameter, kNames[k]);  // ties keep parameter order
  }
}

TEST(StandardizedRegression, RejectsOutputOfTheWrongLength) {
  const store::ExperimentRecord r = hypercube_record(kRanges);
  const std::vector<double> y(r.point_count() + 1, 0.0);
  expect_invalid([&] { standardized_regression(r, y); },
                 {std::to_string(y.size()) + " values", std::to_string(r.point_count())});
}

TEST(StandardizedRegression, RejectsTooFewPoints) {
  // 3 parameters need at least 5 points; 4 are too few.
  constexpr std::size_t kTooFew = 4;
  const store::ExperimentRecord r = hypercube_record(kRanges, kTooFew);
  expect_invalid([&] { standardized_regression(r, evaluate(r, linear)); },
                 {"4 points", "3 parameters", "more points than parameters + 1"});
  constexpr std::size_t kJustEnough = 5;
  const store::ExperimentRecord enough = hypercube_record(kRanges, kJustEnough);
  EXPECT_NEAR(standardized_regression(enough, evaluate(enough, linear)).r_squared, 1.0, kTolerance);
}

TEST(StandardizedRegression, RejectsAParameterThatDoesNotVary) {
  store::ExperimentRecord r = hypercube_record(kRanges);
  constexpr double kFixed = 5.5;
  for (std::size_t p = 0; p < r.point_count(); ++p)
    r.points[p * kNames.size() + 2] = kFixed;
  expect_invalid([&] { standardized_regression(r, evaluate(r, linear)); },
                 {kNames[2], "does not vary"});
}

TEST(StandardizedRegression, RejectsASingularDesign) {
  store::ExperimentRecord r = hypercube_record(kRanges);
  // x3 = 2 x1 - x2 + 1: a linear combination of the others.
  for (std::size_t p = 0; p < r.point_count(); ++p) {
    double* x = &r.points[p * kNames.size()];
    x[2] = 2.0 * x[0] - x[1] + 1.0;
  }
  expect_invalid([&] { standardized_regression(r, evaluate(r, linear)); }, {"singular", kNames[2]});
}

TEST(StandardizedRegression, RejectsNonFiniteValues) {
  store::ExperimentRecord r = hypercube_record(kRanges);
  std::vector<double> y = evaluate(r, linear);
  y[3] = std::numeric_limits<double>::infinity();
  expect_invalid([&] { standardized_regression(r, y); }, {"not finite", "point 3"});
  r.points[1] = std::nan("");
  expect_invalid([&] { standardized_regression(r, evaluate(r, linear)); },
                 {kNames[1], "not finite", "point 0"});
}

}  // namespace
}  // namespace welfare::analysis
