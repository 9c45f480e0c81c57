// Experiment designs: full grids, Latin hypercubes and Morris trajectories.
#include "batch/design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "rng/stream.hpp"

namespace welfare::batch {

const char* design_kind_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::kNone:
      return "none";
    case DesignKind::kGrid:
      return "grid";
    case DesignKind::kLatinHypercube:
      return "latin_hypercube";
    case DesignKind::kMorris:
      return "morris";
  }
  return "?";
}

namespace {

// A design is drawn once per experiment, before any replicate or week: its streams use
// replicate 0 and week 0 (the purpose keeps them apart from the model's own streams).
constexpr std::uint32_t kDesignReplicate = 0;
constexpr std::uint32_t kDesignWeek = 0;

// The largest count a stream can draw a uniform index below (Stream::below takes a 32-bit
// bound), and the largest index a DesignPoint can record (trajectory and changed are int).
constexpr std::size_t kMaxDrawBound = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kMaxPointIndex = std::numeric_limits<int>::max();

rng::Stream design_stream(std::uint64_t seed, std::size_t agent, rng::Purpose purpose) {
  return rng::Stream(rng::StreamKey{seed, kDesignReplicate, kDesignWeek,
                                    static_cast<std::uint32_t>(agent), purpose});
}

// Throws unless every range is finite with lower < upper (NaN bounds are rejected too).
void check_ranges(const char* design, const std::vector<Range>& ranges) {
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const Range& r = ranges[k];
    if (!(std::isfinite(r.lower) && std::isfinite(r.upper) && r.lower < r.upper)) {
      throw std::invalid_argument(std::string(design) + ": parameter " + std::to_string(k) +
                                  " has range [" + std::to_string(r.lower) + ", " +
                                  std::to_string(r.upper) +
                                  "]; a range needs finite bounds with lower < upper");
    }
  }
}

// Throws unless `levels` is even and at least 2 (and small enough to draw from).
void check_levels(const char* caller, std::size_t levels) {
  constexpr std::size_t kMinLevels = 2;
  if (levels < kMinLevels || levels % 2 != 0 || levels / 2 > kMaxDrawBound) {
    throw std::invalid_argument(std::string(caller) + ": " + std::to_string(levels) +
                                " levels; the Morris design needs an even number of levels >= 2");
  }
}

// A uniformly random permutation of 0..n-1 (Fisher-Yates, drawing from the back), n fitting
// a 32-bit bound.
std::vector<std::size_t> random_permutation(std::size_t n, rng::Stream& stream) {
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  for (std::size_t i = n; i > 1; --i) {
    const std::size_t j = stream.below(static_cast<std::uint32_t>(i));
    std::swap(perm[i - 1], perm[j]);
  }
  return perm;
}

}  // namespace

std::vector<DesignPoint> grid_design(const std::vector<std::vector<double>>& values) {
  std::size_t count = 1;
  for (std::size_t k = 0; k < values.size(); ++k) {
    const std::size_t n = values[k].size();
    if (n == 0) {
      throw std::invalid_argument("grid_design: parameter " + std::to_string(k) +
                                  " has no values; every grid parameter needs at least one value");
    }
    if (count > std::numeric_limits<std::size_t>::max() / n) {
      throw std::invalid_argument("grid_design: the grid has too many points");
    }
    count *= n;
  }

  std::vector<DesignPoint> points;
  points.reserve(count);
  // An odometer over the value indices, the last parameter turning fastest.
  std::vector<std::size_t> index(values.size(), 0);
  for (std::size_t p = 0; p < count; ++p) {
    DesignPoint point;
    point.values.reserve(values.size());
    for (std::size_t k = 0; k < values.size(); ++k)
      point.values.push_back(values[k][index[k]]);
    points.push_back(std::move(point));
    for (std::size_t k = values.size(); k > 0; --k) {
      if (++index[k - 1] < values[k - 1].size()) break;
      index[k - 1] = 0;
    }
  }
  return points;
}

