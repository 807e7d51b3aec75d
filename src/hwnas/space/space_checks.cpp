#include "hwnas/space/space_checks.hpp"

#include <functional>
#include <mutex>
#include <unordered_set>
#include <vector>

namespace hwnas::space {
namespace {

std::vector<SpaceCheck>& checks() {
  static std::vector<SpaceCheck> all;
  return all;
}

}  // namespace

bool add_space_check(SpaceCheck check) {
  checks().push_back(check);
  return true;
}

void run_space_checks(const Space& space, std::string_view text) {
  static std::mutex mutex;
  static std::unordered_set<std::size_t> passed;  // hashes of space texts that passed every check
  const std::size_t key = std::hash<std::string_view>{}(text);
  {
    std::lock_guard lock(mutex);
    if (passed.contains(key)) return;
  }
  for (SpaceCheck check : checks()) check(space);
  std::lock_guard lock(mutex);
  passed.insert(key);
}

}  // namespace hwnas::space
