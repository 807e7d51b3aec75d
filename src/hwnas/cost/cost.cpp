#include "hwnas/cost/cost.hpp"

#include <algorithm>

namespace hwnas::cost {

Cost& Cost::operator+=(const Cost& other) {
  macs += other.macs;
  params += other.params;
  activation_bytes += other.activation_bytes;
  weight_bytes += other.weight_bytes;
  return *this;
}

Cost op_cost(const graph::Graph& graph, const graph::Op& op) {
  Cost c;
  using graph::OpKind;
  switch (op.kind) {
    case OpKind::conv: {
      const std::int64_t in = graph.shape(op.inputs[0]).c;
      const std::int64_t per_out = in / op.groups * op.kernel * op.kernel;
      c.macs = op.out.elements() * per_out;
      c.params = op.out.c * per_out + (op.bias ? op.out.c : 0);
      break;
    }
    case OpKind::batch_norm: c.params = 2 * std::int64_t{op.out.c}; break;
    case OpKind::linear: {
      const std::int64_t in = graph.shape(op.inputs[0]).elements();
      c.macs = in * op.out.c;
      c.params = in * op.out.c + (op.bias ? op.out.c : 0);
      break;
    }
    default: break;
  }
  c.activation_bytes = 4 * op.out.elements();
  c.weight_bytes = 4 * c.params;
  return c;
}

Cost count_total(const graph::Graph& graph) {
  Cost total;
  for (const auto& op : graph.ops) total += op_cost(graph, op);
  return total;
}

NetworkCost count(const graph::Graph& graph) {
  NetworkCost result;
  result.layers.resize(graph.layers.size());
  // Liveness: a tensor is freed after its last consumer runs.
  std::vector<int> last_use(graph.ops.size(), -1);
  for (std::size_t i = 0; i < graph.ops.size(); ++i) {
    for (int in : graph.ops[i].inputs) last_use[static_cast<std::size_t>(in)] = static_cast<int>(i);
  }
  last_use[static_cast<std::size_t>(graph.output)] = static_cast<int>(graph.ops.size());
  std::int64_t live = 0;
  for (std::size_t i = 0; i < graph.ops.size(); ++i) {
    const graph::Op& op = graph.ops[i];
    const Cost c = op_cost(graph, op);
    result.total += c;
    if (op.layer >= 0) result.layers[static_cast<std::size_t>(op.layer)] += c;
    live += c.activation_bytes;
    result.peak_activation_bytes = std::max(result.peak_activation_bytes, live);
    for (int in : op.inputs) {
      if (last_use[static_cast<std::size_t>(in)] == static_cast<int>(i)) {
        live -= 4 * graph.shape(in).elements();
        last_use[static_cast<std::size_t>(in)] = -2;  // freed once even when consumed twice here
      }
    }
  }
  return result;
}

}  // namespace hwnas::cost
