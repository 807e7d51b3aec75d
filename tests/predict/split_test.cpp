// The held-out split: deterministic, disjoint, and never seen in training — a model trained with
// the held-out targets replaced by garbage is the same model.
#include <gtest/gtest.h>

#include <set>

#include <fmt/core.h>

#include "hwnas/predict/training.hpp"
#include "support/temp_dir.hpp"
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

// Which networks `hwnas predictor eval` scores a predictor on, decided by where it was trained.
TEST(ScoringSamples, HeldOutOnTheTrainingStoreEverythingElsewhere) {
  const auto space = space::load_space("ofa-mbv3");
  const auto samples = synthetic_samples(space, 20, 4);
  const auto split = predict::split_holdout(samples, 5, 1);
  predict::Provenance trained;
  trained.store = "sqlite:///data/train.db";
  for (const auto& s : split.test) trained.split["held_out_hashes"].push_back(s.hash);

  const auto held_out = predict::scoring_samples(trained, samples, trained.store, false, "lat.json");
  std::set<std::string> expected, scored;
  for (const auto& s : split.test) expected.insert(s.hash);
  for (const auto& s : held_out) scored.insert(s.hash);
  EXPECT_EQ(scored, expected);
  EXPECT_EQ(predict::scoring_samples(trained, samples, trained.store, true, "lat.json").size(), samples.size());

  EXPECT_EQ(predict::scoring_samples(trained, samples, "sqlite:///data/second-session.db", false, "lat.json").size(),
            samples.size());

  predict::Provenance without_holdout = trained;
  without_holdout.split = nlohmann::json::object();
  try {
    predict::scoring_samples(without_holdout, samples, trained.store, false, "lat.json");
    FAIL() << "a predictor without a hold-out was scored on its own training networks";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("lat.json: trained without a hold-out"), std::string::npos) << e.what();
  }
  EXPECT_EQ(predict::scoring_samples(without_holdout, samples, trained.store, true, "lat.json").size(), samples.size());
}

}  // namespace
}  // namespace hwnas::test

namespace hwnas::test {
namespace {

// Reference checks at t=1 (fast), t=3 (fast), t=5 (slow: the machine was busy), t=7 (fast).
// Only networks between two fast checks survive --max-drift; the latency-min target takes the lower
// of two sessions.
TEST(Samples, DriftGateAndLowestOfSessions) {
  const auto space = space::load_space("ofa-mbv3");
  const TempDir dir("predict-drift");
  const auto file = dir / "drift.db";
  const auto samples = synthetic_samples(space, 6, 9);
  auto store = store::open_store(file.string());
  for (const std::string device : {"a@test", "b@test"}) {
    store->put_device({device, "opencv", {{"threads", 1}}, nlohmann::json::object()});
    const store::ArchRecord reference{store::kReferenceSpace, "name", "ref", "ref", 160};
    for (const auto& [t, ms] : std::vector<std::pair<int, double>>{{1, 10}, {3, 10.5}, {5, 30}, {7, 10}}) {
      store::MeasurementRecord m;
      m.device_key = device;
      m.arch_hash = "ref";
      m.median_s = ms * 1e-3;
      m.measured_at = fmt::format("2026-01-01T00:00:0{}.000Z", t);
      store->add_reference_check(reference, m);
    }
    for (std::size_t i = 0; i < samples.size(); ++i) {
      store::MeasurementRecord m;
      m.device_key = device;
      m.arch_hash = samples[i].hash;
      m.median_s = (device == "a@test" ? 1.0 + static_cast<double>(i) : 2.0) * 1e-3;
      m.measured_at = fmt::format("2026-01-01T00:00:0{}.500Z", 1 + i);  // 1.5, 2.5, ..., 6.5
      store->put_measurement(measure::arch_record(space, samples[i].arch), m);
    }
  }
  EXPECT_EQ(predict::load_samples(*store, space, "latency:a@test").size(), 6u);
  // Between 1 and 3: 1.5, 2.5 clean; 3.5, 4.5 (before the slow check at 5) and 5.5, 6.5 (after it) not.
  const auto clean = predict::load_samples(*store, space, "latency:a@test", 0.1);
  ASSERT_EQ(clean.size(), 2u);
  for (const auto& s : clean) EXPECT_LE(s.value, 2.0);
  const auto lowest = predict::load_samples(*store, space, "latency-min:a@test,b@test");
  ASSERT_EQ(lowest.size(), 6u);
  for (const auto& s : lowest) EXPECT_LE(s.value, 2.0);
  EXPECT_EQ(predict::target_device_key("latency-min:a@test,b@test"), "a@test");
}

TEST(Samples, CompensatedWherePresentRawOnRequest) {
  const auto space = space::load_space("ofa-mbv3");
  auto store = store::open_store(":memory:");
  const auto samples = synthetic_samples(space, 4, 3);
  store->put_device({"c@test", "opencv", {{"threads", 1}}, nlohmann::json::object()});
  for (std::size_t i = 0; i < samples.size(); ++i) {
    store::MeasurementRecord m;
    m.device_key = "c@test";
    m.arch_hash = samples[i].hash;
    m.median_s = 0.010;
    if (i < 3) m.compensated_median_s = 0.008;  // the last one was measured without --compensate
    store->put_measurement(measure::arch_record(space, samples[i].arch), m);
  }
  const auto read = predict::load_samples(*store, space, "latency:c@test");
  const auto raw = predict::load_samples(*store, space, "latency:c@test:raw");
  ASSERT_EQ(read.size(), 4u);
  ASSERT_EQ(raw.size(), 4u);
  std::size_t compensated = 0;
  for (const auto& s : read) compensated += s.value == 8.0 ? 1 : 0;
  EXPECT_EQ(compensated, 3u);
  for (const auto& s : raw) EXPECT_EQ(s.value, 10.0);
  EXPECT_EQ(predict::latency_statistic(read), "compensated for 3 of 4");
  EXPECT_EQ(predict::latency_statistic(raw), "raw");
  EXPECT_EQ(predict::target_device_key("latency:c@test:raw"), "c@test");

  predict::TrainRequest request{"macs", "latency:c@test", ":memory:"};
  const auto trained = predict::train_on_split(space, request, read, {}, nullptr);
  EXPECT_EQ(trained.predictor->provenance().latency_statistic, "compensated for 3 of 4");
  const auto back = predict::Provenance::from_json(trained.predictor->provenance().to_json(), "test");
  EXPECT_EQ(back.latency_statistic, "compensated for 3 of 4");
}

}  // namespace
}  // namespace hwnas::test
