// hwnas predictor train / eval / curve / noise and hwnas predict, as a user runs them, on a store of
// synthetic measurements.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "../cli/cli_run.hpp"
#include "support/temp_dir.hpp"
#include "synthetic_latency.hpp"

namespace hwnas::test {
namespace {

namespace fs = std::filesystem;

class PredictorCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto space = space::load_space("ofa-mbv3");
    const auto samples = synthetic_samples(space, 300, 5, 0.01);
    write_store(dir_ / "lat.db", space, samples);
    // A second "session" of the first 100 networks, 1% noise: the noise floor.
    auto repeat = std::vector<predict::Sample>(samples.begin(), samples.begin() + 100);
    for (auto& s : repeat) s.value *= 1.01;
    write_store(dir_ / "lat.db", space, repeat, "cpu-synthetic-t1@test-repeat");
    sample_arch_ = arch::to_canonical(space, samples.front().arch);
  }
  std::string db() const { return (dir_ / "lat.db").string(); }
  TempDir dir_{"predictor-cli"};  // one per test: ctest -j runs this fixture's tests at the same time
  std::string sample_arch_;
};

TEST_F(PredictorCli, TrainEvalPredictAndRefuse) {
  const std::string common = " --space ofa-mbv3 --device-key " + std::string(kSyntheticDevice) + " --db " + db();
  const auto train = run_cli("predictor train --kind ridge,macs" + common + " --holdout 80 --out " + (dir_ / "models").string() +
                             " --noise-device-key cpu-synthetic-t1@test-repeat");
  ASSERT_EQ(train.exit_code, 0) << train.output;
  EXPECT_NE(train.output.find("held-out networks (80 never trained on)"), std::string::npos) << train.output;
  EXPECT_NE(train.output.find("ridge"), std::string::npos);
  EXPECT_NE(train.output.find("noise floor"), std::string::npos) << train.output;
  ASSERT_TRUE(fs::exists(dir_ / "models" / "ridge.json"));

  const auto eval = run_cli("predictor eval --json --model " + (dir_ / "models" / "ridge.json").string() + common);
  ASSERT_EQ(eval.exit_code, 0) << eval.output;
  const auto j = nlohmann::json::parse(eval.output);
  const auto& e = j[(dir_ / "models" / "ridge.json").string()];
  EXPECT_EQ(e["count"], 80);
  EXPECT_GT(e["within10_pct"].get<double>(), 95.0);

  const auto predict = run_cli("predict --json --model " + (dir_ / "models" / "ridge.json").string() +
                               " --space ofa-mbv3 --arch '" + sample_arch_ + "'");
  ASSERT_EQ(predict.exit_code, 0) << predict.output;
  EXPECT_GT(nlohmann::json::parse(predict.output)["rows"][0]["predicted"].get<double>(), 0);

  const auto other_space = run_cli("predict --model " + (dir_ / "models" / "ridge.json").string() +
                                   " --space proxyless --arch 'r224|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3'");
  EXPECT_EQ(other_space.exit_code, 2) << other_space.output;
  EXPECT_NE(other_space.output.find("trained for space 'ofa-mbv3', not 'proxyless'"), std::string::npos) << other_space.output;
  const auto other_device = run_cli("predict --model " + (dir_ / "models" / "ridge.json").string() +
                                    " --space ofa-mbv3 --device-key cpu-opencv-t1@elsewhere --arch '" + sample_arch_ + "'");
  EXPECT_EQ(other_device.exit_code, 2) << other_device.output;
  EXPECT_NE(other_device.output.find("not device 'cpu-opencv-t1@elsewhere'"), std::string::npos) << other_device.output;
}

// The worst cases print in the predictor's unit: ms for latency, % for an accuracy target.
TEST_F(PredictorCli, WorstCasesPrintInTheTargetsUnit) {
  const auto space = space::load_space("ofa-mbv3");
  {
    auto store = store::open_store(db());
    for (const auto& s : synthetic_samples(space, 60, 9)) {
      store->put_metric(measure::arch_record(space, s.arch), {s.hash, "accuracy:synthetic", 70 + s.value});
    }
  }
  const auto accuracy = run_cli("predictor train --kind ridge --target accuracy:synthetic --space ofa-mbv3 --db " + db() +
                                " --out " + (dir_ / "acc.json").string());
  ASSERT_EQ(accuracy.exit_code, 0) << accuracy.output;
  const auto worst = accuracy.output.substr(accuracy.output.find("worst:"));
  EXPECT_NE(worst.find(" %"), std::string::npos) << worst;
  EXPECT_EQ(worst.find(" ms"), std::string::npos) << worst;
  const auto latency = run_cli("predictor train --kind ridge --device-key " + std::string(kSyntheticDevice) +
                               " --space ofa-mbv3 --db " + db() + " --out " + (dir_ / "lat.json").string());
  ASSERT_EQ(latency.exit_code, 0) << latency.output;
  EXPECT_NE(latency.output.substr(latency.output.find("worst:")).find(" ms"), std::string::npos) << latency.output;
}

TEST_F(PredictorCli, CurveAndNoise) {
  const std::string common = " --space ofa-mbv3 --device-key " + std::string(kSyntheticDevice) + " --db " + db();
  const auto curve = run_cli("predictor curve --json --kind ridge,macs --holdout 80 --sizes 50,200" + common);
  ASSERT_EQ(curve.exit_code, 0) << curve.output;
  const auto rows = nlohmann::json::parse(curve.output);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]["train"], 50);
  EXPECT_EQ(rows[0]["held_out"]["count"], 80);
  const auto noise = run_cli("predictor noise --json --repeat-device-key cpu-synthetic-t1@test-repeat" + common);
  ASSERT_EQ(noise.exit_code, 0) << noise.output;
  const auto n = nlohmann::json::parse(noise.output)["noise_floor"];
  EXPECT_EQ(n["count"], 100);
  EXPECT_NEAR(n["mape_pct"].get<double>(), 1.0, 1e-6);
  const auto unknown = run_cli("predictor train --kind forest --out x.json" + common);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown predictor kind 'forest'"), std::string::npos) << unknown.output;
}

}  // namespace
}  // namespace hwnas::test