// Per parameter k, from the stream (seed, agent k, kLatinHypercube): first the strata
// permutation (Fisher-Yates), then one uniform per point, in point order.
std::vector<DesignPoint> latin_hypercube_design(std::size_t points,
                                                const std::vector<Range>& ranges,
                                                std::uint64_t seed) {
  if (points == 0) {
    throw std::invalid_argument(
        "latin_hypercube_design: a Latin hypercube needs at least one point");
  }
  if (points > kMaxDrawBound) {
    throw std::invalid_argument("latin_hypercube_design: " + std::to_string(points) +
                                " points is more than a design stream can draw strata for");
  }
  if (ranges.size() > kMaxDrawBound) {
    throw std::invalid_argument("latin_hypercube_design: too many parameters");
  }
  check_ranges("latin_hypercube_design", ranges);

  std::vector<DesignPoint> design(points);
  for (DesignPoint& point : design)
    point.values.resize(ranges.size());
  const auto n = static_cast<double>(points);
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    rng::Stream stream = design_stream(seed, k, rng::Purpose::kLatinHypercube);
    const std::vector<std::size_t> stratum = random_permutation(points, stream);
    const Range& r = ranges[k];
    for (std::size_t i = 0; i < points; ++i) {
      const double u = stream.uniform();
      const double share = (static_cast<double>(stratum[i]) + u) / n;
      // The clamp only absorbs rounding at the top of the range.
      design[i].values[k] = std::min(r.lower + share * (r.upper - r.lower), r.upper);
    }
  }
  return design;
}

double morris_delta(std::size_t levels) {
  check_levels("morris_delta", levels);
  const auto p = static_cast<double>(levels);
  return p / (2.0 * (p - 1.0));
}

// Trajectory t follows the orientation matrix of Morris (1991) as written by Campolongo et al.
// (Saltelli et al. 2004, ch. 4): B* = (J x* + (delta / 2) ((2 B - J) D* + J)) P*, with B the
// strictly lower triangular matrix of ones. Coordinates are kept as level indices 0..p-1, so
// every point lies exactly on the grid: delta is p/2 level steps, and the base x* takes one
// of the levels 0..p/2-1 (the ones in [0, 1 - delta]). Row i of B* has column j (before the
// permutation) at x*_j + delta when j < i and D*_j = +1, or j >= i and D*_j = -1; at x*_j
// otherwise. Step i therefore moves parameter P*(i - 1) by D*_{P*(i - 1)} delta.
//
// From the stream (seed, agent t, kMorrisTrajectory), in this order: the base level of every
// parameter, the sign of every parameter, then the permutation (Fisher-Yates).
std::vector<DesignPoint> morris_design(std::size_t trajectories, std::size_t levels,
                                       const std::vector<Range>& ranges, std::uint64_t seed) {
  if (trajectories == 0) {
    throw std::invalid_argument("morris_design: a Morris design needs at least one trajectory");
  }
  if (trajectories > kMaxPointIndex) {
    throw std::invalid_argument("morris_design: too many trajectories");
  }
  check_levels("morris_design", levels);
  if (ranges.size() > kMaxPointIndex) {
    throw std::invalid_argument("morris_design: too many parameters");
  }
  check_ranges("morris_design", ranges);

  const std::size_t k = ranges.size();
  const std::size_t jump = levels / 2;  // delta in level steps
  const auto top_level = static_cast<double>(levels - 1);
  constexpr std::uint32_t kSignChoices = 2;  // D*_j is -1 or +1

  std::vector<DesignPoint> design;
  design.reserve(trajectories * (k + 1));
  for (std::size_t t = 0; t < trajectories; ++t) {
    rng::Stream stream = design_stream(seed, t, rng::Purpose::kMorrisTrajectory);
    std::vector<std::size_t> level(k);
    for (std::size_t j = 0; j < k; ++j)
      level[j] = stream.below(static_cast<std::uint32_t>(jump));
    std::vector<bool> up(k);
    for (std::size_t j = 0; j < k; ++j)
      up[j] = stream.below(kSignChoices) == 1;
    const std::vector<std::size_t> order = random_permutation(k, stream);

    // The first row: parameters that step down start one delta above the base.
    for (std::size_t j = 0; j < k; ++j) {
      if (!up[j]) level[j] += jump;
    }
    const auto emit = [&](int changed) {
      DesignPoint point;
      point.values.resize(k);
      for (std::size_t j = 0; j < k; ++j) {
        const Range& r = ranges[j];
        point.values[j] = r.lower + static_cast<double>(level[j]) / top_level * (r.upper - r.lower);
      }
      point.trajectory = static_cast<int>(t);
      point.changed = changed;
      design.push_back(std::move(point));
    };
    emit(-1);
    for (std::size_t step = 0; step < k; ++step) {
      const std::size_t j = order[step];
      if (up[j]) {
        level[j] += jump;
      } else {
        level[j] -= jump;
      }
      emit(static_cast<int>(j));
    }
  }
  return design;
}

}  // namespace welfare::batch
