#include "hwnas/hurricane/latency_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>

#include <fmt/core.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/profile/statistics.hpp"
#include "hwnas/report/gnuplot.hpp"

namespace hwnas::hurricane {

DistributionSeries sample_distribution(const space::Space& space, metric::MetricSource& source,
                                       const DistributionOptions& options) {
  if (options.samples < 1) throw InputError(fmt::format("--samples: at least 1, got {}", options.samples));
  DistributionSeries series;
  series.space = space.name;
  arch::Rng rng(options.seed);
  const auto total = static_cast<std::size_t>(options.samples);
  const std::size_t per_call = options.batch > 0 ? options.batch : std::max<std::size_t>(1, source.preferred_batch());
  std::vector<arch::Architecture> batch;
  for (std::size_t done = 0; done < total;) {
    batch.clear();
    const std::size_t n = std::min(per_call, total - done);
    for (std::size_t i = 0; i < n; ++i) batch.push_back(arch::sample_uniform(space, rng, space.default_resolution));
    for (const auto& v : source.evaluate(space, batch)) {
      if (v) {
        series.values.push_back(*v);
      } else {
        ++series.missing;
      }
    }
    done += n;
    if (options.progress) options.progress(done, total);
  }
  return series;
}

SeriesSummary summarize(const DistributionSeries& series) {
  SeriesSummary s;
  s.space = series.space;
  s.samples = series.values.size();
  if (series.values.empty()) return s;
  const auto [lo, hi] = std::minmax_element(series.values.begin(), series.values.end());
  s.min = *lo;
  s.max = *hi;
  s.p05 = profile::quantile(series.values, 0.05);
  s.median = profile::quantile(series.values, 0.5);
  s.p95 = profile::quantile(series.values, 0.95);
  s.mean = std::accumulate(series.values.begin(), series.values.end(), 0.0) / static_cast<double>(s.samples);
  return s;
}

std::vector<double> log_bin_edges(const std::vector<DistributionSeries>& series, int bins) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (const auto& s : series) {
    for (double v : s.values) {
      if (v <= 0) throw InputError(fmt::format("space '{}': value {} cannot go on a log axis", s.space, v));
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!(hi > 0)) throw InputError("no values to bin: every sampled architecture lacked a value");
  if (hi <= lo) hi = lo * 1.001;  // one distinct value: one narrow bin range around it
  std::vector<double> edges;
  const double step = std::log(hi / lo) / bins;
  for (int i = 0; i <= bins; ++i) edges.push_back(lo * std::exp(step * i));
  edges.back() = hi;
  return edges;
}

std::vector<double> histogram(const DistributionSeries& series, const std::vector<double>& edges) {
  std::vector<double> share(edges.size() - 1, 0.0);
  if (series.values.empty()) return share;
  for (double v : series.values) {
    // upper_bound - 1: the bin whose lower edge is the last one ≤ v; the maximum goes in the last bin.
    auto bin = std::upper_bound(edges.begin(), edges.end(), v) - edges.begin() - 1;
    bin = std::clamp<std::ptrdiff_t>(bin, 0, static_cast<std::ptrdiff_t>(share.size()) - 1);
    share[static_cast<std::size_t>(bin)] += 1;
  }
  for (double& x : share) x /= static_cast<double>(series.values.size());
  return share;
}

DistributionFiles write_distribution(const std::filesystem::path& dir, const std::string& metric, const std::string& unit,
                                     const std::vector<DistributionSeries>& series, int bins) {
  std::filesystem::create_directories(dir);
  DistributionFiles files{dir / "latency-distribution.csv", dir / "latency-summary.csv", dir / "latency-distribution.png"};
  const std::vector<double> edges = log_bin_edges(series, bins);
  std::vector<std::vector<double>> shares;
  for (const auto& s : series) shares.push_back(histogram(s, edges));

  std::ofstream hist(files.histogram_csv);
  hist << "bin_lo,bin_hi,bin_center";
  for (const auto& s : series) hist << "," << s.space;
  hist << "\n";
  for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
    hist << fmt::format("{:.6g},{:.6g},{:.6g}", edges[b], edges[b + 1], std::sqrt(edges[b] * edges[b + 1]));
    for (const auto& sh : shares) hist << fmt::format(",{:.6g}", sh[b]);
    hist << "\n";
  }
  hist.close();

  std::ofstream summary(files.summary_csv);
  summary << "space,metric,samples,missing,min,p05,median,p95,max,mean\n";
  for (const auto& s : series) {
    const SeriesSummary m = summarize(s);
    summary << fmt::format("{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g}\n", s.space, metric, m.samples, s.missing,
                           m.min, m.p05, m.median, m.p95, m.max, m.mean);
  }
  summary.close();

  const auto script = dir / "latency-distribution.gp";
  std::ofstream gp(script);
  gp << "set terminal pngcairo size 900,520 font \"DejaVu Sans,10\" noenhanced\n"
     << "set output " << report::gnuplot_quote(files.figure.string()) << "\n"
     << "set datafile separator ','\nset logscale x\nset grid\nset key top right\n"
     << "set title " << report::gnuplot_quote(fmt::format("Latency distribution of sampled architectures ({})", metric)) << "\n"
     << "set xlabel " << report::gnuplot_quote(fmt::format("{} ({}, log scale)", metric, unit)) << "\n"
     << "set ylabel 'share of sampled architectures per bin'\n"
     << "plot ";
  for (std::size_t i = 0; i < series.size(); ++i) {
    gp << (i ? ", " : "") << report::gnuplot_quote(files.histogram_csv.string()) << " skip 1 using 3:" << i + 4
       << " with steps lw 2 title " << report::gnuplot_quote(fmt::format("{} ({} samples)", series[i].space, series[i].values.size()));
  }
  gp << "\n";
  gp.close();
  report::run_gnuplot(script);
  return files;
}

}  // namespace hwnas::hurricane
