// The network IR: an engine-neutral list of typed ops over batch-1 NCHW tensors.
//
// Every op produces exactly one tensor, named by the op's index in Graph::ops; inputs name earlier
// ops, so the list is already in topological order. Export, engines, simulators, predictors and the
// cost model all read this one structure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/common/activation.hpp"

namespace hwnas::graph {

enum class OpKind : std::uint8_t {
  input,           // the network input
  conv,            // 2-D convolution (groups, stride, symmetric padding, optional bias)
  batch_norm,      // per-channel affine normalisation (inference form after folding)
  activation,      // elementwise non-linearity, see Activation
  add,             // elementwise sum of two tensors of equal shape
  multiply,        // input0 * input1, input1 of shape C×1×1 broadcast over H×W (SE)
  global_avg_pool, // C×H×W -> C×1×1
  avg_pool,        // kernel/stride/pad, ceil_mode
  max_pool,        // kernel/stride/pad, ceil_mode
  linear,          // C×1×1 (flattened) -> out_channels
  concat,          // along channels, any number of inputs
  slice,           // channels [channel_begin, channel_begin + out.c) of one input
  channel_shuffle, // groups: reshape (g, C/g) -> transpose -> flatten
};

// The IR computes the activations a space names (common/activation.hpp).
using hwnas::Activation;
using hwnas::parse_activation;
using hwnas::to_string;

std::string_view to_string(OpKind kind);

struct Shape {
  int c = 0;
  int h = 0;
  int w = 0;
  std::int64_t elements() const { return std::int64_t{c} * h * w; }
  friend bool operator==(const Shape&, const Shape&) = default;
};

struct Op {
  OpKind kind = OpKind::input;
  std::vector<int> inputs;  // indices of producing ops
  Shape out;
  int layer = -1;           // index into Graph::layers: which logical layer this op belongs to

  // conv / pools
  int kernel = 1;
  int stride = 1;
  int pad = 0;
  int groups = 1;           // conv; for channel_shuffle the number of groups
  bool bias = false;        // conv, linear
  bool ceil_mode = false;   // pools
  // activation
  Activation act = Activation::identity;
  // slice
  int channel_begin = 0;
};

// What a logical layer is: stem/head parts, or a searchable (unit, layer) position.
enum class LayerRole : std::uint8_t { stem, block, head };

struct Layer {
  LayerRole role = LayerRole::block;
  std::string name;   // "stem.0", "u1.l2", "head.1" ...
  std::string block;  // block name for searchable layers (space vocabulary), op summary otherwise
  int unit = -1;      // 0-based unit for searchable layers
  int index = -1;     // 0-based layer within the unit
};

struct Graph {
  std::vector<Op> ops;
  std::vector<Layer> layers;
  int output = -1;    // op index of the logits

  const Op& op(int idx) const { return ops[static_cast<std::size_t>(idx)]; }
  const Shape& shape(int idx) const { return op(idx).out; }
};

// Appends ops with shape inference; the IR builder and hand-made test graphs both use it.
// Shape rules: conv/pool output H = floor((H + 2·pad − kernel) / stride) + 1 (ceil for ceil_mode).
class GraphBuilder {
 public:
  explicit GraphBuilder(Shape input);

  // Starts a new logical layer; ops appended afterwards belong to it. Returns its index.
  int begin_layer(LayerRole role, std::string name, std::string block = {}, int unit = -1,
                  int index = -1);

  int conv(int x, int out_channels, int kernel, int stride, int groups = 1, bool bias = false);
  int batch_norm(int x);
  int activation(int x, Activation act);  // identity returns x unchanged
  int add(int a, int b);
  int multiply(int x, int scale);
  int global_avg_pool(int x);
  int avg_pool(int x, int kernel, int stride, int pad, bool ceil_mode);
  int max_pool(int x, int kernel, int stride, int pad, bool ceil_mode = false);
  int linear(int x, int out_features, bool bias = true);
  int concat(const std::vector<int>& xs);
  int slice(int x, int channel_begin, int channels);
  int channel_shuffle(int x, int groups);

  // conv -> BN -> activation, the common triple.
  int conv_bn_act(int x, int out_channels, int kernel, int stride, Activation act, int groups = 1);

  const Shape& shape(int x) const { return graph_.ops[static_cast<std::size_t>(x)].out; }
  int input() const { return 0; }
  Graph finish(int output) &&;

 private:
  int push(Op op);
  Graph graph_;
  int current_layer_ = -1;
};

}  // namespace hwnas::graph
