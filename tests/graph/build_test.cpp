#include "hwnas/graph/build.hpp"

#include <gtest/gtest.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::graph {
namespace {

int count_kind(const Graph& g, OpKind kind) {
  int n = 0;
  for (const auto& op : g.ops) n += op.kind == kind;
  return n;
}

TEST(Build, EverySpaceBuildsWithConsistentShapes) {
  for (const auto& name : space::list_spaces()) {
    const auto s = space::load_space(name);
    arch::Rng rng(1);
    for (int i = 0; i < 100; ++i) {
      const auto a = arch::sample_uniform(s, rng);
      const Graph g = build(s, a);
      ASSERT_EQ(g.shape(g.output), (Shape{s.num_classes, 1, 1})) << name << " " << arch::to_canonical(s, a);
      EXPECT_EQ(g.ops[0].out, (Shape{s.input_channels, a.resolution, a.resolution}));
      for (std::size_t i_op = 1; i_op < g.ops.size(); ++i_op) {
        for (int in : g.ops[i_op].inputs) ASSERT_LT(in, static_cast<int>(i_op)) << "topological order";
        ASSERT_GE(g.ops[i_op].layer, 0);
      }
      int block_layers = 0;
      for (const auto& layer : g.layers) block_layers += layer.role == LayerRole::block;
      int depth = 0;
      for (std::size_t u = 0; u < a.units.size(); ++u) depth += a.depth(static_cast<int>(u));
      EXPECT_EQ(block_layers, depth) << name;
    }
  }
}

// Spatial size entering the head's global pooling (the last one; SE blocks pool too).
int final_feature_size(const Graph& g) {
  int size = -1;
  for (const auto& op : g.ops) {
    if (op.kind == OpKind::global_avg_pool) size = g.shape(op.inputs[0]).h;
  }
  return size;
}

TEST(Build, OfaMbv3FinalFeatureMapIsSevenAt224) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(3);
  EXPECT_EQ(final_feature_size(build(s, arch::sample_uniform(s, rng, 224))), 7) << "total stride 32";
  EXPECT_EQ(final_feature_size(build(s, arch::sample_uniform(s, rng, 208))), 7) << "ceil(208/32) = 7";
  EXPECT_EQ(final_feature_size(build(s, arch::sample_uniform(s, rng, 128))), 4);
}

TEST(Build, SeOnlyInTheUnitsThatHaveIt) {
  const auto s = space::load_space("ofa-mbv3");
  const auto a = arch::parse_canonical(s, "r224|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3");
  const Graph g = build(s, a);
  // SE in units 2, 4, 5 (two layers each): six multiplies.
  EXPECT_EQ(count_kind(g, OpKind::multiply), 6);
  // Identity skips: second layer of each unit, plus OFA's first block (24 -> 24).
  EXPECT_EQ(count_kind(g, OpKind::add), 6);
}

TEST(Build, ShuffleUnitsSplitShuffleAndConcat) {
  const auto s = space::load_space("spos");
  arch::Rng rng(4);
  const Graph g = build(s, arch::sample_uniform(s, rng));
  EXPECT_EQ(count_kind(g, OpKind::concat), 20);
  EXPECT_EQ(count_kind(g, OpKind::channel_shuffle), 16) << "stride-1 layers only";
  EXPECT_EQ(count_kind(g, OpKind::slice), 32);
}

TEST(Build, MixconvMergesBranchesOfTheSameKernel) {
  const auto s = space::load_space("s3nas");
  const auto merged = arch::parse_canonical(s, "r224|k3-x-k3|k5-k5-x|k3-k5-k7|k3-x-x|x-x-k7");
  const Graph g = build(s, merged);
  std::vector<int> dw_kernels;
  for (const auto& op : g.ops) {
    if (op.kind == OpKind::conv && op.groups > 1) dw_kernels.push_back(op.kernel);
  }
  EXPECT_EQ(dw_kernels, (std::vector<int>{3, 5, 3, 5, 7, 3, 7}));
}

TEST(Build, ResnetStemBlockFollowsItsVariable) {
  const auto s = space::load_space("resnet50");
  const std::string units = "|C100:B20,B25|C65:B35,B35|C80:B20,B20,B20,B20|C100:B35,B35,B35,B35";
  const Graph with = build(s, arch::parse_canonical(s, "r224|stem_width=2|stem_out=1|stem_depth=1" + units));
  const Graph without = build(s, arch::parse_canonical(s, "r224|stem_width=2|stem_out=1|stem_depth=0" + units));
  EXPECT_EQ(with.layers.size(), without.layers.size() + 1);
  EXPECT_EQ(count_kind(with, OpKind::add), count_kind(without, OpKind::add) + 1);
}

TEST(Build, InvalidArchitectureIsRejectedBeforeBuilding) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(1);
  auto a = arch::sample_uniform(s, rng);
  a.units[2].blocks.clear();
  EXPECT_THROW(build(s, a), arch::InvalidArchitecture);
}

}  // namespace
}  // namespace hwnas::graph
