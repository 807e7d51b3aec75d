// Architectures of a space on a simulated device: builds the IR at the device's template
// resolution (an input below a template is padded up to it, so the network computes at the
// template size) and runs the latency model.
#pragma once

#include <optional>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/sim/device.hpp"
#include "hwnas/sim/latency_model.hpp"

namespace hwnas::sim {

// Builds architectures of one space at Device::padded_resolution. When a template is not among
// the space's resolutions, a copy of the space that allows it is made once, here, so build it
// once per batch. Holds both arguments by reference.
class TemplateBuilder {
 public:
  TemplateBuilder(const Device& device, const space::Space& space);
  // Validates the architecture against the space it came from, then builds it at the template.
  graph::Graph build(const arch::Architecture& arch) const;

 private:
  const Device& device_;
  const space::Space& space_;
  std::optional<space::Space> widened_;  // space_ with the missing templates added
};

class ArchSimulator {
 public:
  explicit ArchSimulator(Device device) : device_(std::move(device)) {}
  const Device& device() const { return device_; }

  // One architecture; for many of one space, use simulate(TemplateBuilder, ...).
  SimResult simulate(const space::Space& space, const arch::Architecture& arch, bool per_layer = true) const;
  SimResult simulate(const TemplateBuilder& builder, const arch::Architecture& arch, bool per_layer = true) const;

 private:
  Device device_;
};

}  // namespace hwnas::sim
