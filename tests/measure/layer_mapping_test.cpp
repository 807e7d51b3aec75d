// Tool layer names back to IR layers: fused, wrapped, decorated and unrelated names.
#include <gtest/gtest.h>

#include "hwnas/measure/layer_mapping.hpp"

namespace hwnas::measure {
namespace {

const std::vector<std::string> kLayers = {"stem.0", "u1.l0", "u1.l1", "u11.l1", "head.0"};

TEST(LayerMapping, FusedWrappedAndDecoratedNames) {
  using V = std::vector<std::string>;
  EXPECT_EQ(ir_layers_of("u1.l0/conv5 + u1.l0/activation6", kLayers), V{"u1.l0"});  // TensorRT fusion
  EXPECT_EQ(ir_layers_of("u1.l1/conv9 + u1.l0/add8", kLayers), (V{"u1.l1", "u1.l0"}));  // in the order named
  EXPECT_EQ(ir_layers_of("stem.0/conv1 + PWN(stem.0/activation2)", kLayers), V{"stem.0"});
  EXPECT_EQ(ir_layers_of("u1.l1/conv9/WithoutBiases", kLayers), V{"u1.l1"});  // OpenVINO
  EXPECT_EQ(ir_layers_of("u11.l1/conv40", kLayers), V{"u11.l1"});  // not u1.l1 inside u11.l1
  EXPECT_EQ(ir_layers_of("Reformatting CopyNode for Input Tensor 0 to u1.l0/conv5", kLayers), V{"u1.l0"});
  EXPECT_TRUE(ir_layers_of("Reformatting CopyNode for Input Tensor 0", kLayers).empty());
  EXPECT_TRUE(ir_layers_of("u1.l0", kLayers).empty());  // a layer name alone is no node of it
}

}  // namespace
}  // namespace hwnas::measure
