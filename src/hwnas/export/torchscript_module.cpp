#include "hwnas/export/torchscript_module.hpp"

#include <torch/csrc/jit/passes/xnnpack_rewrite.h>
#include <torch/script.h>

#include <exception>

#include "hwnas/common/error.hpp"
#include "hwnas/export/torchscript_source.hpp"

namespace hwnas::exporting {

torch::jit::Module torchscript_module(const graph::Graph& graph, Weights weights) {
  check_weights(graph, weights);
  const auto source = torchscript_source(graph);
  torch::jit::Module module("hwnas_net");
  for (const auto& attribute : source.attributes) {
    auto& tensor = weights.ops[static_cast<std::size_t>(attribute.op)].at(attribute.tensor);
    // The module takes the values over instead of copying them (a 224 network's are 20 MB).
    auto* owned = new std::vector<float>(std::move(tensor.values));
    auto value = torch::from_blob(
        owned->data(), tensor.shape, [owned](void*) { delete owned; }, torch::kFloat32);
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

void save_torchscript_lite(const graph::Graph& graph, const Weights& weights, const std::string& path) {
  auto mobile = torch::jit::optimizeForMobile(torchscript_module(graph, weights));
  try {
    mobile._save_for_mobile(path);
  } catch (const std::exception& e) {
    throw InputError("cannot write TorchScript lite file '" + path + "': " + e.what());
  }
}

}  // namespace hwnas::exporting
