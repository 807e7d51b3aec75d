// IR graph + weights -> a torch::jit::Module in eval mode: the generated forward source
// (torchscript_source.hpp) with every conv/BN/linear tensor registered as a parameter (trainable)
// or buffer (BN running stats). Include <torch/script.h> where the Module itself is used.
#pragma once

#include <string>

#include "hwnas/export/weights.hpp"
#include "hwnas/graph/graph.hpp"

namespace torch::jit {
struct Module;
}

namespace hwnas::exporting {

// The module owns the weights' values: pass an rvalue where the Weights are not needed after.
// Throws std::invalid_argument for weights that do not fit the graph.
torch::jit::Module torchscript_module(const graph::Graph& graph, Weights weights);

// Saves the unfrozen eval-mode module (loads with torch.jit.load / torch::jit::load; freeze it for
// the target there). Throws InputError when the file cannot be written.
void save_torchscript(const graph::Graph& graph, const Weights& weights, const std::string& path);

// Saves the module for PyTorch Mobile's lite interpreter (.ptl, what speed_benchmark_torch and the
// Android/iOS runtimes load): rewritten by optimizeForMobile (frozen, XNNPACK prepacked ops), then
// _save_for_mobile. Throws InputError when the file cannot be written.
void save_torchscript_lite(const graph::Graph& graph, const Weights& weights, const std::string& path);

}  // namespace hwnas::exporting
