// Estimators against hand-computed values.
#include <gtest/gtest.h>

#include "hwnas/profile/statistics.hpp"

namespace hwnas::profile {
namespace {

TEST(Statistics, QuantileInterpolatesLikeNumpy) {
  // numpy.quantile([1, 2, 3, 4, 10], [0.05, 0.5, 0.95]) = [1.2, 3, 8.8]
  const std::vector<double> x{10, 2, 4, 1, 3};
  EXPECT_DOUBLE_EQ(quantile(x, 0.05), 1.2);
  EXPECT_DOUBLE_EQ(quantile(x, 0.5), 3);
  EXPECT_DOUBLE_EQ(quantile(x, 0.95), 8.8);
}

TEST(Statistics, MeanIntervalUsesStudentT) {
  // mean 2, sd 1, n 3: half-width t_{0.975,2} · 1/√3 = 4.3027 · 0.57735 = 2.4841
  const std::vector<double> x{1, 2, 3};
  const Estimate e = mean_estimate(x);
  EXPECT_DOUBLE_EQ(e.value, 2);
  EXPECT_NEAR(e.half_width(), 2.4841, 1e-4);
  EXPECT_EQ(e.n, 3);
}

TEST(Statistics, PairedDifferenceCancelsSharedValues) {
  const std::vector<double> a{101, 202, 303, 404};
  const std::vector<double> b{100, 200, 300, 400};
  const Estimate paired = difference_paired(a, b);
  const Estimate welch = difference_independent(a, b);
  EXPECT_DOUBLE_EQ(paired.value, 2.5);
  EXPECT_DOUBLE_EQ(welch.value, 2.5);
  EXPECT_LT(paired.half_width(), 0.05 * welch.half_width());
}

TEST(Statistics, AverageOfMeansAddsVariances) {
  const std::vector<double> a{1, 3};  // mean 2, var 2
  const std::vector<double> b{5, 7};  // mean 6, var 2
  const Estimate e = average_of_means({a, b});
  EXPECT_DOUBLE_EQ(e.value, 4);
  // sd of the average: sqrt(2/2 + 2/2) / 2 = 0.7071; dof = 2 → t = 4.3027
  EXPECT_NEAR(e.half_width(), 4.3027 * 0.70711, 1e-3);
}

TEST(Statistics, BootstrapIntervalBracketsTheQuantileDifference) {
  std::vector<double> a;
  std::vector<double> b;
  for (int i = 0; i < 500; ++i) {
    b.push_back(i % 97);
    a.push_back(i % 97 + 10);
  }
  const Estimate paired = quantile_difference(a, b, 0.95, true, 200, 1);
  EXPECT_DOUBLE_EQ(paired.value, 10);
  // Every paired resample is the same shift: the interval collapses onto it.
  EXPECT_DOUBLE_EQ(paired.lo, 10);
  EXPECT_DOUBLE_EQ(paired.hi, 10);
  const Estimate independent = quantile_difference(a, b, 0.95, false, 200, 1);
  EXPECT_LE(independent.lo, 10);
  EXPECT_GE(independent.hi, 10);
  EXPECT_GT(independent.hi - independent.lo, 0);
}

}  // namespace
}  // namespace hwnas::profile
