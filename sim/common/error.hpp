// Error types shared by the engine, the store and the command line.
// InputError is bad input (exit code 2); anything else is a failure (exit code 1).
#pragma once

#include <stdexcept>
#include <string>

namespace welfare {

// A place in an input file. Line and column are 1-based; 0 means "not known".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:col", "file:line" or "file", as much as is known.
  std::string str() const;
};

// Bad input: a file that cannot be read or does not validate, a bad command-line value.
// what() is the full diagnostic, "file:line:col: error: message".
class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, const std::string& message);
  explicit InputError(const std::string& message);  // no location known

  const SourceLocation& where() const { return where_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

}  // namespace welfare
