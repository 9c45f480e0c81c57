#include "common/error.hpp"

namespace welfare {

std::string SourceLocation::str() const {
  std::string s = file;
  if (line > 0) {
    s.append(":").append(std::to_string(line));
    if (column > 0) s.append(":").append(std::to_string(column));
  }
  return s;
}

namespace {
std::string format_diagnostic(const SourceLocation& where, const std::string& message) {
  const std::string place = where.str();
  return place.empty() ? "error: " + message : place + ": error: " + message;
}
}  // namespace

InputError::InputError(SourceLocation where, const std::string& message)
    : std::runtime_error(format_diagnostic(where, message)),
      where_(std::move(where)),
      message_(message) {}

InputError::InputError(const std::string& message) : InputError(SourceLocation{}, message) {}

}  // namespace welfare
