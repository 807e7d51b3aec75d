// IR graph -> the TorchScript source of a `forward` method plus the attributes it reads. Kept free
// of LibTorch so it compiles fast and can be inspected; torchscript_module.hpp turns it into a
// torch::jit::Module. Batch norms stay as the graph has them (the saved module's parameters then
// match the cost model's count; the torchscript engine folds them first). Op i's result is the
// variable x{i}, x0 the input: engine/graph_sizes finds the IR's sizes by those names.
#pragma once

#include <string>
#include <vector>

#include "hwnas/graph/graph.hpp"

namespace hwnas::exporting {

struct TorchScriptAttribute {
  std::string name;    // attribute on the module, e.g. "p3_weight"
  int op = -1;         // op index in the graph
  std::string tensor;  // tensor name in Weights, e.g. "weight", "running_var"
  bool trainable = false;  // register_parameter when true, register_buffer otherwise
};

struct TorchScriptSource {
  std::string code;  // "def forward(self, x0):\n    x1 = ...\n" for Module::define
  std::vector<TorchScriptAttribute> attributes;
};

TorchScriptSource torchscript_source(const graph::Graph& graph);

}  // namespace hwnas::exporting
