// A space is checked at load time by building networks from it (space/space_checks.hpp): every
// block at every layer position it may take, at every width of that unit and at the smallest and
// largest resolution, with the first candidate everywhere else. A shape that does not fit (a
// shuffle block on widths not divisible by 4, a pooling window larger than its input, …) is a
// SpaceError naming the file, the unit, the layer and the block.
#include <algorithm>

#include <fmt/core.h>

#include "hwnas/arch/first_candidates.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_checks.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::graph {
namespace {

void check_block_shapes(const space::Space& space) {
  std::vector<int> resolutions = space.resolutions;
  if (resolutions.empty()) resolutions.push_back(space.default_resolution);
  const auto [smallest, largest] = std::minmax_element(resolutions.begin(), resolutions.end());
  for (int resolution : {*smallest, *largest}) {
    for (std::size_t u = 0; u < space.units.size(); ++u) {
      const auto& unit = space.units[u];
      for (std::size_t l = 0; l < unit.layer_blocks.size(); ++l) {
        for (int block : unit.layer_blocks[l]) {
          for (std::size_t w = 0; w < unit.widths.size(); ++w) {
            arch::Architecture a = arch::first_candidates(space, resolution);
            a.units[u].width = static_cast<int>(w);
            a.units[u].blocks[l] = block;
            try {
              build(space, a);
            } catch (const LayerShapeError& e) {
              if (e.unit < 0) {
                throw space::SpaceError(fmt::format("{}: layer {} ({}) does not fit at resolution {}: {}",
                                                    space.source_file, e.layer, e.block, resolution, e.what()));
              }
              const auto& failing = space.units[static_cast<std::size_t>(e.unit)];
              throw space::SpaceError(fmt::format(
                  "{}: unit {} ('{}'), layer {}: block '{}' does not fit at width {} and resolution {}: {}",
                  space.source_file, e.unit + 1, failing.name, e.layer_in_unit + 1, e.block,
                  failing.widths[static_cast<std::size_t>(a.units[static_cast<std::size_t>(e.unit)].width)],
                  resolution, e.what()));
            }
          }
        }
      }
    }
  }
}

const bool kRegistered = space::add_space_check(check_block_shapes);

}  // namespace
}  // namespace hwnas::graph
