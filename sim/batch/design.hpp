// Experiment designs: the sweep points at which an experiment runs its scenarios. Pure
// functions of their arguments (and of the experiment seed, through counter-based streams),
// so every process of a distributed batch computes the same points.
//
//  - full grid: every combination of each parameter's listed values;
//  - Latin hypercube: N points; each parameter's range is cut into N equal strata and every
//    stratum is used exactly once (McKay, Beckman & Conover 1979);
//  - Morris elementary effects: r trajectories of k + 1 points on a p-level grid, each step
//    moving one parameter by delta = p / (2 (p - 1)) levels' worth of its range (Morris 1991;
//    Saltelli et al. 2004, "Sensitivity analysis in practice", ch. 4).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace welfare::batch {

enum class DesignKind { kNone, kGrid, kLatinHypercube, kMorris };

// "none", "grid", "latin_hypercube", "morris": the names experiment files and stores use.
const char* design_kind_name(DesignKind kind);

// A parameter's range for sampled designs: [lower, upper], lower < upper.
struct Range {
  double lower = 0;
  double upper = 1;
};

// One point of a design: a value per swept parameter, in the order of the design's
// parameters. For Morris designs, the trajectory it belongs to and the index of the one
// parameter that differs from the previous point of the trajectory (-1 at a trajectory's
// first point); both -1 for other designs.
struct DesignPoint {
  std::vector<double> values;
  int trajectory = -1;
  int changed = -1;
};

// Every combination of the values listed per parameter, the last parameter varying fastest.
// values[k] is parameter k's list (non-empty). Zero parameters give one point with no
// values.
std::vector<DesignPoint> grid_design(const std::vector<std::vector<double>>& values);

// `points` (>= 1) points over `ranges`: for every parameter a random permutation of the
// strata [lower + (i / N) (upper - lower), lower + ((i + 1) / N) (upper - lower)), i < N, and
// a uniform draw within each stratum. Draws come from rng streams keyed by `seed` with the
// purpose kLatinHypercube and the parameter index as agent: the same arguments give the same
// points, and adding a parameter does not change the columns of the others.
std::vector<DesignPoint> latin_hypercube_design(std::size_t points,
                                                const std::vector<Range>& ranges,
                                                std::uint64_t seed);

// `trajectories` (>= 1) Morris trajectories over `ranges` with `levels` (even, >= 2) levels
// per parameter: (trajectories x (k + 1)) points, trajectory t's points consecutive. Each
// trajectory starts from a random base point on the levels {0, 1/(p-1), ..., 1} such that
// the step stays within [0, 1], then changes the parameters one at a time, in a random order,
// by +delta or -delta (delta = p / (2 (p - 1))), mapped onto [lower, upper]. Draws come from
// rng streams keyed by `seed` with purpose kMorrisTrajectory and the trajectory index as
// agent.
std::vector<DesignPoint> morris_design(std::size_t trajectories, std::size_t levels,
                                       const std::vector<Range>& ranges, std::uint64_t seed);

// The Morris step delta in units of the [0, 1] scale: levels / (2 (levels - 1)).
double morris_delta(std::size_t levels);

}  // namespace welfare::batch
