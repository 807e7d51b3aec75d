// hwnas db layers: the per-layer times a benchmark tool reported, as stored beside each
// end-to-end measurement of a device key, with the IR layers each row maps to.
#include <fmt/core.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::cli::cmd_db_layers {
namespace {

struct Args {
  std::string db;
  std::string device_key;
  std::string space;
  bool json = false;
};

void run(const Args& args) {
  auto store = store::open_store(args.db);
  if (!store->find_device(args.device_key)) {
    throw InputError(fmt::format("device key '{}' is not in store {}", args.device_key, args.db));
  }
  store::MeasurementFilter filter;
  filter.device_key = args.device_key;
  if (!args.space.empty()) filter.space = args.space;
  nlohmann::json out = nlohmann::json::array();
  std::size_t shown = 0;
  for (const auto& m : store->measurements(filter)) {
    if (m.layers.empty()) continue;
    ++shown;
    double sum = 0;
    std::size_t unmapped = 0;
    for (const auto& l : m.layers) {
      sum += l.seconds;
      unmapped += l.ir_layers.empty() ? 1 : 0;
    }
    if (args.json) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& l : m.layers) {
        rows.push_back({{"tool_layer", l.tool_layer}, {"type", l.layer_type}, {"ir_layers", l.ir_layers}, {"seconds", l.seconds}});
      }
      out.push_back({{"hash", m.arch_hash}, {"median_s", m.median_s}, {"layers_sum_s", sum}, {"layers", rows},
                     {"tool", m.tool_stats.value("tool", "")}});
      continue;
    }
    fmt::print("{}  end-to-end {:.3f} ms  per-layer sum {:.3f} ms  ({} rows, {} of no IR layer; {})\n", m.arch_hash,
               m.median_s * 1e3, sum * 1e3, m.layers.size(), unmapped, m.tool_stats.value("tool", "?"));
    for (const auto& l : m.layers) {
      fmt::print("  {:>9.4f} ms  {:<24} {}\n", l.seconds * 1e3, fmt::format("{}", fmt::join(l.ir_layers, ",")),
                 l.tool_layer);
    }
  }
  if (args.json) {
    fmt::print("{}\n", out.dump(2));
  } else if (shown == 0) {
    fmt::print("no per-layer times stored for {} (measure with a profiling tool: docs/devices-real.md)\n", args.device_key);
  }
}

// After `db` (order 25) exists: a subcommand of it.
const CommandRegistration registration(26, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.get_subcommand("db")->add_subcommand("layers", "Per-layer times a benchmark tool reported, mapped to IR layers");
  cmd->footer("Times in milliseconds, the mean over the measurement's timed tool runs; rows of no IR layer are the\n"
              "tool's own steps (reformat copies). Example:\n  hwnas db layers --db runs.db --device-key jetson-trt8.6-t1");
  cmd->add_option("--db", args->db, kStoreUrlHelp)->required();
  cmd->add_option("--device-key", args->device_key, "the stored device key")->required();
  cmd->add_option("--space", args->space, "only this design space");
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_db_layers
