// The estimators recover known effects: a synthetic additive metric with noise (both designs), and
// exact MACs expectations on ofa-mbv3 computed by enumeration from per-layer costs.
#include <cmath>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "exact_expectation.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/profile/profiler.hpp"
#include "hwnas/space/space_loader.hpp"
#include "synthetic_metric.hpp"

namespace hwnas::profile {
namespace {

struct Coverage {
  int covered = 0;
  int total = 0;
  double worst_z = 0;  // largest |error| / half-width
  double mean_half_width = 0;
  void add(const Estimate& e, double truth) {
    ++total;
    if (truth >= e.lo && truth <= e.hi) ++covered;
    worst_z = std::max(worst_z, std::abs(e.value - truth) / e.half_width());
    mean_half_width += (e.half_width() - mean_half_width) / total;
  }
  // 95% intervals: most must cover; none may be far off. Cells sharing backgrounds have correlated
  // errors, so small families get a looser count.
  void expect_sound(const std::string& what) const {
    SCOPED_TRACE(fmt::format("{}: {}/{} covered, worst error {:.2f} half-widths", what, covered, total, worst_z));
    EXPECT_GE(covered, static_cast<int>((total >= 100 ? 0.88 : 0.6) * total));
    EXPECT_LT(worst_z, 4.5);
  }
};

struct Checked {
  Coverage effects, depths, blocks;
  std::size_t evaluations = 0;
};

Checked check_against_exact(const space::Space& space, const MetricProfile& p, const test::ExactAdditive& exact) {
  Checked c;
  c.evaluations = p.evaluations;
  std::map<std::string, std::pair<double, int>> block_truth;
  for (const CellEstimate& ce : p.cells) {
    const Cell& cell = ce.cell;
    if (cell.kind == CellKind::block) {
      const double truth = exact.effect(cell.unit, cell.layer, cell.block);
      c.effects.add(ce.effect, truth);
      auto& [sum, n] = block_truth[ce.code];
      sum += exact.expected() + truth;
      ++n;
    } else {
      c.depths.add(ce.effect, exact.depth_effect(cell.unit, cell.depth));
    }
  }
  for (const BlockEstimate& be : p.blocks) {
    const auto& [sum, n] = block_truth.at(be.code);
    EXPECT_EQ(be.locations, n);
    c.blocks.add(be.mean, sum / n);
  }
  EXPECT_EQ(p.blocks.size(), space.blocks.size());
  return c;
}

TEST(Profiler, BothDesignsRecoverSyntheticAdditiveEffects) {
  const space::Space space = space::load_space("ofa-mbv3");
  const test::ExactAdditive exact(space, test::SyntheticAdditiveMetric::kOffset, &test::SyntheticAdditiveMetric::effect);
  std::map<Design, Checked> checked;
  for (Design design : {Design::independent, Design::paired}) {
    test::SyntheticAdditiveMetric metric(2.0, 11);
    ProfileOptions options;
    options.design = design;
    options.samples = 300;
    options.seed = 5;
    const ProfileResult r = run_profile(space, {&metric}, options);
    ASSERT_EQ(r.profiles.size(), 1U);
    EXPECT_EQ(metric.evaluations, r.profiles[0].evaluations);
    EXPECT_NEAR(r.profiles[0].baseline.value, exact.expected(), 4.5 * r.profiles[0].baseline.half_width());
    Checked c = check_against_exact(space, r.profiles[0], exact);
    const std::string name(to_string(design));
    c.effects.expect_sound(name + " M_ulb");
    c.depths.expect_sound(name + " depth effects");
    c.blocks.expect_sound(name + " M_b");
    checked[design] = c;
  }
  // Pairing cancels the background: at equal samples its intervals are much narrower.
  EXPECT_LT(checked[Design::paired].effects.mean_half_width, 0.5 * checked[Design::independent].effects.mean_half_width);
  EXPECT_LE(checked[Design::paired].evaluations, checked[Design::independent].evaluations);
}

// MACs on ofa-mbv3 are a fixed part plus one term per active layer that depends only on (u, l, b)
// (shapes do not depend on other units' depths). The test checks that decomposition on random
// architectures, then uses it to compute the expectations exactly by enumerating depths.
TEST(Profiler, MacsEstimatesAgreeWithExactEnumeration) {
  const space::Space space = space::load_space("ofa-mbv3");
  const int resolution = 224;
  // term[u][l][b] from one network per block with every unit at full depth.
  std::vector<std::vector<std::vector<double>>> term(space.units.size());
  double fixed = 0;
  for (int b = 0; b < static_cast<int>(space.blocks.size()); ++b) {
    arch::Architecture a;
    a.resolution = resolution;
    for (const auto& unit : space.units) a.units.push_back({0, std::vector<int>(static_cast<std::size_t>(unit.max_layers), b)});
    const graph::Graph g = graph::build(space, a);
    const cost::NetworkCost cost = cost::count(g);
    double searchable = 0;
    for (std::size_t i = 0; i < g.layers.size(); ++i) {
      const auto& layer = g.layers[i];
      if (layer.unit < 0) continue;
      auto& t = term[static_cast<std::size_t>(layer.unit)];
      t.resize(static_cast<std::size_t>(space.units[static_cast<std::size_t>(layer.unit)].max_layers),
               std::vector<double>(space.blocks.size()));
      t[static_cast<std::size_t>(layer.index)][static_cast<std::size_t>(b)] = static_cast<double>(cost.layers[i].macs);
      searchable += static_cast<double>(cost.layers[i].macs);
    }
    fixed = static_cast<double>(cost.total.macs) - searchable;
  }
  auto term_of = [&](int u, int l, int b) {
    return term[static_cast<std::size_t>(u)][static_cast<std::size_t>(l)][static_cast<std::size_t>(b)];
  };
  arch::Rng rng(3);
  for (int i = 0; i < 50; ++i) {
    const arch::Architecture a = arch::sample_uniform(space, rng, resolution);
    double sum = fixed;
    for (int u = 0; u < static_cast<int>(a.units.size()); ++u) {
      for (int l = 0; l < a.depth(u); ++l) sum += term_of(u, l, a.units[static_cast<std::size_t>(u)].blocks[static_cast<std::size_t>(l)]);
    }
    ASSERT_EQ(sum, static_cast<double>(cost::count_total(graph::build(space, a)).macs)) << "MACs not additive";
  }
  // Each depth rule's estimates agree with its own expectation (the clamp's differ at layers 3–4).
  const std::vector<std::pair<Design, arch::DepthRule>> runs{
      {Design::independent, arch::DepthRule::uniform}, {Design::paired, arch::DepthRule::uniform}, {Design::paired, arch::DepthRule::clamp}};
  for (const auto& [design, rule] : runs) {
    const test::ExactAdditive exact(space, fixed, term_of, rule);
    metric::CostMetric macs(metric::CostKind::macs);
    ProfileOptions options;
    options.design = design;
    options.depth_rule = rule;
    options.samples = 300;
    options.seed = 9;
    options.resolutions = {resolution};
    const ProfileResult r = run_profile(space, {&macs}, options);
    EXPECT_EQ(r.profiles[0].unit, "MACs");
    const Checked c = check_against_exact(space, r.profiles[0], exact);
    const std::string name = fmt::format("{} {}", to_string(design), arch::to_string(rule));
    c.effects.expect_sound(name + " MACs M_ulb");
    c.depths.expect_sound(name + " MACs depth effects");
    c.blocks.expect_sound(name + " MACs M_b");
  }
}

// A source that measures asks for small batches, so progress is reported per network.
TEST(Profiler, HonoursTheSourcesPreferredBatchAndReportsEachOne) {
  const auto space = space::load_space("ofa-mbv3");
  test::SyntheticAdditiveMetric slow(0.0, 1);
  slow.batch = 1;
  ProfileOptions options;
  options.samples = 2;
  std::size_t reports = 0;
  options.progress = [&reports](const Progress&) { ++reports; };
  run_profile(space, {&slow}, options);
  EXPECT_EQ(slow.largest_call, 1u);
  EXPECT_EQ(reports, slow.evaluations);
}

// The ETA is each source's own: a slow measured latency followed by a fast count must not charge
// the count the latency's rate, so a source's last report leaves nothing of it to wait for.
TEST(Profiler, EtaIsTheCurrentSourcesRemainingTimeAtItsOwnRate) {
  const auto space = space::load_space("ofa-mbv3");
  test::SyntheticAdditiveMetric first(0.0, 1);
  test::SyntheticAdditiveMetric second(0.0, 2);
  first.batch = 1;
  second.batch = 1;
  ProfileOptions options;
  options.samples = 2;
  std::vector<Progress> reports;
  options.progress = [&reports](const Progress& p) { reports.push_back(p); };
  run_profile(space, {&first, &second}, options);
  ASSERT_EQ(reports.size(), first.evaluations + second.evaluations);
  for (const Progress& p : reports) {
    EXPECT_GE(p.eta_s, 0.0);
    if (p.evaluated == p.total) EXPECT_EQ(p.eta_s, 0.0) << p.metric;
  }
}

TEST(Profiler, RejectsBadOptionsNamingThem) {
  const space::Space space = space::load_space("ofa-mbv3");
  metric::CostMetric macs(metric::CostKind::macs);
  ProfileOptions options;
  options.resolutions = {225};
  try {
    run_profile(space, {&macs}, options);
    FAIL() << "accepted resolution 225";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--resolution 225"), std::string::npos) << e.what();
  }
  options.resolutions = {};
  options.samples = 1;
  EXPECT_THROW(run_profile(space, {&macs}, options), InputError);
  EXPECT_THROW(run_profile(space, {}, ProfileOptions{}), InputError);
}

}  // namespace
}  // namespace hwnas::profile
