#include "hwnas/cost/arch_stats.hpp"

#include "hwnas/arch/encoding.hpp"
#include "hwnas/graph/build.hpp"

namespace hwnas::cost {

ArchStats arch_stats(const space::Space& space, const arch::Architecture& arch) {
  const graph::Graph g = graph::build(space, arch);
  const NetworkCost c = count(g);
  ArchStats stats{space.name, arch::to_canonical(space, arch), arch.resolution, c.total, c.peak_activation_bytes,
                  g.ops.size(), {}};
  stats.layers.reserve(g.layers.size());
  for (std::size_t i = 0; i < g.layers.size(); ++i) {
    stats.layers.push_back({g.layers[i].name, g.layers[i].block, {}, c.layers[i]});
  }
  for (const auto& op : g.ops) {
    if (op.layer >= 0) stats.layers[static_cast<std::size_t>(op.layer)].output = op.out;
  }
  return stats;
}

nlohmann::json to_json(const ArchStats& stats) {
  nlohmann::json out{{"space", stats.space},
                     {"arch", stats.arch},
                     {"resolution", stats.resolution},
                     {"macs", stats.total.macs},
                     {"flops", stats.total.flops()},
                     {"params", stats.total.params},
                     {"weight_bytes", stats.total.weight_bytes},
                     {"activation_bytes", stats.total.activation_bytes},
                     {"peak_activation_bytes", stats.peak_activation_bytes},
                     {"ops", stats.ops},
                     {"layers", nlohmann::json::array()}};
  for (const auto& layer : stats.layers) {
    out["layers"].push_back({{"name", layer.name},
                             {"block", layer.block},
                             {"output", {layer.output.c, layer.output.h, layer.output.w}},
                             {"macs", layer.cost.macs},
                             {"flops", layer.cost.flops()},
                             {"params", layer.cost.params}});
  }
  return out;
}

}  // namespace hwnas::cost
