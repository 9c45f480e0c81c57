// Sensitivity measures: Morris elementary effects and standardised regression coefficients.
//
// The least-squares solve is a Householder QR written here, not Boost: uBLAS has LU
// factorisation but no QR or least-squares solver, and solving the normal equations
// (Z^T Z) beta = Z^T v with its LU would square the condition number of the design matrix.
// The factorisation is applied to the standardised design matrix Z directly.
#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace welfare::analysis {

namespace {

constexpr const char* kMorrisCaller = "morris_effects";
constexpr const char* kRegressionCaller = "standardized_regression";
constexpr const char* kMorrisDesign = "morris";

// A column of the standardised design matrix whose part orthogonal to the columns before
// it is shorter than this share of its length (sqrt(n - 1)) counts as linearly dependent
// on them: a relative tolerance well above double rounding (1e-16) and well below any
// correlation a real design has.
constexpr double kSingularTolerance = 1e-10;

// Householder reflections zero everything below the diagonal; factor 2 of H = I - 2vv'/v'v.
constexpr double kReflectionFactor = 2.0;

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

[[noreturn]] void fail(const char* caller, const std::string& problem) {
  throw std::invalid_argument(std::string(caller) + ": " + problem);
}

// Throws unless the record's per-parameter and per-point lists agree in length.
void check_lists(const char* caller, const store::ExperimentRecord& record) {
  const std::size_t k = record.parameters.size();
  if (record.lower.size() != k || record.upper.size() != k) {
    fail(caller, "the experiment record lists " + std::to_string(k) + " parameters but " +
                     std::to_string(record.lower.size()) + " lower and " +
                     std::to_string(record.upper.size()) + " upper bounds");
  }
  const std::size_t n = record.point_count();
  if (record.changed.size() != n) {
    fail(caller, "the experiment record has " + std::to_string(n) + " trajectory entries but " +
                     std::to_string(record.changed.size()) + " changed entries");
  }
  if (record.points.size() != n * k) {
    fail(caller, "the experiment record has " + std::to_string(record.points.size()) +
                     " point values; " + std::to_string(n) + " points of " + std::to_string(k) +
                     " parameters need " + std::to_string(n * k));
  }
  for (std::size_t i = 0; i < record.points.size(); ++i) {
    if (!std::isfinite(record.points[i])) {
      fail(caller, "parameter " + quoted(record.parameters[i % k]) + " is not finite at point " +
                       std::to_string(i / k));
    }
  }
}

// Throws unless y has one finite value per point.
void check_output(const char* caller, const store::ExperimentRecord& record,
                  const std::vector<double>& y) {
  if (y.size() != record.point_count()) {
    fail(caller, "y has " + std::to_string(y.size()) + " values but the experiment has " +
                     std::to_string(record.point_count()) + " points; y needs one per point");
  }
  for (std::size_t p = 0; p < y.size(); ++p) {
    if (!std::isfinite(y[p])) {
      fail(caller, "y is not finite at point " + std::to_string(p));
    }
  }
}

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values)
    sum += v;
  return sum / static_cast<double>(values.size());
}

// The sample standard deviation (n - 1 denominator) about `centre`, two-pass; 0 for fewer
// than two values.
double sample_sd(const std::vector<double>& values, double centre) {
  if (values.size() < 2) return 0;
  double squares = 0;
  for (const double v : values)
    squares += (v - centre) * (v - centre);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

bool constant(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); });
}

// Parameter k's values over the points.
std::vector<double> column(const store::ExperimentRecord& record, std::size_t k) {
  const std::size_t params = record.parameters.size();
  std::vector<double> out(record.point_count());
  for (std::size_t p = 0; p < out.size(); ++p)
    out[p] = record.points[p * params + k];
  return out;
}

