// The input of a fuzzing finding, kept as a file under tests/<part>/data/fuzz/ (docs/hardening.md
// lists them with the harness that found each).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/test_paths.hpp"

namespace hwnas::test {

inline std::filesystem::path fuzz_finding(const std::string& part, const std::string& name) {
  return std::filesystem::path(source_dir()) / "tests" / part / "data" / "fuzz" / name;
}

inline std::string fuzz_finding_text(const std::string& part, const std::string& name) {
  std::ifstream in(fuzz_finding(part, name), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace hwnas::test
