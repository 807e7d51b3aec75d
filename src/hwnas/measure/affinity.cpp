#include "hwnas/measure/affinity.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"

namespace hwnas::measure {

std::vector<int> current_affinity() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) {
    throw std::runtime_error(fmt::format("sched_getaffinity: {}", std::strerror(errno)));
  }
  std::vector<int> cores;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &set)) cores.push_back(c);
  }
  return cores;
}

std::vector<int> parse_core_list(const std::string& text) {
  std::vector<int> cores;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, end - start);
    int first = 0, last = 0;
    char extra = 0;
    const int got = std::sscanf(part.c_str(), "%d-%d%c", &first, &last, &extra);
    if (got == 1) {
      last = first;
    } else if (got != 2) {
      throw InputError(fmt::format("core list '{}': expected numbers and ranges like 0,2-3, got '{}'", text, part));
    }
    if (first < 0 || last < first || last >= CPU_SETSIZE) {
      throw InputError(fmt::format("core list '{}': bad range '{}'", text, part));
    }
    for (int c = first; c <= last; ++c) cores.push_back(c);
    start = end + 1;
  }
  return cores;
}

ScopedAffinity::ScopedAffinity(std::span<const int> cores) {
  if (sched_getaffinity(0, sizeof(previous_), &previous_) != 0) {
    throw std::runtime_error(fmt::format("sched_getaffinity: {}", std::strerror(errno)));
  }
  if (cores.empty()) throw InputError("thread pinning: no cores given");
  cpu_set_t wanted;
  CPU_ZERO(&wanted);
  for (int c : cores) {
    if (c < 0 || c >= CPU_SETSIZE || !CPU_ISSET(c, &previous_)) {
      throw InputError(fmt::format("thread pinning: core {} is not available; allowed cores are {}", c,
                                   fmt::join(current_affinity(), ",")));
    }
    CPU_SET(c, &wanted);
  }
  if (sched_setaffinity(0, sizeof(wanted), &wanted) != 0) {
    throw InputError(fmt::format("thread pinning to cores {}: {}", fmt::join(cores, ","), std::strerror(errno)));
  }
}

ScopedAffinity::~ScopedAffinity() { sched_setaffinity(0, sizeof(previous_), &previous_); }

}  // namespace hwnas::measure
