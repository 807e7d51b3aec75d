// Test support: gives every tensor value of a hand-written module's forward graph its sizes on
// one input, by running the graph once with all of them as an extra output. The passes read
// sizes from the values' types (graph_sizes.hpp); the engine sets them from hwnas's IR, which
// these hand-written modules do not have.
#pragma once

#include <torch/csrc/jit/runtime/interpreter.h>
#include <torch/script.h>

#include <vector>

namespace hwnas::engine {

inline void set_probed_sizes(torch::jit::Module& module, const torch::Tensor& input) {
  auto graph = module.get_method("forward").graph();
  std::vector<torch::jit::Value*> values;
  for (auto* node : graph->nodes()) {
    for (auto* output : node->outputs()) {
      if (output->type()->kind() == c10::TypeKind::TensorType) values.push_back(output);
    }
  }
  auto* tuple = graph->createTuple(values);
  graph->appendNode(tuple);
  const auto probe_output = graph->registerOutput(tuple->output());
  const torch::jit::Code code(graph, "probe");  // its own copy: the graph is restored at once
  graph->eraseOutput(probe_output);
  tuple->destroy();

  torch::jit::Stack stack{module._ivalue(), input};
  {
    const c10::InferenceMode guard;
    torch::jit::InterpreterState(code).run(stack);
  }
  const auto elements = stack.back().toTupleRef().elements();
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i]->setType(c10::TensorType::create(elements[i].toTensor()));
  }
  graph->inputs()[1]->setType(c10::TensorType::create(input));
}

}  // namespace hwnas::engine
