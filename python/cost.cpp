// hwnas.stats: the IR of one architecture with exact MACs and params per layer (graph/, cost/),
// and with device=... its simulated latency (sim/) — the fields of `hwnas stats --json`.
#include "bindings.hpp"

#include <fmt/core.h>
#include <pybind11/stl.h>

#include "hwnas/common/error.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/sim/arch_simulator.hpp"

namespace hwnas::python {
namespace {

nlohmann::json stats_json(const space::Space& s, const arch::Architecture& a, const std::string& device) {
  const graph::Graph g = graph::build(s, a);
  const cost::NetworkCost c = cost::count(g);
  std::optional<sim::SimResult> latency;
  if (!device.empty()) {
    constexpr std::string_view prefix = "sim:";
    if (!device.starts_with(prefix) || device.size() == prefix.size()) {
      throw InputError(fmt::format("device '{}': expected sim:<device> (a preset in devices/ or a device YAML file)", device));
    }
    latency = sim::ArchSimulator(sim::load_device(device.substr(prefix.size()))).simulate(s, a);
  }
  std::vector<graph::Shape> layer_out(g.layers.size());
  for (const auto& op : g.ops) {
    if (op.layer >= 0) layer_out[static_cast<std::size_t>(op.layer)] = op.out;
  }
  nlohmann::json out{{"space", s.name},
                     {"arch", arch::to_canonical(s, a)},
                     {"resolution", a.resolution},
                     {"macs", c.total.macs},
                     {"flops", c.total.flops()},
                     {"params", c.total.params},
                     {"weight_bytes", c.total.weight_bytes},
                     {"activation_bytes", c.total.activation_bytes},
                     {"peak_activation_bytes", c.peak_activation_bytes},
                     {"ops", g.ops.size()},
                     {"layers", nlohmann::json::array()}};
  if (latency) {
    out["device"] = device;
    out["latency_ms"] = latency->total_s * 1e3;
    out["latency_fixed_ms"] = latency->fixed_s * 1e3;
    out["latency_is_simulated"] = true;
    out["simulated_resolution"] = latency->resolution;
    out["kernels"] = latency->kernels;
    out["fallback_kernels"] = latency->fallback_kernels;
  }
  for (std::size_t i = 0; i < g.layers.size(); ++i) {
    out["layers"].push_back({{"name", g.layers[i].name},
                             {"block", g.layers[i].block},
                             {"output", {layer_out[i].c, layer_out[i].h, layer_out[i].w}},
                             {"macs", c.layers[i].macs},
                             {"flops", c.layers[i].flops()},
                             {"params", c.layers[i].params}});
    if (latency) out["layers"].back()["latency_ms"] = latency->layer_s[i] * 1e3;
  }
  return out;
}

}  // namespace

void bind_cost(py::module_& m) {
  m.def(
      "stats",
      [](const SpacePtr& space, py::object arch, std::optional<int> resolution, const std::string& device) {
        const arch::Architecture a = to_architecture(*space, arch, resolution);
        nlohmann::json out;
        {
          py::gil_scoped_release release;
          out = stats_json(*space, a, device);
        }
        return to_python(out);
      },
      py::arg("space"), py::arg("arch"), py::arg("resolution") = py::none(), py::arg("device") = "",
      "Exact cost of one architecture, as `hwnas stats --json` prints it (docs/cost-model.md):\n"
      "{'macs', 'flops', 'params', 'weight_bytes', 'activation_bytes', 'peak_activation_bytes', 'ops',\n"
      " 'layers': [{'name', 'block', 'output': [c, h, w], 'macs', 'flops', 'params'}, ...]}.\n"
      "device='sim:<preset or file>' adds the simulated latency ('latency_ms', per layer too).");
}

}  // namespace hwnas::python
