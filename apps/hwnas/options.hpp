// The option vocabulary (docs/cli.md): each common option is declared here once, with one meaning
// and one help text in every command, and a renamed option is refused with a line naming its new
// spelling instead of being silently accepted.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "hwnas/metric/metric_source.hpp"

namespace hwnas::cli {

// --space NAME|FILE (a shipped space or a space YAML file).
CLI::Option* add_space_option(CLI::App* cmd, std::string& space);
// --db URL: the profile store.
CLI::Option* add_db_option(CLI::App* cmd, std::string& url);
// --metric SPEC: a metric source (docs/metrics.md); `what` says what the command uses it for.
CLI::Option* add_metric_option(CLI::App* cmd, std::string& spec, const std::string& what);
// --seed N.
CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& what = "random seed (same seed, same run)");
// --threads N (torch and engine threads).
CLI::Option* add_threads_option(CLI::App* cmd, int& threads);
// --json: print JSON instead of text.
CLI::Option* add_json_flag(CLI::App* cmd, bool& json);
// Where a latency:<device key> metric reads its measurements and whether it may take the missing
// ones: --db, --measure-missing, --compensate, --farm.
struct MeasuredMetricArgs {
  std::string db;
  bool measure_missing = false;
  bool compensate = false;
  bool farm = false;
  metric::MetricContext context() const { return {db, measure_missing, compensate, farm}; }
};
void add_measured_metric_options(CLI::App* cmd, MeasuredMetricArgs& args);

// `old_name` given on the command line is an InputError naming `new_name` (exit 2); hidden from help.
void refuse_renamed_option(CLI::App* cmd, const std::string& old_name, const std::string& new_name);

}  // namespace hwnas::cli
