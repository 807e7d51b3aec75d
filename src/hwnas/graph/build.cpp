#include "hwnas/graph/build.hpp"

#include <stdexcept>
#include <string>

namespace hwnas::graph {
namespace {

using space::FixedLayer;
using space::FixedOp;

int resolve(const space::Space& space, const arch::Architecture& arch, const space::IntParam& p) {
  if (p.variable < 0) return p.value;
  const auto var = static_cast<std::size_t>(p.variable);
  return space.variables[var].values[static_cast<std::size_t>(arch.variables[var])];
}

std::string fixed_summary(const FixedLayer& layer) {
  switch (layer.op) {
    case FixedOp::conv:
      return "conv" + std::to_string(layer.kernel) + "x" + std::to_string(layer.kernel);
    case FixedOp::block: return std::string(space::to_string(layer.block.kind));
    case FixedOp::residual_conv: return "residual_conv";
    case FixedOp::max_pool: return "max_pool";
    case FixedOp::global_avg_pool: return "global_avg_pool";
    case FixedOp::linear: return "linear";
  }
  return "?";
}

int build_fixed(GraphBuilder& b, const space::Space& space, const arch::Architecture& arch,
                const FixedLayer& layer, int x) {
  switch (layer.op) {
    case FixedOp::conv: {
      int y = b.conv(x, resolve(space, arch, layer.out), layer.kernel, layer.stride, 1, layer.bias);
      if (layer.bn) y = b.batch_norm(y);
      return b.activation(y, layer.act);
    }
    case FixedOp::block:
      return build_block(b, space, layer.block, x, resolve(space, arch, layer.out), layer.stride,
                         layer.act, false);
    case FixedOp::residual_conv: {
      int y = b.conv(x, b.shape(x).c, layer.kernel, 1, 1, layer.bias);
      if (layer.bn) y = b.batch_norm(y);
      return b.add(x, b.activation(y, layer.act));
    }
    case FixedOp::max_pool: return b.max_pool(x, layer.kernel, layer.stride, layer.pad);
    case FixedOp::global_avg_pool: return b.global_avg_pool(x);
    case FixedOp::linear: {
      if (b.shape(x).h != 1 || b.shape(x).w != 1) {
        throw std::invalid_argument("linear layer needs a pooled (C×1×1) input");
      }
      return b.linear(x, resolve(space, arch, layer.out), layer.bias);
    }
  }
  throw std::logic_error("unhandled fixed op");
}

}  // namespace

Graph build(const space::Space& space, const arch::Architecture& arch) {
  arch::validate(space, arch);
  GraphBuilder b(Shape{space.input_channels, arch.resolution, arch.resolution});
  int x = b.input();
  for (std::size_t i = 0; i < space.stem.size(); ++i) {
    const FixedLayer& layer = space.stem[i];
    if (resolve(space, arch, layer.enabled) == 0) continue;
    b.begin_layer(LayerRole::stem, "stem." + std::to_string(i), fixed_summary(layer));
    x = build_fixed(b, space, arch, layer, x);
  }
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    const space::UnitSpec& unit = space.units[u];
    const arch::UnitChoice& choice = arch.units[u];
    const int out = unit.widths[static_cast<std::size_t>(choice.width)];
    for (std::size_t l = 0; l < choice.blocks.size(); ++l) {
      const space::BlockSpec& block = space.blocks[static_cast<std::size_t>(choice.blocks[l])];
      b.begin_layer(LayerRole::block, "u" + std::to_string(u + 1) + ".l" + std::to_string(l + 1),
                    block.name, static_cast<int>(u), static_cast<int>(l));
      x = build_block(b, space, block, x, out, l == 0 ? unit.stride : 1, unit.act, unit.se);
    }
  }
  for (std::size_t i = 0; i < space.head.size(); ++i) {
    const FixedLayer& layer = space.head[i];
    if (resolve(space, arch, layer.enabled) == 0) continue;
    b.begin_layer(LayerRole::head, "head." + std::to_string(i), fixed_summary(layer));
    x = build_fixed(b, space, arch, layer, x);
  }
  return std::move(b).finish(x);
}

}  // namespace hwnas::graph
