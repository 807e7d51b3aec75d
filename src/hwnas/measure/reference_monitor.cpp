#include "hwnas/measure/reference_monitor.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/measure/record.hpp"

namespace hwnas::measure {

store::ArchRecord reference_arch(const ReferenceNetwork& reference) {
  return {store::kReferenceSpace, "name", reference.name, fmt::format("{}:{}", store::kReferenceSpace, reference.name),
          reference.resolution};
}

ReferenceMonitor::ReferenceMonitor(store::Store& store, ReferenceNetwork reference, std::string device_key,
                                   std::size_t every, ProtocolOptions options, Fingerprint fingerprint,
                                   std::optional<std::int64_t> run_id)
    : store_(store),
      reference_(std::move(reference)),
      device_key_(std::move(device_key)),
      every_(every),
      options_(options),
      fingerprint_(std::move(fingerprint)),
      run_id_(run_id) {
  if (every_ < 1) throw InputError("reference monitor: the check interval must be >= 1 network, got 0");
  if (reference_.name.empty() || !reference_.run) throw InputError("reference monitor: the reference network needs a name and a runner");
  options_.validate();
}

std::int64_t ReferenceMonitor::check_now() {
  const Measurement m = run_protocol(reference_.run, options_);
  const store::ArchRecord arch = reference_arch(reference_);
  since_check_ = 0;
  return store_.add_reference_check(arch, to_record(m, options_, fingerprint_, arch.hash, device_key_, run_id_));
}

std::optional<std::int64_t> ReferenceMonitor::after_network() {
  if (++since_check_ < every_) return std::nullopt;
  return check_now();
}

}  // namespace hwnas::measure
