// The contract every row of the predictor kind table keeps (predict/predictor_kinds.hpp): it has a
// name and a summary, trains on a small synthetic set, predicts one finite value per network, and
// its file loads back to a predictor of the same kind that predicts the same values. The suite runs
// over the table itself, so a kind added there is covered without a line here. It checks the
// mechanics, not accuracy (predictors_test.cpp does that, kind by kind).
#include <gtest/gtest.h>

#include <cmath>

#include "hwnas/graph/build.hpp"
#include "hwnas/predict/training.hpp"
#include "support/temp_dir.hpp"
#include "synthetic_latency.hpp"

namespace hwnas::test {
namespace {

// Small settings for the kinds that read them, so every kind trains in seconds; a kind ignores the
// options it does not know. lut learns from per-layer rows (synthetic_samples_with_layers) instead of
// timing each layer on an engine.
const nlohmann::json kQuickOptions = {{"epochs", 2}, {"hidden", 8}, {"rounds", 10}, {"from", "layers"}};

// synthetic_samples with the per-layer rows a profiling benchmark tool would have stored beside each
// measurement: each graph layer's share of the network's latency.
std::vector<predict::Sample> synthetic_samples_with_layers(const space::Space& space, std::size_t n) {
  auto samples = synthetic_samples(space, n, 5);
  for (auto& s : samples) {
    const graph::Graph g = graph::build(space, s.arch);
    const double seconds_per_layer = s.value * 1e-3 / static_cast<double>(g.layers.size());
    for (const auto& layer : g.layers) s.layers.push_back({layer.name, "Conv", {layer.name}, seconds_per_layer});
  }
  return samples;
}

class PredictorKindContract : public ::testing::TestWithParam<std::string_view> {};

TEST_P(PredictorKindContract, TrainsPredictsAndRoundTripsThroughItsFile) {
  const predict::PredictorKind& kind = predict::find_kind(GetParam());
  EXPECT_EQ(kind.name, GetParam());
  EXPECT_FALSE(kind.summary.empty());

  const auto space = space::load_space("ofa-mbv3");
  const auto samples = synthetic_samples_with_layers(space, 30);
  const predict::TrainRequest request{
      std::string(kind.name), std::string("latency:") + kSyntheticDevice, "", 0, 0, 0, 0, kQuickOptions, true};
  // No hold-out: a lookup table knows only the layers it was trained on, and the contract is about
  // every kind, so all predictions here are of training networks.
  const auto trained = predict::train_on_split(space, request, samples, {}, nullptr);
  ASSERT_NE(trained.predictor, nullptr);
  EXPECT_EQ(trained.predictor->provenance().kind, kind.name);

  std::vector<arch::Architecture> archs;
  for (const auto& s : samples) archs.push_back(s.arch);
  const auto before = trained.predictor->predict(archs);
  ASSERT_EQ(before.size(), archs.size());
  for (double v : before) EXPECT_TRUE(std::isfinite(v)) << v;

  const TempDir dir("predictor-kind");
  const auto file = dir / (std::string(kind.name) + ".json");
  trained.predictor->save(file);
  const auto loaded = predict::load_predictor(file, space);
  EXPECT_EQ(loaded->provenance().kind, kind.name);
  const auto after = loaded->predict(archs);
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after, before);
}

std::vector<std::string_view> kind_names() {
  std::vector<std::string_view> names;
  for (const auto& kind : predict::predictor_kinds()) names.push_back(kind.name);
  return names;
}

// gtest test names allow only letters, digits and underscores: "gru-paper" -> "gru_paper".
std::string test_name(const ::testing::TestParamInfo<std::string_view>& info) {
  std::string name(info.param);
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryKind, PredictorKindContract, ::testing::ValuesIn(kind_names()), test_name);

}  // namespace
}  // namespace hwnas::test
