// Cells, block codes and the two sampling designs' structure.
#include <gtest/gtest.h>

#include "hwnas/profile/sampling_plan.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::profile {
namespace {

int count_kind(const std::vector<Cell>& cells, CellKind kind) {
  return static_cast<int>(std::count_if(cells.begin(), cells.end(), [&](const Cell& c) { return c.kind == kind; }));
}

TEST(Cells, OfaHas180BlockCellsAnd15DepthCells) {
  const auto space = space::load_space("ofa-mbv3");
  const auto cells = enumerate_cells(space);
  EXPECT_EQ(count_kind(cells, CellKind::block), 5 * 4 * 9);
  EXPECT_EQ(count_kind(cells, CellKind::depth), 5 * 3);
  EXPECT_EQ(cell_label(space, cells[0]), "u1.l1.e3k3");
  EXPECT_EQ(block_code(space, cells[13]), "e4k5");
}

TEST(Cells, Resnet50BlockCodesAreWidthTimesExpand) {
  const auto space = space::load_space("resnet50");
  const auto cells = enumerate_cells(space);
  EXPECT_EQ(count_kind(cells, CellKind::block), 3 * 3 * (4 + 4 + 6 + 4));
  EXPECT_EQ(block_code(space, cells[0]), "C65-B20");
  EXPECT_EQ(cell_label(space, cells[0]), "u1.C65.l1.B20");
  std::set<std::string> codes;
  for (const auto& c : cells) {
    if (c.kind == CellKind::block) codes.insert(block_code(space, c));
  }
  EXPECT_EQ(codes.size(), 9U);
}

TEST(SamplingPlan, IndependentCellsSatisfyTheDepthRule) {
  const auto space = space::load_space("ofa-mbv3");
  const auto cells = enumerate_cells(space);
  const SamplingPlan plan = make_plan(space, cells, Design::independent, 40, 224, 1);
  for (std::size_t c = 0; c < cells.size(); ++c) {
    for (int idx : plan.cells[c]) {
      const auto& a = plan.archs[static_cast<std::size_t>(idx)];
      EXPECT_EQ(a.resolution, 224);
      if (cells[c].kind == CellKind::block) {
        ASSERT_GT(a.depth(cells[c].unit), cells[c].layer);
        EXPECT_EQ(a.units[static_cast<std::size_t>(cells[c].unit)].blocks[static_cast<std::size_t>(cells[c].layer)], cells[c].block);
      } else {
        EXPECT_EQ(a.depth(cells[c].unit), cells[c].depth);
      }
    }
  }
}

// Pairing: cells at one location differ from each other only in the block at that location, and
// from their background only in that unit.
TEST(SamplingPlan, PairedCellsShareBackgroundsAndFillers) {
  const auto space = space::load_space("ofa-mbv3");
  const auto cells = enumerate_cells(space);
  const SamplingPlan plan = make_plan(space, cells, Design::paired, 30, 224, 2);
  EXPECT_LT(plan.archs.size(), plan.requested());  // deduplicated
  for (std::size_t j = 0; j < 30; ++j) {
    const auto& background = plan.archs[static_cast<std::size_t>(plan.baseline[j])];
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].kind != CellKind::block) continue;
      const auto& a = plan.archs[static_cast<std::size_t>(plan.cells[c][j])];
      for (std::size_t u = 0; u < a.units.size(); ++u) {
        if (static_cast<int>(u) != cells[c].unit) EXPECT_EQ(a.units[u], background.units[u]);
      }
      if (c > 0 && cells[c - 1].unit == cells[c].unit && cells[c - 1].layer == cells[c].layer) {
        auto prev = plan.archs[static_cast<std::size_t>(plan.cells[c - 1][j])];
        prev.units[static_cast<std::size_t>(cells[c].unit)].blocks[static_cast<std::size_t>(cells[c].layer)] = cells[c].block;
        EXPECT_EQ(prev, a);
      }
    }
  }
}

// In both designs a cell's unit depth is uniform over {l..max} (BlockProfile's rule) — the paired
// design keeps a background depth d >= l and redraws a shorter one — while the clamp over-weights l.
TEST(SamplingPlan, BothDesignsDrawTheFixedUnitsDepthUniformlyUnderTheConstraint) {
  const auto space = space::load_space("ofa-mbv3");
  const Cell cell{CellKind::block, 1, 2, space.block_index("e6k7"), -1, 0};  // u2.l3.e6k7, a 2-4 unit
  for (Design d : {Design::independent, Design::paired}) {
    for (arch::DepthRule rule : {arch::DepthRule::uniform, arch::DepthRule::clamp}) {
      const SamplingPlan plan = make_plan(space, {cell}, d, 6000, 224, 3, rule);
      double depth4 = 0;
      for (int idx : plan.cells[0]) depth4 += plan.archs[static_cast<std::size_t>(idx)].depth(1) == 4;
      depth4 /= static_cast<double>(plan.cells[0].size());
      // 6000 samples: the binomial sd is 0.0064 around 1/2 or 1/3.
      const double expected = rule == arch::DepthRule::uniform ? 0.5 : 1 / 3.0;
      EXPECT_NEAR(depth4, expected, 0.03) << to_string(d) << " " << arch::to_string(rule);
    }
  }
}

TEST(SamplingPlan, SameSeedSamePlan) {
  const auto space = space::load_space("proxyless");
  const auto cells = enumerate_cells(space);
  for (Design d : {Design::independent, Design::paired}) {
    EXPECT_EQ(make_plan(space, cells, d, 5, 192, 4).archs, make_plan(space, cells, d, 5, 192, 4).archs);
    EXPECT_NE(make_plan(space, cells, d, 5, 192, 4).archs, make_plan(space, cells, d, 5, 192, 5).archs);
  }
}

}  // namespace
}  // namespace hwnas::profile
