#include "hwnas/farm/submit.hpp"

#include "hwnas/common/error.hpp"
#include "hwnas/measure/latency_measurer.hpp"

namespace hwnas::farm {

store::SubmitCounts submit(store::Store& store, const space::Space& space, const std::vector<arch::Architecture>& archs,
                           const SubmitOptions& options) {
  if (options.device_key.empty()) throw InputError("farm submit: a device key is needed (--device-key)");
  if (options.max_attempts < 1) throw InputError("farm submit: max attempts must be at least 1");
  options.protocol.validate();
  std::vector<store::JobSpec> jobs;
  jobs.reserve(archs.size());
  for (const auto& a : archs) {
    jobs.push_back({measure::arch_record(space, a), options.device_key, options.protocol.to_json(), options.priority,
                    options.max_attempts});
  }
  return store.queue().submit(jobs);
}

}  // namespace hwnas::farm
