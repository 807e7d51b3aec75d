// The protocol driven by synthetic runners whose times are known, so every decision is checkable.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "hwnas/common/error.hpp"
#include "hwnas/measure/protocol.hpp"

namespace hwnas::measure {
namespace {

// Replays `times` in order (cycling), counting calls.
struct Replay {
  std::vector<double> times;
  std::size_t calls = 0;
  double operator()() { return times[calls++ % times.size()]; }
};

TEST(Protocol, ConstantTimesStopAtMinRunsWithPrecisionMet) {
  Replay r{{0.005}};
  const auto m = run_protocol(std::ref(r), ProtocolOptions{}.with_warmup(10, 0).with_runs(20, 100));
  EXPECT_EQ(m.warmup_runs, 10u);
  EXPECT_EQ(m.stats.runs, 20u);
  EXPECT_EQ(r.calls, 30u);
  EXPECT_TRUE(m.precision_met);
  EXPECT_EQ(m.stop_reason, StopReason::precision_met);
  EXPECT_EQ(m.stats.median, 0.005);
}

TEST(Protocol, WarmupRunsAreExcludedFromStatistics) {
  Replay r{std::vector<double>(10, 1.0)};
  r.times.insert(r.times.end(), 1000, 0.005);  // ten slow first runs, then steady state
  const auto m = run_protocol(std::ref(r), ProtocolOptions{}.with_warmup(10, 0).with_runs(20, 100));
  EXPECT_EQ(m.stats.max, 0.005);
  EXPECT_EQ(m.warmup_seconds, 10.0);
  EXPECT_EQ(m.run_times.size(), m.stats.runs);
}

TEST(Protocol, WarmupAlsoLastsAtLeastItsTime) {
  std::size_t calls = 0;
  auto sleepy = [&] {
    ++calls;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 0.001;
  };
  const auto m = run_protocol(sleepy, ProtocolOptions{}.with_warmup(10, 0.03).with_runs(10, 10));
  EXPECT_GT(m.warmup_runs, 10u);  // 10 runs of >= 1 ms cannot fill 30 ms
  EXPECT_LE(m.warmup_runs, 31u);
  EXPECT_EQ(calls, m.warmup_runs + 10);
}

TEST(Protocol, StatsMatchHandValues) {
  Replay r{{0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.010}};
  const auto m = run_protocol(std::ref(r), ProtocolOptions{}.with_warmup(0, 0).with_runs(10, 10));
  EXPECT_EQ(m.stop_reason, StopReason::max_runs);
  EXPECT_FALSE(m.precision_met);
  EXPECT_DOUBLE_EQ(m.stats.median, 0.0055);
  EXPECT_DOUBLE_EQ(m.stats.p10, 0.0019);
  EXPECT_DOUBLE_EQ(m.stats.p90, 0.0091);
  EXPECT_DOUBLE_EQ(m.stats.iqr, 0.0045);
  EXPECT_EQ(m.stats.ci_low, 0.002);
  EXPECT_EQ(m.stats.ci_high, 0.009);
  EXPECT_EQ(m.run_times, r.times);  // raw times kept in run order
}

// Noisy times (5 ms +- 5%, plus rare 3x outliers): the rule stops at the first n where the median's
// CI is within 1%, not before, and the stored stats are those of exactly the timed runs.
TEST(Protocol, StopRuleTriggersAtTheFirstPreciseSample) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> noise(-0.05, 0.05);
  std::vector<double> times;
  for (int i = 0; i < 5000; ++i) times.push_back(0.005 * (1 + noise(rng)) * (i % 37 == 0 ? 3.0 : 1.0));
  Replay r{times};
  const ProtocolOptions options = ProtocolOptions{}.with_warmup(0, 0).with_runs(20, 5000).with_target(0.01);
  const auto m = run_protocol(std::ref(r), options);
  ASSERT_EQ(m.stop_reason, StopReason::precision_met);
  const std::size_t n = m.stats.runs;
  EXPECT_GT(n, 20u);
  EXPECT_LE(m.stats.ci_relative_halfwidth(), 0.01);
  std::vector<double> before(times.begin(), times.begin() + static_cast<long>(n - 1));
  std::sort(before.begin(), before.end());
  EXPECT_GT(summarize_sorted(before, 0.95).ci_relative_halfwidth(), 0.01) << "should have stopped at " << n - 1;
  std::vector<double> all(times.begin(), times.begin() + static_cast<long>(n));
  std::sort(all.begin(), all.end());
  const RunStats expected = summarize_sorted(all, 0.95);
  EXPECT_EQ(m.stats.median, expected.median);
  EXPECT_EQ(m.stats.mean, expected.mean);
  EXPECT_EQ(m.stats.cov, expected.cov);
  EXPECT_GT(m.stats.mean, m.stats.median);  // the outliers pull the mean, not the median
}

TEST(Protocol, RunBudgetStopsAnImpreciseMeasurement) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> wide(0.001, 0.003);
  auto noisy = [&] { return wide(rng); };
  const auto m = run_protocol(noisy, ProtocolOptions{}.with_warmup(0, 0).with_runs(20, 50).with_target(0.001));
  EXPECT_EQ(m.stop_reason, StopReason::max_runs);
  EXPECT_FALSE(m.precision_met);
  EXPECT_EQ(m.stats.runs, 50u);
}

