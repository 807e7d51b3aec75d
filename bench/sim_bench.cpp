// Throughput of simulated latency (issue target: >= 100,000 ofa-mbv3 architectures/s on one core,
// building the IR included). Architectures are sampled up front; resolutions are the space's
// own, so the Kirin-like preset also pays for padding to its templates. docs/devices.md.
#include <benchmark/benchmark.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/sim/arch_simulator.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

std::vector<hwnas::arch::Architecture> sample(const hwnas::space::Space& space) {
  hwnas::arch::Rng rng(1);
  std::vector<hwnas::arch::Architecture> archs;
  for (int i = 0; i < 1024; ++i) archs.push_back(hwnas::arch::sample_uniform(space, rng));
  return archs;
}

// IR build + simulation, total only: what latency:sim:<device> does per architecture.
void BM_BuildAndSimulate(benchmark::State& state, const char* device) {
  const auto space = hwnas::space::load_space("ofa-mbv3");
  const auto archs = sample(space);
  const hwnas::sim::ArchSimulator simulator(hwnas::sim::load_device(device));
  const hwnas::sim::TemplateBuilder builder(simulator.device(), space);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(simulator.simulate(builder, archs[i++ % archs.size()], false).total_s);
  }
  state.counters["archs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// The IR build alone, for the split between building and simulating.
void BM_BuildOnly(benchmark::State& state) {
  const auto space = hwnas::space::load_space("ofa-mbv3");
  const auto archs = sample(space);
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(hwnas::graph::build(space, archs[i++ % archs.size()]).ops.size());
  state.counters["archs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// The latency model alone on prebuilt graphs (cold in cache: 1024 graphs do not fit in L2): the simulator's share of the time above.
void BM_SimulateOnly(benchmark::State& state, const char* device) {
  const auto space = hwnas::space::load_space("ofa-mbv3");
  std::vector<hwnas::graph::Graph> graphs;
  for (const auto& a : sample(space)) graphs.push_back(hwnas::graph::build(space, a));
  const auto d = hwnas::sim::load_device(device);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(hwnas::sim::simulate(d, graphs[i++ % graphs.size()], 0, false).total_s);
  }
  state.counters["archs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// Through the metric interface in batches of 1024, as the profiler and search call it.
void BM_MetricBatch(benchmark::State& state) {
  const auto space = hwnas::space::load_space("ofa-mbv3");
  const auto archs = sample(space);
  auto metric = hwnas::metric::open_metric("latency:sim:midap");
  for (auto _ : state) benchmark::DoNotOptimize(metric->evaluate(space, archs));
  state.counters["archs/s"] = benchmark::Counter(static_cast<double>(state.iterations() * archs.size()),
                                                 benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_BuildAndSimulate, midap, "midap");
BENCHMARK_CAPTURE(BM_BuildAndSimulate, kirin_npu_like, "kirin-npu-like");
BENCHMARK_CAPTURE(BM_BuildAndSimulate, hexagon_dsp_like, "hexagon-dsp-like");
BENCHMARK_CAPTURE(BM_BuildAndSimulate, myriad_vpu_like, "myriad-vpu-like");
BENCHMARK_CAPTURE(BM_BuildAndSimulate, mobile_cpu_like, "mobile-cpu-like");
BENCHMARK_CAPTURE(BM_BuildAndSimulate, desktop_gpu_like, "desktop-gpu-like");
BENCHMARK(BM_BuildOnly);
BENCHMARK_CAPTURE(BM_SimulateOnly, midap, "midap");
BENCHMARK_CAPTURE(BM_SimulateOnly, myriad_vpu_like, "myriad-vpu-like");
BENCHMARK(BM_MetricBatch);

}  // namespace
