#include "hwnas/profile/cell.hpp"

#include <fmt/core.h>

namespace hwnas::profile {

std::vector<Cell> enumerate_cells(const space::Space& space) {
  std::vector<Cell> cells;
  for (int u = 0; u < static_cast<int>(space.units.size()); ++u) {
    const space::UnitSpec& unit = space.units[static_cast<std::size_t>(u)];
    const int widths = unit.widths.size() > 1 ? static_cast<int>(unit.widths.size()) : 0;
    for (int w = widths > 0 ? 0 : -1; w < widths; ++w) {
      for (int l = 0; l < unit.max_layers; ++l) {
        for (int b : unit.layer_blocks[static_cast<std::size_t>(l)]) {
          cells.push_back(Cell{CellKind::block, u, l, b, w, 0});
        }
      }
    }
  }
  for (int u = 0; u < static_cast<int>(space.units.size()); ++u) {
    const space::UnitSpec& unit = space.units[static_cast<std::size_t>(u)];
    if (unit.min_layers == unit.max_layers) continue;
    for (int d = unit.min_layers; d <= unit.max_layers; ++d) cells.push_back(Cell{CellKind::depth, u, 0, 0, -1, d});
  }
  return cells;
}

std::string block_code(const space::Space& space, const Cell& cell) {
  const std::string& block = space.blocks[static_cast<std::size_t>(cell.block)].name;
  if (cell.width < 0) return block;
  const space::UnitSpec& unit = space.units[static_cast<std::size_t>(cell.unit)];
  return unit.width_names[static_cast<std::size_t>(cell.width)] + "-" + block;
}

std::string cell_label(const space::Space& space, const Cell& cell) {
  if (cell.kind == CellKind::depth) return fmt::format("u{}.d{}", cell.unit + 1, cell.depth);
  const space::UnitSpec& unit = space.units[static_cast<std::size_t>(cell.unit)];
  const std::string& block = space.blocks[static_cast<std::size_t>(cell.block)].name;
  if (cell.width < 0) return fmt::format("u{}.l{}.{}", cell.unit + 1, cell.layer + 1, block);
  return fmt::format("u{}.{}.l{}.{}", cell.unit + 1, unit.width_names[static_cast<std::size_t>(cell.width)],
                     cell.layer + 1, block);
}

void apply_cell(const space::Space& space, const Cell& cell, arch::Architecture& background, arch::Rng& filler,
                arch::DepthRule rule) {
  arch::UnitChoice& choice = background.units[static_cast<std::size_t>(cell.unit)];
  if (cell.kind == CellKind::block) {
    if (cell.width >= 0) choice.width = cell.width;
    arch::place(space, background, arch::Placement{cell.unit, cell.layer, cell.block}, filler, rule);
    return;
  }
  const space::UnitSpec& unit = space.units[static_cast<std::size_t>(cell.unit)];
  auto& blocks = choice.blocks;
  if (static_cast<int>(blocks.size()) > cell.depth) blocks.resize(static_cast<std::size_t>(cell.depth));
  while (static_cast<int>(blocks.size()) < cell.depth) {
    const auto& allowed = unit.layer_blocks[blocks.size()];
    blocks.push_back(allowed[std::uniform_int_distribution<std::size_t>(0, allowed.size() - 1)(filler)]);
  }
}

std::vector<arch::Architecture> sample_placements_round_robin(const space::Space& space, int count, arch::Rng& rng,
                                                              std::optional<int> resolution, arch::DepthRule rule) {
  std::vector<arch::Placement> placements;
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    for (std::size_t l = 0; l < space.units[u].layer_blocks.size(); ++l) {
      for (int b : space.units[u].layer_blocks[l]) placements.push_back({static_cast<int>(u), static_cast<int>(l), b});
    }
  }
  std::vector<arch::Architecture> archs;
  archs.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    archs.push_back(arch::sample_fixed(space, rng, placements[static_cast<std::size_t>(i) % placements.size()],
                                       resolution, rule));
  }
  return archs;
}

}  // namespace hwnas::profile
