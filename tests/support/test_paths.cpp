#include "test_paths.hpp"

namespace hwnas::test {

// The build's absolute paths are defined for this file alone, so that test object files do not
// depend on where the checkout lives (a compiler cache then serves every checkout).
const std::string& cli_path() {
  static const std::string path = HWNAS_CLI_PATH;
  return path;
}

const std::string& data_dir() {
  static const std::string path = HWNAS_TEST_DATA_DIR;
  return path;
}

const std::string& source_dir() {
  static const std::string path = HWNAS_SOURCE_DIR;
  return path;
}

}  // namespace hwnas::test
