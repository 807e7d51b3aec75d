// Per-op costs on the main unit: classification and cycle counts (docs/devices.md, "the model").
#include <cstdint>

#include "hwnas/sim/latency_model.hpp"
#include "hwnas/sim/op_costs.hpp"

namespace hwnas::sim {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

OpClass classify(const graph::Graph& graph, const graph::Op& op) {
  using graph::OpKind;
  switch (op.kind) {
    case OpKind::conv: {
      const int in = graph.shape(op.inputs[0]).c;
      if (op.groups > 1 && op.groups == in) return OpClass::depthwise;
      return op.kernel == 1 ? OpClass::pointwise : OpClass::conv;
    }
    case OpKind::linear: return OpClass::linear;
    case OpKind::batch_norm: return OpClass::batch_norm;
    case OpKind::activation: return OpClass::activation;
    case OpKind::add: return OpClass::add;
    case OpKind::multiply: return OpClass::multiply;
    case OpKind::global_avg_pool:
    case OpKind::avg_pool:
    case OpKind::max_pool: return OpClass::pooling;
    case OpKind::input:
    case OpKind::concat:
    case OpKind::slice:
    case OpKind::channel_shuffle: return OpClass::data_movement;
  }
  return OpClass::data_movement;
}

double op_cycles(const Device& device, const graph::Graph& graph, const graph::Op& op) {
  const Efficiency& eff = device.efficiency;
  const graph::Shape& out = op.out;
  // Pixel tiles: what the array's pixel lanes cover in one pass (= pixels when pixel_lanes is 1).
  const std::int64_t out_pixels = ceil_div(std::int64_t{out.h} * out.w, device.pixel_lanes);
  switch (classify(graph, op)) {
    case OpClass::conv:
    case OpClass::pointwise: {
      const int g = op.groups;
      const std::int64_t in_per_group = graph.shape(op.inputs[0]).c / g;
      const std::int64_t out_per_group = out.c / g;
      const std::int64_t cycles = g * std::int64_t{op.kernel} * ceil_div(op.kernel * in_per_group, device.input_lanes) *
                                  ceil_div(out_per_group, device.output_lanes) * out_pixels;
      return static_cast<double>(cycles) / (op.kernel == 1 ? eff.pointwise : eff.conv.at(op.kernel));
    }
    case OpClass::depthwise: {
      const std::int64_t cycles =
          std::int64_t{op.kernel} * op.kernel * ceil_div(out.c, device.depthwise_lanes) * out_pixels;
      return static_cast<double>(cycles) / eff.depthwise.at(op.kernel);
    }
    case OpClass::linear: {
      const std::int64_t in = graph.shape(op.inputs[0]).elements();
      return static_cast<double>(ceil_div(in, device.input_lanes) * ceil_div(out.c, device.output_lanes)) / eff.linear;
    }
    case OpClass::batch_norm:
    case OpClass::activation:
    case OpClass::add:
    case OpClass::multiply:
      return static_cast<double>(ceil_div(out.c, device.vector_lanes) * out_pixels) / eff.elementwise;
    case OpClass::pooling: {
      if (op.kind == graph::OpKind::global_avg_pool) {
        const graph::Shape& in = graph.shape(op.inputs[0]);
        return static_cast<double>(ceil_div(in.c, device.vector_lanes) * ceil_div(std::int64_t{in.h} * in.w, device.pixel_lanes)) /
               eff.pooling;
      }
      const std::int64_t cycles = std::int64_t{op.kernel} * op.kernel * ceil_div(out.c, device.vector_lanes) * out_pixels;
      return static_cast<double>(cycles) / eff.pooling;
    }
    case OpClass::data_movement:
      if (op.kind == graph::OpKind::input) return 0;
      return static_cast<double>(ceil_div(out.c, device.vector_lanes) * out_pixels) / eff.data_movement;
    case OpClass::se: break;  // a subgraph, never one op
  }
  return 0;
}

std::int64_t op_macs(const graph::Graph& graph, const graph::Op& op) {
  if (op.kind == graph::OpKind::conv) {
    const std::int64_t in_per_group = graph.shape(op.inputs[0]).c / op.groups;
    return op.out.elements() * in_per_group * op.kernel * op.kernel;
  }
  if (op.kind == graph::OpKind::linear) return graph.shape(op.inputs[0]).elements() * op.out.c;
  return 0;
}

std::int64_t op_weights(const graph::Graph& graph, const graph::Op& op) {
  if (op.kind == graph::OpKind::conv) {
    const std::int64_t in_per_group = graph.shape(op.inputs[0]).c / op.groups;
    return std::int64_t{op.out.c} * in_per_group * op.kernel * op.kernel + (op.bias ? op.out.c : 0);
  }
  if (op.kind == graph::OpKind::linear) {
    return graph.shape(op.inputs[0]).elements() * op.out.c + (op.bias ? op.out.c : 0);
  }
  if (op.kind == graph::OpKind::batch_norm) return 2 * std::int64_t{op.out.c};  // folded scale and shift
  return 0;
}

std::int64_t op_elements(const graph::Graph& graph, const graph::Op& op) {
  if (op.kind == graph::OpKind::conv || op.kind == graph::OpKind::linear) return 0;  // counted as MACs
  if (op.kind == graph::OpKind::global_avg_pool) return graph.shape(op.inputs[0]).elements();
  return op.out.elements();
}

}  // namespace hwnas::sim
