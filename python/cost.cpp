// hwnas.stats: the IR of one architecture with exact MACs and params per layer (graph/, cost/),
// and with device=... its simulated latency (sim/) — the fields of `hwnas stats --json`.
#include "bindings.hpp"

#include <pybind11/stl.h>

#include "hwnas/cost/arch_stats.hpp"
#include "hwnas/sim/stats_latency.hpp"

namespace hwnas::python {

void bind_cost(py::module_& m) {
  m.def(
      "stats",
      [](const SpacePtr& space, py::object arch, std::optional<int> resolution, const std::string& device) {
        const arch::Architecture a = to_architecture(*space, arch, resolution);
        nlohmann::json out;
        {
          py::gil_scoped_release release;
          out = cost::to_json(cost::arch_stats(*space, a));
          if (const auto latency = sim::stats_latency("device", device, *space, a)) sim::add_latency(out, device, *latency);
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
