// Typed errors. InputError is bad input from a user (a file, a field, an argument): the CLI prints
// its message as one line and exits with code 2. Anything else escaping is a bug.
#pragma once

#include <stdexcept>
#include <string>

namespace hwnas {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace hwnas
