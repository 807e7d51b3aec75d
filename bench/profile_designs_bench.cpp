// Paired vs independent sampling: evaluations needed for the same M_ulb interval width.
// Interval half-widths shrink as 1/sqrt(K), so a design needs evaluations · (half-width / target)²
// evaluations to reach a target width; the counter `eval_ratio` is independent's over paired's.
// Metrics: the synthetic additive metric of tests/profile (noise sd 2) and exact MACs on ofa-mbv3.
#include <benchmark/benchmark.h>

#include "../tests/profile/synthetic_metric.hpp"
#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/profile/profiler.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

using namespace hwnas;

struct DesignCost {
  double mean_half_width = 0;
  double evaluations = 0;
  double cost_for_unit_width() const { return evaluations * mean_half_width * mean_half_width; }
};

DesignCost measure(const space::Space& space, metric::MetricSource& metric, profile::Design design, int samples) {
  profile::ProfileOptions options;
  options.design = design;
  options.samples = samples;
  options.bootstrap = 20;  // quantile intervals are not what is compared here
  options.seed = 17;
  const profile::ProfileResult r = profile::run_profile(space, {&metric}, options);
  DesignCost c;
  int n = 0;
  for (const auto& cell : r.profiles[0].cells) {
    if (cell.cell.kind != profile::CellKind::block) continue;
    c.mean_half_width += cell.effect.half_width();
    ++n;
  }
  c.mean_half_width /= n;
  c.evaluations = static_cast<double>(r.profiles[0].evaluations);
  return c;
}

void report(benchmark::State& state, const DesignCost& independent, const DesignCost& paired) {
  state.counters["indep_half_width"] = independent.mean_half_width;
  state.counters["paired_half_width"] = paired.mean_half_width;
  state.counters["indep_evals"] = independent.evaluations;
  state.counters["paired_evals"] = paired.evaluations;
  state.counters["eval_ratio"] = independent.cost_for_unit_width() / paired.cost_for_unit_width();
}

void BM_DesignsSynthetic(benchmark::State& state) {
  const space::Space space = space::load_space("ofa-mbv3");
  for (auto _ : state) {
    test::SyntheticAdditiveMetric a(2.0, 1);
    test::SyntheticAdditiveMetric b(2.0, 1);
    report(state, measure(space, a, profile::Design::independent, static_cast<int>(state.range(0))),
           measure(space, b, profile::Design::paired, static_cast<int>(state.range(0))));
  }
}
BENCHMARK(BM_DesignsSynthetic)->Arg(300)->Unit(benchmark::kSecond)->Iterations(1);

void BM_DesignsMacs(benchmark::State& state) {
  const space::Space space = space::load_space(state.range(1) == 0 ? "ofa-mbv3" : "resnet50");
  metric::CostMetric macs(metric::CostKind::macs);
  for (auto _ : state) {
    report(state, measure(space, macs, profile::Design::independent, static_cast<int>(state.range(0))),
           measure(space, macs, profile::Design::paired, static_cast<int>(state.range(0))));
  }
  state.SetLabel(state.range(1) == 0 ? "ofa-mbv3" : "resnet50");
}
BENCHMARK(BM_DesignsMacs)->Args({300, 0})->Args({300, 1})->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
