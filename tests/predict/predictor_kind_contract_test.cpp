// The contract every row of the predictor kind table keeps (predict/predictor_kinds.hpp): it has a
// name and a summary, trains on a small synthetic set, predicts one finite value per network, and
// its file loads back to a predictor of the same kind that predicts the same values. The suite runs
// over the table itself, so a kind added there is covered without a line here. It checks the
// mechanics, not accuracy (predictors_test.cpp does that, kind by kind).
#include <gtest/gtest.h>

#include <cmath>
#include <typeinfo>

#include "hwnas/common/error.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/predict/predictor_kinds.hpp"
#include "hwnas/predict/training.hpp"
#include "support/mutants.hpp"
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

// Loads `file` and predicts `archs` with it; anything but success or an InputError fails the test.
void expect_loads_or_input_error(const std::filesystem::path& file, const space::Space& space,
                                 const std::vector<arch::Architecture>& archs, const std::string& what) {
  try {
    const auto predictor = predict::load_predictor(file, space);
    EXPECT_EQ(predictor->predict(archs).size(), archs.size()) << what;
  } catch (const InputError&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": " << typeid(e).name() << ": " << e.what();
  }
}

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

// A damaged file of the kind — any JSON value of another type or size, any member missing, the text
// cut or garbled, the files beside it (the gru's tensor archive) corrupted — loads and predicts, or
// is one InputError: never another exception, a crash, or (scripts/test.sh --sanitize) undefined
// behaviour. libFuzzer cannot build these readers (docs/hardening.md), so the suite damages them.
TEST_P(PredictorKindContract, DamagedFilesLoadOrAreInputErrors) {
  const predict::PredictorKind& kind = predict::find_kind(GetParam());
  const auto space = space::load_space("ofa-mbv3");
  const auto samples = synthetic_samples_with_layers(space, 30);
  const predict::TrainRequest request{
      std::string(kind.name), std::string("latency:") + kSyntheticDevice, "", 0, 0, 0, 0, kQuickOptions, true};
  const auto trained = predict::train_on_split(space, request, samples, {}, nullptr);
  const TempDir dir("predictor-damaged");
  const auto file = dir / (std::string(kind.name) + ".json");
  trained.predictor->save(file);
  const std::vector<arch::Architecture> archs{samples[0].arch, samples[1].arch, samples[2].arch};
  const std::string valid = read_bytes(file);

  const auto mutant = dir / "mutant.json";
  const auto json_damage = json_mutants(nlohmann::json::parse(valid));
  EXPECT_GT(json_damage.size(), 50u);
  for (const auto& m : json_damage) {
    write_bytes(mutant, m.document.dump());
    expect_loads_or_input_error(mutant, space, archs, m.where);
  }
  for (const auto& bytes : byte_mutants(valid, 1, 100)) {
    write_bytes(mutant, bytes);
    expect_loads_or_input_error(mutant, space, archs, "damaged text");
  }
  std::filesystem::remove(mutant);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path() == file) continue;
    const std::string sibling = read_bytes(entry.path());
    for (const auto& bytes : byte_mutants(sibling, 2, 100)) {
      write_bytes(entry.path(), bytes);
      expect_loads_or_input_error(file, space, archs, "damaged " + entry.path().filename().string());
    }
    write_bytes(entry.path(), sibling);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryKind, PredictorKindContract, ::testing::ValuesIn(kind_names()), test_name);

}  // namespace
}  // namespace hwnas::test
