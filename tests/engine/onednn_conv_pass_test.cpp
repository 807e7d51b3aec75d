// compile_convolutions: every convolution becomes a compiled oneDNN one (with the activation or
// residual add that is its only reader fused) or, on a 1×1 map, a linear layer — and the network
// computes what it did.
#include "hwnas/engine/onednn_conv_pass.hpp"

#include <gtest/gtest.h>
#include <torch/script.h>

#include <algorithm>
#include <string>

#include "hwnas/engine/onednn_conv.hpp"
#include "probed_sizes.hpp"

namespace hwnas::engine {
namespace {

// A strided conv with relu, a squeeze-excite block (two 1×1 convs on the pooled map), a depthwise
// conv with h-swish, a residual add, h-swish and relu6 in torchscript_source's clamp spelling, and
// a last conv that reads a narrow over channels (a strided view).
torch::jit::Module conv_pass_example_module() {
  torch::manual_seed(3);
  torch::jit::Module module("example");
  module.register_buffer("w1", torch::randn({16, 3, 3, 3}));
  module.register_buffer("b1", torch::randn({16}));
  module.register_buffer("w2", torch::randn({4, 16, 1, 1}));
  module.register_buffer("b2", torch::randn({4}));
  module.register_buffer("w3", torch::randn({16, 4, 1, 1}));
  module.register_buffer("b3", torch::randn({16}));
  module.register_buffer("w4", torch::randn({8, 8, 3, 3}));
  module.register_buffer("w5", torch::randn({16, 1, 3, 3}));
  module.register_buffer("w6", torch::randn({16, 16, 1, 1}));
  module.register_buffer("b6", torch::randn({16}));
  module.register_buffer("w7", torch::randn({24, 16, 1, 1}));
  module.register_buffer("w8", torch::randn({24, 1, 3, 3}));
  module.define(R"(
def forward(self, x):
    y = torch.relu(torch.conv2d(x, self.w1, self.b1, [2, 2], [1, 1], [1, 1], 1))
    s = torch.adaptive_avg_pool2d(y, [1, 1])
    s = torch.relu(torch.conv2d(s, self.w2, self.b2, [1, 1], [0, 0], [1, 1], 1))
    s = torch.hardsigmoid(torch.conv2d(s, self.w3, self.b3, [1, 1], [0, 0], [1, 1], 1))
    y = y * s
    z = torch.hardswish(torch.conv2d(y, self.w5, None, [1, 1], [1, 1], [1, 1], 16))
    y = y + torch.conv2d(z, self.w6, self.b6, [1, 1], [0, 0], [1, 1], 1)
    u = torch.conv2d(y, self.w7, None, [1, 1], [0, 0], [1, 1], 1)
    u = u * torch.clamp(u + 3.0, 0.0, 6.0) / 6.0
    u = torch.clamp_max(torch.relu(torch.conv2d(u, self.w8, None, [1, 1], [1, 1], [1, 1], 24)), 6.0)
    return torch.conv2d(torch.narrow(u, 1, 4, 8), self.w4, None, [1, 1], [1, 1], [1, 1], 1)
)");
  module.eval();
  return module;
}

int count(const torch::jit::Graph& graph, const std::string& kind) {
  int n = 0;
  for (const auto* node : graph.nodes()) n += node->kind().toQualString() == kind ? 1 : 0;
  return n;
}

double relative_difference(const torch::Tensor& actual, const torch::Tensor& expected) {
  return (actual - expected).abs().max().item<double>() /
         std::max(1.0, expected.abs().max().item<double>());
}

TEST(OneDnnConvPass, ComputesWhatTheModuleDid) {
  auto module = conv_pass_example_module();
  const auto x = torch::randn({1, 3, 20, 20});
  const auto y = torch::randn({1, 3, 20, 20});
  const auto expected_x = module.forward({x}).toTensor();
  const auto expected_y = module.forward({y}).toTensor();
  auto frozen = torch::jit::freeze(module);
  const auto x_last = x.contiguous(at::MemoryFormat::ChannelsLast);
  set_probed_sizes(frozen, x_last);
  compile_convolutions(frozen);
  const c10::InferenceMode guard;
  EXPECT_LT(relative_difference(frozen.forward({x_last}).toTensor(), expected_x), 1e-5);
  // Another input of the same shape, in channels_last and in the default layout (converted).
  EXPECT_LT(relative_difference(
                frozen.forward({y.contiguous(at::MemoryFormat::ChannelsLast)}).toTensor(),
                expected_y),
            1e-5);
  EXPECT_LT(relative_difference(frozen.forward({y}).toTensor(), expected_y), 1e-5);
}

TEST(OneDnnConvPass, LeavesNoConv2dAndNothingFusedAfterAConvolution) {
  auto frozen = torch::jit::freeze(conv_pass_example_module());
  set_probed_sizes(frozen, torch::randn({1, 3, 20, 20}).contiguous(at::MemoryFormat::ChannelsLast));
  const auto counts = compile_convolutions(frozen);
  EXPECT_EQ(counts.compiled, 6);           // all but the squeeze-excite ones
  EXPECT_EQ(counts.activations_fused, 4);  // relu, h-swish, both clamp spellings
  EXPECT_EQ(counts.residuals_fused, 1);
  EXPECT_EQ(counts.as_linear, 2);  // the squeeze-excite 1×1 convs
  const auto graph = frozen.get_method("forward").graph();
  EXPECT_EQ(count(*graph, "aten::conv2d"), 0) << *graph;
  EXPECT_EQ(count(*graph, kOneDnnConvOp), 6) << *graph;
  EXPECT_EQ(count(*graph, "aten::linear"), 2) << *graph;
  EXPECT_EQ(count(*graph, "aten::clamp") + count(*graph, "aten::clamp_max"), 0) << *graph;
  for (const auto* node : graph->nodes()) {
    const std::string kind = node->kind().toQualString();
    if (kind != "aten::relu" && kind != "aten::hardswish" && kind != "aten::add") continue;
    for (const auto* input : node->inputs()) {
      EXPECT_NE(input->node()->kind().toQualString(), std::string(kOneDnnConvOp))
          << kind << " after a compiled convolution in\n" << *graph;
    }
  }
}

}  // namespace
}  // namespace hwnas::engine
