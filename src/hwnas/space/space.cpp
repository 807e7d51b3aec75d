#include "hwnas/space/space.hpp"

#include <algorithm>

namespace hwnas::space {

std::string_view to_string(BlockKind kind) {
  switch (kind) {
    case BlockKind::mbconv: return "mbconv";
    case BlockKind::sep: return "sep";
    case BlockKind::shuffle: return "shuffle";
    case BlockKind::shuffle_xception: return "shuffle_xception";
    case BlockKind::bottleneck: return "bottleneck";
    case BlockKind::mixconv: return "mixconv";
  }
  return "?";
}

int Space::block_index(std::string_view block_name) const {
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].name == block_name) return static_cast<int>(i);
  }
  return -1;
}

int Space::variable_index(std::string_view variable_name) const {
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].name == variable_name) return static_cast<int>(i);
  }
  return -1;
}

bool Space::has_resolution(int resolution) const {
  return std::find(resolutions.begin(), resolutions.end(), resolution) != resolutions.end();
}

int Space::max_total_layers() const {
  int total = 0;
  for (const auto& unit : units) total += unit.max_layers;
  return total;
}

int make_divisible(double value, int divisor) {
  int rounded = std::max(divisor, static_cast<int>(value + divisor / 2.0) / divisor * divisor);
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}

}  // namespace hwnas::space
