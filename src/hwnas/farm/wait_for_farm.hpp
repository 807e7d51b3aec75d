// A study on a laptop, measured on remote devices: `--measure-missing --farm` enqueues the
// architectures the store lacks for a latency:<device key> metric and waits until the farm's
// workers have measured them, with a progress line.
#pragma once

#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/farm/submit.hpp"
#include "hwnas/space/space.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::farm {

struct WaitOptions {
  double poll_s = 2;
  double timeout_s = 0;  // 0: wait as long as the jobs run
};

// Submits what is not measured yet and returns once each of `archs` is measured or its job ended
// failed or cancelled. Returns how many are still without a measurement (the failed ones); throws
// InputError naming the key when timeout_s passes first.
std::size_t measure_on_farm(store::Store& store, const space::Space& space, const std::vector<arch::Architecture>& archs,
                            const SubmitOptions& options, const WaitOptions& wait = {});

}  // namespace hwnas::farm
