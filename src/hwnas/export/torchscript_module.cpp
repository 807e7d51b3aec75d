#include "hwnas/export/torchscript_module.hpp"

#include <torch/script.h>

#include <exception>

#include "hwnas/common/error.hpp"
#include "hwnas/export/torchscript_source.hpp"

namespace hwnas::exporting {

torch::jit::Module torchscript_module(const graph::Graph& graph, const Weights& weights) {
  check_weights(graph, weights);
  const auto source = torchscript_source(graph);
  torch::jit::Module module("hwnas_net");
  for (const auto& attribute : source.attributes) {
    const auto& tensor = weights.at(attribute.op, attribute.tensor);
    // from_blob does not own the memory; clone so the module outlives the Weights.
    auto value = torch::from_blob(const_cast<float*>(tensor.values.data()), tensor.shape,
                                  torch::kFloat32)
                     .clone();
    if (attribute.trainable) {
      module.register_parameter(attribute.name, value, /*is_buffer=*/false);
    } else {
      module.register_buffer(attribute.name, value);
    }
  }
  module.define(source.code);
  module.eval();
  return module;
}

void save_torchscript(const graph::Graph& graph, const Weights& weights, const std::string& path) {
  auto module = torchscript_module(graph, weights);
  try {
    module.save(path);
  } catch (const std::exception& e) {
    throw InputError("cannot write TorchScript file '" + path + "': " + e.what());
  }
}

}  // namespace hwnas::exporting
