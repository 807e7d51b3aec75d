// From a benchmark tool's per-layer rows back to the IR layers they came from. The ONNX export
// names every node "<IR layer>/<op><index>" (export/onnx_export.cpp, e.g. "u2.l3/conv17"), and the
// tools keep those names: TensorRT joins fused nodes ("u1.l2/conv3 + u1.l2/activation4") or wraps
// them ("PWN(u1.l2/activation4)"), OpenVINO appends to them ("u1.l2/conv3/WithoutBiases"). A row
// naming no IR layer (a tool's own reformat or copy step) maps to none and is kept as such.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hwnas/engine/tool_output/tool_report.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/store/records.hpp"

namespace hwnas::measure {

// The IR layer names occurring in `tool_layer`, in the order they occur, each once.
std::vector<std::string> ir_layers_of(std::string_view tool_layer, const std::vector<std::string>& ir_layer_names);

// Every row, mapped onto the graph's layers.
std::vector<store::LayerLatencyRecord> map_layers(const std::vector<engine::LayerTime>& rows, const graph::Graph& graph);

}  // namespace hwnas::measure
