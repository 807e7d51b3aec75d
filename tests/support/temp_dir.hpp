// A folder of a test's own under the system's temporary folder, removed with everything in it when
// the TempDir goes. Unique per object, so tests that run at the same time (ctest -j, two
// checkouts on one machine) never share a file, and nothing is left behind to be read by the next run.
#pragma once

#include <filesystem>
#include <string_view>

namespace hwnas::test {

class TempDir {
 public:
  // Creates <temp>/hwnas-<prefix>-XXXXXX; the prefix says which test left a folder behind when a
  // crashed process ran no destructor.
  explicit TempDir(std::string_view prefix = "test");
  // Removes the folder; never throws, so cleaning up cannot replace the failure a test is reporting.
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The test process's own TempDir, created on first use and removed when the process exits: for
// helpers that hand out paths (a fixture writing a data folder) where no test object could own the
// folder. ctest runs every test in a process of its own, so tests still never share a file.
const TempDir& process_temp_dir();

}  // namespace hwnas::test
