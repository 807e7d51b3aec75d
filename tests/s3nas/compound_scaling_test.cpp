// Compound scaling: the rounding rules, depth kept in proportion to width, which blocks are added,
// the written space read back, latency rising with the coefficient, and the stop at the target.
#include <gtest/gtest.h>

#include <algorithm>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/s3nas/compound_scaling.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::s3nas {
namespace {

arch::Architecture parse(const space::Space& space, const std::string& text) { return arch::parse_canonical(space, text); }

// Every stage at its full depth: cumulative depth 2, 4, 6, 8, 12 for widths 16 … 96.
const char* kFull =
    "r28|k3-x-x,k5-k5-k7|k5-k5-x,k3-x-x|k3-x-x,k3-x-x|k5-x-k3,k3-x-x|k5-k5-k7,k3-x-x,k3-x-x,k3-x-x";

TEST(CompoundScaling, RoundsToTheNearestMultipleAndNeverBelowIt) {
  EXPECT_EQ(round_to_multiple(20.8, 8), 24);
  EXPECT_EQ(round_to_multiple(19.9, 8), 16);
  EXPECT_EQ(round_to_multiple(3.0, 8), 8);
  EXPECT_EQ(round_to_multiple(40.0, 16), 48);  // 2.5 multiples round up
  EXPECT_EQ(round_to_multiple(42.0, 4), 44);
}

TEST(CompoundScaling, KeepsCumulativeDepthProportionalToWidth) {
  const space::Space base = space::load_space("s3nas-fmnist");
  const arch::Architecture a = parse(base, kFull);
  const ScaledNetwork two = scale_network(base, a, 2.0, {});
  EXPECT_EQ(two.widths, (std::vector<int>{32, 64, 96, 128, 192}));
  EXPECT_EQ(two.depths, (std::vector<int>{4, 4, 4, 4, 8}));
  int cumulative = 0;
  for (std::size_t u = 0; u < two.widths.size(); ++u) {
    cumulative += two.depths[u];
    EXPECT_EQ(two.widths[u], 8 * cumulative) << "unit " << u;  // 8 channels per layer, as in the base
  }
  // A coefficient that does not divide evenly: every width and depth is the rounded product.
  ScalingOptions sixteen;
  sixteen.filter_multiple = 16;
  const ScaledNetwork odd = scale_network(base, a, 1.37, sixteen);
  for (std::size_t u = 0; u < odd.widths.size(); ++u) {
    EXPECT_EQ(odd.widths[u] % 16, 0);
    EXPECT_LE(std::abs(odd.widths[u] - base.units[u].widths[0] * 1.37), 8.0);
    EXPECT_EQ(odd.depths[u], std::lround(a.depth(static_cast<int>(u)) * 1.37));
  }
  EXPECT_EQ(odd.resolution % 4, 0);
  EXPECT_EQ(odd.resolution, 40);  // 28·1.37 = 38.4
  EXPECT_EQ(odd.space.stem[0].out.value % 16, 0);
}

TEST(CompoundScaling, AddsTheStagesBlocksWithTheMostParametersFirst) {
  const space::Space base = space::load_space("s3nas-fmnist");
  const arch::Architecture a = parse(base, kFull);
  const auto name = [&](const ScaledNetwork& n, int unit, int layer) {
    return n.space.blocks[static_cast<std::size_t>(n.architecture.units[static_cast<std::size_t>(unit)]
                                                       .blocks[static_cast<std::size_t>(layer)])].name;
  };
  const ScaledNetwork one_more = scale_network(base, a, 1.5, {});  // stage 1: 2 -> 3 layers
  ASSERT_EQ(one_more.architecture.units[0].blocks.size(), 3u);
  EXPECT_EQ(name(one_more, 0, 2), "k5-k5-k7");
  const ScaledNetwork two = scale_network(base, a, 2.0, {});  // 2 -> 4: the larger, then the other
  EXPECT_EQ(name(two, 0, 2), "k5-k5-k7");
  EXPECT_EQ(name(two, 0, 3), "k3-x-x");
  EXPECT_EQ(name(two, 4, 4), "k5-k5-k7");  // stage 5: 4 -> 8, its one three-branch block first
  EXPECT_EQ(name(two, 4, 5), "k3-x-x");
}

TEST(CompoundScaling, TheScaledSpaceIsWrittenAndReadBackWithItsArchitecture) {
  const space::Space base = space::load_space("s3nas-fmnist");
  const ScaledNetwork n = scale_network(base, parse(base, kFull), 1.6, {});
  const space::Space back = space::parse_space(space::write_space(n.space), "scaled.yaml");
  const std::string text = arch::to_canonical(n.space, n.architecture);
  const arch::Architecture again = arch::parse_canonical(back, text);
  EXPECT_EQ(again, n.architecture);
  EXPECT_EQ(back.default_resolution, n.resolution);
  for (std::size_t u = 0; u < back.units.size(); ++u) {
    EXPECT_EQ(back.units[u].widths, std::vector<int>{n.widths[u]});
    EXPECT_EQ(back.units[u].max_layers, n.depths[u]);
  }
}

TEST(CompoundScaling, LatencyRisesWithTheCoefficientAndTheSearchStopsAtTheTarget) {
  const space::Space base = space::load_space("s3nas-fmnist");
  const arch::Architecture a = parse(base, "r28|k5-k5-x|k5-k5-x|k5-k5-x|k5-k5-x|k5-k5-x,k3-x-x");
  auto source = metric::open_metric("latency:sim:midap");
  const ScaledNetwork at_target = scale_network(base, a, 1.75, {});
  const double target = *source->evaluate(at_target.space, std::span(&at_target.architecture, 1)).front();
  ScalingOptions options;
  options.step = 0.25;
  const ScalingResult r = scale_to_target(base, a, target, *source, options);
  ASSERT_TRUE(r.target_passed);
  ASSERT_GE(r.chosen, 0);
  auto steps = r.steps;
  std::sort(steps.begin(), steps.end(),
            [](const auto& x, const auto& y) { return x.network.coefficient < y.network.coefficient; });
  for (std::size_t i = 1; i < steps.size(); ++i)
    EXPECT_LE(steps[i - 1].latency_ms, steps[i].latency_ms) << "c " << steps[i].network.coefficient;
  const auto& chosen = r.steps[static_cast<std::size_t>(r.chosen)];
  EXPECT_LE(chosen.latency_ms, target);
  EXPECT_GE(chosen.network.coefficient, 1.75);
  // The chosen coefficient is the largest within the target; the next one evaluated is above it.
  for (const auto& step : steps)
    if (step.network.coefficient > chosen.network.coefficient) EXPECT_GT(step.latency_ms, target);
  // The sweep stopped at the first coefficient above the target: 1, 1.25, 1.5, 1.75, 2, then bisection.
  EXPECT_EQ(std::count_if(r.steps.begin(), r.steps.end(), [](const auto& s) { return !s.refinement; }), 5);

  const ScalingResult none = scale_to_target(base, a, r.steps.front().latency_ms * 0.5, *source, options);
  EXPECT_EQ(none.chosen, -1);
  EXPECT_EQ(none.steps.size(), 1u);
  // With a tolerance the chosen network may pass the target by at most that much.
  ScalingOptions tolerant = options;
  tolerant.tolerance = 0.05;
  const ScalingResult loose = scale_to_target(base, a, target * 0.97, *source, tolerant);
  EXPECT_LE(loose.steps[static_cast<std::size_t>(loose.chosen)].latency_ms, target * 0.97 * 1.05);
  EXPECT_GE(loose.steps[static_cast<std::size_t>(loose.chosen)].network.coefficient, 1.75);
  options.max_coefficient = 1.5;
  const ScalingResult capped = scale_to_target(base, a, target, *source, options);
  EXPECT_FALSE(capped.target_passed);
  EXPECT_DOUBLE_EQ(capped.steps[static_cast<std::size_t>(capped.chosen)].network.coefficient, 1.5);
}

TEST(CompoundScaling, RefusesCoefficientsBelowOne) {
  const space::Space base = space::load_space("s3nas-fmnist");
  EXPECT_THROW(scale_network(base, parse(base, kFull), 0.9, {}), InputError);
}

}  // namespace
}  // namespace hwnas::s3nas
