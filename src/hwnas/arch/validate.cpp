#include <algorithm>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::arch {

void validate(const space::Space& space, const Architecture& arch) {
  if (!space.has_resolution(arch.resolution)) {
    throw InvalidArchitecture(fmt::format("resolution {} is not in space '{}' (allowed: {})",
                                          arch.resolution, space.name, fmt::join(space.resolutions, ", ")));
  }
  if (arch.variables.size() != space.variables.size()) {
    throw InvalidArchitecture(fmt::format("space '{}' has {} variables, the architecture gives {}",
                                          space.name, space.variables.size(), arch.variables.size()));
  }
  for (std::size_t v = 0; v < arch.variables.size(); ++v) {
    const int n = static_cast<int>(space.variables[v].values.size());
    if (arch.variables[v] < 0 || arch.variables[v] >= n) {
      throw InvalidArchitecture(fmt::format("variable '{}': index {} outside [0, {}]",
                                            space.variables[v].name, arch.variables[v], n - 1));
    }
  }
  if (arch.units.size() != space.units.size()) {
    throw InvalidArchitecture(fmt::format("space '{}' has {} units, the architecture gives {}",
                                          space.name, space.units.size(), arch.units.size()));
  }
  for (std::size_t u = 0; u < arch.units.size(); ++u) {
    const space::UnitSpec& unit = space.units[u];
    const UnitChoice& choice = arch.units[u];
    const int depth = static_cast<int>(choice.blocks.size());
    if (depth < unit.min_layers || depth > unit.max_layers) {
      throw InvalidArchitecture(fmt::format("unit {} ({}): {} layers, the space allows {} to {}",
                                            u + 1, unit.name, depth, unit.min_layers, unit.max_layers));
    }
    if (choice.width < 0 || choice.width >= static_cast<int>(unit.widths.size())) {
      throw InvalidArchitecture(fmt::format("unit {} ({}): width index {} outside [0, {}]", u + 1,
                                            unit.name, choice.width, unit.widths.size() - 1));
    }
    for (int l = 0; l < depth; ++l) {
      const auto& allowed = unit.layer_blocks[static_cast<std::size_t>(l)];
      const int block = choice.blocks[static_cast<std::size_t>(l)];
      if (std::find(allowed.begin(), allowed.end(), block) == allowed.end()) {
        std::vector<std::string> names;
        for (int id : allowed) names.push_back(space.blocks[static_cast<std::size_t>(id)].name);
        const bool known = block >= 0 && block < static_cast<int>(space.blocks.size());
        throw InvalidArchitecture(fmt::format(
            "unit {} layer {}: block '{}' is not allowed there (allowed: {})", u + 1, l + 1,
            known ? space.blocks[static_cast<std::size_t>(block)].name : std::to_string(block),
            fmt::join(names, ", ")));
      }
    }
  }
}

}  // namespace hwnas::arch