// The elementary effect of the step to point p, after checking it is a valid step.
double elementary_effect(const store::ExperimentRecord& record, const std::vector<double>& y,
                         std::size_t p, std::size_t changed) {
  const std::size_t k = record.parameters.size();
  const std::string at = "the step to point " + std::to_string(p);
  if (p == 0) fail(kMorrisCaller, at + " has no previous point");
  if (record.trajectory[p - 1] != record.trajectory[p]) {
    fail(kMorrisCaller, at + " (trajectory " + std::to_string(record.trajectory[p]) +
                            ") starts from point " + std::to_string(p - 1) +
                            ", which belongs to another trajectory (" +
                            std::to_string(record.trajectory[p - 1]) + ")");
  }
  const double* now = &record.points[p * k];
  const double* before = &record.points[(p - 1) * k];
  const std::string& name = record.parameters[changed];
  if (now[changed] == before[changed]) {
    fail(kMorrisCaller, at + " does not change its parameter " + quoted(name));
  }
  for (std::size_t j = 0; j < k; ++j) {
    if (j != changed && now[j] != before[j]) {
      fail(kMorrisCaller, at + " changes parameter " + quoted(record.parameters[j]) +
                              " as well as its parameter " + quoted(name) +
                              "; a Morris step changes one parameter");
    }
  }
  const double step =
      (now[changed] - before[changed]) / (record.upper[changed] - record.lower[changed]);
  return (y[p] - y[p - 1]) / step;
}

// Householder QR of the column-major n x k matrix `a`, applied to `rhs` as it goes: on
// return the upper triangle of `a` holds R and rhs holds Q^T rhs. Throws naming the first
// parameter whose column is (to kSingularTolerance of `column_norm`) in the span of the
// columns before it.
void householder_qr(std::vector<double>& a, std::size_t n, std::size_t k, std::vector<double>& rhs,
                    double column_norm, const std::vector<std::string>& names) {
  std::vector<double> v(n);
  for (std::size_t j = 0; j < k; ++j) {
    double* col = &a[j * n];
    double norm_sq = 0;
    for (std::size_t i = j; i < n; ++i)
      norm_sq += col[i] * col[i];
    const double norm = std::sqrt(norm_sq);
    if (norm <= kSingularTolerance * column_norm) {
      fail(kRegressionCaller,
           "the design matrix is singular: parameter " + quoted(names[j]) +
               " is (to rounding) a linear combination of the parameters before it");
    }
    // H = I - 2 v v' / v'v maps col[j..n) onto alpha e_j; alpha takes the sign opposite
    // col[j] so that v = col - alpha e_j does not cancel.
    const double alpha = col[j] > 0 ? -norm : norm;
    for (std::size_t i = j; i < n; ++i)
      v[i] = col[i];
    v[j] -= alpha;
    double v_sq = 0;
    for (std::size_t i = j; i < n; ++i)
      v_sq += v[i] * v[i];
    const auto reflect = [&](double* target) {
      double dot = 0;
      for (std::size_t i = j; i < n; ++i)
        dot += v[i] * target[i];
      const double scale = kReflectionFactor * dot / v_sq;
      for (std::size_t i = j; i < n; ++i)
        target[i] -= scale * v[i];
    };
    col[j] = alpha;
    for (std::size_t i = j + 1; i < n; ++i)
      col[i] = 0;
    for (std::size_t c = j + 1; c < k; ++c)
      reflect(&a[c * n]);
    reflect(rhs.data());
  }
}

}  // namespace

std::vector<MorrisEffect> morris_effects(const store::ExperimentRecord& record,
                                         const std::vector<double>& y) {
  if (record.design != kMorrisDesign) {
    fail(kMorrisCaller, "the experiment's design is " + quoted(record.design) +
                            ", not a Morris design ('morris'); elementary effects need "
                            "Morris trajectories");
  }
  check_lists(kMorrisCaller, record);
  check_output(kMorrisCaller, record, y);
  const std::size_t k = record.parameters.size();
  for (std::size_t j = 0; j < k; ++j) {
    if (!(std::isfinite(record.lower[j]) && std::isfinite(record.upper[j]) &&
          record.lower[j] < record.upper[j])) {
      fail(kMorrisCaller, "parameter " + quoted(record.parameters[j]) + " has range [" +
                              std::to_string(record.lower[j]) + ", " +
                              std::to_string(record.upper[j]) +
                              "]; a range needs finite bounds with lower < upper");
    }
  }

  std::vector<std::vector<double>> effects(k);
  for (std::size_t p = 0; p < record.point_count(); ++p) {
    if (record.trajectory[p] < 0) {
      fail(kMorrisCaller, "point " + std::to_string(p) + " belongs to no Morris trajectory");
    }
    const std::int32_t changed = record.changed[p];
    if (changed == -1) continue;  // a trajectory's first point
    if (changed < 0 || static_cast<std::size_t>(changed) >= k) {
      fail(kMorrisCaller, "the step to point " + std::to_string(p) + " changes parameter " +
                              std::to_string(changed) + "; the experiment has " +
                              std::to_string(k) + " parameters");
    }
    const auto j = static_cast<std::size_t>(changed);
    effects[j].push_back(elementary_effect(record, y, p, j));
  }

  std::vector<MorrisEffect> out(k);
  for (std::size_t j = 0; j < k; ++j) {
    MorrisEffect& e = out[j];
    e.parameter = record.parameters[j];
    e.effects = effects[j].size();
    if (effects[j].empty()) continue;
    e.mu = mean(effects[j]);
    double absolute = 0;
    for (const double ee : effects[j])
      absolute += std::abs(ee);
    e.mu_star = absolute / static_cast<double>(e.effects);
    e.sigma = sample_sd(effects[j], e.mu);
  }
  std::stable_sort(out.begin(), out.end(), [](const MorrisEffect& a, const MorrisEffect& b) {
    return a.mu_star > b.mu_star;
  });
  return out;
}

