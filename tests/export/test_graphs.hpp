// Hand-built graphs that together use every IR op kind and every activation, shared by the export
// and engine tests (tests/engine includes this file).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "hwnas/graph/graph.hpp"

namespace hwnas::testing {

using graph::Activation;
using graph::GraphBuilder;
using graph::LayerRole;

// MBConv with SE and a residual, odd-size ceil-mode pools, a classifier: conv (groups, bias),
// batch_norm, relu, relu6, h_swish, h_sigmoid, sigmoid, add, multiply, pools, linear.
inline graph::Graph mbconv_graph() {
  GraphBuilder b({3, 30, 30});
  b.begin_layer(LayerRole::stem, "stem.0");
  int x = b.conv_bn_act(b.input(), 16, 3, 2, Activation::h_swish);  // 15×15
  b.begin_layer(LayerRole::block, "u0.l0", "mbconv_e3_k5", 0, 0);
  int y = b.conv_bn_act(x, 48, 1, 1, Activation::relu6);
  y = b.conv_bn_act(y, 48, 5, 1, Activation::h_swish, 48);
  int se = b.global_avg_pool(y);
  se = b.activation(b.conv(se, 12, 1, 1, 1, true), Activation::relu);
  se = b.activation(b.conv(se, 48, 1, 1, 1, true), Activation::h_sigmoid);
  y = b.multiply(y, se);
  y = b.batch_norm(b.conv(y, 16, 1, 1));
  x = b.add(x, y);
  b.begin_layer(LayerRole::head, "head.0");
  x = b.avg_pool(x, 2, 2, 0, true);     // 15 -> 8, last window hangs over the edge
  x = b.max_pool(x, 3, 2, 1, true);     // 8 -> 4
  x = b.conv_bn_act(x, 32, 1, 1, Activation::sigmoid);
  x = b.global_avg_pool(x);
  x = b.linear(x, 10);
  return std::move(b).finish(x);
}

// ShuffleNetV2-style unit: slice, concat, channel_shuffle, a bias-free linear, and a batch norm
// that cannot fold (it follows a concat) plus one whose conv output has a second consumer.
inline graph::Graph shuffle_graph() {
  GraphBuilder b({3, 20, 20});
  b.begin_layer(LayerRole::stem, "stem.0");
  int x = b.conv_bn_act(b.input(), 16, 3, 1, Activation::relu);
  b.begin_layer(LayerRole::block, "u0.l0", "shuffle_k3", 0, 0);
  const int left = b.slice(x, 0, 8);
  int right = b.slice(x, 8, 8);
  const int shared = b.conv(right, 8, 1, 1);
  right = b.conv_bn_act(b.batch_norm(shared), 8, 3, 1, Activation::relu, 8);
  right = b.add(right, shared);
  x = b.concat({left, right});
  x = b.batch_norm(x);
  x = b.channel_shuffle(x, 2);
  b.begin_layer(LayerRole::head, "head.0");
  x = b.max_pool(x, 3, 2, 1);
  x = b.global_avg_pool(x);
  x = b.linear(x, 7, false);
  return std::move(b).finish(x);
}

// Output is a feature map, not logits: exports keep it 4-D.
inline graph::Graph feature_map_graph() {
  GraphBuilder b({4, 9, 9});
  b.begin_layer(LayerRole::stem, "stem.0");
  const int x = b.conv(b.input(), 6, 3, 2, 2, true);
  return std::move(b).finish(b.activation(x, Activation::relu6));
}

inline std::vector<std::pair<std::string, graph::Graph>> test_graphs() {
  return {{"mbconv", mbconv_graph()}, {"shuffle", shuffle_graph()},
          {"feature_map", feature_map_graph()}};
}

}  // namespace hwnas::testing
