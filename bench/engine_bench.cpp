// Per-engine single-thread latency on a few networks, and the default engine against an
// independent ONNX Runtime over random ofa-mbv3 architectures. Results: docs/engines.md.
//   build/bench/engine_bench --benchmark_filter=Engine/      (per engine, per net)
//   build/bench/engine_bench --benchmark_filter=VersusOrt    (needs scripts/install-deps.sh)
//     VersusOrt/20/1/0 times by wall clock, VersusOrt/20/1/1 by CPU time (this thread's for
//     torchscript, the node process's for ONNX Runtime) — the one to trust on a loaded machine.
//   build/bench/engine_bench --benchmark_filter=BuildOverhead (hwnas's own time per measured network)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/thread_cpu_time.hpp"
#include "hwnas/engine/engine.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/measure/protocol.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

using namespace hwnas;

constexpr int kWarmup = 10;

// name -> (space, architecture text)
const std::map<std::string, std::pair<std::string, std::string>>& nets() {
  static const std::map<std::string, std::pair<std::string, std::string>> table = {
      {"mbv3_e6k3", {"ofa-mbv3", "r224|e6k3,e6k3,e6k3,e6k3|e6k3,e6k3,e6k3,e6k3|e6k3,e6k3,e6k3,e6k3|"
                                 "e6k3,e6k3,e6k3,e6k3|e6k3,e6k3,e6k3,e6k3"}},
      {"mbv3_e6k7", {"ofa-mbv3", "r224|e6k7,e6k7,e6k7,e6k7|e6k7,e6k7,e6k7,e6k7|e6k7,e6k7,e6k7,e6k7|"
                                 "e6k7,e6k7,e6k7,e6k7|e6k7,e6k7,e6k7,e6k7"}},
      {"proxyless_e4k5", {"proxyless", "r224|e4k5,e4k5,e4k5,e4k5|e4k5,e4k5,e4k5,e4k5|"
                                       "e4k5,e4k5,e4k5,e4k5|e4k5,e4k5,e4k5,e4k5|"
                                       "e4k5,e4k5,e4k5,e4k5|e4k5"}},
  };
  return table;
}

graph::Graph build_net(const std::string& name) {
  const auto& [space_name, text] = nets().at(name);
  const auto space = space::load_space(space_name);
  return graph::build(space, arch::parse_any(space, text, 224));
}

