// `hwnas farm submit` and a study's --measure-missing --farm: architectures of a space become jobs
// for one device key, with the protocol settings workers must measure them with.
#pragma once

#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/measure/protocol.hpp"
#include "hwnas/space/space.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::farm {

struct SubmitOptions {
  std::string device_key;
  measure::ProtocolOptions protocol;
  int priority = 0;  // higher is measured first
  int max_attempts = 3;
};

// Enqueues in one transaction; what is queued or measured for the key already is counted, not added.
store::SubmitCounts submit(store::Store& store, const space::Space& space, const std::vector<arch::Architecture>& archs,
                           const SubmitOptions& options);

}  // namespace hwnas::farm
