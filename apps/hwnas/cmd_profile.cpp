// hwnas profile: BlockProfile's block profiling (M_b, M_ulb, tau-quantile effects) of a space on one
// or more metrics, written as CSV + JSON and an HTML report with figures.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/profile/profile_job.hpp"
#include "hwnas/report/profile_report.hpp"

namespace hwnas::cli::cmd_profile {
namespace {

struct Args {
  std::string space;
  std::vector<std::string> metrics;
  std::string design = "paired";
  std::string depth_rule = "uniform";
  int samples = 1000;
  std::vector<int> resolutions;
  std::vector<double> taus{0.05, 0.95};
  std::uint64_t seed = 0;
  int bootstrap = 200;
  std::string db;
  bool measure_missing = false;
  bool compensate = false;
  bool farm = false;
  std::string out;
  bool no_report = false;
};

std::string command_line(const Args& a) {
  std::string c = fmt::format("hwnas profile --space {} --metric {} --design {} --depth-rule {} --samples {} --seed {} --out {}",
                              a.space, fmt::join(a.metrics, " "), a.design, a.depth_rule, a.samples, a.seed, a.out);
  if (!a.resolutions.empty()) c += fmt::format(" --resolution {}", fmt::join(a.resolutions, " "));
  c += fmt::format(" --tau {} --bootstrap {}", fmt::join(a.taus, " "), a.bootstrap);
  if (!a.db.empty()) c += " --db " + a.db;
  if (a.measure_missing) c += " --measure-missing";
  if (a.compensate) c += " --compensate";
  if (a.farm) c += " --farm";
  return c;
}

void run(const Args& args) {
  const space::Space s = space::load_space(args.space);
  metric::MetricContext context{args.db, args.measure_missing, args.compensate, args.farm};
  std::vector<std::unique_ptr<metric::MetricSource>> sources;
  std::vector<metric::MetricSource*> metrics;
  for (const auto& spec : args.metrics) {
    sources.push_back(metric::open_metric(spec, context));
    metrics.push_back(sources.back().get());
  }
  profile::ProfileOptions options;
  options.design = profile::parse_design(args.design);
  options.depth_rule = arch::parse_depth_rule(args.depth_rule);
  options.samples = args.samples;
  options.resolutions = args.resolutions;
  options.taus = args.taus;
  options.seed = args.seed;
  options.bootstrap = args.bootstrap;
  Throttle throttle(2.0);
  options.progress = [&throttle](const profile::Progress& p) {
    if (!throttle.due(p.evaluated >= p.total)) return;
    fmt::print(stderr, "profile: {} r{}: {}/{} architectures, {}/{} cells done, {:.1f} s elapsed, ETA {:.1f} s\n", p.metric,
               p.resolution, p.evaluated, p.total, p.cells_done, p.cells_total, p.elapsed_s, p.eta_s);
  };
  const profile::ProfileResult result = profile::profile_and_save(s, metrics, options, command_line(args), args.out);
  fmt::print("wrote {}/profile.json, cells.csv, blocks.csv ({:.1f} s)\n", args.out, result.seconds);
  if (!args.no_report) {
    const auto index = report::write_profile_report(result, std::filesystem::path(args.out) / "report");
    fmt::print("report: {}\n", index.string());
  }
}

const CommandRegistration registration(30, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("profile", "Profile blocks: M_b, M_ulb and quantile effects, with a report");
  cmd->footer(
      "Estimates, for every unit u, layer l and block b (block code = unit width + block where units have\n"
      "width choices, e.g. ResNet50's C65-B20), E[M(A_{u,l,b})] (block b fixed at (u, l), unit u with at\n"
      "least l layers, its depth uniform over l..max), M_ulb = E[M(A_{u,l,b})] - E[M(A)], the tau-quantile differences, M_b (mean over\n"
      "locations) and the effect of each unit depth, each with a 95% interval and its sample count\n"
      "(BlockProfile, Mills et al. CIKM'21; docs/profiling.md). --design paired evaluates every cell on the same random background\n"
      "architectures, which cancels their shared variation; independent draws fresh samples per cell as\n"
      "the paper does. Writes OUT/profile.json, OUT/cells.csv, OUT/blocks.csv and OUT/report/index.html.\n"
      "Examples:\n  hwnas profile --space ofa-mbv3 --metric macs --samples 1000 --out prof-ofa\n"
      "  hwnas profile --space resnet50 --metric flops params --resolution 224 192 --out prof-r50\n"
      "  hwnas profile --space proxyless --metric latency:sim:midap --design independent --samples 200 --out prof-pn");
  cmd->add_option("--space", args->space, kSpaceHelp)->required();
  cmd->add_option("--metric", args->metrics, "metric sources (macs, params, flops, latency:..., accuracy:...)")->required();
  cmd->add_option("--design", args->design, "paired (common backgrounds, default) | independent (the paper's)")
      ->check(CLI::IsMember({"paired", "independent"}));
  cmd->add_option("--depth-rule", args->depth_rule, kDepthRuleHelp)->check(CLI::IsMember({"uniform", "clamp"}));
  cmd->add_option("--samples", args->samples, "architectures per cell (and for the baseline)")->check(CLI::Range(2, 10000000));
  cmd->add_option("--resolution", args->resolutions, "input resolutions to profile (default: the space's default)");
  cmd->add_option("--tau", args->taus, "quantile levels for eq. 3 (default 0.05 0.95)");
  cmd->add_option("--seed", args->seed, "random seed (same seed, same samples)");
  cmd->add_option("--bootstrap", args->bootstrap, "bootstrap resamples for quantile intervals")->check(CLI::Range(10, 100000));
  cmd->add_option("--db", args->db, "measurement store URL for latency metrics (sqlite:///path, postgresql://...)");
  cmd->add_flag("--measure-missing", args->measure_missing, "let latency:<device> measure what the store lacks");
  cmd->add_flag("--compensate", args->compensate, "with --measure-missing: measure as `hwnas measure --compensate` does");
  cmd->add_flag("--farm", args->farm,
                "with --measure-missing: enqueue what the store lacks for the farm's workers of the key and wait "
                "(hwnas farm, docs/farm.md) instead of measuring here");
  cmd->add_option("--out", args->out, "output folder")->required();
  cmd->add_flag("--no-report", args->no_report, "write the data only, no figures or HTML");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_profile
