#include "hwnas/hurricane/layer_profile.hpp"

#include <fmt/core.h>

#include "hwnas/arch/first_candidates.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/profile/profiler.hpp"

namespace hwnas::hurricane {
namespace {

// The architecture with layer slot's op replaced; the unit is already at full depth.
arch::Architecture with_op(arch::Architecture a, const LayerSlot& slot, int block) {
  a.units[static_cast<std::size_t>(slot.unit)].blocks[static_cast<std::size_t>(slot.layer)] = block;
  return a;
}

const std::vector<int>& candidates(const space::Space& space, const LayerSlot& slot) {
  return space.units[static_cast<std::size_t>(slot.unit)].layer_blocks[static_cast<std::size_t>(slot.layer)];
}

// Index of the graph layer that is searchable position (unit, layer).
int graph_layer(const graph::Graph& g, const LayerSlot& slot) {
  for (std::size_t i = 0; i < g.layers.size(); ++i) {
    const graph::Layer& l = g.layers[i];
    if (l.role == graph::LayerRole::block && l.unit == slot.unit && l.index == slot.layer) return static_cast<int>(i);
  }
  throw std::logic_error(fmt::format("layer u{}.l{} missing from the graph", slot.unit + 1, slot.layer + 1));
}

// A full-depth version of the user's background (missing layers get their first candidate).
arch::Architecture full_depth(const space::Space& space, arch::Architecture a) {
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    auto& blocks = a.units[u].blocks;
    for (std::size_t l = blocks.size(); l < static_cast<std::size_t>(space.units[u].max_layers); ++l) {
      blocks.push_back(space.units[u].layer_blocks[l].front());
    }
  }
  arch::validate(space, a);
  return a;
}

void check_values(const std::vector<std::optional<double>>& values, const std::vector<OperatorMeasure>& ops,
                  const std::string& spec) {
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (!values[i]) {
      throw InputError(fmt::format("{} gave no value for layer {} = {} (every (layer, op) latency is needed)", spec,
                                   ops[i].layer + 1, ops[i].name));
    }
  }
}

}  // namespace

std::string_view to_string(Background background) {
  return background == Background::fixed ? "fixed" : "random";
}

Background parse_background(std::string_view text) {
  if (text == "fixed") return Background::fixed;
  if (text == "random") return Background::random;
  throw InputError(fmt::format("--background: expected fixed or random, got '{}'", text));
}

std::vector<LayerSlot> layer_slots(const space::Space& space, int resolution) {
  const graph::Graph g = graph::build(space, arch::first_candidates(space, resolution));
  std::vector<LayerSlot> slots;
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    for (int l = 0; l < space.units[u].max_layers; ++l) {
      LayerSlot slot{static_cast<int>(slots.size()), static_cast<int>(u), l, {}};
      const int gl = graph_layer(g, slot);
      for (const graph::Op& op : g.ops) {
        if (op.layer == gl) slot.out = op.out;  // the layer's last op is its output
      }
      slots.push_back(slot);
    }
  }
  return slots;
}

void fill_operator_costs(const space::Space& space, const arch::Architecture& context,
                         std::vector<OperatorMeasure>& operators) {
  const std::vector<LayerSlot> slots = layer_slots(space, context.resolution);
  for (OperatorMeasure& m : operators) {
    const LayerSlot& slot = slots[static_cast<std::size_t>(m.layer)];
    const graph::Graph g = graph::build(space, with_op(context, slot, m.block));
    const cost::NetworkCost c = cost::count(g);
    const cost::Cost& layer = c.layers[static_cast<std::size_t>(graph_layer(g, slot))];
    m.flops = static_cast<double>(layer.flops());
    m.params = static_cast<double>(layer.params);
  }
}

LayerProfile profile_layers(const space::Space& space, metric::MetricSource& source,
                            const LayerProfileOptions& options) {
  const int resolution = options.resolution.value_or(space.default_resolution);
  if (!space.has_resolution(resolution)) {
    throw InputError(fmt::format("--resolution {} is not in space '{}'", resolution, space.name));
  }
  LayerProfile result;
  result.metric = source.spec();
  result.unit = source.unit();
  result.background = options.background;
  result.resolution = resolution;
  result.layers = layer_slots(space, resolution);
  for (const LayerSlot& slot : result.layers) {
    for (int block : candidates(space, slot)) {
      result.operators.push_back({slot.index, block, space.blocks[static_cast<std::size_t>(block)].name, 0, 0, {}});
    }
  }

  arch::Architecture context = options.fixed_background
                                   ? full_depth(space, *options.fixed_background)
                                   : arch::first_candidates(space, resolution);
  context.resolution = resolution;
  fill_operator_costs(space, context, result.operators);

  if (options.background == Background::fixed) {
    result.background_arch = arch::to_canonical(space, context);
    std::vector<arch::Architecture> archs;
    for (const OperatorMeasure& m : result.operators) {
      archs.push_back(with_op(context, result.layers[static_cast<std::size_t>(m.layer)], m.block));
    }
    const auto values = source.evaluate(space, archs);
    check_values(values, result.operators, result.metric);
    for (std::size_t i = 0; i < values.size(); ++i) {
      result.operators[i].latency = {*values[i], *values[i], *values[i], 1};
    }
    return result;
  }

  // BlockProfile's view: cell (u, l, op) on paired random backgrounds; its mean is E[M(A_{u,l,op})].
  result.samples = options.samples;
  profile::ProfileOptions po;
  po.design = profile::Design::paired;
  po.samples = options.samples;
  po.resolutions = {resolution};
  po.seed = options.seed;
  const profile::ProfileResult pr = profile::run_profile(space, {&source}, po);
  const profile::MetricProfile& mp = pr.profiles.front();
  std::vector<std::optional<double>> found(result.operators.size());
  for (const profile::CellEstimate& ce : mp.cells) {
    if (ce.cell.kind != profile::CellKind::block) continue;
    for (std::size_t i = 0; i < result.operators.size(); ++i) {
      const OperatorMeasure& m = result.operators[i];
      const LayerSlot& slot = result.layers[static_cast<std::size_t>(m.layer)];
      if (slot.unit == ce.cell.unit && slot.layer == ce.cell.layer && m.block == ce.cell.block) {
        result.operators[i].latency = ce.mean;
        found[i] = ce.mean.value;
      }
    }
  }
  check_values(found, result.operators, result.metric);
  return result;
}

}  // namespace hwnas::hurricane
