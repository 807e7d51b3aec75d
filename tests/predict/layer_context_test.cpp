// Layer contexts agree with the full network: the same MACs per layer, OFA-style keys, and a
// standalone graph per layer of the right shapes.
#include <gtest/gtest.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/predict/features.hpp"
#include "hwnas/predict/layer_context.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::predict {
namespace {

TEST(LayerContexts, MatchTheFullNetworkLayerByLayer) {
  for (const char* name : {"ofa-mbv3", "proxyless"}) {
    const auto space = space::load_space(name);
    LayerContexts contexts(space);
    arch::Rng rng(3);
    for (int i = 0; i < 20; ++i) {
      const auto a = arch::sample_uniform(space, rng);
      const auto g = graph::build(space, a);
      const auto cost = cost::count(g);
      const auto layers = contexts.layers(a);
      ASSERT_EQ(layers.size(), g.layers.size()) << name;
      for (std::size_t l = 0; l < layers.size(); ++l) {
        EXPECT_EQ(layers[l]->macs, cost.layers[l].macs) << name << " layer " << g.layers[l].name;
        EXPECT_EQ(layers[l]->role, g.layers[l].role);
        int last = -1;
        for (std::size_t o = 0; o < g.ops.size(); ++o) {
          if (g.ops[o].layer == static_cast<int>(l)) last = static_cast<int>(o);
        }
        EXPECT_EQ(layers[l]->out, g.shape(last)) << name << " layer " << g.layers[l].name;
      }
    }
  }
}

TEST(LayerContexts, OfaKeys) {
  const auto space = space::load_space("ofa-mbv3");
  LayerContexts contexts(space);
  arch::Rng rng(1);
  auto a = arch::sample_uniform(space, rng, 224);
  a.units[0].blocks = {space.block_index("e6k5"), space.block_index("e3k3")};
  const auto layers = contexts.layers(a);
  EXPECT_EQ(layers.front()->key, "Conv-input:224x224x3-output:112x112x24");
  EXPECT_EQ(layers[1]->key, "expanded_conv-input:112x112x24-output:112x112x24-expand:24-kernel:3-stride:1-idskip:1-se:0-hs:0");
  EXPECT_EQ(layers[2]->key, "expanded_conv-input:112x112x24-output:56x56x32-expand:144-kernel:5-stride:2-idskip:0-se:0-hs:0");
  EXPECT_EQ(layers[3]->key, "expanded_conv-input:56x56x32-output:56x56x32-expand:96-kernel:3-stride:1-idskip:1-se:0-hs:0");
  EXPECT_EQ(layers[layers.size() - 4]->key, "Conv_1-input:7x7x192-output:7x7x1152");
  EXPECT_EQ(layers[layers.size() - 3]->key, "AvgPool2D-input:7x7x1152-output:1x1x1152");
  EXPECT_EQ(layers[layers.size() - 2]->key, "Conv_2-input:1x1x1152-output:1x1x1536");
  EXPECT_EQ(layers.back()->key, "Logits-input:1x1x1536-output:1000");
  // A standalone layer graph starts at the layer's input shape.
  EXPECT_EQ(layers[2]->graph.ops.front().out, (graph::Shape{24, 112, 112}));
}

TEST(Features, OneHotsDepthsAndMacs) {
  const auto space = space::load_space("ofa-mbv3");
  LayerContexts contexts(space);
  const FeatureEncoder encoder(space, FeatureSet::linear);
  arch::Rng rng(2);
  const auto a = arch::sample_uniform(space, rng, 160);
  std::vector<double> f(encoder.size());
  encoder.encode(contexts.layers(a), a.resolution, f);
  double ones = 0;
  for (std::size_t j = 0; j < f.size(); ++j) {
    if (encoder.names()[j].find('=') != std::string::npos) ones += f[j];
  }
  int depth = 0;
  for (std::size_t u = 0; u < space.units.size(); ++u) depth += a.depth(static_cast<int>(u));
  EXPECT_EQ(ones, depth);
  EXPECT_EQ(f[encoder.size() - 2], 160);
  EXPECT_NEAR(f.back(), static_cast<double>(cost::count_total(graph::build(space, a)).macs) * 1e-6, 1e-6);
  EXPECT_EQ(FeatureEncoder(space, FeatureSet::trees).size(), encoder.size() + 4 * 20);
}

}  // namespace
}  // namespace hwnas::predict
