// Per-op costs on the main unit and the device-independent counts the latency model needs beside
// cycles (docs/devices.md, "the model"). Inline: the model calls them for every op of every
// architecture, in its hot loop.
#pragma once

#include <cstdint>

#include "hwnas/graph/graph.hpp"
#include "hwnas/sim/device.hpp"

namespace hwnas::sim::detail {

// 32-bit: every operand here (channels, pixels of one feature map, lanes) fits, and 32-bit
// division is several times cheaper than 64-bit on the CPUs we run on.
inline std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return b == 1 ? a : (static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b) - 1) / static_cast<std::uint32_t>(b);
}

inline OpClass classify_op(const graph::Graph& graph, const graph::Op& op) {
  using graph::OpKind;
  switch (op.kind) {
    case OpKind::conv:
      if (op.groups > 1 && op.groups == graph.shape(op.inputs[0]).c) return OpClass::depthwise;
      return op.kernel == 1 ? OpClass::pointwise : OpClass::conv;
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

// Main-unit cycles of an op of class op_class (latency_model.hpp: op_cycles).
inline double cycles(const Device& d, const graph::Graph& graph, const graph::Op& op, OpClass op_class) {
  const Efficiency& eff = d.efficiency;
  const graph::Shape& out = op.out;
  // Pixel tiles: what the array's pixel lanes cover in one pass (= pixels when pixel_lanes is 1).
  const std::int64_t out_tiles = ceil_div(std::int64_t{out.h} * out.w, d.pixel_lanes);
  switch (op_class) {
    case OpClass::conv:
    case OpClass::pointwise: {
      const int g = op.groups;
      const std::int64_t in_per_group = g == 1 ? graph.shape(op.inputs[0]).c : graph.shape(op.inputs[0]).c / g;
      const std::int64_t out_per_group = g == 1 ? out.c : out.c / g;
      const std::int64_t n = g * std::int64_t{op.kernel} * ceil_div(op.kernel * in_per_group, d.input_lanes) *
                             ceil_div(out_per_group, d.output_lanes) * out_tiles;
      return static_cast<double>(n) / (op.kernel == 1 ? eff.pointwise : eff.conv.at(op.kernel));
    }
    case OpClass::depthwise:
      return static_cast<double>(std::int64_t{op.kernel} * op.kernel * ceil_div(out.c, d.depthwise_lanes) * out_tiles) /
             eff.depthwise.at(op.kernel);
    case OpClass::linear:
      return static_cast<double>(ceil_div(graph.shape(op.inputs[0]).elements(), d.input_lanes) *
                                 ceil_div(out.c, d.output_lanes)) /
             eff.linear;
    case OpClass::batch_norm:
    case OpClass::activation:
    case OpClass::add:
    case OpClass::multiply:
      return static_cast<double>(ceil_div(out.c, d.vector_lanes) * out_tiles) / eff.elementwise;
    case OpClass::pooling: {
      if (op.kind == graph::OpKind::global_avg_pool) {
        const graph::Shape& in = graph.shape(op.inputs[0]);
        return static_cast<double>(ceil_div(in.c, d.vector_lanes) * ceil_div(std::int64_t{in.h} * in.w, d.pixel_lanes)) /
               eff.pooling;
      }
      return static_cast<double>(std::int64_t{op.kernel} * op.kernel * ceil_div(out.c, d.vector_lanes) * out_tiles) /
             eff.pooling;
    }
    case OpClass::data_movement:
      if (op.kind == graph::OpKind::input) return 0;
      return static_cast<double>(ceil_div(out.c, d.vector_lanes) * out_tiles) / eff.data_movement;
    case OpClass::se: break;  // a subgraph, never one op
  }
  return 0;
}

// Multiply-accumulates (conv, linear;).
inline std::int64_t macs(const graph::Graph& graph, const graph::Op& op) {
  if (op.kind == graph::OpKind::conv) {
    return op.out.elements() * (graph.shape(op.inputs[0]).c / op.groups) * op.kernel * op.kernel;
  }
  if (op.kind == graph::OpKind::linear) return graph.shape(op.inputs[0]).elements() * op.out.c;
  return 0;
}

// Weight values the op reads (conv/linear weights and biases, a folded BN's scale and shift).
inline std::int64_t weights(const graph::Graph& graph, const graph::Op& op) {
  switch (op.kind) {
    case graph::OpKind::conv:
      return std::int64_t{op.out.c} * (graph.shape(op.inputs[0]).c / op.groups) * op.kernel * op.kernel +
             (op.bias ? op.out.c : 0);
    case graph::OpKind::linear:
      return graph.shape(op.inputs[0]).elements() * op.out.c + (op.bias ? op.out.c : 0);
    case graph::OpKind::batch_norm: return 2 * std::int64_t{op.out.c};
    default: return 0;
  }
}

// Elements the op processes on a vector unit: its output, its input for a global pool, 0 for
// conv and linear (their work is MACs).
inline std::int64_t elements(const graph::Graph& graph, const graph::Op& op) {
  if (op.kind == graph::OpKind::conv || op.kind == graph::OpKind::linear) return 0;
  if (op.kind == graph::OpKind::global_avg_pool) return graph.shape(op.inputs[0]).elements();
  return op.out.elements();
}

}  // namespace hwnas::sim::detail
