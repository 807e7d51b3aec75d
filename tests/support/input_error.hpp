// The message of the InputError `read` throws, or "no InputError" when it returns: tests check
// that a bad input's one line names the file and the field.
#pragma once

#include <functional>
#include <string>

#include "hwnas/common/error.hpp"

namespace hwnas::test {

inline std::string input_error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

}  // namespace hwnas::test
