// What a LibTorch reader's exception says, for an InputError. Reading a damaged archive, LibTorch
// throws c10::Error (its message then carries a C++ backtrace, left out here), but also
// torch::jit::ErrorReport (a code record does not parse), std::out_of_range (a record it expects is
// missing) or std::runtime_error: every one of them means the file is not what it should be.
#pragma once

#include <exception>
#include <string>

namespace hwnas::train {

std::string torch_error_text(const std::exception& e);

}  // namespace hwnas::train
