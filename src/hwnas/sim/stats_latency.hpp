// The simulated latency that `hwnas stats --device sim:<device>` and hwnas.stats(device=...) add to
// an architecture's cost stats (cost/arch_stats.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/sim/latency_model.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::sim {

// The latency of `arch` on "sim:<preset or device YAML file>", per layer; nothing for an empty
// device. Other text throws InputError naming `option`, the argument it came from.
std::optional<SimResult> stats_latency(std::string_view option, const std::string& device, const space::Space& space,
                                       const arch::Architecture& arch);

// Adds device, latency_ms, latency_fixed_ms, latency_is_simulated, simulated_resolution, kernels,
// fallback_kernels, and each layer's latency_ms, to cost::to_json's stats.
void add_latency(nlohmann::json& stats, const std::string& device, const SimResult& latency);

}  // namespace hwnas::sim
