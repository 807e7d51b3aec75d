// hwnas stats: the IR of one architecture, layer by layer, with exact MACs and params, and with
// --device sim:<name> its simulated latency per layer.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/sim/arch_simulator.hpp"

namespace hwnas::cli {
namespace {

struct Args {
  std::string space;
  std::string arch;
  std::optional<int> resolution;
  std::string device;  // "sim:<preset or file>"; empty: no latency
  bool json = false;
};

// The simulated latency of each layer, or nothing without --device.
std::optional<sim::SimResult> simulated_latency(const Args& args, const space::Space& s, const arch::Architecture& a) {
  if (args.device.empty()) return std::nullopt;
  constexpr std::string_view prefix = "sim:";
  if (!args.device.starts_with(prefix) || args.device.size() == prefix.size()) {
    throw InputError(fmt::format("--device '{}': expected sim:<device> (a preset in devices/ or a device YAML file)",
                                 args.device));
  }
  sim::ArchSimulator simulator(sim::load_device(args.device.substr(prefix.size())));
  return simulator.simulate(s, a);
}

std::string shape_text(const graph::Shape& s) { return fmt::format("{}x{}x{}", s.c, s.h, s.w); }

void run(const Args& args) {
  const space::Space s = space::load_space(args.space);
  const arch::Architecture a = parse_arch_arg(s, args.arch, args.resolution);
  const graph::Graph g = graph::build(s, a);
  const cost::NetworkCost c = cost::count(g);
  // Layers of the padded graph (a device template) are the same layers, so indices match.
  const std::optional<sim::SimResult> latency = simulated_latency(args, s, a);
  // The output shape of a layer is that of its last op.
  std::vector<graph::Shape> layer_out(g.layers.size());
  for (const auto& op : g.ops) {
    if (op.layer >= 0) layer_out[static_cast<std::size_t>(op.layer)] = op.out;
  }
  if (args.json) {
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
      out["device"] = args.device;
      out["latency_ms"] = latency->total_s * 1e3;
      out["latency_fixed_ms"] = latency->fixed_s * 1e3;
      out["latency_is_simulated"] = true;
      out["simulated_resolution"] = latency->resolution;
      out["kernels"] = latency->kernels;
      out["fallback_kernels"] = latency->fallback_kernels;
    }
    for (std::size_t i = 0; i < g.layers.size(); ++i) {
      const auto& layer = g.layers[i];
      const auto& lc = c.layers[i];
      out["layers"].push_back({{"name", layer.name},
                               {"block", layer.block},
                               {"output", {layer_out[i].c, layer_out[i].h, layer_out[i].w}},
                               {"macs", lc.macs},
                               {"flops", lc.flops()},
                               {"params", lc.params}});
      if (latency) out["layers"].back()["latency_ms"] = latency->layer_s[i] * 1e3;
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{} {}\n\n", s.name, arch::to_canonical(s, a));
  fmt::print("{:<9} {:<18} {:>14} {:>14} {:>12}{}\n", "layer", "block", "output", "MACs", "params",
             latency ? fmt::format(" {:>12}", "sim ms") : "");
  for (std::size_t i = 0; i < g.layers.size(); ++i) {
    fmt::print("{:<9} {:<18} {:>14} {:>14} {:>12}{}\n", g.layers[i].name, g.layers[i].block,
               shape_text(layer_out[i]), c.layers[i].macs, c.layers[i].params,
               latency ? fmt::format(" {:>12.4f}", latency->layer_s[i] * 1e3) : "");
  }
  fmt::print("\ntotal: {:.2f} M MACs ({} exactly), {:.3f} GFLOPs, {:.3f} M params ({}), {} ops, peak activations {:.1f} MiB\n",
             c.total.macs / 1e6, c.total.macs, c.total.flops() / 1e9, c.total.params / 1e6, c.total.params, g.ops.size(),
             c.peak_activation_bytes / 1048576.0);
  if (latency) {
    const int padded = latency->resolution;
    fmt::print("simulated latency on {}: {:.4f} ms ({:.4f} ms fixed: per-inference overhead{}), {} kernels, {} on the "
               "fallback unit — a model, not a measurement (docs/devices.md)\n",
               args.device, latency->total_s * 1e3, latency->fixed_s * 1e3,
               padded != a.resolution ? fmt::format(" + padding {} to {}", a.resolution, padded) : "",
               latency->kernels, latency->fallback_kernels);
  }
}

const CommandRegistration registration(13, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("stats", "Per-layer shapes, MACs and params of one architecture");
  cmd->footer(
      "Builds the network IR and counts exactly (docs/cost-model.md): MACs of convs and linears,\n"
      "FLOPs = 2*MACs, params as PyTorch counts them.\n"
      "Examples:\n  hwnas stats --space ofa-mbv3 --arch \"$(hwnas sample --space ofa-mbv3 --seed 3)\"\n"
      "  hwnas stats --space ofa-mbv3 --arch '{\"ks\":[3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3],"
      "\"e\":[6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6],\"d\":[4,4,4,4,4],\"r\":224}' --json");
  cmd->add_option("--space", args->space, kSpaceHelp)->required();
  cmd->add_option("--arch", args->arch, kArchHelp)->required();
  cmd->add_option("--resolution", args->resolution, "input resolution (overrides the architecture's)");
  cmd->add_option("--device", args->device,
                  "sim:<device>: add simulated latency per layer (a preset in devices/ or a device YAML file)");
  cmd->add_flag("--json", args->json, "print JSON: {macs, params, flops, layers: [...]}; with --device, latency_ms");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli
