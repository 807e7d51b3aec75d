#include "hwnas/export/weights.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "hwnas/cost/cost.hpp"
#include "test_graphs.hpp"

namespace hwnas::exporting {
namespace {

TEST(Weights, SameSeedSameValuesOtherSeedOthers) {
  const auto graph = testing::mbconv_graph();
  const auto a = random_weights(graph, 7);
  const auto b = random_weights(graph, 7);
  const auto c = random_weights(graph, 8);
  EXPECT_EQ(a.at(1, "weight").values, b.at(1, "weight").values);
  EXPECT_NE(a.at(1, "weight").values, c.at(1, "weight").values);
}

TEST(Weights, ShapesFollowPyTorchLayout) {
  const auto graph = testing::mbconv_graph();
  const auto weights = random_weights(graph, 1);
  EXPECT_NO_THROW(check_weights(graph, weights));
  EXPECT_EQ(weights.at(1, "weight").shape, (std::vector<std::int64_t>{16, 3, 3, 3}));
  EXPECT_EQ(weights.at(2, "running_var").shape, (std::vector<std::int64_t>{16}));
  // The depthwise conv (groups 48) has one input channel per filter.
  EXPECT_EQ(weights.at(7, "weight").shape, (std::vector<std::int64_t>{48, 1, 5, 5}));
  const int linear = graph.output;
  EXPECT_EQ(weights.at(linear, "weight").shape, (std::vector<std::int64_t>{10, 32}));
  EXPECT_EQ(weights.at(linear, "bias").shape, (std::vector<std::int64_t>{10}));
}

TEST(Weights, TrainableCountEqualsCostModelParams) {
  for (const auto& [name, graph] : testing::test_graphs()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(trainable_count(random_weights(graph, 3)), cost::count(graph).total.params);
  }
}

TEST(Weights, HeInitKeepsConvWeightScale) {
  const auto graph = testing::mbconv_graph();
  const auto weights = random_weights(graph, 5);
  const auto& w = weights.at(4, "weight");  // 1×1 conv 16 -> 48
  double sum_sq = 0;
  for (float v : w.values) sum_sq += double{v} * v;
  const double std_dev = std::sqrt(sum_sq / static_cast<double>(w.values.size()));
  EXPECT_NEAR(std_dev, std::sqrt(2.0 / 16.0), 0.05);
}

TEST(Weights, BatchNormStatisticsAreSane) {
  const auto graph = testing::mbconv_graph();
  const auto weights = random_weights(graph, 5);
  for (float v : weights.at(2, "running_var").values) {
    EXPECT_GE(v, 0.8F);
    EXPECT_LT(v, 1.25F);
  }
  for (float v : weights.at(2, "weight").values) {
    EXPECT_GE(v, 0.8F);
    EXPECT_LT(v, 1.2F);
  }
}

TEST(Weights, CheckNamesTheMissingTensor) {
  const auto graph = testing::mbconv_graph();
  auto weights = random_weights(graph, 1);
  weights.ops[2].erase("running_mean");
  try {
    check_weights(graph, weights);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("op 2 (batch_norm) lacks 'running_mean'"),
              std::string::npos)
        << e.what();
  }
}

TEST(Weights, CheckRejectsWrongShape) {
  const auto graph = testing::mbconv_graph();
  auto weights = random_weights(graph, 1);
  weights.ops[1]["weight"].shape = {16, 3, 1, 1};
  EXPECT_THROW(check_weights(graph, weights), std::invalid_argument);
}

TEST(Weights, RandomInputIsDeterministicAndBounded) {
  const auto graph = testing::shuffle_graph();
  const auto input = random_input(graph, 0);
  EXPECT_EQ(input.size(), 3U * 20U * 20U);
  EXPECT_EQ(input, random_input(graph, 0));
  for (float v : input) {
    EXPECT_GE(v, -1.0F);
    EXPECT_LT(v, 1.0F);
  }
}

}  // namespace
}  // namespace hwnas::exporting
