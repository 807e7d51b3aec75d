// The analytical latency model of a simulated device over the network IR (docs/devices.md):
// ops are grouped into kernels (fusion rules; SE subgraphs; fallback ops on their own), and each
// kernel costs max(compute time, memory time) + a fixed launch overhead — a roofline per kernel —
// or, on the fallback unit, its compute + transfer + hand-over time. Kernels are summed.
// A simulation, not a measurement: every number comes from the device file.
#pragma once

#include <vector>

#include "hwnas/graph/graph.hpp"
#include "hwnas/sim/device.hpp"

namespace hwnas::sim {

struct SimResult {
  double total_s = 0;
  double fixed_s = 0;            // per-inference overhead + input padding: in total_s, in no layer
  std::vector<double> layer_s;   // indexed like Graph::layers; Σ layer_s + fixed_s = total_s
  int resolution = 0;            // input size the device ran: a template when the input was padded
  int kernels = 0;               // kernels launched (fused groups count once)
  int fallback_kernels = 0;      // of which ran on the fallback unit
};

// How an op is seen by the model (graph::OpKind::input has no class and is never costed).
OpClass classify(const graph::Graph& graph, const graph::Op& op);

// Cycles of one op on the main unit, efficiency included. For a dense conv this is
// k_w·⌈k_h·(C_in/g)/input_lanes⌉·⌈(C_out/g)/output_lanes⌉·⌈H_out·W_out/pixel_lanes⌉·g / efficiency —
// MIDAP's formula at pixel_lanes 1 and efficiency 1; docs/devices.md lists every class.
double op_cycles(const Device& device, const graph::Graph& graph, const graph::Op& op);

// Simulates one inference of `graph`. When the graph was built at a template resolution larger
// than the network's own (Device::padded_resolution), pass the network's resolution as
// `native_resolution` so the padding copy is charged; 0 means no padding.
// per_layer = false skips the breakdown (the fast path for sampling-heavy callers).
SimResult simulate(const Device& device, const graph::Graph& graph, int native_resolution = 0,
                   bool per_layer = true);

}  // namespace hwnas::sim