TEST(Protocol, TimeBudgetStopsAnImpreciseMeasurement) {
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> wide(0.001, 0.003);
  auto slow = [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return wide(rng);
  };
  const auto m = run_protocol(slow, ProtocolOptions{}.with_warmup(0, 0).with_runs(20, 100000).with_max_seconds(0.05).with_target(0.0001));
  EXPECT_EQ(m.stop_reason, StopReason::max_seconds);
  EXPECT_LE(m.stats.runs, 26u);  // >= 2 ms per run in 50 ms
  EXPECT_FALSE(m.precision_met);
}

TEST(Protocol, BrokenRunnerAndBadOptionsAreErrors) {
  EXPECT_THROW(run_protocol([] { return std::nan(""); }), std::runtime_error);
  EXPECT_THROW(run_protocol([] { return -1.0; }), std::runtime_error);
  EXPECT_THROW(run_protocol([] { return 0.001; }, ProtocolOptions{}.with_runs(10, 5)), InputError);
  EXPECT_THROW(run_protocol([] { return 0.001; }, ProtocolOptions{}.with_target(0.01, 1.5)), InputError);
  EXPECT_THROW(run_protocol([] { return 0.001; }, ProtocolOptions{}.with_target(0.0)), InputError);
}

TEST(Protocol, OptionsJsonRecordsEverySetting) {
  const auto j = ProtocolOptions{}.to_json();
  for (const char* key : {"batch", "warmup_runs", "warmup_seconds", "min_runs", "max_runs", "max_seconds",
                          "target_relative_ci", "confidence", "ci_method"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["warmup_runs"], 10);
}

TEST(ProtocolOptions, JsonRoundTripKeepsEverySetting) {
  ProtocolOptions o;
  o.with_warmup(3, 0.5).with_runs(7, 70).with_max_seconds(4).with_target(0.03, 0.9);
  const auto back = ProtocolOptions::from_json(o.to_json());
  EXPECT_EQ(back.warmup_runs, 3u);
  EXPECT_DOUBLE_EQ(back.warmup_seconds, 0.5);
  EXPECT_EQ(back.min_runs, 7u);
  EXPECT_EQ(back.max_runs, 70u);
  EXPECT_DOUBLE_EQ(back.max_seconds, 4);
  EXPECT_DOUBLE_EQ(back.target_relative_ci, 0.03);
  EXPECT_DOUBLE_EQ(back.confidence, 0.9);
  EXPECT_EQ(ProtocolOptions::from_json(nlohmann::json::object()).min_runs, ProtocolOptions{}.min_runs);
  EXPECT_FALSE(back.compensate);
  EXPECT_TRUE(ProtocolOptions::from_json(ProtocolOptions{}.with_compensation(true).to_json()).compensate);
}

TEST(ProtocolOptions, WithoutCompensationTheJsonIsAsBefore) {
  // Devices registered before --compensate existed compare their settings to this JSON.
  EXPECT_FALSE(ProtocolOptions{}.to_json().contains("compensate"));
  EXPECT_TRUE(ProtocolOptions{}.with_compensation(true).to_json().contains("compensate"));
}

TEST(PairedProtocol, RunsAlternateAndTheRawStatisticsAreThoseOfThePlainProtocol) {
  std::vector<char> order;
  const std::vector<double> net = {0.010, 0.012, 0.011, 0.013, 0.010, 0.014, 0.012, 0.011};
  std::size_t n = 0, k = 0;
  const auto options = ProtocolOptions{}.with_warmup(2, 0).with_runs(8, 8);
  const PairedMeasurement p = run_paired_protocol(
      [&] { order.push_back('A'); return net[n++ % net.size()]; },
      [&] { order.push_back('B'); return 0.005 + 0.0001 * static_cast<double>(k++); }, options);
  ASSERT_EQ(order.size(), 20u);  // 2 warm-up pairs, 8 timed pairs
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i % 2 == 0 ? 'A' : 'B') << i;
  // The network's own times, summarised exactly as run_protocol summarises the same times.
  std::size_t m = 0;
  const Measurement plain = run_protocol([&] { return net[m++ % net.size()]; }, options);
  EXPECT_EQ(p.network.run_times, plain.run_times);
  EXPECT_DOUBLE_EQ(p.network.stats.median, plain.stats.median);
  EXPECT_DOUBLE_EQ(p.network.stats.p90, plain.stats.p90);
  EXPECT_DOUBLE_EQ(p.network.stats.ci_low, plain.stats.ci_low);
  EXPECT_EQ(p.network.warmup_runs, 2u);
  ASSERT_EQ(p.reference_times.size(), 8u);
  EXPECT_DOUBLE_EQ(p.reference_times[0], 0.005 + 0.0002);  // after the two warm-up reference runs
  EXPECT_EQ(p.ratio.runs, 8u);
}

