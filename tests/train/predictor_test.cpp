// OFA's accuracy MLP: encoding, fit/predict, save/load, the accuracy:pred:<file> metric, and
// OFA's published checkpoint layouts (made by python3-torch) giving PyTorch's predictions.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/accuracy_predictor.hpp"
#include "support/test_paths.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

TEST(ArchEncoding, OfaMobileNetV3IsOfasSpec2Feats) {
  const space::Space space = space::load_space("ofa-mbv3");
  const ArchEncoding e = ArchEncoding::ofa_mbv3();
  EXPECT_EQ(e.dim(), 128);
  EXPECT_EQ(ArchEncoding::for_space(space).dim(), 20 * 6 + 7);  // the space's 7 resolutions
  nlohmann::json dict = {{"ks", std::vector<int>(20, 5)}, {"e", std::vector<int>(20, 6)},
                         {"d", {2, 3, 4, 2, 2}},          {"r", 160}};
  const auto f = e.encode(space, arch::from_ofa_dict(space, dict));
  EXPECT_EQ(f[0 * 3 + 1], 1.0F);   // block 0: kernel 5
  EXPECT_EQ(f[2 * 3 + 1], 0.0F);   // block 2 is beyond unit 1's depth 2
  EXPECT_EQ(f[60 + 4 * 3 + 2], 1.0F);  // block 4 (unit 2, layer 1): expand 6
  EXPECT_EQ(f[120 + (160 - 112) / 16], 1.0F);
  float total = 0;
  for (const float v : f) total += v;
  EXPECT_EQ(total, 2.0F * 13 + 1);  // 13 active blocks
}

TEST(AccuracyPredictor, FitsARuleAndRoundTripsThroughItsFile) {
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  arch::Rng rng(3);
  std::vector<arch::Architecture> archs;
  std::vector<double> acc;
  // Accuracy grows with depth and expand ratios: a smooth rule an MLP must pick up.
  for (int i = 0; i < 120; ++i) {
    archs.push_back(arch::sample_uniform(space, rng));
    double a = 80;
    for (const auto& u : archs.back().units) {
      for (const int b : u.blocks) a += 0.1 * space.blocks[static_cast<std::size_t>(b)].expand;
    }
    acc.push_back(a);
  }
  AccuracyPredictor p(space.name, ArchEncoding::for_space(space), 64, 2);
  FitOptions fit;
  fit.epochs = 300;
  const double rmse = p.fit(space, archs, acc, fit);
  double spread = 0;
  for (const double a : acc) spread = std::max(spread, std::abs(a - acc[0]));
  EXPECT_LT(rmse, 0.1 * spread);

  const auto path = hwnas::test::process_temp_dir().path() / "hwnas_train_test_predictor.json";
  p.trained_on = {{"source", "synthetic"}};
  p.save(path);
  AccuracyPredictor loaded = AccuracyPredictor::load(path);
  const auto before = p.predict(space, archs);
  const auto after = loaded.predict(space, archs);
  for (std::size_t i = 0; i < archs.size(); ++i) EXPECT_NEAR(before[i], after[i], 1e-4);
  EXPECT_EQ(loaded.trained_on["source"], "synthetic");

  const auto metric = metric::open_metric("accuracy:pred:" + path.string());
  EXPECT_EQ(metric->unit(), "%");
  const auto values = metric->evaluate(space, archs);
  for (std::size_t i = 0; i < archs.size(); ++i) EXPECT_NEAR(*values[i], before[i], 1e-4);

  EXPECT_THROW(loaded.predict(space::load_space("proxyless-fmnist"), archs), InputError);
  std::ofstream(path) << "{\"format\": \"something else\"}";
  EXPECT_THROW(AccuracyPredictor::load(path), InputError);
}

class OfaCheckpoint : public ::testing::TestWithParam<std::string> {};

TEST_P(OfaCheckpoint, PredictsWhatPyTorchPredicts) {
  const auto dir = hwnas::test::process_temp_dir().path();
  const auto pth = dir / ("hwnas_train_test_ofa_" + GetParam() + ".pth");
  const auto expected_file = dir / ("hwnas_train_test_ofa_" + GetParam() + ".json");
  const std::string cmd = std::string("/usr/bin/python3 ") + hwnas::test::source_dir() + "/tests/train/make_ofa_predictor.py " +
                          pth.string() + " " + expected_file.string() + " " + GetParam();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(expected_file);
  const nlohmann::json expected = nlohmann::json::parse(in);

  const space::Space space = space::load_space("ofa-mbv3");
  AccuracyPredictor p = AccuracyPredictor::load_ofa_checkpoint(pth, space.name);
  std::vector<arch::Architecture> archs;
  for (const auto& dict : expected["archs"]) archs.push_back(arch::from_ofa_dict(space, dict));
  const auto predicted = p.predict(space, archs);
  for (std::size_t i = 0; i < archs.size(); ++i) {
    EXPECT_NEAR(predicted[i], 100.0 * expected["predictions"][i].get<double>(), 1e-3) << expected["archs"][i].dump();
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, OfaCheckpoint, ::testing::Values("ofa_nas", "tutorial"));

TEST(OfaCheckpointErrors, ANonCheckpointFileIsAnInputError) {
  const auto path = hwnas::test::process_temp_dir().path() / "hwnas_train_test_not_a.pth";
  std::ofstream(path) << "plain text";
  EXPECT_THROW(AccuracyPredictor::load_ofa_checkpoint(path, "ofa-mbv3"), InputError);
  EXPECT_THROW(AccuracyPredictor::load_ofa_checkpoint(path.string() + ".missing", "ofa-mbv3"), InputError);
}

}  // namespace
}  // namespace hwnas::train
