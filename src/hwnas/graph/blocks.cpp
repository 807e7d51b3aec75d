// IR for each block family of space::BlockKind. Channel arithmetic follows the reference code of
// each paper (OFA, SPOS, HURRICANE, S3NAS); docs/spaces.md lists the ops of every block.
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "hwnas/graph/build.hpp"

namespace hwnas::graph {
namespace {

using space::BlockKind;
using space::BlockSpec;
using space::Space;

// Python's round() (half to even), which the reference code uses before make_divisible.
int round_half_even(double v) { return static_cast<int>(std::nearbyint(v)); }

int squeeze_excite(GraphBuilder& b, const Space& space, int x) {
  const int channels = b.shape(x).c;
  const int mid = space::make_divisible(channels / space.se.reduction, space.channel_divisor);
  int s = b.global_avg_pool(x);
  s = b.activation(b.conv(s, mid, 1, 1, 1, true), Activation::relu);
  s = b.activation(b.conv(s, channels, 1, 1, 1, true), space.se.gate);
  return b.multiply(x, s);
}

int mbconv(GraphBuilder& b, const Space& space, const BlockSpec& block, int x, int out, int stride,
           Activation act, bool se) {
  const int in = b.shape(x).c;
  int y = x;
  int mid = in;
  if (block.expand != 1.0) {
    mid = space::make_divisible(round_half_even(in * block.expand), space.channel_divisor);
    y = b.conv_bn_act(y, mid, 1, 1, act);
  }
  y = b.conv_bn_act(y, mid, block.kernel, stride, act, mid);
  if (se) y = squeeze_excite(b, space, y);
  y = b.batch_norm(b.conv(y, out, 1, 1));
  return (stride == 1 && in == out) ? b.add(x, y) : y;
}

// DARTS' SepConv applied twice (pre-activation).
int sep(GraphBuilder& b, const Space& space, const BlockSpec& block, int x, int out, int stride,
        Activation act, bool se) {
  const int in = b.shape(x).c;
  int y = b.activation(x, act);
  y = b.conv(y, in, block.kernel, stride, in);
  y = b.batch_norm(b.conv(y, in, 1, 1));
  y = b.activation(y, act);
  y = b.conv(y, in, block.kernel, 1, in);
  y = b.batch_norm(b.conv(y, out, 1, 1));
  return se ? squeeze_excite(b, space, y) : y;
}

// SPOS ShuffleNetV2 units. Stride 1: SPOS splits the input into even and odd channels
// (= channel_shuffle with C/2 groups, then two halves), keeps one half and transforms the other.
// Stride 2: both branches see the whole input.
int shuffle(GraphBuilder& b, const Space& space, const BlockSpec& block, int x, int out, int stride,
            Activation act, bool se) {
  const int in = b.shape(x).c;
  const bool xception = block.kind == BlockKind::shuffle_xception;
  int proj = x;
  int main = x;
  int main_in = in;
  if (stride == 1) {
    if (in != out || in % 4 != 0) {
      throw std::invalid_argument("shuffle block with stride 1 needs equal in/out channels divisible by 4, got " +
                                  std::to_string(in) + "->" + std::to_string(out));
    }
    const int shuffled = b.channel_shuffle(x, in / 2);
    proj = b.slice(shuffled, 0, in / 2);
    main = b.slice(shuffled, in / 2, in / 2);
    main_in = in / 2;
  } else {
    proj = b.conv(x, in, block.kernel, stride, in);
    proj = b.batch_norm(proj);
    proj = b.conv_bn_act(proj, in, 1, 1, act);
  }
  const int mid = out / 2;
  const int outputs = out - (stride == 1 ? in / 2 : in);
  int y = main;
  if (xception) {
    y = b.batch_norm(b.conv(y, main_in, 3, stride, main_in));
    y = b.conv_bn_act(y, mid, 1, 1, act);
    y = b.batch_norm(b.conv(y, mid, 3, 1, mid));
    y = b.conv_bn_act(y, mid, 1, 1, act);
    y = b.batch_norm(b.conv(y, mid, 3, 1, mid));
    y = b.conv_bn_act(y, outputs, 1, 1, act);
  } else {
    y = b.conv_bn_act(y, mid, 1, 1, act);
    y = b.batch_norm(b.conv(y, mid, block.kernel, stride, mid));
    y = b.conv_bn_act(y, outputs, 1, 1, act);
  }
  if (se) y = squeeze_excite(b, space, y);
  return b.concat({proj, y});
}

// OFA's ResNet bottleneck; the shortcut is avgpool(stride, ceil) + 1×1 conv + BN when the shape
// changes (OFA's "avgpool_conv" mode; the pool is omitted at stride 1 where it is the identity).
int bottleneck(GraphBuilder& b, const Space& space, const BlockSpec& block, int x, int out,
               int stride, Activation act, bool se) {
  const int in = b.shape(x).c;
  const int mid = space::make_divisible(round_half_even(out * block.expand), space.channel_divisor);
  int y = b.conv_bn_act(x, mid, 1, 1, act);
  y = b.conv_bn_act(y, mid, block.kernel, stride, act);
  y = b.batch_norm(b.conv(y, out, 1, 1));
  if (se) y = squeeze_excite(b, space, y);
  int shortcut = x;
  if (stride != 1 || in != out) {
    if (stride != 1) shortcut = b.avg_pool(shortcut, stride, stride, 0, true);
    shortcut = b.batch_norm(b.conv(shortcut, out, 1, 1));
  }
  return b.activation(b.add(y, shortcut), act);
}

// S3NAS MixConv block. Branch j has round(in·e_j) channels (made divisible); branches with the same
// kernel size are merged into one depthwise conv — the same function, since channel order is free
// between the 1×1 convs — which is also how S3NAS looks their latency up. Each branch carries its
// own BN and activation before the concat (per channel, so the same function as after it), as a
// deployed network fuses them: a BN after the concat would be a kernel of its own on every device
// whose fusion starts at a conv, and price a mixed-kernel block above its all-largest-kernel one.
int mixconv(GraphBuilder& b, const Space& space, const BlockSpec& block, int x, int out, int stride,
            Activation act, bool se) {
  const int in = b.shape(x).c;
  std::map<int, int> channels_by_kernel;  // kernel -> merged channels, kernels ascending
  for (const auto& branch : block.branches) {
    if (branch.expand <= 0) continue;
    channels_by_kernel[branch.kernel] +=
        space::make_divisible(round_half_even(in * branch.expand), space.channel_divisor);
  }
  int mid = 0;
  for (const auto& [kernel, channels] : channels_by_kernel) mid += channels;
  const int expanded = b.conv_bn_act(x, mid, 1, 1, act);
  std::vector<int> parts;
  int begin = 0;
  for (const auto& [kernel, channels] : channels_by_kernel) {
    const int part = channels_by_kernel.size() == 1 ? expanded : b.slice(expanded, begin, channels);
    parts.push_back(b.conv_bn_act(part, channels, kernel, stride, act, channels));
    begin += channels;
  }
  int y = parts.size() == 1 ? parts.front() : b.concat(parts);
  if (se) y = squeeze_excite(b, space, y);
  y = b.batch_norm(b.conv(y, out, 1, 1));
  return (stride == 1 && in == out) ? b.add(x, y) : y;
}

}  // namespace

int build_block(GraphBuilder& builder, const Space& space, const BlockSpec& block, int x,
                int out_channels, int stride, Activation unit_act, bool unit_se) {
  const Activation act = block.act.value_or(unit_act);
  const bool se = block.se || unit_se;
  switch (block.kind) {
    case BlockKind::mbconv: return mbconv(builder, space, block, x, out_channels, stride, act, se);
    case BlockKind::sep: return sep(builder, space, block, x, out_channels, stride, act, se);
    case BlockKind::shuffle:
    case BlockKind::shuffle_xception:
      return shuffle(builder, space, block, x, out_channels, stride, act, se);
    case BlockKind::bottleneck:
      return bottleneck(builder, space, block, x, out_channels, stride, act, se);
    case BlockKind::mixconv: return mixconv(builder, space, block, x, out_channels, stride, act, se);
  }
  throw std::logic_error("unhandled block kind");
}

}  // namespace hwnas::graph
