// Where the checkout hwnas was built from lives: the shipped spaces/, devices/ and rules/ are
// found below it unless an environment variable names another folder.
#pragma once

#include <filesystem>

namespace hwnas {

// The source tree this build came from (CMake's source dir), fixed at build time.
const std::filesystem::path& source_dir();

}  // namespace hwnas
