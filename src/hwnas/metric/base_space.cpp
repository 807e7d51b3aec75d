#include "hwnas/metric/base_space.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "hwnas/space/space_loader.hpp"

namespace hwnas::metric {

const space::Space& BaseSpace::of(const space::Space& space) {
  if (space.derived_from.empty()) return space;
  if (!base_ || base_reference_ != space.derived_from) {
    base_ = space::load_space(space.derived_from);
    base_reference_ = space.derived_from;
  }
  return *base_;
}

std::vector<arch::Architecture> BaseSpace::map(const space::Space& space, std::span<const arch::Architecture> archs) {
  const space::Space& base = of(space);
  if (&base == &space) return {archs.begin(), archs.end()};
  if (base.units.size() != space.units.size()) {
    throw InputError(fmt::format("space '{}' says it was reduced from {}, which has {} units, not {}", space.name,
                                 space.derived_from, base.units.size(), space.units.size()));
  }
  std::vector<arch::Architecture> out;
  out.reserve(archs.size());
  for (const auto& a : archs) {
    arch::Architecture m = a;
    for (std::size_t u = 0; u < a.units.size(); ++u) {
      const int width = space.units[u].widths[static_cast<std::size_t>(a.units[u].width)];
      const auto& widths = base.units[u].widths;
      const auto w = std::find(widths.begin(), widths.end(), width);
      if (w == widths.end()) throw InputError(fmt::format("width {} of unit {} is not in {}", width, u + 1, base.name));
      m.units[u].width = static_cast<int>(w - widths.begin());
      for (int& b : m.units[u].blocks) {
        b = base.block_index(space.blocks[static_cast<std::size_t>(b)].name);
        if (b < 0) throw InputError(fmt::format("a block of '{}' is not in '{}'", space.name, base.name));
      }
    }
    for (std::size_t v = 0; v < a.variables.size(); ++v) {
      const int value = space.variables[v].values[static_cast<std::size_t>(a.variables[v])];
      const auto& values = base.variables[v].values;
      m.variables[v] = static_cast<int>(std::find(values.begin(), values.end(), value) - values.begin());
    }
    arch::validate(base, m);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace hwnas::metric
