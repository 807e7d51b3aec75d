// Exact cost counts over the IR: MACs, FLOPs = 2·MACs, params in PyTorch form,
// activation and weight bytes — per layer and in total.
#pragma once

#include <cstdint>
#include <vector>

#include "hwnas/graph/graph.hpp"

namespace hwnas::cost {

struct Cost {
  std::int64_t macs = 0;
  std::int64_t params = 0;
  std::int64_t activation_bytes = 0;  // fp32 bytes of every op output (what a naive engine allocates)
  std::int64_t weight_bytes = 0;      // fp32 bytes of params
  std::int64_t flops() const { return 2 * macs; }
  Cost& operator+=(const Cost& other);
};

// Cost of one op (MACs of conv/linear; params of conv, BN, linear).
Cost op_cost(const graph::Graph& graph, const graph::Op& op);

struct NetworkCost {
  Cost total;
  std::vector<Cost> layers;  // indexed like Graph::layers
  std::int64_t peak_activation_bytes = 0;  // largest live set when ops run in order
};

NetworkCost count(const graph::Graph& graph);
// Totals only, no per-layer vectors or liveness: the fast path for sampling-heavy callers.
Cost count_total(const graph::Graph& graph);

}  // namespace hwnas::cost
