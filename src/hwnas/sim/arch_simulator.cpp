#include "hwnas/sim/arch_simulator.hpp"

#include <algorithm>

#include "hwnas/graph/build.hpp"

namespace hwnas::sim {

const space::Space& ArchSimulator::padded_space(const space::Space& space) {
  auto it = padded_spaces_.find(space.name);
  if (it == padded_spaces_.end()) {
    space::Space copy = space;
    for (int t : device_.resolution_templates) {
      if (!copy.has_resolution(t)) copy.resolutions.push_back(t);
    }
    std::sort(copy.resolutions.begin(), copy.resolutions.end());
    it = padded_spaces_.emplace(space.name, std::move(copy)).first;
  }
  return it->second;
}

graph::Graph ArchSimulator::build(const space::Space& space, const arch::Architecture& arch) {
  const int padded = device_.padded_resolution(arch.resolution);
  if (padded == arch.resolution) return graph::build(space, arch);
  // Validate against the space the user gave, then build at the template size.
  arch::validate(space, arch);
  arch::Architecture at_template = arch;
  at_template.resolution = padded;
  return graph::build(padded_space(space), at_template);
}

SimResult ArchSimulator::simulate(const space::Space& space, const arch::Architecture& arch, bool per_layer) {
  const graph::Graph g = build(space, arch);
  return sim::simulate(device_, g, arch.resolution, per_layer);
}

}  // namespace hwnas::sim
