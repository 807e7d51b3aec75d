// Latency distributions: histogram shares and log bins are right, the sampled values are the
// source's values of uniform samples, the files are written, and a space generated for a metric sits
// below the 32-op pool on that metric (HURRICANE Figure 3's claim, on exact MACs).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "hwnas/hurricane/latency_distribution.hpp"
#include "hwnas/hurricane/space_generation.hpp"
#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/space/space_loader.hpp"
#include "planted_latency.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::hurricane {
namespace {

namespace fs = std::filesystem;

TEST(Histogram, LogBinsAndSharesSumToOne) {
  DistributionSeries a{"a", {1, 2, 4, 8, 8}, 0};
  DistributionSeries b{"b", {3, 100}, 0};
  const auto edges = log_bin_edges({a, b}, 4);
  ASSERT_EQ(edges.size(), 5u);
  EXPECT_DOUBLE_EQ(edges.front(), 1);
  EXPECT_DOUBLE_EQ(edges.back(), 100);
  EXPECT_NEAR(edges[2], 10, 1e-9);  // geometric midpoint of [1, 100]
  const auto ha = histogram(a, edges);
  EXPECT_DOUBLE_EQ(ha[0], 0.4);  // 1, 2 below 10^0.5
  EXPECT_DOUBLE_EQ(ha[1], 0.6);  // 4, 8, 8
  const auto hb = histogram(b, edges);
  EXPECT_DOUBLE_EQ(hb[0], 0.5);
  EXPECT_DOUBLE_EQ(hb[3], 0.5);  // the maximum lands in the last bin
  EXPECT_THROW(log_bin_edges({DistributionSeries{"z", {0.0}, 0}}, 4), InputError);
}

TEST(Distribution, SamplesUniformArchitecturesAndSummarises) {
  const space::Space s = space::load_space("spos");
  test::PlantedLatency latency;
  DistributionOptions o;
  o.samples = 1000;
  o.batch = 300;
  std::size_t calls = 0;
  o.progress = [&calls](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_LE(done, total);
  };
  const DistributionSeries d = sample_distribution(s, latency, o);
  EXPECT_EQ(d.values.size(), 1000u);
  EXPECT_EQ(latency.evaluations, 1000u);
  EXPECT_EQ(calls, 4u);
  const SeriesSummary m = summarize(d);
  EXPECT_LE(m.min, m.p05);
  EXPECT_LE(m.p05, m.median);
  EXPECT_LE(m.median, m.p95);
  EXPECT_LE(m.p95, m.max);
  // Planted SPOS latency: 100 + Σ_u 4 or 8 layers × cost/(u+1); Choice_3 everywhere is the minimum.
  EXPECT_GE(m.min, 100 + 4 * 1.0 + 4 * 1.0 / 2 + 8 * 1.0 / 3 + 4 * 1.0 / 4 - 1e-9);
  o.samples = 0;
  EXPECT_THROW(sample_distribution(s, latency, o), InputError);
}

TEST(Distribution, GeneratedSpaceSitsBelowThePoolAndFilesAreWritten) {
  const space::Space pool = space::load_space("hurricane");
  metric::CostMetric macs(metric::CostKind::macs);
  const GeneratedSpace g = generate_space(pool, profile_layers(pool, macs, {}), {});
  DistributionOptions o;
  o.samples = 2000;
  const DistributionSeries gen = sample_distribution(g.space, macs, o);
  const DistributionSeries orig = sample_distribution(pool, macs, o);
  EXPECT_LT(summarize(gen).p95, summarize(orig).p05);

  const fs::path dir = hwnas::test::process_temp_dir().path() / "hwnas_hurricane_distribution_test";
  fs::remove_all(dir);
  const DistributionFiles files = write_distribution(dir, "macs", "MACs", {gen, orig}, 30);
  EXPECT_GT(fs::file_size(files.figure), 1000u);
  std::ifstream csv(files.histogram_csv);
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "bin_lo,bin_hi,bin_center,hurricane-macs,hurricane");
  int rows = 0;
  for (std::string line; std::getline(csv, line);) ++rows;
  EXPECT_EQ(rows, 30);
  std::ifstream summary(files.summary_csv);
  std::getline(summary, header);
  EXPECT_EQ(header, "space,metric,samples,missing,min,p05,median,p95,max,mean");
}

}  // namespace
}  // namespace hwnas::hurricane
