#include "hwnas/cost/cost.hpp"

#include <gtest/gtest.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::cost {
namespace {

using graph::GraphBuilder;
using graph::Shape;

Cost block_cost(const space::Space& s, const std::string& block, Shape in, int out, int stride, bool se) {
  GraphBuilder b(in);
  b.begin_layer(graph::LayerRole::block, "x");
  const int y = graph::build_block(b, s, s.blocks[static_cast<std::size_t>(s.block_index(block))], b.input(),
                                   out, stride, graph::Activation::relu, se);
  return count_total(std::move(b).finish(y));
}

TEST(Cost, MbconvByHand) {
  const auto s = space::load_space("ofa-mbv3");
  // 24×56×56 -> e3 k3 stride 2 -> 32: mid 72.
  const Cost c = block_cost(s, "e3k3", {24, 56, 56}, 32, 2, false);
  const std::int64_t expand = 72LL * 56 * 56 * 24, dw = 72LL * 28 * 28 * 9, project = 32LL * 28 * 28 * 72;
  EXPECT_EQ(c.macs, expand + dw + project);
  EXPECT_EQ(c.params, (24 * 72 + 2 * 72) + (72 * 9 + 2 * 72) + (72 * 32 + 2 * 32));
  EXPECT_EQ(c.flops(), 2 * c.macs);
}

TEST(Cost, SeAddsExactlyItsTwoConvs) {
  const auto s = space::load_space("ofa-mbv3");
  const Cost plain = block_cost(s, "e3k3", {24, 56, 56}, 32, 2, false);
  const Cost with_se = block_cost(s, "e3k3", {24, 56, 56}, 32, 2, true);
  // SE on 72 channels: 72 -> make_divisible(18) = 24 -> 72, both 1×1 with bias.
  EXPECT_EQ(with_se.params - plain.params, (72 * 24 + 24) + (24 * 72 + 72));
  EXPECT_EQ(with_se.macs - plain.macs, 72 * 24 + 24 * 72);
}

TEST(Cost, BottleneckWithDownsampleByHand) {
  const auto s = space::load_space("resnet50");
  // 64×56×56 -> B25 -> 256, stride 1: mid = 64; shortcut 1×1 conv (no pool at stride 1).
  const Cost c = block_cost(s, "B25", {64, 56, 56}, 256, 1, false);
  const std::int64_t hw = 56 * 56;
  EXPECT_EQ(c.macs, hw * 64 * 64 + hw * 64 * 64 * 9 + hw * 256 * 64 + hw * 256 * 64);
  EXPECT_EQ(c.params, (64 * 64 + 128) + (64 * 64 * 9 + 128) + (64 * 256 + 512) + (64 * 256 + 512));
}

TEST(Cost, ShuffleUnitByHand) {
  const auto s = space::load_space("spos");
  // SPOS layer 1: 16×112×112 -> Choice_3 stride 2 -> 64. Proj: dw3 16 + pw 16->16; main: pw 16->32,
  // dw3 32 s2, pw 32->48.
  const Cost c = block_cost(s, "Choice_3", {16, 112, 112}, 64, 2, false);
  const std::int64_t o = 56 * 56, i = 112 * 112;
  EXPECT_EQ(c.macs, o * 16 * 9 + o * 16 * 16 + i * 32 * 16 + o * 32 * 9 + o * 48 * 32);
  EXPECT_EQ(c.params, (16 * 9 + 32) + (16 * 16 + 32) + (16 * 32 + 64) + (32 * 9 + 64) + (32 * 48 + 96));
}

TEST(Cost, LinearAndWholeNetworkTotalsAddUp) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(8);
  for (int i = 0; i < 50; ++i) {
    const auto g = graph::build(s, arch::sample_uniform(s, rng));
    const NetworkCost c = count(g);
    Cost sum;
    for (const auto& layer : c.layers) sum += layer;
    EXPECT_EQ(sum.macs, c.total.macs);
    EXPECT_EQ(sum.params, c.total.params);
    EXPECT_EQ(count_total(g).macs, c.total.macs);
    // Head: 192->1152 conv+BN, 1152->1536 conv, 1536->1000 linear with bias.
    EXPECT_EQ(c.layers.back().params, 1536 * 1000 + 1000);
    EXPECT_GT(c.peak_activation_bytes, 0);
    EXPECT_LT(c.peak_activation_bytes, c.total.activation_bytes);
  }
}

TEST(Cost, UnitParamsGrowWithDepth) {
  const auto s = space::load_space("ofa-mbv3");
  const auto shallow = arch::parse_canonical(s, "r224|e4k5,e4k5|e4k5,e4k5|e4k5,e4k5|e4k5,e4k5|e4k5,e4k5");
  const auto deeper = arch::parse_canonical(s, "r224|e4k5,e4k5|e4k5,e4k5,e4k5|e4k5,e4k5|e4k5,e4k5|e4k5,e4k5");
  const auto a = count_total(graph::build(s, shallow));
  const auto b = count_total(graph::build(s, deeper));
  EXPECT_GT(b.params, a.params);
  EXPECT_GT(b.macs, a.macs);
}

}  // namespace
}  // namespace hwnas::cost
