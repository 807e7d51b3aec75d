// Prediction throughput of one predictor file over the architectures of a text file (one per line,
// any --arch encoding), parsed before timing: the C++ side of bench/python_bench.py, which times
// hwnas.Predictor.predict on the same file and architectures from Python (docs/python.md).
//   HWNAS_BENCH_SPACE=ofa-mbv3 HWNAS_BENCH_MODEL=ridge.json HWNAS_BENCH_ARCHS=archs.txt build/bench/predict_file_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>

#include <torch/torch.h>

#include "hwnas/arch/arch_argument.hpp"
#include "hwnas/predict/predictor_kinds.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

using namespace hwnas;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

void BM_PredictFile(benchmark::State& state) {
  if (env("HWNAS_BENCH_MODEL").empty() || env("HWNAS_BENCH_ARCHS").empty()) {
    state.SkipWithError("set HWNAS_BENCH_MODEL and HWNAS_BENCH_ARCHS (bench/python_bench.py does)");
    return;
  }
  torch::set_num_threads(1);
  const space::Space space = space::load_space(env("HWNAS_BENCH_SPACE").empty() ? "ofa-mbv3" : env("HWNAS_BENCH_SPACE"));
  auto predictor = predict::load_predictor(env("HWNAS_BENCH_MODEL"), space);
  std::vector<arch::Architecture> archs;
  std::ifstream in(env("HWNAS_BENCH_ARCHS"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) archs.push_back(arch::parse_argument(space, line, std::nullopt));
  }
  for (auto _ : state) benchmark::DoNotOptimize(predictor->predict(archs));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(archs.size()));
  state.counters["archs"] = static_cast<double>(archs.size());
}
BENCHMARK(BM_PredictFile)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