TEST(PairedProtocol, DriftCommonToBothCancelsInTheRatio) {
  // Both slow down by the same factor over the measurement: the raw times spread by 30 %, the
  // ratio not at all, so the stop rule is met on the ratio at min_runs.
  double t = 0;
  const auto drift = [&] { return 1.0 + 0.3 * std::sin(t += 0.05); };
  double factor = 1;
  const PairedMeasurement p = run_paired_protocol([&] { factor = drift(); return 0.004 * factor; },
                                                  [&] { return 0.002 * factor; },
                                                  ProtocolOptions{}.with_warmup(0, 0).with_runs(40, 400));
  EXPECT_TRUE(p.network.precision_met);
  EXPECT_EQ(p.ratio.runs, 40u);
  EXPECT_NEAR(p.ratio.median, 2.0, 1e-12);
  EXPECT_GT(p.network.stats.max / p.network.stats.min, 1.25);
  EXPECT_GT(p.correlation, 0.99);
}

TEST(PairedProtocol, UnrelatedNoiseShowsAsLowCorrelation) {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 0.0002);
  const PairedMeasurement p = run_paired_protocol([&] { return 0.004 + noise(rng); }, [&] { return 0.002 + noise(rng); },
                                                  ProtocolOptions{}.with_warmup(0, 0).with_runs(200, 200));
  EXPECT_LT(std::abs(p.correlation), 0.2);
}

TEST(Correlation, HandValues) {
  EXPECT_DOUBLE_EQ(correlation(std::vector<double>{1, 2, 3}, std::vector<double>{2, 4, 6}), 1.0);
  EXPECT_DOUBLE_EQ(correlation(std::vector<double>{1, 2, 3}, std::vector<double>{3, 2, 1}), -1.0);
  EXPECT_DOUBLE_EQ(correlation(std::vector<double>{1, 2, 3}, std::vector<double>{5, 5, 5}), 0.0);  // constant
  EXPECT_THROW(correlation(std::vector<double>{1, 2}, std::vector<double>{1}), std::invalid_argument);
}

}  // namespace
}  // namespace hwnas::measure
