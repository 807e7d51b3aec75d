// `lut --from layers`: a lookup table built from the per-layer times a benchmark tool reported
// inside whole networks (stored rows mapped to IR layers) reproduces those times and their sums.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/predict/layer_context.hpp"
#include "hwnas/predict/training.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::predict {
namespace {

// A layer configuration's made-up time on the device, ms: the same for every occurrence.
double fake_ms(const std::string& key) { return 0.01 + static_cast<double>(std::hash<std::string>{}(key) % 1000) / 1e3; }

struct Profiled {
  std::vector<Sample> samples;
  std::vector<double> layer_sums_ms;  // per network: the sum of its mapped per-layer rows
};

Profiled profiled_networks(const space::Space& space, int count) {
  LayerContexts contexts(space);
  arch::Rng rng(5);
  Profiled out;
  for (int i = 0; i < count; ++i) {
    Sample s;
    s.arch = arch::sample_uniform(space, rng, space.default_resolution);
    s.hash = "net" + std::to_string(i);
    const graph::Graph g = graph::build(space, s.arch);
    const auto tokens = contexts.layers(s.arch);
    double sum = 0;
    // The tool's own input reformat maps to no IR layer and is not part of the table.
    s.layers.push_back({"Reformatting CopyNode for Input Tensor 0", "Reformat", {}, 0.05e-3});
    for (std::size_t l = 0; l < g.layers.size(); ++l) {
      const double ms = fake_ms(tokens[l]->key);
      s.layers.push_back({g.layers[l].name + "/conv" + std::to_string(l), "Conv", {g.layers[l].name}, ms / 1e3});
      sum += ms;
    }
    s.value = sum + 0.2;  // end to end: the layers plus a fixed per-call overhead
    out.samples.push_back(std::move(s));
    out.layer_sums_ms.push_back(sum);
  }
  return out;
}

TEST(LutFromLayers, TableEntriesAreTheMeasuredLayersAndSumBack) {
  const auto space = space::load_space("ofa-mbv3-fmnist");
  const auto data = profiled_networks(space, 30);
  TrainRequest request{"lut", "latency:fake-tool", "", 0, 0, 0, 0, {{"from", "layers"}}, true};
  const auto result = train_on_split(space, request, data.samples, {}, nullptr);

  const test::TempDir dir("lut-from-layers");
  const auto file = dir / "lut.json";
  result.predictor->save(file);
  nlohmann::json saved;
  std::ifstream(file) >> saved;
  const auto entries = saved["model"]["entries_ms"].get<std::map<std::string, double>>();
  LayerContexts contexts(space);
  for (std::size_t i = 0; i < data.samples.size(); ++i) {
    double sum = 0;
    for (const LayerToken* t : contexts.layers(data.samples[i].arch)) {
      ASSERT_TRUE(entries.contains(t->key)) << t->key;
      EXPECT_NEAR(entries.at(t->key), fake_ms(t->key), 1e-12) << t->key;
      sum += entries.at(t->key);
    }
    EXPECT_NEAR(sum, data.layer_sums_ms[i], 1e-9);
  }
  // Against end-to-end latency the calibration finds the per-call overhead the layers miss.
  EXPECT_NEAR(saved["model"]["calibration"]["scale"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(saved["model"]["calibration"]["offset_ms"].get<double>(), 0.2, 1e-9);
  std::vector<arch::Architecture> archs;
  for (const auto& s : data.samples) archs.push_back(s.arch);
  const auto predicted = result.predictor->predict(archs);
  for (std::size_t i = 0; i < archs.size(); ++i) EXPECT_NEAR(predicted[i], data.samples[i].value, 1e-9);
  EXPECT_NEAR(result.train.mape, 0.0, 1e-6);
}

TEST(LutFromLayers, NetworksWithoutLayersAreRefused) {
  const auto space = space::load_space("ofa-mbv3-fmnist");
  auto data = profiled_networks(space, 3);
  for (auto& s : data.samples) s.layers.clear();
  TrainRequest request{"lut", "latency:fake-tool", "", 0, 0, 0, 0, {{"from", "layers"}}, true};
  EXPECT_THROW(train_on_split(space, request, data.samples, {}, nullptr), InputError);
}

}  // namespace
}  // namespace hwnas::predict
