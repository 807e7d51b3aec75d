// (space, architecture) -> network IR. The resolution comes from the architecture.
#pragma once

#include <stdexcept>
#include <string>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/graph/graph.hpp"

namespace hwnas::graph {

// A shape that does not fit, with the layer it happened in: "layer u2.l2 (Choice_3): <why>".
class LayerShapeError : public std::invalid_argument {
 public:
  LayerShapeError(std::string layer, int unit, int layer_in_unit, std::string block, const std::string& why);
  std::string layer;       // "stem.0", "u2.l2", "head.1"
  int unit = -1;           // 0-based; -1 in the stem and head
  int layer_in_unit = -1;  // 0-based; -1 in the stem and head
  std::string block;       // the block's name, or the fixed layer's summary
};

// Validates the architecture (arch::InvalidArchitecture) and builds every op with its shape;
// throws LayerShapeError when a shape does not fit.
Graph build(const space::Space& space, const arch::Architecture& arch);

// Builds one block of the vocabulary from tensor x; used by build() and by tools that place a
// block in a fixed context (lookup tables, per-layer profiling).
int build_block(GraphBuilder& builder, const space::Space& space, const space::BlockSpec& block,
                int x, int out_channels, int stride, Activation unit_act, bool unit_se);

}  // namespace hwnas::graph
