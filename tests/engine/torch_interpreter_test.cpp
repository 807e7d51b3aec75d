// The one IR interpreter runs a network whole (as the eager engine does) and cut into its layers,
// each reading the previous layer's output through input -1 (as the HURRICANE supernet does), to
// the same values: both run the same function.
#include <gtest/gtest.h>

#include <map>

#include "hwnas/arch/first_candidates.hpp"
#include "hwnas/engine/torch_interpreter.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::engine {
namespace {

std::vector<OpTensors> op_tensors(const exporting::Weights& weights) {
  std::vector<OpTensors> out(weights.ops.size());
  for (std::size_t i = 0; i < weights.ops.size(); ++i) {
    for (const auto& [name, tensor] : weights.ops[i]) {
      out[i][name] = torch::tensor(tensor.values).reshape(tensor.shape);
    }
  }
  return out;
}

TEST(TorchInterpreter, LayerByLayerEqualsTheWholeNetwork) {
  const space::Space space = space::load_space("hurricane-fmnist");
  const graph::Graph g = graph::build(space, arch::first_candidates(space, space.default_resolution));
  const std::vector<OpTensors> tensors = op_tensors(exporting::random_weights(g, 7));
  const auto& in = g.shape(0);
  const torch::Tensor input = torch::randn({2, in.c, in.h, in.w});
  const torch::Tensor whole = run_ops(g.ops, tensors, input, static_cast<std::size_t>(g.output), {});

  torch::Tensor x = input;
  for (std::size_t layer = 0; layer < g.layers.size(); ++layer) {
    std::vector<graph::Op> ops;
    std::vector<OpTensors> layer_tensors;
    std::map<int, int> local;
    for (std::size_t i = 0; i < g.ops.size(); ++i) {
      if (g.ops[i].layer != static_cast<int>(layer)) continue;
      graph::Op op = g.ops[i];
      for (int& input_index : op.inputs) input_index = local.count(input_index) ? local[input_index] : -1;
      local[static_cast<int>(i)] = static_cast<int>(ops.size());
      ops.push_back(op);
      layer_tensors.push_back(tensors[i]);
    }
    ASSERT_FALSE(ops.empty()) << g.layers[layer].name;
    x = run_ops(ops, layer_tensors, x, ops.size() - 1, {});
  }
  EXPECT_EQ(x.sizes(), whole.sizes());
  EXPECT_TRUE(torch::allclose(x, whole, 1e-5, 1e-6));
}

TEST(TorchInterpreter, BatchStatisticsUpdateTheRunningOnes) {
  graph::Op input;
  graph::Op bn;
  bn.kind = graph::OpKind::batch_norm;
  bn.inputs = {0};
  bn.out = {3, 4, 4};
  const std::vector<graph::Op> ops{input, bn};
  std::vector<OpTensors> tensors(2);
  tensors[1] = {{"weight", torch::ones({3})}, {"bias", torch::zeros({3})},
                {"running_mean", torch::zeros({3})}, {"running_var", torch::ones({3})}};
  const torch::Tensor x = torch::randn({8, 3, 4, 4}) * 3 + 5;
  const torch::Tensor inference = run_ops(ops, tensors, x, 1, {});
  EXPECT_TRUE(torch::allclose(inference, x / std::sqrt(1 + 1e-5), 1e-4, 1e-5));  // running stats: (0, 1)
  const torch::Tensor training = run_ops(ops, tensors, x, 1, {true, 1.0});
  EXPECT_NEAR(training.mean().item<double>(), 0.0, 1e-4);
  // momentum 1: the running statistics are now this batch's
  EXPECT_TRUE(torch::allclose(tensors[1]["running_mean"], x.mean({0, 2, 3}), 1e-4, 1e-4));
}

}  // namespace
}  // namespace hwnas::engine