RegressionFit standardized_regression(const store::ExperimentRecord& record,
                                      const std::vector<double>& y) {
  check_lists(kRegressionCaller, record);
  check_output(kRegressionCaller, record, y);
  const std::size_t n = record.point_count();
  const std::size_t k = record.parameters.size();
  if (n <= k + 1) {
    fail(kRegressionCaller, std::to_string(n) + " points for " + std::to_string(k) +
                                " parameters; the regression needs more points than "
                                "parameters + 1 (at least " +
                                std::to_string(k + 2) + ")");
  }

  // The standardised design matrix Z, column-major.
  std::vector<double> z(n * k);
  for (std::size_t j = 0; j < k; ++j) {
    const std::vector<double> x = column(record, j);
    if (constant(x)) {
      fail(kRegressionCaller, "parameter " + quoted(record.parameters[j]) +
                                  " does not vary over the points (always " +
                                  std::to_string(x.front()) + ")");
    }
    const double m = mean(x);
    const double sd = sample_sd(x, m);
    for (std::size_t p = 0; p < n; ++p)
      z[j * n + p] = (x[p] - m) / sd;
  }

  // The standardised output v (zero when y is constant: nothing to explain).
  const bool flat = constant(y);
  std::vector<double> v(n, 0.0);
  if (!flat) {
    const double m = mean(y);
    const double sd = sample_sd(y, m);
    for (std::size_t p = 0; p < n; ++p)
      v[p] = (y[p] - m) / sd;
  }

  // Every standardised column has length sqrt(n - 1).
  const double column_norm = std::sqrt(static_cast<double>(n - 1));
  std::vector<double> r = z;
  std::vector<double> qtv = v;
  householder_qr(r, n, k, qtv, column_norm, record.parameters);

  RegressionFit fit;
  fit.points = n;
  std::vector<double> beta(k, 0.0);
  if (!flat) {
    // Back substitution: R beta = (Q^T v)[0, k).
    for (std::size_t j = k; j-- > 0;) {
      double sum = qtv[j];
      for (std::size_t c = j + 1; c < k; ++c)
        sum -= r[c * n + j] * beta[c];
      beta[j] = sum / r[j * n + j];
    }
    // R^2 from the residuals themselves (not from Q^T v's tail), against sum v^2 = n - 1.
    double residual_sq = 0;
    double total_sq = 0;
    for (std::size_t p = 0; p < n; ++p) {
      double fitted = 0;
      for (std::size_t j = 0; j < k; ++j)
        fitted += z[j * n + p] * beta[j];
      residual_sq += (v[p] - fitted) * (v[p] - fitted);
      total_sq += v[p] * v[p];
    }
    // Mathematically in [0, 1] (beta = 0 is a candidate fit); the clamp absorbs rounding.
    fit.r_squared = std::clamp(1.0 - residual_sq / total_sq, 0.0, 1.0);
  }

  fit.coefficients.reserve(k);
  for (std::size_t j = 0; j < k; ++j)
    fit.coefficients.push_back({record.parameters[j], beta[j]});
  std::stable_sort(fit.coefficients.begin(), fit.coefficients.end(),
                   [](const RegressionCoefficient& a, const RegressionCoefficient& b) {
                     return std::abs(a.src) > std::abs(b.src);
                   });
  return fit;
}

}  // namespace welfare::analysis
