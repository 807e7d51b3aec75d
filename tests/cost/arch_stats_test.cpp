#include "hwnas/cost/arch_stats.hpp"

#include <gtest/gtest.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::cost {
namespace {

// The rows are the graph's layers with count()'s costs, and the totals are count()'s totals.
TEST(ArchStats, RowsAreTheGraphLayersWithTheirCounts) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(7);
  for (int i = 0; i < 5; ++i) {
    const arch::Architecture a = arch::sample_uniform(s, rng);
    const graph::Graph g = graph::build(s, a);
    const NetworkCost c = count(g);
    const ArchStats stats = arch_stats(s, a);
    SCOPED_TRACE(arch::to_canonical(s, a));
    EXPECT_EQ(stats.arch, arch::to_canonical(s, a));
    EXPECT_EQ(stats.resolution, a.resolution);
    EXPECT_EQ(stats.total.macs, c.total.macs);
    EXPECT_EQ(stats.total.params, c.total.params);
    EXPECT_EQ(stats.peak_activation_bytes, c.peak_activation_bytes);
    EXPECT_EQ(stats.ops, g.ops.size());
    ASSERT_EQ(stats.layers.size(), g.layers.size());
    std::int64_t macs = 0;
    for (std::size_t l = 0; l < stats.layers.size(); ++l) {
      EXPECT_EQ(stats.layers[l].name, g.layers[l].name);
      EXPECT_EQ(stats.layers[l].cost.params, c.layers[l].params);
      macs += stats.layers[l].cost.macs;
    }
    EXPECT_EQ(macs, stats.total.macs);
    // The last layer (the classifier) ends in the logits.
    EXPECT_EQ(stats.layers.back().output, (graph::Shape{1000, 1, 1}));
  }
}

TEST(ArchStats, JsonHasTheStatsFields) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(1);
  const ArchStats stats = arch_stats(s, arch::sample_uniform(s, rng, 224));
  const nlohmann::json j = to_json(stats);
  EXPECT_EQ(j.at("space"), "ofa-mbv3");
  EXPECT_EQ(j.at("resolution"), 224);
  EXPECT_EQ(j.at("macs"), stats.total.macs);
  EXPECT_EQ(j.at("flops"), 2 * stats.total.macs);
  EXPECT_EQ(j.at("ops"), stats.ops);
  ASSERT_EQ(j.at("layers").size(), stats.layers.size());
  const auto& first = j.at("layers").front();
  EXPECT_EQ(first.at("name"), stats.layers.front().name);
  EXPECT_EQ(first.at("output"),
            (nlohmann::json{stats.layers.front().output.c, stats.layers.front().output.h, stats.layers.front().output.w}));
  EXPECT_EQ(first.at("macs"), stats.layers.front().cost.macs);
}

}  // namespace
}  // namespace hwnas::cost
