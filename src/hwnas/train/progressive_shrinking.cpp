#include "hwnas/train/progressive_shrinking.hpp"

#include <algorithm>
#include <numeric>

namespace hwnas::train {

const std::vector<ShrinkStage>& shrink_stages() {
  // OFA's rates are 3e-2 (kernel), 2.5e-3 (depth-1, expand-1) and 7.5e-3 (depth-2, expand-2); the
  // full network's own run is not in its script, so it takes the kernel stage's rate here.
  static const std::vector<ShrinkStage> stages = {
      {"full", 180, 1, 1.0, false, 1, 1},          {"kernel", 120, 1, 1.0, true, 1, 1},
      {"depth-1", 25, 2, 2.5e-3 / 3e-2, true, 2, 1}, {"depth-2", 120, 2, 7.5e-3 / 3e-2, true, 0, 1},
      {"expand-1", 25, 4, 2.5e-3 / 3e-2, true, 0, 2}, {"expand-2", 120, 4, 7.5e-3 / 3e-2, true, 0, 0},
  };
  return stages;
}

std::int64_t stage_begin(std::size_t index, std::int64_t total_steps) {
  const auto& stages = shrink_stages();
  const auto share = [&](std::size_t n) {
    return std::accumulate(stages.begin(), stages.begin() + static_cast<std::ptrdiff_t>(n), 0,
                           [](int sum, const ShrinkStage& s) { return sum + s.epoch_share; });
  };
  return total_steps * share(index) / share(stages.size());
}

StageSpan stage_at(std::int64_t step, std::int64_t total_steps) {
  StageSpan span;
  const std::size_t n = shrink_stages().size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t end = i + 1 == n ? total_steps : stage_begin(i + 1, total_steps);
    span = {i, stage_begin(i, total_steps), end};
    if (step < end) break;
  }
  return span;
}

namespace {

// The `top` largest distinct expansion ratios a layer position may choose from (0: all of them).
std::vector<double> largest_expansions(const space::Space& space, const space::UnitSpec& unit, std::size_t layer,
                                       int top) {
  std::vector<double> expands;
  for (const int b : unit.layer_blocks[layer]) expands.push_back(space.blocks[static_cast<std::size_t>(b)].expand);
  std::sort(expands.begin(), expands.end(), std::greater<>());
  expands.erase(std::unique(expands.begin(), expands.end()), expands.end());
  if (top > 0 && static_cast<std::size_t>(top) < expands.size()) expands.resize(static_cast<std::size_t>(top));
  return expands;
}

int block_in_stage(const space::Space& space, const space::UnitSpec& unit, std::size_t layer,
                   const ShrinkStage& stage, arch::Rng& rng) {
  const std::vector<double> expands = largest_expansions(space, unit, layer, stage.top_expands);
  std::vector<int> allowed;
  for (const int b : unit.layer_blocks[layer]) {
    const double e = space.blocks[static_cast<std::size_t>(b)].expand;
    if (std::find(expands.begin(), expands.end(), e) != expands.end()) allowed.push_back(b);
  }
  if (!stage.elastic_kernel) {
    const auto kernel = [&](int b) { return space.blocks[static_cast<std::size_t>(b)].kernel; };
    const int largest = kernel(*std::max_element(allowed.begin(), allowed.end(),
                                                 [&](int a, int b) { return kernel(a) < kernel(b); }));
    std::erase_if(allowed, [&](int b) { return kernel(b) != largest; });
  }
  return allowed[static_cast<std::size_t>(arch::uniform_index(rng, allowed.size()))];
}

}  // namespace

arch::Architecture sample_in_stage(const space::Space& space, const ShrinkStage& stage,
                                   const arch::Architecture& largest, arch::Rng& rng) {
  arch::Architecture a = largest;
  const bool elastic_width = stage.top_expands != 1;
  if (elastic_width) {
    for (std::size_t v = 0; v < space.variables.size(); ++v) {
      a.variables[v] = arch::uniform_index(rng, space.variables[v].values.size());
    }
  }
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    const space::UnitSpec& unit = space.units[u];
    arch::UnitChoice& choice = a.units[u];
    if (elastic_width) choice.width = arch::uniform_index(rng, unit.widths.size());
    const int lowest = stage.top_depths == 0 ? unit.min_layers
                                             : std::max(unit.min_layers, unit.max_layers - stage.top_depths + 1);
    const int depth = std::uniform_int_distribution<int>(lowest, unit.max_layers)(rng);
    choice.blocks.resize(static_cast<std::size_t>(depth));
    for (std::size_t l = 0; l < choice.blocks.size(); ++l) choice.blocks[l] = block_in_stage(space, unit, l, stage, rng);
  }
  return a;
}

}  // namespace hwnas::train
