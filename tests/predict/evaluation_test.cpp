#include <gtest/gtest.h>

#include "hwnas/predict/evaluation.hpp"

namespace hwnas::predict {
namespace {

TEST(Evaluation, ErrorsSharesAndWorstCases) {
  const std::vector<double> actual{10, 20, 40, 80};
  const std::vector<double> predicted{10.4, 18, 46, 80};  // +4%, -10%, +15%, 0%
  const std::vector<std::string> hashes{"a", "b", "c", "d"};
  const auto e = evaluate(predicted, actual, hashes, 2);
  EXPECT_EQ(e.count, 4u);
  EXPECT_NEAR(e.mape, (4 + 10 + 15 + 0) / 4.0, 1e-9);
  EXPECT_NEAR(e.rmspe, 100 * std::sqrt((0.04 * 0.04 + 0.01 + 0.15 * 0.15) / 4), 1e-9);
  EXPECT_NEAR(e.rmse, std::sqrt((0.16 + 4 + 36) / 4), 1e-9);
  EXPECT_DOUBLE_EQ(e.within5, 50);
  EXPECT_DOUBLE_EQ(e.within10, 75);
  EXPECT_DOUBLE_EQ(e.within15, 100);
  EXPECT_DOUBLE_EQ(e.spearman, 1);
  EXPECT_DOUBLE_EQ(e.kendall, 1);
  ASSERT_EQ(e.worst.size(), 2u);
  EXPECT_EQ(e.worst[0].hash, "c");
  EXPECT_EQ(e.worst[1].hash, "b");
}

TEST(Evaluation, RankCorrelationsAgainstHandComputedValues) {
  // scipy: kendalltau([1,2,3,4,5],[3,1,2,5,4]) = 0.4, spearmanr = 0.6
  const std::vector<double> a{1, 2, 3, 4, 5}, b{3, 1, 2, 5, 4};
  EXPECT_NEAR(kendall_tau_b(a, b), 0.4, 1e-12);
  EXPECT_NEAR(spearman(a, b), 0.6, 1e-12);
  // ties: kendalltau([1,1,2,3],[1,2,2,3]) = 0.8
  const std::vector<double> c{1, 1, 2, 3}, d{1, 2, 2, 3};
  EXPECT_NEAR(kendall_tau_b(c, d), 0.8, 1e-12);
  const std::vector<double> reversed{5, 4, 3, 2, 1};
  EXPECT_NEAR(kendall_tau_b(a, reversed), -1, 1e-12);
}

TEST(Evaluation, RejectsMismatchedOrNonPositive) {
  const std::vector<double> one{1}, two{1, 2}, zero{0};
  const std::vector<std::string> h1{"a"};
  EXPECT_THROW(evaluate(one, two, h1), std::invalid_argument);
  EXPECT_THROW(evaluate(one, zero, h1), std::invalid_argument);
}

}  // namespace
}  // namespace hwnas::predict
