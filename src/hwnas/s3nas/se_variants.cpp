#include "hwnas/s3nas/se_variants.hpp"

#include <fstream>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::s3nas {
namespace {

Activation h_swish_for_relu(Activation act) {
  return act == Activation::relu ? Activation::h_swish : act;
}

int twin_offset_or_throw(const space::Space& se_space) {
  const auto count = se_twin_offset(se_space);
  if (!count)
    throw InputError(fmt::format("space '{}' is not an SE twin space (hwnas s3nas add-se writes one)", se_space.name));
  return *count;
}

}  // namespace

space::Space with_se_variants(const space::Space& base) {
  space::Space s = base;
  s.name = base.name + "-se";
  s.description = base.description + " — h-swish, every block with an SE twin (hwnas s3nas add-se)";
  s.source_file.clear();
  const int count = static_cast<int>(base.blocks.size());
  for (const auto& block : base.blocks) {
    if (block.se) throw InputError(fmt::format("space '{}': block '{}' already has SE, and the space is not one that "
                                   "hwnas s3nas add-se wrote", base.name, block.name));
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

std::optional<int> se_twin_offset(const space::Space& s) {
  if (s.blocks.empty() || s.blocks.size() % 2 != 0) return std::nullopt;
  const std::size_t count = s.blocks.size() / 2;
  for (std::size_t i = 0; i < count; ++i) {
    const space::BlockSpec& plain = s.blocks[i];
    const space::BlockSpec& twin = s.blocks[i + count];
    if (plain.se || !twin.se || twin.name != plain.name + "-se") return std::nullopt;
  }
  return static_cast<int>(count);
}

SeNetwork add_se(const space::Space& base, const arch::Architecture& a) {
  return {with_se_variants(base), with_se_everywhere(base, a)};
}

void write_se_network(const std::filesystem::path& out, const SeNetwork& network) {
  std::filesystem::create_directories(out);
  std::ofstream space_file(out / "space.yaml");
  space_file << space::write_space(network.space);
  std::ofstream arch_file(out / "architecture.txt");
  arch_file << arch::to_canonical(network.space, network.architecture) << "\n";
  if (!space_file || !arch_file) throw InputError("cannot write space.yaml and architecture.txt into " + out.string());
}

std::vector<LayerPosition> se_positions(const space::Space& se_space, const arch::Architecture& a) {
  const int count = twin_offset_or_throw(se_space);
  std::vector<LayerPosition> positions;
  for (std::size_t u = 0; u < a.units.size(); ++u)
    for (std::size_t l = 0; l < a.units[u].blocks.size(); ++l)
      if (a.units[u].blocks[l] >= count) positions.push_back({static_cast<int>(u), static_cast<int>(l)});
  return positions;
}

arch::Architecture without_se_at(const space::Space& se_space, const arch::Architecture& a,
                                 const std::vector<LayerPosition>& positions) {
  const int count = twin_offset_or_throw(se_space);
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
