// Throughput of building the IR and counting MACs/params (issue target: >= 50,000 ofa-mbv3
// architectures/s on one core). Architectures are sampled up front so only build + count is timed.
#include <benchmark/benchmark.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

void BM_BuildAndCount(benchmark::State& state, const char* space_name) {
  const auto space = hwnas::space::load_space(space_name);
  hwnas::arch::Rng rng(1);
  std::vector<hwnas::arch::Architecture> archs;
  for (int i = 0; i < 1024; ++i) archs.push_back(hwnas::arch::sample_uniform(space, rng));
  std::size_t i = 0;
  for (auto _ : state) {
    const auto graph = hwnas::graph::build(space, archs[i++ % archs.size()]);
    benchmark::DoNotOptimize(hwnas::cost::count_total(graph));
  }
  state.counters["archs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_SampleBuildAndCount(benchmark::State& state) {
  const auto space = hwnas::space::load_space("ofa-mbv3");
  hwnas::arch::Rng rng(1);
  for (auto _ : state) {
    const auto graph = hwnas::graph::build(space, hwnas::arch::sample_uniform(space, rng));
    benchmark::DoNotOptimize(hwnas::cost::count_total(graph));
  }
  state.counters["archs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_BuildAndCount, ofa_mbv3, "ofa-mbv3");
BENCHMARK_CAPTURE(BM_BuildAndCount, proxyless, "proxyless");
BENCHMARK_CAPTURE(BM_BuildAndCount, resnet50, "resnet50");
BENCHMARK_CAPTURE(BM_BuildAndCount, hurricane, "hurricane");
BENCHMARK_CAPTURE(BM_BuildAndCount, s3nas, "s3nas");
BENCHMARK(BM_SampleBuildAndCount);

}  // namespace
