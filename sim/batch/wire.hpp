// A run's data as bytes, to send a finished run from one process of a distributed batch to
// the one that writes the store. Both ends are the same build of the same program, so the
// encoding is the machine's own (sizes as 64-bit little-endian integers, floats as they are
// in memory); decode() still checks every length against the bytes it has, so a truncated
// or garbled message is an error, never an out-of-bounds read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace welfare::batch {

class WireError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::vector<std::byte> encode(const store::RunData& run);
// Throws WireError when `bytes` is not exactly what encode() makes.
store::RunData decode(const std::vector<std::byte>& bytes);

}  // namespace welfare::batch
