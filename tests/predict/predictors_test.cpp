// Every kind learns a synthetic additive latency, survives a save/load round trip unchanged, and a
// file is refused for another space or device.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <fstream>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/predict/training.hpp"
#include "hwnas/reduce/rules.hpp"
#include "hwnas/train/accuracy_predictor.hpp"
#include "support/temp_dir.hpp"
#include "synthetic_latency.hpp"

namespace hwnas::test {
namespace {

namespace fs = std::filesystem;

struct Trained {
  predict::TrainResult result;
  std::vector<predict::Sample> test;
};

Trained train_kind(const space::Space& space, const std::string& kind, const nlohmann::json& options) {
  const auto samples = synthetic_samples(space, 400, 11);
  const auto split = predict::split_holdout(samples, 100, 0);
  predict::TrainRequest request{kind, std::string("latency:") + kSyntheticDevice, "", 100, 0, 0, 0, options, true};
  return {predict::train_on_split(space, request, split.train, split.test, nullptr), split.test};
}

TEST(Predictors, LinearKindsLearnAnAdditiveLatency) {
  const auto space = space::load_space("ofa-mbv3");
  const auto ridge = train_kind(space, "ridge", {});
  EXPECT_GT(ridge.result.test->within5, 99.0);
  EXPECT_GT(ridge.result.test->kendall, 0.95);
  const auto macs = train_kind(space, "macs", {});
  // MACs alone miss the per-block constants: worse than ridge on every metric.
  EXPECT_LT(macs.result.test->within5, ridge.result.test->within5 + 1e-9);
  EXPECT_GT(macs.result.test->mape, ridge.result.test->mape);
  EXPECT_LT(macs.result.test->kendall, ridge.result.test->kendall);
}

TEST(Predictors, TreesAndGruLearnIt) {
  const auto space = space::load_space("ofa-mbv3");
  const auto xgb = train_kind(space, "xgb", {{"rounds", 200}});
  EXPECT_GT(xgb.result.test->within10, 90.0);
  EXPECT_GT(xgb.result.test->spearman, 0.9);
  const auto gru = train_kind(space, "gru", {{"epochs", 80}, {"hidden", 32}});
  EXPECT_GT(gru.result.test->within15, 80.0);
  EXPECT_GT(gru.result.test->spearman, 0.85);
}

// `gru-paper` is BlockProfile's configuration: embedding 112, 512 units per direction, the last
// step's output, and latency divided by the largest training latency.
TEST(Predictors, GruPaperHasTheConfigurationOfBlockProfile) {
  const auto space = space::load_space("ofa-mbv3");
  const TempDir dir("predict-gru-paper");
  auto trained = train_kind(space, "gru-paper", {{"epochs", 1}});
  trained.result.predictor->save(dir / "gru.json");
  std::ifstream in(dir / "gru.json");
  const auto config = nlohmann::json::parse(in).at("model").at("config");
  EXPECT_EQ(config.at("embed"), 112);
  EXPECT_EQ(config.at("hidden"), 512);
  EXPECT_EQ(config.at("readout"), "last_step");
  EXPECT_EQ(config.at("target_offset"), 0.0);
  const auto samples = synthetic_samples(space, 400, 11);
  const auto split = predict::split_holdout(samples, 100, 0);
  double largest = 0;
  for (const auto& s : split.train) largest = std::max(largest, s.value);
  EXPECT_DOUBLE_EQ(config.at("target_scale").get<double>(), largest);
}

TEST(Predictors, FilesRoundTripWithProvenance) {
  const auto space = space::load_space("ofa-mbv3");
  const TempDir dir("predict-round-trip");
  for (const std::string kind : {"ridge", "macs", "xgb", "gru", "gru-paper"}) {
    auto trained = train_kind(space, kind, {{"epochs", 3}, {"rounds", 30}, {"hidden", 16}});
    const fs::path file = dir / (kind + ".json");
    trained.result.predictor->save(file);
    const auto loaded = predict::load_predictor(file, space);
    std::vector<arch::Architecture> archs;
    for (const auto& s : trained.test) archs.push_back(s.arch);
    const auto before = trained.result.predictor->predict(archs);
    const auto after = loaded->predict(archs);
    ASSERT_EQ(before.size(), after.size());
    for (std::size_t i = 0; i < before.size(); ++i) EXPECT_NEAR(before[i], after[i], 1e-5 * std::abs(before[i])) << kind;
    const auto& p = loaded->provenance();
    EXPECT_EQ(p.kind, kind);
    EXPECT_EQ(p.space, "ofa-mbv3");
    EXPECT_EQ(p.device_key, kSyntheticDevice);
    EXPECT_EQ(p.samples, 300u);
    EXPECT_FALSE(p.trained_at.empty());
    EXPECT_TRUE(p.metrics.contains("held_out"));
  }
  EXPECT_TRUE(fs::exists(dir / "gru.pt"));
}

// acc-mlp learns an accuracy that rises with kernel size and expansion; its predictor file loads
// through the kind table and through accuracy:pred:<file>'s reader with the same predictions.
TEST(Predictors, AccuracyMlpLearnsAndItsFileServesBothReaders) {
  const auto space = space::load_space("ofa-mbv3-fmnist");
  arch::Rng rng(3);
  std::vector<predict::Sample> samples;
  for (int i = 0; i < 300; ++i) {
    const auto a = arch::sample_uniform(space, rng, 28);
    double acc = 70;
    for (const auto& u : a.units)
      for (int b : u.blocks) acc += 0.05 * space.blocks[static_cast<std::size_t>(b)].kernel + 0.1 * space.blocks[static_cast<std::size_t>(b)].expand;
    samples.push_back({a, arch::arch_hash(space, a), acc});
  }
  const auto split = predict::split_holdout(samples, 60, 0);
  predict::TrainRequest request{"acc-mlp", "accuracy:synthetic", "", 60, 0, 0, 0, {{"epochs", 150}}, true};
  auto result = predict::train_on_split(space, request, split.train, split.test, nullptr);
  EXPECT_GT(result.test->spearman, 0.8);
  EXPECT_LT(result.test->mape, 2.0);
  const TempDir dir("predict-acc-mlp");
  const fs::path file = dir / "acc.json";
  result.predictor->save(file);
  std::vector<arch::Architecture> archs;
  for (const auto& s : split.test) archs.push_back(s.arch);
  const auto before = result.predictor->predict(archs);
  const auto via_kinds = predict::load_predictor(file, space)->predict(archs);
  const auto via_metric = train::AccuracyPredictor::load(file).predict(space, archs);
  for (std::size_t i = 0; i < archs.size(); ++i) {
    EXPECT_NEAR(via_kinds[i], before[i], 1e-4);
    EXPECT_NEAR(via_metric[i], before[i], 1e-4);
  }
  EXPECT_EQ(predict::load_predictor(file, space)->provenance().unit, "%");
}

TEST(Predictors, RefusesAnotherSpaceOrDevice) {
  const auto space = space::load_space("ofa-mbv3");
  const TempDir dir("predict-refuse");
  auto trained = train_kind(space, "ridge", {});
  trained.result.predictor->save(dir / "ridge.json");
  try {
    predict::load_predictor(dir / "ridge.json", space::load_space("proxyless"));
    FAIL() << "a predictor of another space was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("trained for space 'ofa-mbv3'"), std::string::npos) << e.what();
  }
  const auto loaded = predict::load_predictor(dir / "ridge.json", space);
  EXPECT_NO_THROW(predict::check_device(*loaded, kSyntheticDevice, "ridge.json"));
  try {
    predict::check_device(*loaded, "cpu-opencv-t1@other", "ridge.json");
    FAIL() << "a predictor of another device was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not device 'cpu-opencv-t1@other'"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "junk.json") << "{\"format\": \"something-else\"}";
  EXPECT_THROW(predict::load_predictor(dir / "junk.json", space), InputError);
  EXPECT_THROW(predict::find_kind("forest"), InputError);
}

TEST(Predictors, OfaLookupTableYaml) {
  // A Note10-style table whose entries are 1 ms per layer key, and 0.5 for the 3x3 e3 blocks:
  // the prediction counts layers, which is checkable by hand.
  const auto space = space::load_space("ofa-mbv3");
  const TempDir dir("predict-ofa-yaml");
  predict::LayerContexts contexts(space);
  arch::Rng rng(4);
  const auto a = arch::sample_uniform(space, rng, 160);
  std::ofstream yaml(dir / "note10.yaml");
  double expected = 0;
  std::set<std::string> written;
  for (const auto* t : contexts.frame_layers(a)) {
    const double mean = t->block == 0 ? 0.5 : 1.0;
    if (written.insert(t->key).second) yaml << t->key << ": {count: 3, mean: " << mean << ", var: 0.01}\n";
  }
  yaml.close();
  for (const auto* t : contexts.layers(a)) expected += t->block == 0 ? 0.5 : 1.0;
  const auto lut = predict::load_predictor(dir / "note10.yaml", space);
  EXPECT_DOUBLE_EQ(lut->predict(std::span(&a, 1)).at(0), expected);
  EXPECT_EQ(lut->provenance().kind, "lut");
  // A network at another resolution needs keys the table does not have.
  const auto b = arch::sample_uniform(space, rng, 224);
  EXPECT_THROW(lut->predict(std::span(&b, 1)), InputError);
}

TEST(Predictors, MetricSourceLatencyPred) {
  const auto space = space::load_space("ofa-mbv3");
  const TempDir dir("predict-metric");
  auto trained = train_kind(space, "ridge", {});
  trained.result.predictor->save(dir / "ridge.json");
  auto source = metric::open_metric("latency:pred:" + (dir / "ridge.json").string());
  EXPECT_EQ(source->unit(), "ms");
  std::vector<arch::Architecture> archs{trained.test[0].arch, trained.test[1].arch};
  const auto values = source->evaluate(space, archs);
  const auto direct = trained.result.predictor->predict(archs);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_NEAR(*values[0], direct[0], 1e-9);
  EXPECT_NEAR(*values[1], direct[1], 1e-9);
  EXPECT_THROW(source->evaluate(space::load_space("proxyless"), {}), InputError);
  EXPECT_THROW(metric::open_metric("latency:pred:/no/such/file.json"), InputError);
}

// A reduced space's architectures are scored by the original's predictors as the original's
// architectures they are (metric/base_space.hpp), for latency and for accuracy.
TEST(Predictors, MetricSourcesScoreAReducedSpaceInItsOriginal) {
  const auto space = space::load_space("ofa-mbv3");
  const auto reduced = reduce::apply_rules(space, reduce::load_rules("ofa-cpu"));
  ASSERT_NE(reduced.name, space.name);
  const TempDir dir("predict-reduced");
  auto trained = train_kind(space, "ridge", {});
  trained.result.predictor->save(dir / "ridge.json");
  arch::Rng rng(8);
  std::vector<arch::Architecture> archs;
  for (int i = 0; i < 20; ++i) archs.push_back(arch::sample_uniform(reduced, rng, 160));
  const auto direct = trained.result.predictor->predict(archs);  // ofa-cpu keeps ofa-mbv3's indices
  auto latency = metric::open_metric("latency:pred:" + (dir / "ridge.json").string());
  const auto values = latency->evaluate(reduced, archs);
  for (std::size_t i = 0; i < archs.size(); ++i) EXPECT_NEAR(*values[i], direct[i], 1e-9);

  predict::TrainRequest request{"acc-mlp", "accuracy:synthetic", "", 0, 0, 0, 0, {{"epochs", 5}}, true};
  std::vector<predict::Sample> samples;
  for (const auto& s : trained.test) samples.push_back({s.arch, s.hash, 70 + s.value});
  auto acc = predict::train_on_split(space, request, samples, samples, nullptr);
  acc.predictor->save(dir / "acc.json");
  const auto acc_direct = acc.predictor->predict(archs);
  const auto acc_values = metric::open_metric("accuracy:pred:" + (dir / "acc.json").string())->evaluate(reduced, archs);
  for (std::size_t i = 0; i < archs.size(); ++i) EXPECT_NEAR(*acc_values[i], acc_direct[i], 1e-4);
}

}  // namespace
}  // namespace hwnas::test
