// Per-layer operator profiling: the fixed view is exactly the background with one layer swapped,
// the random view's means cover the closed-form expectation, and F_op / P_op add up to the network's
// exact counts.
#include <cmath>
#include <map>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/arch/first_candidates.hpp"
#include "hwnas/hurricane/layer_profile.hpp"
#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/space/space_loader.hpp"
#include "planted_latency.hpp"

namespace hwnas::hurricane {
namespace {

using test::PlantedLatency;

TEST(LayerSlots, HurricaneHasTwentyLayersWithTheSposShapes) {
  const space::Space s = space::load_space("hurricane");
  const auto slots = layer_slots(s, 224);
  ASSERT_EQ(slots.size(), 20u);
  EXPECT_EQ(slots[0].out, (graph::Shape{64, 56, 56}));
  EXPECT_EQ(slots[4].out, (graph::Shape{160, 28, 28}));
  EXPECT_EQ(slots[15].out, (graph::Shape{320, 14, 14}));
  EXPECT_EQ(slots[19].out, (graph::Shape{640, 7, 7}));
  EXPECT_EQ(slots[19].unit, 3);
  EXPECT_EQ(slots[19].layer, 3);
}

TEST(LayerProfile, FixedViewSwapsOneLayerOfTheBackground) {
  const space::Space s = space::load_space("hurricane");
  PlantedLatency source;
  const LayerProfile p = profile_layers(s, source, {});
  ASSERT_EQ(p.operators.size(), 20u * 32u);
  EXPECT_EQ(source.evaluations, 20u * 32u);
  EXPECT_EQ(p.background, Background::fixed);
  const arch::Architecture bg = arch::first_candidates(s, 224);
  EXPECT_EQ(p.background_arch, arch::to_canonical(s, bg));
  const int sep3 = s.block_index("SEP_3");
  for (const OperatorMeasure& m : p.operators) {
    const LayerSlot& slot = p.layers[static_cast<std::size_t>(m.layer)];
    const double expected = PlantedLatency::exact(s, bg) - PlantedLatency::op_cost(s.blocks[sep3], slot.unit) +
                            PlantedLatency::op_cost(s.blocks[static_cast<std::size_t>(m.block)], slot.unit);
    ASSERT_NEAR(m.latency.value, expected, 1e-9) << "layer " << m.layer + 1 << " " << m.name;
    EXPECT_EQ(m.latency.n, 1);
  }
}

TEST(LayerProfile, GivenBackgroundIsUsedAndReported) {
  const space::Space s = space::load_space("spos");
  PlantedLatency source;
  LayerProfileOptions o;
  o.fixed_background = arch::parse_canonical(s, "r224|Choice_7,Choice_7,Choice_7,Choice_7|ChoiceX,ChoiceX,ChoiceX,ChoiceX|"
                                                "Choice_5,Choice_5,Choice_5,Choice_5,Choice_5,Choice_5,Choice_5,Choice_5|"
                                                "Choice_3,Choice_3,Choice_3,Choice_3");
  const LayerProfile p = profile_layers(s, source, o);
  EXPECT_EQ(p.background_arch, arch::to_canonical(s, *o.fixed_background));
  // Layer 1 = its background op: the background itself.
  for (const OperatorMeasure& m : p.operators) {
    if (m.layer == 0 && m.name == "Choice_7") {
      EXPECT_DOUBLE_EQ(m.latency.value, PlantedLatency::exact(s, *o.fixed_background));
    }
  }
}

TEST(LayerProfile, RandomViewMeansCoverTheExpectation) {
  const space::Space s = space::load_space("hurricane");
  PlantedLatency source;
  LayerProfileOptions o;
  o.background = Background::random;
  o.samples = 30;
  o.seed = 7;
  const LayerProfile p = profile_layers(s, source, o);
  EXPECT_EQ(p.samples, 30);
  // E[M | layer i = op] = base + Σ_{j≠i} mean over candidates of cost at j + cost(op at i).
  std::vector<double> unit_mean(s.units.size(), 0);
  for (std::size_t u = 0; u < s.units.size(); ++u) {
    for (const auto& b : s.blocks) unit_mean[u] += PlantedLatency::op_cost(b, static_cast<int>(u)) / s.blocks.size();
  }
  double all = PlantedLatency::kBase;
  for (std::size_t u = 0; u < s.units.size(); ++u) all += unit_mean[u] * s.units[u].max_layers;
  int covered = 0;
  for (const OperatorMeasure& m : p.operators) {
    const int u = p.layers[static_cast<std::size_t>(m.layer)].unit;
    const double truth = all - unit_mean[static_cast<std::size_t>(u)] +
                         PlantedLatency::op_cost(s.blocks[static_cast<std::size_t>(m.block)], u);
    EXPECT_EQ(m.latency.n, 30);
    EXPECT_LT(m.latency.lo, m.latency.hi);
    EXPECT_LT(std::abs(m.latency.value - truth), 4.5 * m.latency.half_width()) << m.name << " at " << m.layer + 1;
    if (truth >= m.latency.lo && truth <= m.latency.hi) ++covered;
  }
  EXPECT_GE(covered, static_cast<int>(0.85 * p.operators.size()));
}

TEST(LayerProfile, OperatorCostsAddUpToTheNetworkCount) {
  const space::Space s = space::load_space("hurricane");
  metric::CostMetric macs(metric::CostKind::macs);
  const LayerProfile p = profile_layers(s, macs, {});
  // For every op: the network made of that op at every layer has FLOPs = fixed parts + Σ_i F(op, i).
  const arch::Architecture bg = arch::first_candidates(s, 224);
  const cost::NetworkCost bg_cost = cost::count(graph::build(s, bg));
  double fixed_flops = static_cast<double>(bg_cost.total.flops()), fixed_params = static_cast<double>(bg_cost.total.params);
  for (const OperatorMeasure& m : p.operators) {
    if (m.name == "SEP_3") {
      fixed_flops -= m.flops;
      fixed_params -= m.params;
    }
  }
  for (const char* name : {"MB_7_6_SE", "Choice_5", "ChoiceX_SE"}) {
    arch::Architecture a = bg;
    for (auto& u : a.units) std::fill(u.blocks.begin(), u.blocks.end(), s.block_index(name));
    const cost::Cost total = cost::count_total(graph::build(s, a));
    double f = fixed_flops, pr = fixed_params;
    for (const OperatorMeasure& m : p.operators) {
      if (m.name == name) {
        f += m.flops;
        pr += m.params;
        EXPECT_GT(m.flops, 0);
        EXPECT_GT(m.params, 0);
      }
    }
    EXPECT_DOUBLE_EQ(f, static_cast<double>(total.flops())) << name;
    EXPECT_DOUBLE_EQ(pr, static_cast<double>(total.params)) << name;
  }
}

TEST(LayerProfile, MissingValueNamesTheLayerAndOp) {
  struct Gappy final : metric::MetricSource {
    std::string s = "latency:gappy";
    const std::string& spec() const override { return s; }
    std::string unit() const override { return "ms"; }
    std::vector<std::optional<double>> evaluate_batch(const space::Space&,
                                                      std::span<const arch::Architecture> a) override {
      std::vector<std::optional<double>> v(a.size(), 1.0);
      v[5] = std::nullopt;
      return v;
    }
  } gappy;
  const space::Space s = space::load_space("spos");
  try {
    profile_layers(s, gappy, {});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("layer 2 = Choice_5"), std::string::npos) << e.what();
  }
}

TEST(LayerProfile, BackgroundNames) {
  EXPECT_EQ(parse_background("random"), Background::random);
  EXPECT_EQ(to_string(parse_background("fixed")), "fixed");
  EXPECT_THROW(parse_background("context"), InputError);
}

}  // namespace
}  // namespace hwnas::hurricane
