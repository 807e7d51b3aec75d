#include "hwnas/engine/graph_probe.hpp"

#include <torch/csrc/jit/runtime/interpreter.h>

namespace hwnas::engine {

std::vector<Sizes> probe_sizes(const torch::jit::Module& module,
                               const std::shared_ptr<torch::jit::Graph>& graph,
                               const std::vector<torch::jit::Value*>& values,
                               const torch::Tensor& input) {
  if (values.empty()) return {};
  // Return the values as one extra tuple output; Code compiles its own copy of the graph, so the
  // output is removed again straight after.
  auto* tuple = graph->createTuple(values);
  graph->appendNode(tuple);
  const auto probe_output = graph->registerOutput(tuple->output());
  const torch::jit::Code code(graph, "probe_sizes");
  graph->eraseOutput(probe_output);
  tuple->destroy();

  torch::jit::Stack stack{module._ivalue(), input};
  {
    const c10::InferenceMode guard;
    torch::jit::InterpreterState(code).run(stack);
  }
  const auto elements = stack.back().toTupleRef().elements();
  std::vector<Sizes> sizes;
  sizes.reserve(elements.size());
  for (const auto& element : elements) sizes.push_back(element.toTensor().sizes().vec());
  return sizes;
}

}  // namespace hwnas::engine
