// Speed target (issue 5): all 180 ofa-mbv3 block cells (plus 15 depth cells and the baseline) at
// 1,000 samples per cell on `macs`, estimates and bootstrap intervals included, in < 60 s.
#include <benchmark/benchmark.h>

#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/profile/profiler.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

using namespace hwnas;

void BM_ProfileOfaMacs1000(benchmark::State& state) {
  const space::Space space = space::load_space("ofa-mbv3");
  metric::CostMetric macs(metric::CostKind::macs);
  profile::ProfileOptions options;
  options.design = state.range(0) == 0 ? profile::Design::independent : profile::Design::paired;
  options.samples = 1000;
  std::size_t evaluations = 0;
  for (auto _ : state) {
    const profile::ProfileResult r = profile::run_profile(space, {&macs}, options);
    evaluations = r.profiles[0].evaluations;
    benchmark::DoNotOptimize(r.profiles[0].baseline.value);
  }
  state.SetLabel(state.range(0) == 0 ? "independent" : "paired");
  state.counters["evaluations"] = static_cast<double>(evaluations);
}
BENCHMARK(BM_ProfileOfaMacs1000)->Arg(0)->Arg(1)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
