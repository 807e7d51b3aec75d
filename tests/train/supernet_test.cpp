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
#include "support/test_paths.hpp"

namespace hwnas::train {
namespace {

// A shipped space, or tiny-resnet: resnet50's structure at a size unit tests can run.
space::Space test_space(const std::string& name) {
  if (name != "tiny-resnet") return space::load_space(name);
  return space::load_space(hwnas::test::source_dir() + "/tests/train/data/tiny-resnet.yaml");
}

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
  const space::Space space = test_space(GetParam());
  Supernet net(space);
  randomise_batch_norm(net, 3);
  net->eval();
  arch::Rng rng(11);
  std::vector<arch::Architecture> archs{net->largest(), net->smallest()};
  for (int i = 0; i < 3; ++i) archs.push_back(arch::sample_uniform(space, rng));
  for (const int r : space.resolutions) archs.push_back(arch::sample_uniform(space, rng, r));
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

INSTANTIATE_TEST_SUITE_P(Spaces, ExtractedSubnet, ::testing::Values("ofa-mbv3-fmnist", "proxyless-fmnist", "tiny-resnet"));

// ResNet50's elastic parts: the sandwich ends take every width, stem variable and depth to its end,
// and a narrower subnet's weights are the leading channels of the wider one's.
TEST(Supernet, ResNetSubnetsShareLeadingChannels) {
  const space::Space space = test_space("tiny-resnet");
  Supernet net(space);
  const arch::Architecture large = net->largest();
  const arch::Architecture small = net->smallest();
  EXPECT_EQ(arch::to_canonical(space, large), "r28|stem_width=2|stem_out=2|stem_depth=1|C100:B35,B35,B35|C100:B35,B35");
  EXPECT_EQ(arch::to_canonical(space, small), "r28|stem_width=0|stem_out=0|stem_depth=0|C65:B20|C65:B20");
  const graph::Graph large_graph = graph::build(space, large);
  const graph::Graph small_graph = graph::build(space, small);
  const exporting::Weights large_weights = net->extract_weights(large);
  const exporting::Weights small_weights = net->extract_weights(small);
  // The first conv of unit 2 (its first bottleneck's 1x1 reduction): mid x in channels, 48x64 at
  // full width and expand 0.35, 16x40 narrow at 0.2.
  const auto first_conv_of_unit2 = [](const graph::Graph& g) {
    for (std::size_t i = 0; i < g.ops.size(); ++i) {
      if (g.ops[i].kind == graph::OpKind::conv && g.ops[i].layer >= 0 && g.layers[g.ops[i].layer].unit == 1) return i;
    }
    return std::size_t{0};
  };
  const auto& wide = large_weights.ops[first_conv_of_unit2(large_graph)].at("weight");
  const auto& narrow = small_weights.ops[first_conv_of_unit2(small_graph)].at("weight");
  ASSERT_EQ(wide.shape, (std::vector<std::int64_t>{48, 64, 1, 1}));
  ASSERT_EQ(narrow.shape, (std::vector<std::int64_t>{16, 40, 1, 1}));
  for (std::int64_t o = 0; o < 16; ++o) {
    for (std::int64_t i = 0; i < 40; ++i) {
      ASSERT_EQ(narrow.values[static_cast<std::size_t>(o * 40 + i)], wide.values[static_cast<std::size_t>(o * 64 + i)]);
    }
  }
}

TEST(Supernet, RejectsSpacesWithoutMBConvOrBottleneckBlocks) {
  EXPECT_THROW(Supernet(space::load_space("spos")), InputError);
  EXPECT_THROW(Supernet(space::load_space("s3nas-fmnist")), InputError);
}

}  // namespace
}  // namespace hwnas::train
