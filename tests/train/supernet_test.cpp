// A subnet extracted from the supernet runs as a standalone network (the IR with extracted weights,
// on the torch eager engine — an independent op-by-op implementation) and gives the same outputs
// as the supernet running that configuration.
#include <gtest/gtest.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/engine/engine.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/supernet.hpp"

namespace hwnas::train {
namespace {

// Trained-looking BN: non-trivial scale, shift and running statistics, so a slicing mistake in BN
// changes the outputs.
void randomise_batch_norm(Supernet& net, std::uint64_t seed) {
  torch::manual_seed(seed);
  torch::NoGradGuard no_grad;
  for (auto& module : net->modules(false)) {
    if (auto* bn = module->as<ElasticBatchNormImpl>()) {
      bn->weight.uniform_(0.5, 1.5);
      bn->bias.normal_(0, 0.2);
      bn->running_mean.normal_(0, 0.2);
      bn->running_var.uniform_(0.5, 2.0);
    }
  }
}

class ExtractedSubnet : public ::testing::TestWithParam<std::string> {};

TEST_P(ExtractedSubnet, MatchesSupernetOutputs) {
  const space::Space space = space::load_space(GetParam());
  Supernet net(space);
  randomise_batch_norm(net, 3);
  net->eval();
  arch::Rng rng(11);
  std::vector<arch::Architecture> archs{net->largest(), net->smallest()};
  for (int i = 0; i < 3; ++i) archs.push_back(arch::sample_uniform(space, rng));
  const auto engine = engine::make_engine("torch", 1);
  for (const auto& a : archs) {
    const graph::Graph graph = graph::build(space, a);
    const std::vector<float> input = exporting::random_input(graph, 5);
    torch::Tensor x = torch::from_blob(const_cast<float*>(input.data()),
                                       {1, space.input_channels, a.resolution, a.resolution})
                          .clone();
    torch::Tensor expected;
    {
      torch::NoGradGuard no_grad;
      expected = net->forward(x, a).contiguous();
    }
    engine->build(graph, net->extract_weights(a));
    const std::vector<float> got = engine->infer(input);
    ASSERT_EQ(static_cast<std::int64_t>(got.size()), expected.numel()) << arch::to_canonical(space, a);
    double max_diff = 0;
    double max_abs = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      max_diff = std::max(max_diff, std::abs(double(got[i]) - expected.data_ptr<float>()[i]));
      max_abs = std::max(max_abs, std::abs(double(got[i])));
    }
    EXPECT_LT(max_diff, 1e-4 * std::max(1.0, max_abs)) << GetParam() << " " << arch::to_canonical(space, a);
    EXPECT_GT(max_abs, 1e-3) << "outputs must not vanish: " << arch::to_canonical(space, a);
  }
}

INSTANTIATE_TEST_SUITE_P(MBConvSpaces, ExtractedSubnet, ::testing::Values("ofa-mbv3-fmnist", "proxyless-fmnist"));

TEST(Supernet, SubnetsShareLeadingChannelsAndKernelCentre) {
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  Supernet net(space);
  arch::Architecture a = net->largest();
  const exporting::Weights large = net->extract_weights(a);
  a.units[0].blocks[0] = space.block_index("e3k3");
  const exporting::Weights small = net->extract_weights(a);
  const graph::Graph large_graph = graph::build(space, net->largest());
  const graph::Graph small_graph = graph::build(space, a);
  // First depthwise conv of unit 1: the small one is the centre 3×3 of the leading channels.
  const auto first_depthwise = [](const graph::Graph& g) {
    for (std::size_t i = 0; i < g.ops.size(); ++i) {
      if (g.ops[i].kind == graph::OpKind::conv && g.ops[i].groups > 1 && g.layers[g.ops[i].layer].unit == 0) {
        return i;
      }
    }
    return std::size_t{0};
  };
  const auto& big = large.ops[first_depthwise(large_graph)].at("weight");
  const auto& centre = small.ops[first_depthwise(small_graph)].at("weight");
  ASSERT_EQ(big.shape[2], 7);
  ASSERT_EQ(centre.shape[2], 3);
  for (std::int64_t c = 0; c < centre.shape[0]; ++c) {
    for (int y = 0; y < 3; ++y) {
      for (int x = 0; x < 3; ++x) {
        EXPECT_EQ(centre.values[static_cast<std::size_t>(c * 9 + y * 3 + x)],
                  big.values[static_cast<std::size_t>(c * 49 + (y + 2) * 7 + (x + 2))]);
      }
    }
  }
}

TEST(Supernet, RejectsSpacesWithoutMBConvBlocks) {
  EXPECT_THROW(Supernet(space::load_space("resnet50")), InputError);
  EXPECT_THROW(Supernet(space::load_space("spos")), InputError);
}

}  // namespace
}  // namespace hwnas::train
