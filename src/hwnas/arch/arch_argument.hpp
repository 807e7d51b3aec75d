// One way to name an architecture everywhere a user gives one (the CLI's --arch, Python's `arch=`):
// canonical text, hwnas JSON, an OFA arch dict, a BlockProfile net_str, or @FILE holding any of them.
#pragma once

#include <optional>
#include <string>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::arch {

// Parses and validates; a given resolution overrides the one in the text. Throws InputError
// (InvalidArchitecture for text that is not an architecture of the space).
Architecture parse_argument(const space::Space& space, const std::string& text, std::optional<int> resolution);

}  // namespace hwnas::arch
