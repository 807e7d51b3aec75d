// Architectures of a space on a simulated device: builds the IR at the device's template
// resolution (an input below a template is padded up to it, so the network computes at the
// template size) and runs the latency model.
#pragma once

#include <map>
#include <string>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/sim/device.hpp"
#include "hwnas/sim/latency_model.hpp"

namespace hwnas::sim {

class ArchSimulator {
 public:
  explicit ArchSimulator(Device device) : device_(std::move(device)) {}
  const Device& device() const { return device_; }

  // The IR the device runs for this architecture: at Device::padded_resolution(arch.resolution).
  graph::Graph build(const space::Space& space, const arch::Architecture& arch);
  SimResult simulate(const space::Space& space, const arch::Architecture& arch, bool per_layer = true);

 private:
  // The space with the device's templates added to its resolutions, so a padded architecture
  // validates; one copy per space name, made on first use.
  const space::Space& padded_space(const space::Space& space);

  Device device_;
  std::map<std::string, space::Space> padded_spaces_;
};

}  // namespace hwnas::sim
