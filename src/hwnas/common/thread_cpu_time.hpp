// CPU time of the calling thread: what `--timing thread-cpu` measures (docs/measurement.md), robust
// to other jobs taking the core between runs.
#pragma once

#include <ctime>

namespace hwnas {

inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace hwnas
