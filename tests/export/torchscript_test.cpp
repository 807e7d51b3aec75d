#include <gtest/gtest.h>
#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/mobile/module.h>
#include <torch/script.h>

#include <filesystem>

#include "hwnas/cost/cost.hpp"
#include "hwnas/export/torchscript_module.hpp"
#include "hwnas/export/torchscript_source.hpp"
#include "support/temp_dir.hpp"
#include "test_graphs.hpp"

namespace hwnas::exporting {
namespace {

std::int64_t count_parameters(const torch::jit::Module& module) {
  std::int64_t count = 0;
  for (const auto& p : module.parameters()) count += p.numel();
  return count;
}

TEST(TorchScriptSource, OneStatementPerOpAndAttributesPerTensor) {
  const auto graph = testing::mbconv_graph();
  const auto source = torchscript_source(graph);
  EXPECT_EQ(source.code.rfind("def forward(self, x0):\n", 0), 0U);
  EXPECT_NE(source.code.find("torch.conv2d(x6, self.p7_weight, None, [1, 1], [2, 2], [1, 1], 48)"),
            std::string::npos)
      << source.code;
  EXPECT_NE(source.code.find("return x25\n"), std::string::npos);
  // 7 convs (2 with bias), 5 BNs × 4, 1 linear × 2.
  EXPECT_EQ(source.attributes.size(), 7U + 2U + 20U + 2U);
}

TEST(TorchScriptModule, ParameterCountEqualsCostModel) {
  for (const auto& [name, graph] : testing::test_graphs()) {
    SCOPED_TRACE(name);
    const auto module = torchscript_module(graph, random_weights(graph, 2));
    EXPECT_EQ(count_parameters(module), cost::count(graph).total.params);
  }
}

TEST(TorchScriptModule, SavedFileLoadsAndComputesTheSame) {
  const auto graph = testing::mbconv_graph();
  const auto weights = random_weights(graph, 2);
  const test::TempDir dir("torchscript");
  const auto path = dir / "net.pt";
  save_torchscript(graph, weights, path.string());
  auto loaded = torch::jit::load(path.string());
  auto original = torchscript_module(graph, weights);
  const auto input = torch::rand({1, 3, 30, 30});
  const auto a = original.forward({input}).toTensor();
  const auto b = loaded.forward({input}).toTensor();
  EXPECT_EQ(a.sizes(), (std::vector<std::int64_t>{1, 10}));
  EXPECT_TRUE(torch::allclose(a, b));
  EXPECT_EQ(count_parameters(loaded), cost::count(graph).total.params);
}

// The .ptl file PyTorch Mobile's speed_benchmark_torch and the Android/iOS runtimes load: read back
// by the lite interpreter, it computes what the full module computes.
TEST(TorchScriptModule, LiteInterpreterFileLoadsAndComputesTheSame) {
  const auto graph = testing::mbconv_graph();
  const auto weights = random_weights(graph, 2);
  const test::TempDir dir("torchscript");
  const auto path = dir / "net.ptl";
  save_torchscript_lite(graph, weights, path.string());
  auto lite = torch::jit::_load_for_mobile(path.string());
  auto original = torchscript_module(graph, weights);
  const auto input = torch::rand({1, 3, 30, 30});
  const auto a = original.forward({input}).toTensor();
  const auto b = lite.forward({input}).toTensor();
  EXPECT_EQ(b.sizes(), (std::vector<std::int64_t>{1, 10}));
  EXPECT_TRUE(torch::allclose(a, b, 1e-4, 1e-5)) << (a - b).abs().max().item<float>();
}

}  // namespace
}  // namespace hwnas::exporting
