#include "hwnas/graph/graph.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace hwnas::graph {

std::string_view to_string(OpKind kind) {
  switch (kind) {
    case OpKind::input: return "input";
    case OpKind::conv: return "conv";
    case OpKind::batch_norm: return "batch_norm";
    case OpKind::activation: return "activation";
    case OpKind::add: return "add";
    case OpKind::multiply: return "multiply";
    case OpKind::global_avg_pool: return "global_avg_pool";
    case OpKind::avg_pool: return "avg_pool";
    case OpKind::max_pool: return "max_pool";
    case OpKind::linear: return "linear";
    case OpKind::concat: return "concat";
    case OpKind::slice: return "slice";
    case OpKind::channel_shuffle: return "channel_shuffle";
  }
  return "?";
}

namespace {
int pooled_size(int size, int kernel, int stride, int pad, bool ceil_mode) {
  const int span = size + 2 * pad - kernel;
  if (span < 0) throw std::invalid_argument("window larger than the padded input");
  int out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  // PyTorch's rule: the last window must start inside the input or left padding.
  if (ceil_mode && (out - 1) * stride >= size + pad) --out;
  return out;
}
}  // namespace

GraphBuilder::GraphBuilder(Shape input) {
  // One allocation for a typical network (ofa-mbv3 has up to ~300 ops): growing the vector step by
  // step was a fifth of the build time in sampling-heavy callers (bench/sim_bench.cpp).
  graph_.ops.reserve(320);
  graph_.layers.reserve(32);
  Op op;
  op.kind = OpKind::input;
  op.out = input;
  graph_.ops.push_back(op);
}

int GraphBuilder::begin_layer(LayerRole role, std::string name, std::string block, int unit,
                              int index) {
  graph_.layers.push_back(Layer{role, std::move(name), std::move(block), unit, index});
  current_layer_ = static_cast<int>(graph_.layers.size()) - 1;
  return current_layer_;
}

int GraphBuilder::push(Op op) {
  op.layer = current_layer_;
  graph_.ops.push_back(std::move(op));
  return static_cast<int>(graph_.ops.size()) - 1;
}

int GraphBuilder::conv(int x, int out_channels, int kernel, int stride, int groups, bool bias) {
  const Shape in = shape(x);
  if (groups <= 0 || in.c % groups != 0 || out_channels % groups != 0) {
    throw std::invalid_argument("conv: channels " + std::to_string(in.c) + "->" +
                                std::to_string(out_channels) + " not divisible by groups " +
                                std::to_string(groups));
  }
  Op op;
  op.kind = OpKind::conv;
  op.inputs = {x};
  op.kernel = kernel;
  op.stride = stride;
  op.pad = kernel / 2;
  op.groups = groups;
  op.bias = bias;
  op.out = {out_channels, pooled_size(in.h, kernel, stride, op.pad, false),
            pooled_size(in.w, kernel, stride, op.pad, false)};
  return push(std::move(op));
}

int GraphBuilder::batch_norm(int x) {
  Op op;
  op.kind = OpKind::batch_norm;
  op.inputs = {x};
  op.out = shape(x);
  return push(std::move(op));
}

int GraphBuilder::activation(int x, Activation act) {
  if (act == Activation::identity) return x;
  Op op;
  op.kind = OpKind::activation;
  op.inputs = {x};
  op.act = act;
  op.out = shape(x);
  return push(std::move(op));
}

int GraphBuilder::add(int a, int b) {
  if (!(shape(a) == shape(b))) throw std::invalid_argument("add: shapes differ");
  Op op;
  op.kind = OpKind::add;
  op.inputs = {a, b};
  op.out = shape(a);
  return push(std::move(op));
}

int GraphBuilder::multiply(int x, int scale) {
  const Shape s = shape(scale);
  if (s.c != shape(x).c || s.h != 1 || s.w != 1) {
    throw std::invalid_argument("multiply: scale must be C×1×1 with the input's channels");
  }
  Op op;
  op.kind = OpKind::multiply;
  op.inputs = {x, scale};
  op.out = shape(x);
  return push(std::move(op));
}

int GraphBuilder::global_avg_pool(int x) {
  Op op;
  op.kind = OpKind::global_avg_pool;
  op.inputs = {x};
  op.out = {shape(x).c, 1, 1};
  return push(std::move(op));
}

int GraphBuilder::avg_pool(int x, int kernel, int stride, int pad, bool ceil_mode) {
  const Shape in = shape(x);
  Op op;
  op.kind = OpKind::avg_pool;
  op.inputs = {x};
  op.kernel = kernel;
  op.stride = stride;
  op.pad = pad;
  op.ceil_mode = ceil_mode;
  op.out = {in.c, pooled_size(in.h, kernel, stride, pad, ceil_mode),
            pooled_size(in.w, kernel, stride, pad, ceil_mode)};
  return push(std::move(op));
}

int GraphBuilder::max_pool(int x, int kernel, int stride, int pad, bool ceil_mode) {
  const int y = avg_pool(x, kernel, stride, pad, ceil_mode);
  graph_.ops.back().kind = OpKind::max_pool;
  return y;
}

int GraphBuilder::linear(int x, int out_features, bool bias) {
  Op op;
  op.kind = OpKind::linear;
  op.inputs = {x};
  op.bias = bias;
  op.out = {out_features, 1, 1};
  return push(std::move(op));
}

int GraphBuilder::concat(const std::vector<int>& xs) {
  if (xs.empty()) throw std::invalid_argument("concat: no inputs");
  Op op;
  op.kind = OpKind::concat;
  op.inputs = xs;
  op.out = shape(xs.front());
  op.out.c = 0;
  for (int x : xs) {
    if (shape(x).h != op.out.h || shape(x).w != op.out.w) {
      throw std::invalid_argument("concat: spatial sizes differ");
    }
    op.out.c += shape(x).c;
  }
  return push(std::move(op));
}

int GraphBuilder::slice(int x, int channel_begin, int channels) {
  const Shape in = shape(x);
  if (channel_begin < 0 || channels <= 0 || channel_begin + channels > in.c) {
    throw std::invalid_argument("slice: channel range outside the input");
  }
  Op op;
  op.kind = OpKind::slice;
  op.inputs = {x};
  op.channel_begin = channel_begin;
  op.out = {channels, in.h, in.w};
  return push(std::move(op));
}

int GraphBuilder::channel_shuffle(int x, int groups) {
  if (groups <= 0 || shape(x).c % groups != 0) {
    throw std::invalid_argument("channel_shuffle: channels not divisible by groups");
  }
  Op op;
  op.kind = OpKind::channel_shuffle;
  op.inputs = {x};
  op.groups = groups;
  op.out = shape(x);
  return push(std::move(op));
}

int GraphBuilder::conv_bn_act(int x, int out_channels, int kernel, int stride, Activation act,
                              int groups) {
  return activation(batch_norm(conv(x, out_channels, kernel, stride, groups)), act);
}

Graph GraphBuilder::finish(int output) && {
  graph_.output = output;
  return std::move(graph_);
}

}  // namespace hwnas::graph
