// The held-out split: deterministic, disjoint, and never seen in training — a model trained with
// the held-out targets replaced by garbage is the same model.
#include <gtest/gtest.h>

#include <set>

#include "hwnas/predict/training.hpp"
#include "synthetic_latency.hpp"

namespace hwnas::test {
namespace {

TEST(Split, DeterministicDisjointAndComplete) {
  const auto space = space::load_space("ofa-mbv3");
  const auto samples = synthetic_samples(space, 200, 1);
  const auto a = predict::split_holdout(samples, 60, 7);
  const auto b = predict::split_holdout(samples, 60, 7);
  ASSERT_EQ(a.test.size(), 60u);
  ASSERT_EQ(a.train.size(), 140u);
  std::set<std::string> test_hashes;
  for (std::size_t i = 0; i < a.test.size(); ++i) {
    EXPECT_EQ(a.test[i].hash, b.test[i].hash);
    test_hashes.insert(a.test[i].hash);
  }
  for (const auto& s : a.train) EXPECT_FALSE(test_hashes.contains(s.hash)) << s.hash;
  // Another seed holds out other networks; a train limit cuts only the train side.
  const auto c = predict::split_holdout(samples, 60, 8, 50);
  EXPECT_EQ(c.train.size(), 50u);
  std::size_t shared = 0;
  for (const auto& s : c.test) shared += test_hashes.contains(s.hash);
  EXPECT_LT(shared, 40u);
  EXPECT_THROW(predict::split_holdout(samples, 200, 0), InputError);
}

TEST(Split, HeldOutTargetsNeverReachTraining) {
  const auto space = space::load_space("ofa-mbv3");
  const auto samples = synthetic_samples(space, 160, 2, 0.02);
  auto corrupted = samples;
  const auto clean_split = predict::split_holdout(samples, 50, 3);
  std::set<std::string> held;
  for (const auto& s : clean_split.test) held.insert(s.hash);
  for (auto& s : corrupted) {
    if (held.contains(s.hash)) s.value = 1e6;  // would wreck any model that saw it
  }
  const auto dirty_split = predict::split_holdout(corrupted, 50, 3);
  for (const char* kind : {"ridge", "macs", "xgb", "gru"}) {
    predict::TrainRequest request{kind, "latency:x", "", 50, 0, 3, 0, {{"epochs", 2}, {"rounds", 20}}, true};
    const auto clean = predict::train_on_split(space, request, clean_split.train, clean_split.test, nullptr);
    const auto dirty = predict::train_on_split(space, request, dirty_split.train, clean_split.test, nullptr);
    std::vector<arch::Architecture> archs;
    for (const auto& s : samples) archs.push_back(s.arch);
    EXPECT_EQ(clean.predictor->predict(archs), dirty.predictor->predict(archs)) << kind;
    // The file records exactly which networks were held out.
    EXPECT_EQ(clean.predictor->provenance().split["held_out_hashes"].size(), 50u) << kind;
    EXPECT_EQ(clean.predictor->provenance().samples, 110u) << kind;
  }
}

}  // namespace
}  // namespace hwnas::test
