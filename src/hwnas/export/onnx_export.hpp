// IR graph + weights -> an ONNX model (serialized ModelProto bytes) that other runtimes load.
// Input `input` [1, C, R, R] float, output `logits` ([1, N] after a final linear, else
// [1, C, H, W]). Op mapping, one table, in docs/export.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hwnas/export/weights.hpp"
#include "hwnas/graph/graph.hpp"

namespace hwnas::exporting {

struct OnnxOptions {
  // 10..17. From 14 on h_swish is one HardSwish node; below 11 relu6 is a Clip with attribute
  // bounds, the only form OpenCV 4.6 reads (its engine exports at opset 10).
  int opset = 13;
  bool fold_batch_norm = true; // fold BN into the conv before it, as deployment does
};

// Throws InputError for an opset outside 10..17 and std::invalid_argument for weights that do not
// fit the graph (check_weights).
std::string export_onnx(const graph::Graph& graph, const Weights& weights,
                        const OnnxOptions& options = {});

// Runs onnx::checker::check_model and strict shape inference, which also confirms the declared
// output shape. Returns an empty string for a valid model, else what the checker said.
std::string check_onnx(const std::string& model_bytes);

// Whether op idx is a 2-D [1, N] tensor in exported models: a linear, or an activation of one.
bool is_flat(const graph::Graph& graph, int idx);

// The shape of the `logits` output: {1, N} when the output is flat, else {1, C, H, W}.
std::vector<std::int64_t> output_dims(const graph::Graph& graph);

}  // namespace hwnas::exporting
