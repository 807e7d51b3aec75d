// (space, architecture) -> network IR. The resolution comes from the architecture.
#pragma once

#include "hwnas/arch/architecture.hpp"
#include "hwnas/graph/graph.hpp"

namespace hwnas::graph {

// Validates the architecture (arch::InvalidArchitecture) and builds every op with its shape.
Graph build(const space::Space& space, const arch::Architecture& arch);

// Builds one block of the vocabulary from tensor x; used by build() and by tools that place a
// block in a fixed context (lookup tables, per-layer profiling).
int build_block(GraphBuilder& builder, const space::Space& space, const space::BlockSpec& block,
                int x, int out_channels, int stride, Activation unit_act, bool unit_se);

}  // namespace hwnas::graph
