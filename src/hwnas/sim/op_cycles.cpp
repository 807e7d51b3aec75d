// The public per-op entry points; the model itself uses the inline forms in op_costs.hpp.
#include "hwnas/sim/latency_model.hpp"
#include "hwnas/sim/op_costs.hpp"

namespace hwnas::sim {

OpClass classify(const graph::Graph& graph, const graph::Op& op) { return detail::classify_op(graph, op); }

double op_cycles(const Device& device, const graph::Graph& graph, const graph::Op& op) {
  return detail::cycles(device, graph, op, detail::classify_op(graph, op));
}

}  // namespace hwnas::sim
