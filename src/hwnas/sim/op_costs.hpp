// Device-independent counts of one op that the latency model needs beside cycles.
#pragma once

#include <cstdint>

#include "hwnas/graph/graph.hpp"

namespace hwnas::sim {

// Multiply-accumulates (conv, linear; DESIGN 4.1).
std::int64_t op_macs(const graph::Graph& graph, const graph::Op& op);
// Weight values the op reads (conv/linear weights and biases, a folded BN's scale and shift).
std::int64_t op_weights(const graph::Graph& graph, const graph::Op& op);
// Elements the op processes on a vector unit: its output, its input for a global pool, 0 for
// conv and linear (their work is MACs).
std::int64_t op_elements(const graph::Graph& graph, const graph::Op& op);

}  // namespace hwnas::sim
