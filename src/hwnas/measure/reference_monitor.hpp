// Machine drift, made visible (docs/measurement.md): every N measured networks, a fixed reference
// network is measured with the same protocol and appended to the store as a reference check
// (space "@reference"). Plotting its median over a run shows thermal throttling, background load or
// frequency changes that would otherwise hide inside the architectures' numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/measure/protocol.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::measure {

struct ReferenceNetwork {
  std::string name;     // stable name, e.g. "ofa-mbv3 r224|e4k5,..." or "resnet18"; identifies it in the store
  int resolution = 0;
  RunOnce run;
};

// The store's architecture entry of a reference network (hash "@reference:<name>").
store::ArchRecord reference_arch(const ReferenceNetwork& reference);

class ReferenceMonitor {
 public:
  // every: networks between checks (>= 1). The device must be registered in the store.
  ReferenceMonitor(store::Store& store, ReferenceNetwork reference, std::string device_key, std::size_t every,
                   ProtocolOptions options, Fingerprint fingerprint, std::optional<std::int64_t> run_id);

  // Measures and stores a check now; returns its number (1, 2, ...).
  std::int64_t check_now();
  // Call after each measured network; checks when `every` networks have passed since the last check.
  // Returns the check's number when one was taken.
  std::optional<std::int64_t> after_network();

 private:
  store::Store& store_;
  ReferenceNetwork reference_;
  std::string device_key_;
  std::size_t every_;
  std::size_t since_check_ = 0;
  ProtocolOptions options_;
  Fingerprint fingerprint_;
  std::optional<std::int64_t> run_id_;
};

}  // namespace hwnas::measure
