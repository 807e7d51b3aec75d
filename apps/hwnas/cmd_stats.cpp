// hwnas stats: the IR of one architecture, layer by layer, with exact MACs and params, and with
// --device sim:<name> its simulated latency per layer.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/cost/arch_stats.hpp"
#include "hwnas/sim/stats_latency.hpp"

namespace hwnas::cli::cmd_stats {
namespace {

struct Args {
  std::string space;
  std::string arch;
  std::optional<int> resolution;
  std::string device;  // "sim:<preset or file>"; empty: no latency
  bool json = false;
};

std::string shape_text(const graph::Shape& s) { return fmt::format("{}x{}x{}", s.c, s.h, s.w); }

void run(const Args& args) {
  const space::Space s = space::load_space(args.space);
  const arch::Architecture a = parse_arch_arg(s, args.arch, args.resolution);
  const cost::ArchStats stats = cost::arch_stats(s, a);
  const std::optional<sim::SimResult> latency = sim::stats_latency("--device", args.device, s, a);
  if (args.json) {
    nlohmann::json out = cost::to_json(stats);
    if (latency) sim::add_latency(out, args.device, *latency);
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{} {}\n\n", s.name, stats.arch);
  fmt::print("{:<9} {:<18} {:>14} {:>14} {:>12}{}\n", "layer", "block", "output", "MACs", "params",
             latency ? fmt::format(" {:>12}", "sim ms") : "");
  for (std::size_t i = 0; i < stats.layers.size(); ++i) {
    const cost::LayerStats& layer = stats.layers[i];
    fmt::print("{:<9} {:<18} {:>14} {:>14} {:>12}{}\n", layer.name, layer.block, shape_text(layer.output),
               layer.cost.macs, layer.cost.params, latency ? fmt::format(" {:>12.4f}", latency->layer_s[i] * 1e3) : "");
  }
  const cost::Cost& total = stats.total;
  fmt::print("\ntotal: {:.2f} M MACs ({} exactly), {:.3f} GFLOPs, {:.3f} M params ({}), {} ops, peak activations {:.1f} MiB\n",
             total.macs / 1e6, total.macs, total.flops() / 1e9, total.params / 1e6, total.params, stats.ops,
             stats.peak_activation_bytes / 1048576.0);
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
}  // namespace hwnas::cli::cmd_stats