void Engine(benchmark::State& state, const std::string& engine_name, const std::string& net) {
  const auto graph = build_net(net);
  const auto engine = engine::make_engine(engine_name, 1);
  engine->build(graph, exporting::random_weights(graph, 0));
  for (int i = 0; i < kWarmup; ++i) engine->run();
  for (auto _ : state) state.SetIterationTime(engine->run().seconds);
  state.SetLabel(engine->version());
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Per architecture: median of 30 torchscript runs vs ONNX Runtime's median of 30 (after 10
// warm-up runs each); counters give the median and worst ratio over the architectures.
// Arguments: architectures, sampling seed, timing (0 wall clock, 1 CPU time).
void VersusOrt(benchmark::State& state) {
  const auto ort_script = std::filesystem::path(HWNAS_SOURCE_DIR) / "scripts" / "ort_bench.mjs";
  if (!std::filesystem::exists(std::filesystem::path(HWNAS_SOURCE_DIR) / "build-deps" / "ort")) {
    state.SkipWithError("ONNX Runtime not installed: run scripts/install-deps.sh");
    return;
  }
  const auto space = space::load_space("ofa-mbv3");
  arch::Rng rng(state.range(1));
  const bool cpu_time = state.range(2) == 1;
  std::vector<double> ratios, ours, theirs;
  for (auto _ : state) {
    for (int a = 0; a < state.range(0); ++a) {
      const auto graph = graph::build(space, arch::sample_uniform(space, rng, 224));
      const auto weights = exporting::random_weights(graph, a);
      const auto torchscript = engine::make_engine("torchscript", 1);
      torchscript->build(graph, weights);
      for (int i = 0; i < kWarmup; ++i) torchscript->run();
      std::vector<double> times;
      for (int i = 0; i < 30; ++i) {
        const double cpu_before = thread_cpu_seconds();
        const double wall = torchscript->run().seconds;
        times.push_back(cpu_time ? thread_cpu_seconds() - cpu_before : wall);
      }
      const auto ort = engine::make_engine("command:node " + ort_script.string() +
                                               " {onnx} {shape} {threads} 30 10 " +
                                               (cpu_time ? "cpu" : "wall"),
                                           1);
      ort->build(graph, weights);
      const auto ort_result = ort->run();
      if (!ort_result.ok()) {
        state.SkipWithError(ort_result.error.c_str());
        return;
      }
      ours.push_back(median(times));
      theirs.push_back(ort_result.seconds);
      ratios.push_back(ours.back() / theirs.back());
    }
  }
  state.counters["archs"] = static_cast<double>(ratios.size());
  state.counters["torchscript_ms_median"] = 1e3 * median(ours);
  state.counters["ort_ms_median"] = 1e3 * median(theirs);
  state.counters["ratio_median"] = median(ratios);
  state.counters["ratio_max"] = *std::max_element(ratios.begin(), ratios.end());
}

// hwnas's own time per measured network before timing starts — IR, seeded weights and the engine's
// build (export, compile, freeze, graph passes) — against the least time the default protocol then
// spends running that network: warm-up (10 runs and at least 0.2 s) plus 20 timed runs.
// Arguments: architectures, resolution (ofa-mbv3 at 160 runs in about 5 ms here).
void BuildOverhead(benchmark::State& state, const std::string& engine_name) {
  const auto space = space::load_space("ofa-mbv3");
  const measure::ProtocolOptions protocol;
  arch::Rng rng(7);
  std::vector<double> build_ms, run_ms, shares;
  for (auto _ : state) {
    for (int a = 0; a < state.range(0); ++a) {
      const auto start = std::chrono::steady_clock::now();
      const auto graph = graph::build(space, arch::sample_uniform(space, rng, static_cast<int>(state.range(1))));
      const auto engine = engine::make_engine(engine_name, 1);
      engine->build(graph, exporting::random_weights(graph, a));
      const double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::vector<double> times;
      for (int i = 0; i < kWarmup + 20; ++i) times.push_back(engine->run().seconds);
      const double run = median(times);
      const double warmup = std::max(static_cast<double>(protocol.warmup_runs) * run, protocol.warmup_seconds);
      build_ms.push_back(1e3 * build);
      run_ms.push_back(1e3 * run);
      shares.push_back(build / (warmup + static_cast<double>(protocol.min_runs) * run));
    }
  }
  state.counters["archs"] = static_cast<double>(shares.size());
  state.counters["build_ms_median"] = median(build_ms);
  state.counters["build_ms_max"] = *std::max_element(build_ms.begin(), build_ms.end());
  state.counters["run_ms_median"] = median(run_ms);
  state.counters["share_median"] = median(shares);
  state.counters["share_max"] = *std::max_element(shares.begin(), shares.end());
}

const bool registered = [] {
  for (const auto& engine : {"torchscript", "mobile", "opencv", "torch"}) {
    for (const auto& [net, spec] : nets()) {
      benchmark::RegisterBenchmark(("Engine/" + std::string(engine) + "/" + net).c_str(), Engine,
                                   engine, net)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond)
          ->MinTime(1.0);
    }
  }
  benchmark::RegisterBenchmark("VersusOrt", VersusOrt)
      ->Args({20, 1, 0})
      ->Args({20, 1, 1})
      ->Iterations(1)
      ->Unit(benchmark::kSecond);
  for (const auto& engine : {"torchscript", "opencv"}) {
    benchmark::RegisterBenchmark(("BuildOverhead/" + std::string(engine)).c_str(), BuildOverhead, engine)
        ->Args({10, 128})
        ->Args({10, 160})
        ->Args({10, 224})
        ->Iterations(1)
        ->Unit(benchmark::kSecond);
  }
  return true;
}();

}  // namespace
