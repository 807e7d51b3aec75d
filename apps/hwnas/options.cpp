#include "options.hpp"

#include <fmt/core.h>

#include "cli_args.hpp"
#include "hwnas/common/error.hpp"

namespace hwnas::cli {

CLI::Option* add_space_option(CLI::App* cmd, std::string& space) {
  return cmd->add_option("--space", space, kSpaceHelp)->capture_default_str();
}

CLI::Option* add_db_option(CLI::App* cmd, std::string& url) { return cmd->add_option("--db", url, kStoreUrlHelp); }

CLI::Option* add_metric_option(CLI::App* cmd, std::string& spec, const std::string& what) {
  return cmd
      ->add_option("--metric", spec,
                   what + ": macs, params, flops, latency:<device key>, latency:sim:<device>, latency:pred:<file>, "
                          "accuracy:<source> (docs/metrics.md)")
      ->capture_default_str();
}

CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& what) {
  return cmd->add_option("--seed", seed, what)->capture_default_str();
}

CLI::Option* add_threads_option(CLI::App* cmd, int& threads) {
  return cmd->add_option("--threads", threads, "threads of LibTorch and the engine")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
}

CLI::Option* add_json_flag(CLI::App* cmd, bool& json) { return cmd->add_flag("--json", json, "print JSON"); }

void add_measured_metric_options(CLI::App* cmd, MeasuredMetricArgs& args) {
  add_db_option(cmd, args.db);
  cmd->add_flag("--measure-missing", args.measure_missing,
                "let latency:<device key> measure what the store lacks, on this host (docs/metrics.md)");
  cmd->add_flag("--compensate", args.compensate, "with --measure-missing: measure as `hwnas measure --compensate` does");
  cmd->add_flag("--farm", args.farm, "with --measure-missing: enqueue for the farm's workers and wait (docs/farm.md)");
}

void refuse_renamed_option(CLI::App* cmd, const std::string& old_name, const std::string& new_name) {
  cmd->add_option(old_name)
      ->group("")
      ->allow_extra_args(false)
      ->each([old_name, new_name](const std::string&) {
        throw InputError(fmt::format("{} is now {} (docs/cli.md)", old_name, new_name));
      });
}

}  // namespace hwnas::cli
