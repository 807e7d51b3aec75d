// What BlockProfile profiles: a cell is one way of transforming a background architecture A.
//   block cell (u, l, b[, w]): place block b at layer l of unit u (A -> A_{u,l,b}, growing the unit to
//     at least l+1 layers); for units with width choices (ResNet50) also set the unit's
//     width to w, so the profiled "block code" is (width, block), e.g. C65-B20 (BlockProfile Table 1).
//   depth cell (u, d): set unit u to exactly d layers (truncating, or growing with random blocks).
// Cells are listed in the paper's U-L-B order (unit, width, layer, block) so figures can plot them
// as they come.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hwnas/arch/sampler.hpp"

namespace hwnas::profile {

enum class CellKind { block, depth };

struct Cell {
  CellKind kind = CellKind::block;
  int unit = 0;    // 0-based
  int layer = 0;   // 0-based (block cells)
  int block = 0;   // index into Space::blocks (block cells)
  int width = -1;  // index into UnitSpec::widths; -1: the unit has one width, left as sampled
  int depth = 0;   // number of layers (depth cells)
};

// Every block cell (unit, width, layer, candidate block) then every depth cell of units whose depth
// is a choice.
std::vector<Cell> enumerate_cells(const space::Space& space);

// The cell's block code: the block name, or "<width name>-<block name>" for units with widths.
std::string block_code(const space::Space& space, const Cell& cell);
// A readable label: "u2.l3.e6k5", "u3.C80.l1.B25", "u4.d3".
std::string cell_label(const space::Space& space, const Cell& cell);

// Applies the cell to a background. `filler` draws the blocks of layers a unit grows by; callers
// that pair cells seed it per (background, unit, layer) so blocks compared at one location share
// the same fillers.
void apply_cell(const space::Space& space, const Cell& cell, arch::Architecture& background, arch::Rng& filler,
                arch::DepthRule rule = arch::DepthRule::uniform);

// `count` samples of A_{u,l,b} taken round robin over every (unit, layer, block) placement, for
// measuring the architectures a profile will need ahead of it.
std::vector<arch::Architecture> sample_placements_round_robin(const space::Space& space, int count, arch::Rng& rng,
                                                              std::optional<int> resolution, arch::DepthRule rule);

}  // namespace hwnas::profile
