// Latency distributions of whole spaces (HURRICANE §4.3.1, Figure 3): sample many architectures
// uniformly from each space, evaluate them on one metric source, and compare the distributions —
// a space whose mass sits at lower latency holds more candidates under a given constraint.
// Written as a histogram CSV on log-spaced bins, a summary CSV (quantiles) and a gnuplot figure with
// a log latency axis (docs/hurricane.md describes the files).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "hwnas/metric/metric_source.hpp"

namespace hwnas::hurricane {

struct DistributionSeries {
  std::string space;           // the space's name
  std::vector<double> values;  // one per sampled architecture that got a value
  std::size_t missing = 0;     // sampled architectures the source gave no value for
};

struct DistributionOptions {
  int samples = 100000;
  std::uint64_t seed = 0;
  std::size_t batch = 0;  // architectures per MetricSource::evaluate call; 0: the source's preferred batch
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// Samples `samples` uniform architectures (arch::sample_uniform at the default resolution) and
// evaluates them. InputError when samples < 1.
DistributionSeries sample_distribution(const space::Space& space, metric::MetricSource& source,
                                       const DistributionOptions& options);

struct SeriesSummary {
  std::string space;
  std::size_t samples = 0;
  double min = 0, p05 = 0, median = 0, p95 = 0, max = 0, mean = 0;
};
SeriesSummary summarize(const DistributionSeries& series);

// Common log-spaced bin edges over every series (bins + 1 edges, the first at the smallest value).
std::vector<double> log_bin_edges(const std::vector<DistributionSeries>& series, int bins);
// Share of the series' values in each bin (sums to 1 over the bins).
std::vector<double> histogram(const DistributionSeries& series, const std::vector<double>& edges);

struct DistributionFiles {
  std::filesystem::path histogram_csv, summary_csv, figure;
};

// Writes DIR/latency-distribution.csv, DIR/latency-summary.csv, and the figure
// DIR/latency-distribution.png with its gnuplot script. `unit` labels the axis.
DistributionFiles write_distribution(const std::filesystem::path& dir, const std::string& metric, const std::string& unit,
                                     const std::vector<DistributionSeries>& series, int bins = 100);

}  // namespace hwnas::hurricane
