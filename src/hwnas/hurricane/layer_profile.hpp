// Per-layer operator profiling in context (HURRICANE §3.1, eq. 2's τ(ℓ_i(a) = op)): for every
// searchable layer i of a space and every candidate op of that layer, the latency of a whole network
// whose layer i is op, on any metric source. Two views of "the rest of the network":
//   fixed (HURRICANE's): one background architecture, identical for every (layer, op) pair — by
//     default every layer takes its first candidate (for spaces/hurricane.yaml: SEP_3 everywhere);
//     one evaluation per pair, no interval;
//   random (BlockProfile's): the mean over random uniform backgrounds, paired across ops of a layer,
//     with a 95% interval (profile/ does the sampling and estimation: cell (u, l, op)).
// F_op and P_op are the op's own FLOPs and params at that layer, exact from the cost model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/profile/statistics.hpp"

namespace hwnas::hurricane {

enum class Background { fixed, random };

std::string_view to_string(Background background);
Background parse_background(std::string_view text);  // InputError unless fixed|random

// A searchable layer position: its global index (0-based over all units) and where it sits.
struct LayerSlot {
  int index = 0;
  int unit = 0;
  int layer = 0;  // within the unit
  graph::Shape out;  // output shape of the layer in the network
};

// Every layer position of the space, in network order (units at their maximum depth).
std::vector<LayerSlot> layer_slots(const space::Space& space, int resolution);

struct OperatorMeasure {
  int layer = 0;  // global index into LayerProfile::layers
  int block = 0;  // index into Space::blocks
  std::string name;
  double flops = 0;   // F_op: 2·MACs of the op at this layer
  double params = 0;  // P_op
  profile::Estimate latency;  // τ(ℓ_i(a) = op): whole-network value of the source
};

struct LayerProfile {
  std::string metric;  // the source's spec
  std::string unit;    // the source's unit
  Background background = Background::fixed;
  std::string background_arch;  // canonical text of the fixed background; empty for random
  int samples = 1;              // backgrounds per (layer, op) for random
  int resolution = 224;
  std::vector<LayerSlot> layers;
  std::vector<OperatorMeasure> operators;  // layer-major, candidates in the space's order
};

struct LayerProfileOptions {
  Background background = Background::fixed;
  std::optional<arch::Architecture> fixed_background;  // default: every layer its first candidate
  int samples = 20;          // random view: backgrounds per op
  std::uint64_t seed = 0;
  std::optional<int> resolution;  // default: the space's default resolution
};

// Profiles every (layer, candidate) pair. A source that returns no value for some pair is an
// InputError naming the layer and op (a score needs every latency).
LayerProfile profile_layers(const space::Space& space, metric::MetricSource& source,
                            const LayerProfileOptions& options);

// FLOPs and params of each candidate at each layer, keyed like LayerProfile::operators.
void fill_operator_costs(const space::Space& space, const arch::Architecture& context,
                         std::vector<OperatorMeasure>& operators);

}  // namespace hwnas::hurricane
