#include "hwnas/search/integer_encoding.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::search {

IntegerEncoding::IntegerEncoding(const space::Space& space) : space_(space) {
  auto add = [&](Kind kind, int index, int layer, std::size_t choices) {
    if (choices > 1) genes_.push_back({kind, index, layer, static_cast<int>(choices) - 1});
  };
  add(Kind::resolution, 0, 0, space.resolutions.size());
  for (std::size_t v = 0; v < space.variables.size(); ++v) {
    add(Kind::variable, static_cast<int>(v), 0, space.variables[v].values.size());
  }
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    const space::UnitSpec& unit = space.units[u];
    const int ui = static_cast<int>(u);
    add(Kind::width, ui, 0, unit.widths.size());
    add(Kind::depth, ui, 0, static_cast<std::size_t>(unit.max_layers - unit.min_layers + 1));
    for (int l = 0; l < unit.max_layers; ++l) {
      add(Kind::block, ui, l, unit.layer_blocks[static_cast<std::size_t>(l)].size());
    }
  }
  if (genes_.empty()) {
    throw InputError(fmt::format("space '{}' has a single architecture: there is nothing to search", space.name));
  }
}

std::vector<int> IntegerEncoding::upper_bounds() const {
  std::vector<int> upper;
  for (const Gene& g : genes_) upper.push_back(g.upper);
  return upper;
}

std::vector<int> IntegerEncoding::encode(const arch::Architecture& arch) const {
  std::vector<int> out;
  out.reserve(genes_.size());
  for (const Gene& g : genes_) {
    switch (g.kind) {
      case Kind::resolution: {
        const auto& r = space_.resolutions;
        out.push_back(static_cast<int>(std::find(r.begin(), r.end(), arch.resolution) - r.begin()));
        break;
      }
      case Kind::variable: out.push_back(arch.variables[static_cast<std::size_t>(g.index)]); break;
      case Kind::width: out.push_back(arch.units[static_cast<std::size_t>(g.index)].width); break;
      case Kind::depth:
        out.push_back(arch.depth(g.index) - space_.units[static_cast<std::size_t>(g.index)].min_layers);
        break;
      case Kind::block: {
        const auto& blocks = arch.units[static_cast<std::size_t>(g.index)].blocks;
        if (g.layer >= static_cast<int>(blocks.size())) {
          out.push_back(0);
          break;
        }
        const auto& allowed =
            space_.units[static_cast<std::size_t>(g.index)].layer_blocks[static_cast<std::size_t>(g.layer)];
        const int block = blocks[static_cast<std::size_t>(g.layer)];
        out.push_back(static_cast<int>(std::find(allowed.begin(), allowed.end(), block) - allowed.begin()));
        break;
      }
    }
  }
  return out;
}

arch::Architecture IntegerEncoding::decode(std::span<const int> genes) const {
  // Start from the first choice everywhere, so single-choice (gene-less) fields are set too.
  arch::Architecture a;
  a.resolution = space_.resolutions.front();
  a.variables.assign(space_.variables.size(), 0);
  a.units.resize(space_.units.size());
  std::vector<std::vector<int>> layer_choice(space_.units.size());
  std::vector<int> depth(space_.units.size());
  for (std::size_t u = 0; u < space_.units.size(); ++u) {
    layer_choice[u].assign(static_cast<std::size_t>(space_.units[u].max_layers), 0);
    depth[u] = space_.units[u].min_layers;
  }
  for (std::size_t i = 0; i < genes_.size(); ++i) {
    const Gene& g = genes_[i];
    const int value = std::clamp(i < genes.size() ? genes[i] : 0, 0, g.upper);
    const auto idx = static_cast<std::size_t>(g.index);
    switch (g.kind) {
      case Kind::resolution: a.resolution = space_.resolutions[static_cast<std::size_t>(value)]; break;
      case Kind::variable: a.variables[idx] = value; break;
      case Kind::width: a.units[idx].width = value; break;
      case Kind::depth: depth[idx] = space_.units[idx].min_layers + value; break;
      case Kind::block: layer_choice[idx][static_cast<std::size_t>(g.layer)] = value; break;
    }
  }
  for (std::size_t u = 0; u < space_.units.size(); ++u) {
    const space::UnitSpec& unit = space_.units[u];
    for (int l = 0; l < depth[u]; ++l) {
      const auto li = static_cast<std::size_t>(l);
      a.units[u].blocks.push_back(unit.layer_blocks[li][static_cast<std::size_t>(layer_choice[u][li])]);
    }
  }
  return a;
}

std::string IntegerEncoding::describe(std::size_t gene) const {
  const Gene& g = genes_.at(gene);
  switch (g.kind) {
    case Kind::resolution: return "resolution";
    case Kind::variable: return fmt::format("variable {}", space_.variables[static_cast<std::size_t>(g.index)].name);
    case Kind::width: return fmt::format("unit {} width", g.index + 1);
    case Kind::depth: return fmt::format("unit {} depth", g.index + 1);
    case Kind::block: return fmt::format("unit {} layer {} block", g.index + 1, g.layer + 1);
  }
  return {};
}

}  // namespace hwnas::search
