#include "hwnas/sim/arch_simulator.hpp"

#include <algorithm>

#include "hwnas/graph/build.hpp"

namespace hwnas::sim {

TemplateBuilder::TemplateBuilder(const Device& device, const space::Space& space) : device_(device), space_(space) {
  const auto& templates = device.resolution_templates;
  if (std::all_of(templates.begin(), templates.end(), [&](int t) { return space.has_resolution(t); })) return;
  widened_ = space;
  for (int t : templates) {
    if (!widened_->has_resolution(t)) widened_->resolutions.push_back(t);
  }
  std::sort(widened_->resolutions.begin(), widened_->resolutions.end());
}

graph::Graph TemplateBuilder::build(const arch::Architecture& arch) const {
  const int padded = device_.padded_resolution(arch.resolution);
  if (padded == arch.resolution) return graph::build(space_, arch);
  arch::validate(space_, arch);
  arch::Architecture at_template = arch;
  at_template.resolution = padded;
  return graph::build(widened_ ? *widened_ : space_, at_template);
}

SimResult ArchSimulator::simulate(const space::Space& space, const arch::Architecture& arch, bool per_layer) const {
  return simulate(TemplateBuilder(device_, space), arch, per_layer);
}

SimResult ArchSimulator::simulate(const TemplateBuilder& builder, const arch::Architecture& arch, bool per_layer) const {
  return sim::simulate(device_, builder.build(arch), arch.resolution, per_layer);
}

}  // namespace hwnas::sim
