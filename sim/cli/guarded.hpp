// Runs a command body, turning exceptions into a message on stderr and an exit code: the
// errors of bad input (scenario files, stores, a run too large for the memory available, and
// the `BadInput` types a command adds) give kExitBadInput, anything else kExitFailure.
#pragma once

#include <exception>
#include <iostream>
#include <type_traits>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "engine/memory.hpp"
#include "store/store.hpp"

namespace welfare::cli {
namespace detail {

template <typename Body>
int bad_input_guard(Body& body) {
  return body();
}

template <typename First, typename... Rest, typename Body>
int bad_input_guard(Body& body) {
  try {
    return bad_input_guard<Rest...>(body);
  } catch (const First& e) {
    // Input errors already read "FILE:LINE:COL: error: ...".
    if constexpr (!std::is_same_v<First, InputError>) std::cerr << "error: ";
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace detail

template <typename... BadInput, typename Body>
int guarded(Body&& body) {
  try {
    return detail::bad_input_guard<InputError, store::StoreError, MemoryError, BadInput...>(body);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace welfare::cli
