// Folds each batch_norm into the conv before it, as deployment runtimes do: conv weights are
// scaled per output channel by gamma / sqrt(var + eps) and the conv gains the bias
// (b − mean) · scale + beta. A batch_norm whose input is not a conv used only by it stays.
#pragma once

#include "hwnas/export/weights.hpp"
#include "hwnas/graph/graph.hpp"

namespace hwnas::exporting {

struct FoldedNet {
  graph::Graph graph;  // the same ops minus folded batch_norms; indices renumbered
  Weights weights;     // in the new graph's indices
};

FoldedNet fold_batch_norms(const graph::Graph& graph, const Weights& weights);

}  // namespace hwnas::exporting
