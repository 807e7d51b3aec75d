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

LayerShapeError::LayerShapeError(std::string layer_name, int unit_index, int layer_index, std::string block_name,
                                 const std::string& why)
    : std::invalid_argument("layer " + layer_name + " (" + block_name + "): " + why),
      layer(std::move(layer_name)),
      unit(unit_index),
      layer_in_unit(layer_index),
      block(std::move(block_name)) {}

Graph build(const space::Space& space, const arch::Architecture& arch) {
  arch::validate(space, arch);
  GraphBuilder b(Shape{space.input_channels, arch.resolution, arch.resolution});
  // Where the build is, to name the layer in a LayerShapeError (names are made only then).
  LayerRole role = LayerRole::stem;
  std::size_t index = 0, unit_index = 0;
  try {
    int x = b.input();
    for (index = 0; index < space.stem.size(); ++index) {
      const FixedLayer& layer = space.stem[index];
      if (resolve(space, arch, layer.enabled) == 0) continue;
      b.begin_layer(LayerRole::stem, "stem." + std::to_string(index), fixed_summary(layer));
      x = build_fixed(b, space, arch, layer, x);
    }
    role = LayerRole::block;
    for (unit_index = 0; unit_index < space.units.size(); ++unit_index) {
      const space::UnitSpec& unit = space.units[unit_index];
      const arch::UnitChoice& choice = arch.units[unit_index];
      const int out = unit.widths[static_cast<std::size_t>(choice.width)];
      for (index = 0; index < choice.blocks.size(); ++index) {
        const space::BlockSpec& block = space.blocks[static_cast<std::size_t>(choice.blocks[index])];
        b.begin_layer(LayerRole::block, "u" + std::to_string(unit_index + 1) + ".l" + std::to_string(index + 1),
                      block.name, static_cast<int>(unit_index), static_cast<int>(index));
        x = build_block(b, space, block, x, out, index == 0 ? unit.stride : 1, unit.act, unit.se);
      }
    }
    role = LayerRole::head;
    for (index = 0; index < space.head.size(); ++index) {
      const FixedLayer& layer = space.head[index];
      if (resolve(space, arch, layer.enabled) == 0) continue;
      b.begin_layer(LayerRole::head, "head." + std::to_string(index), fixed_summary(layer));
      x = build_fixed(b, space, arch, layer, x);
    }
    return std::move(b).finish(x);
  } catch (const LayerShapeError&) {
    throw;
  } catch (const std::invalid_argument& e) {
    if (role == LayerRole::block) {
      const int block = arch.units[unit_index].blocks[index];
      throw LayerShapeError("u" + std::to_string(unit_index + 1) + ".l" + std::to_string(index + 1),
                            static_cast<int>(unit_index), static_cast<int>(index),
                            space.blocks[static_cast<std::size_t>(block)].name, e.what());
    }
    const bool stem = role == LayerRole::stem;
    const FixedLayer& layer = stem ? space.stem[index] : space.head[index];
    throw LayerShapeError((stem ? "stem." : "head.") + std::to_string(index), -1, -1, fixed_summary(layer), e.what());
  }
}

}  // namespace hwnas::graph
