// make_elementwise_in_place: an op overwrites its input only when nothing reads that input (or a
// view of it) afterwards, and the network computes what it did.
#include "hwnas/engine/in_place_pass.hpp"

#include <gtest/gtest.h>
#include <torch/script.h>

#include <string>

#include "probed_sizes.hpp"

namespace hwnas::engine {
namespace {

torch::jit::Module in_place_example_module() {
  torch::manual_seed(5);
  torch::jit::Module module("example");
  module.register_buffer("w", torch::randn({8, 3, 3, 3}));
  module.define(R"(
def forward(self, x):
    a = torch.conv2d(x, self.w, None, [1, 1], [1, 1], [1, 1], 1)
    b = torch.hardswish(a)
    c = torch.relu(b)
    d = b + c
    v = torch.narrow(d, 1, 0, 4)
    e = torch.sigmoid(d)
    s = torch.hardsigmoid(torch.adaptive_avg_pool2d(e, [1, 1]))
    f = s * e
    return torch.cat([f, torch.relu(x), v], 1)
)");
  module.eval();
  return module;
}

std::string kinds(const torch::jit::Graph& graph) {
  std::string text;
  for (const auto* node : graph.nodes()) {
    const std::string kind = node->kind().toQualString();
    if (kind.rfind("aten::", 0) == 0) text += kind.substr(6) + " ";
  }
  return text;
}

TEST(InPlacePass, OverwritesOnlyValuesNothingReadsLater) {
  auto frozen = torch::jit::freeze(in_place_example_module());
  set_probed_sizes(frozen, torch::randn({1, 3, 6, 6}));
  EXPECT_EQ(make_elementwise_in_place(frozen), 4);
  // hardswish_: a dies there. relu(b): b is read by the add. b + c → c.add_(b). sigmoid(d): a
  // view of d is read later. hardsigmoid_: the pool's fresh output. s * e → e.mul_(s) (the
  // operand of the result's shape). relu(x): the graph's input.
  EXPECT_EQ(kinds(*frozen.get_method("forward").graph()),
            "conv2d hardswish_ relu add_ narrow sigmoid adaptive_avg_pool2d hardsigmoid_ mul_ "
            "relu cat ");
}

TEST(InPlacePass, ComputesWhatTheModuleDid) {
  auto module = in_place_example_module();
  const auto x = torch::randn({1, 3, 6, 6});
  const auto expected = module.forward({x}).toTensor();
  auto frozen = torch::jit::freeze(module);
  set_probed_sizes(frozen, x);
  make_elementwise_in_place(frozen);
  const c10::InferenceMode guard;
  const auto input = x.clone();
  const auto actual = frozen.forward({input}).toTensor();
  EXPECT_TRUE(torch::allclose(actual, expected, 1e-5, 1e-6));
  EXPECT_TRUE(torch::equal(input, x));  // the input is never overwritten
}

}  // namespace
}  // namespace hwnas::engine
