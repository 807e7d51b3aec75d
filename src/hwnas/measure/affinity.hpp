// Thread pinning for measurements (fixed threads and affinity). Pins the calling thread
// to given cores and restores the previous mask when it goes out of scope; engines that start their
// own worker threads afterwards inherit the mask.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <sched.h>

namespace hwnas::measure {

// Cores this thread may run on now, ascending.
std::vector<int> current_affinity();

// Parses "0,2-3" into {0, 2, 3}; throws InputError naming the bad part.
std::vector<int> parse_core_list(const std::string& text);

class ScopedAffinity {
 public:
  // Throws InputError when a core does not exist or is not allowed to this process.
  explicit ScopedAffinity(std::span<const int> cores);
  ~ScopedAffinity();
  ScopedAffinity(const ScopedAffinity&) = delete;
  ScopedAffinity& operator=(const ScopedAffinity&) = delete;

 private:
  cpu_set_t previous_{};
};

}  // namespace hwnas::measure
