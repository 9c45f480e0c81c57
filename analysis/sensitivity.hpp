// Sensitivity measures of a batch experiment's output over its sweep points: Morris
// elementary effects (for Morris designs) and standardised regression coefficients (for
// Latin hypercubes, or any design with enough points). Pure functions of the experiment
// record and of one output value per sweep point; reading the runs and averaging replicates
// into that output is the caller's business.
//
// Notation: k parameters, n = record.point_count() points, x_pk = record.points[p * k + k']
// the value of parameter k at point p, [L_k, U_k] = [record.lower[k], record.upper[k]] its
// range, y_p the output at point p.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace welfare::analysis {

// ---------------------------------------------------------------------------------------
// Morris elementary effects (Morris 1991; mu* from Campolongo, Cariboni & Saltelli 2007).
//
// A step of a trajectory goes from point p-1 to point p and changes one parameter,
// k = record.changed[p] (>= 0). Its elementary effect is the change of the output per whole
// range of that parameter:
//
//     EE_p = (y_p - y_{p-1}) / Delta_p,   Delta_p = (x_pk - x_{p-1,k}) / (U_k - L_k)
//
// (Delta_p = +-delta, the design's step on the [0, 1] scale). Over the r_k steps that change
// parameter k (one per trajectory normally):
//
//     mu_k    = (1 / r_k) sum EE_p
//     mu*_k   = (1 / r_k) sum |EE_p|
//     sigma_k = sqrt( (1 / (r_k - 1)) sum (EE_p - mu_k)^2 )     (0 when r_k < 2)
//
// For y linear in the parameters, y = c + sum b_k x_k, every EE_k equals b_k (U_k - L_k):
// mu_k = b_k (U_k - L_k), mu*_k = |mu_k|, sigma_k = 0. A large mu*_k marks an influential
// parameter; sigma_k > 0 marks non-linearity or interactions; |mu_k| < mu*_k marks effects
// of both signs (a non-monotone output).
struct MorrisEffect {
  std::string parameter;    // record.parameters[k]
  double mu = 0;            // mean elementary effect
  double mu_star = 0;       // mean absolute elementary effect
  double sigma = 0;         // standard deviation of the elementary effects (n-1 denominator)
  std::size_t effects = 0;  // number of elementary effects r_k
};

// The Morris measures of output `y` (y[p] the output at sweep point p, e.g. the mean over
// replicates of one scenario's outcome). One entry per parameter (all zero, with effects = 0,
// for a parameter no step changes), ranked by mu_star descending, ties in parameter order.
// Throws std::invalid_argument naming the problem when the record is not a Morris design or
// its lists disagree in length, a range is not finite with lower < upper, y.size() !=
// record.point_count(), a y or x value is not finite, a step has no previous point or its
// previous point belongs to another trajectory, a step names no valid parameter, does not
// change its parameter, or changes another parameter too.
std::vector<MorrisEffect> morris_effects(const store::ExperimentRecord& record,
                                         const std::vector<double>& y);

// ---------------------------------------------------------------------------------------
// Standardised regression coefficients (Saltelli et al. 2004, "Sensitivity analysis in
// practice", ch. 1; Saltelli et al. 2008, "Global sensitivity analysis: the primer", 1.2.5).
//
// With the sample means and standard deviations (n - 1 denominator)
//
//     z_pk = (x_pk - mean_k(x)) / sd_k(x),   v_p = (y_p - mean(y)) / sd(y),
//
// the SRCs are the ordinary least-squares coefficients of v on z (no intercept is needed:
// both sides are centred, so this is the regression with intercept):
//
//     src = argmin_beta sum_p (v_p - sum_k beta_k z_pk)^2
//
// and src_k = b_k sd_k(x) / sd(y), b_k the coefficient of x_k in the unstandardised OLS fit
// y = b_0 + sum b_k x_k. The fit's coefficient of determination is
//
//     R^2 = 1 - sum_p (v_p - sum_k src_k z_pk)^2 / sum_p v_p^2,   sum_p v_p^2 = n - 1.
//
// R^2 close to 1 means the linear model explains y, and src_k^2 is then (for uncorrelated
// parameters, as a Latin hypercube nearly gives) the share of var(y) due to parameter k.
// A low R^2 means the SRCs miss what matters (non-linearity, interactions, noise).
struct RegressionCoefficient {
  std::string parameter;  // record.parameters[k]
  double src = 0;         // standardised regression coefficient
};
struct RegressionFit {
  std::vector<RegressionCoefficient> coefficients;  // ranked by |src| descending
  double r_squared = 0;
  std::size_t points = 0;  // n
};

// The SRCs of output `y` over the record's points (any design: a Latin hypercube is the
// intended one; grids work too). Coefficients ranked by |src| descending, ties in parameter
// order. When y is constant every src is 0 and r_squared is 0. Throws std::invalid_argument
// naming the problem when the record's lists disagree in length, y.size() !=
// record.point_count(), a y or x value is not finite, there are not more points than
// parameters + 1, a parameter does not vary, or the design matrix is singular (a parameter
// is, to rounding, a linear combination of the others).
RegressionFit standardized_regression(const store::ExperimentRecord& record,
                                      const std::vector<double>& y);

}  // namespace welfare::analysis
