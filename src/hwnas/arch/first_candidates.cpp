#include "hwnas/arch/first_candidates.hpp"

namespace hwnas::arch {

Architecture first_candidates(const space::Space& space, int resolution) {
  Architecture a;
  a.resolution = resolution;
  a.variables.assign(space.variables.size(), 0);
  for (const auto& unit : space.units) {
    UnitChoice choice;
    for (const auto& candidates : unit.layer_blocks) choice.blocks.push_back(candidates.front());
    a.units.push_back(std::move(choice));
  }
  return a;
}

}  // namespace hwnas::arch
