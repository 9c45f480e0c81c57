// Errors of the analysis tools.
#pragma once

#include <stdexcept>

namespace welfare::analysis {

// A request that the store cannot answer as asked: an unknown scenario or measure, a week
// window outside the runs, stores whose runs do not line up. The command line reports it as
// bad input (exit code 2); nothing is written.
class AnalysisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace welfare::analysis
