#include "hwnas/common/source_dir.hpp"

namespace hwnas {

// HWNAS_SOURCE_DIR is defined for this file alone, so that no other object file depends on the
// checkout's path (and a compiler cache serves every checkout of the same sources).
const std::filesystem::path& source_dir() {
  static const std::filesystem::path dir(HWNAS_SOURCE_DIR);
  return dir;
}

}  // namespace hwnas
