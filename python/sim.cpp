// hwnas.simulate and hwnas.devices: simulated latency on a device model (sim/, docs/devices.md).
#include "bindings.hpp"

#include <fmt/core.h>
#include <pybind11/stl.h>

#include "hwnas/graph/build.hpp"
#include "hwnas/sim/arch_simulator.hpp"

namespace hwnas::python {
namespace {

// "sim:midap" as the CLI spells it, or the bare preset name or file.
std::string device_name(const std::string& device) {
  constexpr std::string_view prefix = "sim:";
  return device.starts_with(prefix) ? device.substr(prefix.size()) : device;
}

nlohmann::json simulate_json(const space::Space& s, const arch::Architecture& a, const std::string& device) {
  const sim::ArchSimulator simulator(sim::load_device(device_name(device)));
  const sim::SimResult r = simulator.simulate(s, a);
  const graph::Graph g = graph::build(s, a);
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t i = 0; i < g.layers.size(); ++i) {
    layers.push_back({{"name", g.layers[i].name}, {"block", g.layers[i].block}, {"latency_ms", r.layer_s[i] * 1e3}});
  }
  return {{"device", simulator.device().name}, {"latency_ms", r.total_s * 1e3}, {"fixed_ms", r.fixed_s * 1e3},
          {"resolution", r.resolution},      {"kernels", r.kernels},          {"fallback_kernels", r.fallback_kernels},
          {"layers", layers}};
}

}  // namespace

void bind_sim(py::module_& m) {
  m.def(
      "simulate",
      [](const SpacePtr& space, py::object arch, const std::string& device, std::optional<int> resolution) {
        const arch::Architecture a = to_architecture(*space, arch, resolution);
        nlohmann::json out;
        {
          py::gil_scoped_release release;
          out = simulate_json(*space, a, device);
        }
        return to_python(out);
      },
      py::arg("space"), py::arg("arch"), py::arg("device") = "sim:midap", py::arg("resolution") = py::none(),
      "Simulated latency of one architecture on a device model ('sim:<preset>' or 'sim:<file>';\n"
      "presets: hwnas.devices()). Returns {'device', 'latency_ms', 'fixed_ms', 'resolution' (the\n"
      "template it ran at), 'kernels', 'fallback_kernels', 'layers': [{'name', 'block', 'latency_ms'}]}.\n"
      "A model, not a measurement (docs/devices.md); the values equal `hwnas stats --device`'s.\n"
      "For many architectures use hwnas.evaluate(space, 'latency:sim:<device>', archs).");
  m.def("devices", &sim::list_devices, "Names of the shipped simulated-device presets, sorted.");
}

}  // namespace hwnas::python
