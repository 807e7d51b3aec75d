// The cost of one architecture layer by layer, as `hwnas stats` prints it and hwnas.stats returns
// it: each layer's output shape, MACs, FLOPs and params, and the network's totals.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::cost {

struct LayerStats {
  std::string name;
  std::string block;
  graph::Shape output;  // the output of the layer's last op
  Cost cost;
};

struct ArchStats {
  std::string space;
  std::string arch;  // canonical text
  int resolution = 0;
  Cost total;
  std::int64_t peak_activation_bytes = 0;
  std::size_t ops = 0;
  std::vector<LayerStats> layers;  // indexed like graph::Graph::layers
};

ArchStats arch_stats(const space::Space& space, const arch::Architecture& arch);

// `hwnas stats --json`'s fields (docs/cost-model.md): space, arch, resolution, macs, flops, params,
// weight_bytes, activation_bytes, peak_activation_bytes, ops, layers [{name, block, output, macs,
// flops, params}].
nlohmann::json to_json(const ArchStats& stats);

}  // namespace hwnas::cost
