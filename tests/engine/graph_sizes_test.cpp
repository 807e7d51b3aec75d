// annotate_ir_sizes: on random networks of every shipped space, every IR op's value gets the
// sizes the network really produces there, and with them onednn_conv_pass compiles every
// convolution.
#include "hwnas/engine/graph_sizes.hpp"

#include <gtest/gtest.h>
#include <torch/script.h>

#include <map>
#include <string>
#include <vector>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/engine/onednn_conv_pass.hpp"
#include "hwnas/export/batch_norm_folding.hpp"
#include "hwnas/export/torchscript_module.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"
#include "probed_sizes.hpp"

namespace hwnas::engine {
namespace {

struct FrozenNet {
  std::string name;  // space and architecture, for traces
  exporting::FoldedNet folded;
  torch::jit::Module module;
  torch::Tensor input;
};

// A random network of every shipped space at its smallest resolution, BN-folded and frozen as the
// torchscript engine builds it.
std::vector<FrozenNet> frozen_nets(std::uint64_t seed) {
  arch::Rng rng(seed);
  std::vector<FrozenNet> nets;
  for (const auto& name : space::list_spaces()) {
    const auto space = space::load_space(name);
    const auto architecture = arch::sample_uniform(space, rng, space.resolutions.front());
    const auto graph = graph::build(space, architecture);
    auto folded = exporting::fold_batch_norms(graph, exporting::random_weights(graph, seed));
    auto module = torch::jit::freeze(exporting::torchscript_module(folded.graph, folded.weights));
    const auto& in = graph.shape(0);
    nets.push_back({name + " " + arch::to_canonical(space, architecture), std::move(folded), std::move(module),
                    torch::randn({1, in.c, in.h, in.w})});
  }
  return nets;
}

int count(const torch::jit::Graph& graph, const char* kind) {
  int n = 0;
  for (const auto* node : graph.nodes()) n += node->kind().toQualString() == std::string(kind);
  return n;
}

TEST(GraphSizes, IrSizesAreTheSizesTheNetworkProduces) {
  for (auto& net : frozen_nets(11)) {
    SCOPED_TRACE(net.name);
    auto graph = net.module.get_method("forward").graph();
    // Every IR op has its value: x0 is the input, x{i} the result of op i.
    EXPECT_EQ(annotate_ir_sizes(*graph, net.folded.graph),
              static_cast<int>(net.folded.graph.ops.size()));
    std::map<const torch::jit::Value*, Sizes> annotated;
    for (const auto* node : graph->nodes()) {
      for (const auto* output : node->outputs()) {
        if (const auto sizes = concrete_sizes(output)) annotated[output] = *sizes;
      }
    }
    set_probed_sizes(net.module, net.input);
    for (const auto& [value, sizes] : annotated) {
      EXPECT_EQ(concrete_sizes(value), sizes) << value->debugName();
    }
  }
}

TEST(GraphSizes, WithThemEveryConvolutionIsCompiled) {
  for (auto& net : frozen_nets(12)) {
    SCOPED_TRACE(net.name);
    auto graph = net.module.get_method("forward").graph();
    const int convs = count(*graph, "aten::conv2d");
    annotate_ir_sizes(*graph, net.folded.graph);
    const auto counts = compile_convolutions(net.module);
    EXPECT_EQ(counts.compiled + counts.as_linear, convs);
    EXPECT_EQ(count(*graph, "aten::conv2d"), 0);
  }
}

TEST(GraphSizes, UnknownNamesAndShapesAreLeftAlone) {
  torch::jit::Module module("example");
  module.define(R"(
def forward(self, x0):
    y = torch.relu(x0)
    x1 = y + 1.0
    x7 = torch.sigmoid(x1)
    return x7
)");
  graph::GraphBuilder builder({4, 5, 5});
  const int relu = builder.activation(0, graph::Activation::relu);
  const auto ir = std::move(builder).finish(relu);
  auto graph = module.get_method("forward").graph();
  // x0 and x1 are IR ops 0 and 1; y is not an IR name and x7 is past the IR's ops.
  EXPECT_EQ(annotate_ir_sizes(*graph, ir), 2);
  EXPECT_EQ(concrete_sizes(graph->inputs()[1]), (Sizes{1, 4, 5, 5}));
  for (const auto* node : graph->nodes()) {
    const auto name = node->output()->debugName();
    if (name.rfind("y", 0) == 0 || name.rfind("x7", 0) == 0) {
      EXPECT_FALSE(concrete_sizes(node->output())) << name;
    }
  }
}

}  // namespace
}  // namespace hwnas::engine
