// LibTorch warnings, once per place. oneDNN's padded layouts make LibTorch 1.13 warn on every
// forward of some networks ("An output with one or more elements was resized ..." when a 408-channel
// SE multiply reuses a 416-channel buffer): harmless (outputs match the other engines, tests pin
// it), but thousands of identical lines bury a measuring run's progress. The handler prints the
// first warning from each source location and counts the rest.
#pragma once

#include <cstddef>

namespace hwnas::engine {

// Installs the handler for the whole process (idempotent, thread-safe).
void print_each_torch_warning_once();

// Warnings dropped as repeats since the handler was installed.
std::size_t repeated_torch_warnings();

}  // namespace hwnas::engine
