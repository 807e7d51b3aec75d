#include "hwnas/sim/stats_latency.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/sim/arch_simulator.hpp"

namespace hwnas::sim {

std::optional<SimResult> stats_latency(std::string_view option, const std::string& device, const space::Space& space,
                                       const arch::Architecture& arch) {
  if (device.empty()) return std::nullopt;
  constexpr std::string_view prefix = "sim:";
  if (!device.starts_with(prefix) || device.size() == prefix.size()) {
    throw InputError(
        fmt::format("{} '{}': expected sim:<device> (a preset in devices/ or a device YAML file)", option, device));
  }
  // Layers of the padded graph (a device template) are the same layers, so indices match.
  return ArchSimulator(load_device(device.substr(prefix.size()))).simulate(space, arch);
}

void add_latency(nlohmann::json& stats, const std::string& device, const SimResult& latency) {
  stats["device"] = device;
  stats["latency_ms"] = latency.total_s * 1e3;
  stats["latency_fixed_ms"] = latency.fixed_s * 1e3;
  stats["latency_is_simulated"] = true;
  stats["simulated_resolution"] = latency.resolution;
  stats["kernels"] = latency.kernels;
  stats["fallback_kernels"] = latency.fallback_kernels;
  auto& layers = stats["layers"];
  for (std::size_t i = 0; i < layers.size(); ++i) layers[i]["latency_ms"] = latency.layer_s[i] * 1e3;
}

}  // namespace hwnas::sim
