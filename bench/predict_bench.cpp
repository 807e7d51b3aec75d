// Prediction throughput of every predictor kind on ofa-mbv3 (issue 5 targets: lut and ridge
// >= 1,000,000 predictions/s, gru >= 10,000/s batched, one core), and GRU training time on 1,000
// networks (target < 5 min). Models are trained on a synthetic additive latency: throughput does
// not depend on what was learned. Architectures are sampled before timing. Figures: docs/predictors.md.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <torch/torch.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/predict/layer_context.hpp"
#include "hwnas/predict/training.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

using namespace hwnas;

const space::Space& ofa() {
  static const space::Space s = space::load_space("ofa-mbv3");
  return s;
}

std::vector<predict::Sample> samples(std::size_t n, std::uint64_t seed) {
  predict::LayerContexts contexts(ofa());
  arch::Rng rng(seed);
  std::vector<predict::Sample> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = arch::sample_uniform(ofa(), rng, 160);
    double ms = 0.4;
    for (const auto* t : contexts.layers(a)) ms += 2e-8 * static_cast<double>(t->macs) + 0.05 * (1 + (t->block + 3) % 3);
    out.push_back({a, arch::arch_hash(ofa(), a), ms});
  }
  return out;
}

std::unique_ptr<predict::Predictor> trained(const std::string& kind,
                                           const nlohmann::json& options = nlohmann::json::object()) {
  const auto train = samples(1000, 1);
  predict::TrainRequest request{kind, "latency:bench", "", 0, 0, 0, 0, options, true};
  return std::move(predict::train_on_split(ofa(), request, train, {}, nullptr).predictor);
}

// An OFA-style lookup table over every layer configuration at resolution 160.
std::unique_ptr<predict::Predictor> lookup_table() {
  const auto dir = std::filesystem::temp_directory_path() / "hwnas_predict_bench";
  std::filesystem::create_directories(dir);
  predict::LayerContexts contexts(ofa());
  std::ofstream yaml(dir / "lut.yaml");
  std::set<std::string> keys;
  double mean = 0.1;
  for (const auto* t : contexts.frame_layers(samples(1, 0).front().arch)) {
    if (keys.insert(t->key).second) yaml << t->key << ": {count: 1, mean: " << (mean += 0.01) << ", var: 0}\n";
  }
  yaml.close();
  return predict::load_predictor(dir / "lut.yaml", ofa());
}

void run(benchmark::State& state, predict::Predictor& predictor) {
  torch::set_num_threads(1);
  const auto test = samples(static_cast<std::size_t>(state.range(0)), 2);
  std::vector<arch::Architecture> archs;
  for (const auto& s : test) archs.push_back(s.arch);
  for (auto _ : state) benchmark::DoNotOptimize(predictor.predict(archs));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Predict_Lut(benchmark::State& state) {
  static auto p = lookup_table();
  run(state, *p);
}
void BM_Predict_Ridge(benchmark::State& state) {
  static auto p = trained("ridge");
  run(state, *p);
}
void BM_Predict_Macs(benchmark::State& state) {
  static auto p = trained("macs");
  run(state, *p);
}
void BM_Predict_Xgb(benchmark::State& state) {
  static auto p = trained("xgb", {{"rounds", 600}});
  run(state, *p);
}
void BM_Predict_Gru(benchmark::State& state) {
  static auto p = trained("gru", {{"epochs", 1}});
  run(state, *p);
}
void BM_Predict_GruPaperSize(benchmark::State& state) {
  static auto p = trained("gru", {{"epochs", 1}, {"embed", 112}, {"hidden", 512}});
  run(state, *p);
}

// Default GRU (200 epochs, batch 16) on 1,000 networks, one thread.
void BM_TrainGru1000(benchmark::State& state) {
  torch::set_num_threads(1);
  for (auto _ : state) benchmark::DoNotOptimize(trained("gru"));
}

BENCHMARK(BM_Predict_Lut)->Arg(1000);
BENCHMARK(BM_Predict_Ridge)->Arg(1000);
BENCHMARK(BM_Predict_Macs)->Arg(1000);
BENCHMARK(BM_Predict_Xgb)->Arg(1000);
BENCHMARK(BM_Predict_Gru)->Arg(1)->Arg(1000)->Arg(10000);
BENCHMARK(BM_Predict_GruPaperSize)->Arg(1000);
BENCHMARK(BM_TrainGru1000)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
