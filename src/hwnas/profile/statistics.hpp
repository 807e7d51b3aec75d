// The estimators behind every profiled number, each with a 95% confidence interval and its sample
// count. Means use Student-t intervals (exact for normal data, asymptotically right otherwise);
// quantile differences use percentile bootstrap intervals, resampling pairs jointly when the two
// samples are paired so the shared background noise stays cancelled.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hwnas::profile {

struct Estimate {
  double value = 0;
  double lo = 0;  // 95% confidence interval
  double hi = 0;
  int n = 0;      // samples behind the estimate (pairs for paired differences)
  double half_width() const { return (hi - lo) / 2; }
};

inline constexpr double kConfidence = 0.95;

// t quantile for a two-sided 95% interval with n - 1 degrees of freedom (normal when n is large).
double t_critical(int n);

// Mean of x with its t interval.
Estimate mean_estimate(std::span<const double> x);
// Mean of a − b for independent samples: Welch's interval.
Estimate difference_independent(std::span<const double> a, std::span<const double> b);
// Mean of a[i] − b[i] for paired samples: t interval of the differences.
Estimate difference_paired(std::span<const double> a, std::span<const double> b);
// Mean of several independent sample means, averaged with equal weight: the variance of the average
// is Σ s_i² / n_i over k².
Estimate average_of_means(const std::vector<std::span<const double>>& groups);

// Quantile with linear interpolation between order statistics (numpy's default, type 7).
double quantile(std::vector<double> x, double tau);

// Q_tau(a) − Q_tau(b) with a percentile bootstrap interval (`resamples` draws, seeded).
Estimate quantile_difference(std::span<const double> a, std::span<const double> b, double tau, bool paired,
                             int resamples, std::uint64_t seed);
// Q_tau(x) with a bootstrap interval.
Estimate quantile_estimate(std::span<const double> x, double tau, int resamples, std::uint64_t seed);

}  // namespace hwnas::profile
