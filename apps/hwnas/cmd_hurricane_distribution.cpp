// hwnas hurricane distribution: latency distributions of sampled architectures of several spaces,
// as HURRICANE Figure 3 (docs/hurricane.md).
#include <fmt/core.h>

#include "command.hpp"
#include "options.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/hurricane/latency_distribution.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::cli::cmd_hurricane_distribution {
namespace {

struct DistributionArgs {
  std::string device;
  std::vector<std::string> spaces;
  int samples = 100000;
  std::uint64_t seed = 0;
  int bins = 100;
  MeasuredMetricArgs measured;
  std::string out;
};

void run_distribution(const DistributionArgs& args) {
  auto metric = metric::open_metric(args.device, args.measured.context());
  std::vector<hurricane::DistributionSeries> series;
  for (const auto& name : args.spaces) {
    const space::Space s = space::load_space(name);
    ProgressLine progress(fmt::format("distribution {} on {}", s.name, args.device), static_cast<std::size_t>(args.samples));
    hurricane::DistributionOptions options;
    options.samples = args.samples;
    options.seed = args.seed;
    options.progress = [&progress](std::size_t done, std::size_t) { progress.update(done); };
    series.push_back(hurricane::sample_distribution(s, *metric, options));
  }
  const auto files = hurricane::write_distribution(args.out, args.device, metric->unit(), series, args.bins);
  std::size_t width = 5;
  for (const auto& s : series) width = std::max(width, s.space.size());
  fmt::print("{:<{}} {:>9} {:>11} {:>11} {:>11} {:>11} {:>11}  ({})\n", "space", width, "samples", "min", "p05", "median",
             "p95", "max", metric->unit());
  for (const auto& s : series) {
    const auto m = hurricane::summarize(s);
    fmt::print("{:<{}} {:>9} {:>11.4g} {:>11.4g} {:>11.4g} {:>11.4g} {:>11.4g}\n", m.space, width, m.samples, m.min, m.p05,
               m.median, m.p95, m.max);
  }
  fmt::print("wrote {}, {}, {}\n", files.histogram_csv.string(), files.summary_csv.string(), files.figure.string());
}

const CommandRegistration registration(46, [](CLI::App& app) {
  auto* cmd = app.get_subcommand("hurricane");
  auto d = std::make_shared<DistributionArgs>();
  auto* dist = cmd->add_subcommand("distribution", "Latency distributions of sampled architectures of several spaces");
  dist->footer(
      "Samples --samples uniform architectures from each space, evaluates them on --metric and writes\n"
      "OUT/latency-distribution.csv (shares per log-spaced bin), OUT/latency-summary.csv and\n"
      "OUT/latency-distribution.png (log latency axis), as HURRICANE Figure 3.\n"
      "Example:\n  hwnas hurricane distribution --metric latency:sim:myriad-vpu-like --space gen.yaml spos hurricane --out dist");
  dist->add_option("--metric", d->device, "latency source")->required();
  refuse_renamed_option(dist, "--device", "--metric");
  dist->add_option("--space", d->spaces, "spaces to compare (names or YAML files)")->required();
  dist->add_option("--samples", d->samples, "architectures per space")->capture_default_str()->check(CLI::Range(1, 100000000));
  add_seed_option(dist, d->seed);
  dist->add_option("--bins", d->bins, "histogram bins")->capture_default_str()->check(CLI::Range(2, 10000));
  add_measured_metric_options(dist, d->measured);
  dist->add_option("--out", d->out, "output folder")->required();
  dist->callback([d] { run_distribution(*d); });

});

}  // namespace
}  // namespace hwnas::cli::cmd_hurricane_distribution
