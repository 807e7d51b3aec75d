#include "hwnas/s3nas/se_variants.hpp"

#include <fmt/core.h>

namespace hwnas::s3nas {
namespace {

Activation h_swish_for_relu(Activation act) {
  return act == Activation::relu ? Activation::h_swish : act;
}

}  // namespace

space::Space with_se_variants(const space::Space& base) {
  space::Space s = base;
  s.name = base.name + "-se";
  s.description = base.description + " — h-swish, every block with an SE twin (hwnas s3nas prune-se)";
  s.source_file.clear();
  const int count = static_cast<int>(base.blocks.size());
  for (const auto& block : base.blocks) {
    if (block.se) throw InputError(fmt::format("space '{}': block '{}' already has SE", base.name, block.name));
    space::BlockSpec twin = block;
    twin.name = block.name + "-se";
    twin.se = true;
    s.blocks.push_back(twin);
  }
  for (auto& block : s.blocks)
    if (block.act) block.act = h_swish_for_relu(*block.act);
  for (auto* layers : {&s.stem, &s.head})
    for (auto& layer : *layers) layer.act = h_swish_for_relu(layer.act);
  for (auto& unit : s.units) {
    if (unit.se) throw InputError(fmt::format("space '{}': unit '{}' has unit-level SE", base.name, unit.name));
    unit.act = h_swish_for_relu(unit.act);
    for (auto& candidates : unit.layer_blocks) {
      const std::size_t plain = candidates.size();
      for (std::size_t i = 0; i < plain; ++i) candidates.push_back(candidates[i] + count);
    }
  }
  return s;
}

arch::Architecture with_se_everywhere(const space::Space& base, const arch::Architecture& a) {
  arch::validate(base, a);
  arch::Architecture out = a;
  for (auto& unit : out.units)
    for (int& block : unit.blocks) block += static_cast<int>(base.blocks.size());
  return out;
}

arch::Architecture without_se_at(const space::Space& base, const arch::Architecture& a,
                                 const std::vector<LayerPosition>& positions) {
  const int count = static_cast<int>(base.blocks.size());
  arch::Architecture out = a;
  for (const auto& p : positions) {
    int& block = out.units.at(static_cast<std::size_t>(p.unit)).blocks.at(static_cast<std::size_t>(p.layer));
    if (block < count)
      throw InputError(fmt::format("unit {} layer {} has no SE to remove", p.unit + 1, p.layer + 1));
    block -= count;
  }
  return out;
}

}  // namespace hwnas::s3nas
