// Summary statistics of a sample of run times, and the distribution-free confidence interval of its
// median (docs/measurement.md). Pure functions over seconds, so they are tested against hand values.
#pragma once

#include <cstddef>
#include <span>

namespace hwnas::measure {

// Ranks (1-based, inclusive) of the order statistics that bound the median with at least the asked
// confidence: P(X_(lower) <= median <= X_(upper)) = 1 - 2·P(Bin(n, 1/2) <= lower - 1).
struct MedianCiRanks {
  std::size_t lower = 0;  // 0: n is too small for this confidence
  std::size_t upper = 0;
  double coverage = 0;    // the exact coverage of [X_(lower), X_(upper)]
};
MedianCiRanks median_ci_ranks(std::size_t n, double confidence);

// Quantile of sorted values by linear interpolation between order statistics (numpy's default,
// Hyndman-Fan type 7): q = 0.5 of {1,2,3,4} is 2.5.
double quantile_sorted(std::span<const double> sorted, double q);

struct RunStats {
  std::size_t runs = 0;
  double median = 0;
  double mean = 0;
  double min = 0;
  double max = 0;
  double p10 = 0;
  double p25 = 0;
  double p75 = 0;
  double p90 = 0;
  double iqr = 0;       // p75 - p25
  double stddev = 0;    // sample standard deviation (n - 1)
  double cov = 0;       // stddev / mean
  double ci_low = 0;    // confidence interval of the median; equal to the median when n is too small
  double ci_high = 0;
  double ci_level = 0;  // exact coverage of [ci_low, ci_high]; 0 when n is too small
  // Half-width of the interval relative to the median: max(median - ci_low, ci_high - median) / median;
  // infinite when there is no interval (ci_level 0).
  double ci_relative_halfwidth() const;
};

// Needs at least one value; sorted must be ascending.
RunStats summarize_sorted(std::span<const double> sorted, double confidence);

}  // namespace hwnas::measure
