#include "hwnas/measure/run_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace hwnas::measure {

MedianCiRanks median_ci_ranks(std::size_t n, double confidence) {
  const double tail = (1.0 - confidence) / 2.0;
  // Walk the lower tail of Bin(n, 1/2) in log space (exact for any n, no overflow): the largest
  // lower rank l with P(B <= l - 1) <= tail.
  const double log_half_n = static_cast<double>(n) * std::log(0.5);
  const double log_n_fact = std::lgamma(static_cast<double>(n) + 1.0);
  double cdf = 0;
  MedianCiRanks ranks;
  for (std::size_t k = 0; k < (n + 1) / 2; ++k) {
    const double kd = static_cast<double>(k);
    const double pmf = std::exp(log_n_fact - std::lgamma(kd + 1.0) -
                                std::lgamma(static_cast<double>(n) - kd + 1.0) + log_half_n);
    if (cdf + pmf > tail) break;
    cdf += pmf;
    ranks.lower = k + 1;
    ranks.upper = n - k;
    ranks.coverage = 1.0 - 2.0 * cdf;
  }
  return ranks;
}

double quantile_sorted(std::span<const double> sorted, double q) {
  if (sorted.empty()) throw std::invalid_argument("quantile of an empty sample");
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(pos));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(below);
  return sorted[below] + frac * (sorted[above] - sorted[below]);
}

double RunStats::ci_relative_halfwidth() const {
  // No interval at this sample size, or a zero median: precision is unknown, never met.
  if (ci_level <= 0 || median <= 0) return INFINITY;
  return std::max(median - ci_low, ci_high - median) / median;
}

RunStats summarize_sorted(std::span<const double> sorted, double confidence) {
  if (sorted.empty()) throw std::invalid_argument("statistics of an empty sample");
  RunStats s;
  s.runs = sorted.size();
  const double n = static_cast<double>(s.runs);
  s.median = quantile_sorted(sorted, 0.5);
  s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / n;
  s.min = sorted.front();
  s.max = sorted.back();
  s.p10 = quantile_sorted(sorted, 0.10);
  s.p25 = quantile_sorted(sorted, 0.25);
  s.p75 = quantile_sorted(sorted, 0.75);
  s.p90 = quantile_sorted(sorted, 0.90);
  s.iqr = s.p75 - s.p25;
  if (s.runs > 1) {
    double sq = 0;
    for (double v : sorted) sq += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(sq / (n - 1.0));
  }
  s.cov = s.mean > 0 ? s.stddev / s.mean : 0;
  const MedianCiRanks ranks = median_ci_ranks(s.runs, confidence);
  if (ranks.lower == 0) {
    s.ci_low = s.ci_high = s.median;
    s.ci_level = 0;
  } else {
    s.ci_low = sorted[ranks.lower - 1];
    s.ci_high = sorted[ranks.upper - 1];
    s.ci_level = ranks.coverage;
  }
  return s;
}

}  // namespace hwnas::measure
