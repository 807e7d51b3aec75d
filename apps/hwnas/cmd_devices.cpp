// hwnas devices: the shipped simulated devices (devices/*.yaml) with their main numbers.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hwnas/sim/device.hpp"

namespace hwnas::cli::cmd_devices {
namespace {

void run(bool json) {
  nlohmann::json out = nlohmann::json::array();
  if (!json) {
    fmt::print("{:<18} {:>5} {:>9} {:>9} {:>9}  {}\n", "device", "prec", "peak TMAC", "on-chip", "DRAM", "description");
  }
  for (const auto& name : sim::list_devices()) {
    const sim::Device d = sim::load_device(name);
    const double peak_tmacs = d.clock_ghz * d.input_lanes * d.output_lanes * d.pixel_lanes / 1e3;
    if (json) {
      out.push_back({{"name", d.name},
                     {"description", d.description},
                     {"file", d.source_file},
                     {"content_hash", d.content_hash},
                     {"precision", sim::to_string(d.precision)},
                     {"peak_tmacs_per_s", peak_tmacs},
                     {"on_chip_kib", d.on_chip_bytes / 1024},
                     {"dram_gb_per_s", d.dram_gb_per_s},
                     {"resolution_templates", d.resolution_templates},
                     {"simulated", true}});
    } else {
      fmt::print("{:<18} {:>5} {:>9.2f} {:>5.0f} KiB {:>5.1f} GB/s  {}\n", d.name, sim::to_string(d.precision), peak_tmacs,
                 d.on_chip_bytes / 1024, d.dram_gb_per_s, d.description);
    }
  }
  if (json) fmt::print("{}\n", out.dump(2));
}

const CommandRegistration registration(14, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("devices", "List the shipped simulated devices (devices/*.yaml)");
  cmd->footer(
      "Simulated accelerators for latency:sim:<device> and `hwnas stats --device sim:<device>`;\n"
      "a model, not a measurement (docs/devices.md).\n"
      "Example:\n  hwnas devices\n  hwnas stats --space ofa-mbv3 --arch \"$(hwnas sample --space ofa-mbv3)\" --device sim:midap");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "print JSON instead of a table");
  cmd->callback([json] { run(*json); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_devices
