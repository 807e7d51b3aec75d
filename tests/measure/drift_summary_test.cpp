// summarize_drift: the spread of reference checks around their median, against the target.
#include "hwnas/measure/drift_summary.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace hwnas::measure {
namespace {

store::MeasurementRecord check(double median_s, double ci_half) {
  store::MeasurementRecord m;
  m.median_s = median_s;
  m.ci_low_s = median_s - ci_half;
  m.ci_high_s = median_s + ci_half * 0.5;
  m.protocol = {{"target_relative_ci", 0.01}};
  return m;
}

TEST(DriftSummary, SpreadAroundTheMedianAgainstTheTarget) {
  // Medians 10.0, 10.05, 10.2, 9.7, 10.1 ms: median 10.05; deviations 0.5, 0, 1.5, 3.5, 0.5 %.
  const std::vector<store::MeasurementRecord> checks = {check(0.0100, 0.00005), check(0.01005, 0.00009),
                                                        check(0.0102, 0.00002), check(0.0097, 0.00004),
                                                        check(0.0101, 0.00003)};
  const auto s = summarize_drift(checks);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->checks, 5U);
  EXPECT_DOUBLE_EQ(s->median_s, 0.01005);
  EXPECT_NEAR(s->worst, 0.00035 / 0.01005, 1e-12);
  EXPECT_EQ(s->within_target, 3U);  // 10.0, 10.05, 10.1
  EXPECT_DOUBLE_EQ(s->target, 0.01);
  EXPECT_NEAR(s->widest_ci, 0.00009 / 0.01005, 1e-12);
  EXPECT_NE(describe(*s).find("3 of 5, worst 3.48%"), std::string::npos) << describe(*s);
}

TEST(DriftSummary, NeedsTwoChecks) {
  const std::vector<store::MeasurementRecord> one = {check(0.01, 0.0001)};
  EXPECT_FALSE(summarize_drift(one));
  EXPECT_FALSE(summarize_drift({}));
}

}  // namespace
}  // namespace hwnas::measure
