// Statistics against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "hwnas/measure/run_stats.hpp"

namespace hwnas::measure {
namespace {

TEST(MedianCiRanks, MatchBinomialTables) {
  // n = 10: P(B <= 1) = 11/1024 <= 0.025 < P(B <= 2) = 56/1024, so [X_(2), X_(9)].
  auto r = median_ci_ranks(10, 0.95);
  EXPECT_EQ(r.lower, 2u);
  EXPECT_EQ(r.upper, 9u);
  EXPECT_DOUBLE_EQ(r.coverage, 1.0 - 2.0 * 11.0 / 1024.0);
  // n = 20: P(B <= 5) = 21700/2^20 = 0.0207, P(B <= 6) = 0.0577, so [X_(6), X_(15)].
  r = median_ci_ranks(20, 0.95);
  EXPECT_EQ(r.lower, 6u);
  EXPECT_EQ(r.upper, 15u);
  EXPECT_NEAR(r.coverage, 1.0 - 2.0 * 21700.0 / 1048576.0, 1e-12);
  // n = 5 cannot reach 95% (P(B = 0) = 1/32 > 0.025); n = 6 just can.
  EXPECT_EQ(median_ci_ranks(5, 0.95).lower, 0u);
  EXPECT_EQ(median_ci_ranks(6, 0.95).lower, 1u);
  EXPECT_EQ(median_ci_ranks(6, 0.95).upper, 6u);
  // Large n: close to the normal approximation n/2 -+ 1.96 sqrt(n)/2 (= 469 .. 531 for n = 1000).
  r = median_ci_ranks(1000, 0.95);
  EXPECT_NEAR(static_cast<double>(r.lower), 469.0, 1.0);
  EXPECT_NEAR(static_cast<double>(r.upper), 532.0, 1.0);
  EXPECT_GE(r.coverage, 0.95);
}

TEST(Quantile, LinearInterpolationLikeNumpy) {
  const std::vector<double> v{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.1), 1.3);
}

TEST(Summarize, OneToTenByHand) {
  const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const RunStats s = summarize_sorted(v, 0.95);
  EXPECT_EQ(s.runs, 10u);
  EXPECT_DOUBLE_EQ(s.median, 5.5);
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  EXPECT_DOUBLE_EQ(s.p10, 1.9);
  EXPECT_DOUBLE_EQ(s.p25, 3.25);
  EXPECT_DOUBLE_EQ(s.p75, 7.75);
  EXPECT_DOUBLE_EQ(s.p90, 9.1);
  EXPECT_DOUBLE_EQ(s.iqr, 4.5);
  EXPECT_NEAR(s.stddev, std::sqrt(82.5 / 9.0), 1e-12);
  EXPECT_NEAR(s.cov, std::sqrt(82.5 / 9.0) / 5.5, 1e-12);
  EXPECT_EQ(s.ci_low, 2.0);
  EXPECT_EQ(s.ci_high, 9.0);
  EXPECT_NEAR(s.ci_relative_halfwidth(), 3.5 / 5.5, 1e-12);
}

TEST(Summarize, TooFewRunsHaveNoIntervalAndInfiniteWidth) {
  const std::vector<double> v{1, 1, 1};
  const RunStats s = summarize_sorted(v, 0.95);
  EXPECT_EQ(s.ci_level, 0.0);
  EXPECT_TRUE(std::isinf(s.ci_relative_halfwidth()));
  EXPECT_EQ(s.stddev, 0.0);
}

}  // namespace
}  // namespace hwnas::measure
