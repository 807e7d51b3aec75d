// Algorithm 1's bookkeeping with a synthetic one-shot model (accuracy = a planted per-op quality
// sum, training iterations = 10 per active layer): stage layers, fixed layers, t = 0 as plain SPOS,
// constraint handling and the unreachable-constraint report; plus the coordinate-descent minimum.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/hurricane/reachability.hpp"
#include "hwnas/hurricane/two_stage_search.hpp"
#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/space/space_loader.hpp"
#include "planted_latency.hpp"

namespace hwnas::hurricane {
namespace {

using test::PlantedLatency;

// Bigger ops are "more accurate": quality grows with planted latency cost, so the constraint binds.
class SyntheticOneShot final : public OneShot {
 public:
  TrainingReport train(const space::Space& stage_space) override {
    space_ = &stage_space;
    stage_spaces.push_back(stage_space);
    int active = 0;
    for (const auto& u : stage_space.units) {
      for (const auto& ids : u.layer_blocks) active += ids.size() > 1 ? 1 : 0;
    }
    return {10 * active, 0.5, true, 0.0};
  }
  std::vector<double> validate(std::span<const arch::Architecture> paths) override {
    std::vector<double> out;
    for (const auto& a : paths) out.push_back(quality(a));
    return out;
  }
  double test(const arch::Architecture& path) override { return quality(path) - 1; }
  double quality(const arch::Architecture& a) const { return PlantedLatency::exact(*space_, a) - PlantedLatency::kBase; }
  std::vector<space::Space> stage_spaces;

 private:
  const space::Space* space_ = nullptr;
};

struct TwoStageSearchFixture {
  space::Space space = space::load_space("spos");
  PlantedLatency latency;
  SyntheticOneShot one_shot;
  arch::Architecture winner0 = arch::parse_canonical(
      space, "r224|Choice_3,Choice_3,Choice_3,Choice_3|Choice_3,Choice_3,Choice_3,Choice_3|"
             "Choice_3,Choice_3,Choice_3,Choice_3,Choice_3,Choice_3,Choice_3,Choice_3|Choice_3,Choice_3,Choice_3,Choice_3");
  TwoStageOptions options() const {
    TwoStageOptions o;
    o.generations = 3;
    o.evolution = {10, 3, 5, 5, 0.1};
    o.seed = 5;
    return o;
  }
};

TEST(StageLayers, LaterLayersFirst) {
  const auto s = stage_layers(20, 8);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].front(), 8);
  EXPECT_EQ(s[0].back(), 19);
  EXPECT_EQ(s[1], (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  const auto one = stage_layers(20, 0);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].size(), 20u);
  EXPECT_THROW(stage_layers(20, 20), InputError);
  EXPECT_THROW(stage_layers(20, -1), InputError);
}

TEST(TwoStage, StagesFixTheOtherLayersToTheWinner) {
  TwoStageSearchFixture f;
  const double bound = PlantedLatency::exact(f.space, f.winner0) + 6;
  const TwoStageResult r = two_stage_search(f.space, f.winner0, f.one_shot, f.latency, bound, f.options());
  ASSERT_EQ(r.stages.size(), 2u);
  ASSERT_EQ(f.one_shot.stage_spaces.size(), 2u);
  // Stage 1: layers 1-8 (units 1, 2) fixed to the initial winner's op; stage 2: layers 9-20 fixed to stage 1's.
  const space::Space& s1 = f.one_shot.stage_spaces[0];
  for (int u = 0; u < 2; ++u) {
    for (const auto& ids : s1.units[static_cast<std::size_t>(u)].layer_blocks) EXPECT_EQ(ids, (std::vector<int>{0}));
  }
  EXPECT_EQ(s1.units[2].layer_blocks[0].size(), 4u);
  const space::Space& s2 = f.one_shot.stage_spaces[1];
  for (std::size_t u = 2; u < 4; ++u) {
    for (std::size_t l = 0; l < s2.units[u].layer_blocks.size(); ++l) {
      EXPECT_EQ(s2.units[u].layer_blocks[l], (std::vector<int>{r.stages[0].winner.units[u].blocks[l]}));
    }
  }
  EXPECT_EQ(r.stages[0].training.iterations, 120);
  EXPECT_EQ(r.stages[1].training.iterations, 80);
  EXPECT_EQ(r.iterations, 200);
  EXPECT_LE(r.latency, bound);
  EXPECT_DOUBLE_EQ(r.latency, PlantedLatency::exact(f.space, r.winner));
  EXPECT_DOUBLE_EQ(r.test_accuracy, r.validation_accuracy - 1);
  for (const auto& st : r.stages) {
    EXPECT_LE(st.latency, bound);
    EXPECT_GT(st.scored, 0u);
    EXPECT_LE(st.scored, st.evaluated);
    EXPECT_EQ(st.generations, 3);
  }
  // Stage 2 starts from stage 1's winner, so it can only improve on it.
  EXPECT_GE(r.stages[1].accuracy, r.stages[0].accuracy);
}

TEST(TwoStage, TZeroIsPlainSpos) {
  TwoStageSearchFixture f;
  TwoStageOptions o = f.options();
  o.t = 0;
  const double bound = PlantedLatency::exact(f.space, f.winner0) + 6;
  const TwoStageResult r = two_stage_search(f.space, f.winner0, f.one_shot, f.latency, bound, o);
  ASSERT_EQ(r.stages.size(), 1u);
  EXPECT_EQ(r.stages[0].active.size(), 20u);
  EXPECT_EQ(r.iterations, 200);
  // The one stage's space is the whole space: nothing fixed.
  EXPECT_EQ(space::write_space(f.one_shot.stage_spaces[0]).find("layer_blocks"), std::string::npos);
  EXPECT_LE(r.latency, bound);
}

TEST(TwoStage, UnreachableConstraintNamesTheSmallestLatency) {
  TwoStageSearchFixture f;
  const double smallest = PlantedLatency::exact(f.space, f.winner0);  // Choice_3 everywhere is the minimum
  try {
    two_stage_search(f.space, f.winner0, f.one_shot, f.latency, smallest - 0.5, f.options());
    FAIL() << "expected UnreachableConstraint";
  } catch (const UnreachableConstraint& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("unreachable"), std::string::npos) << m;
    EXPECT_NE(m.find(fmt::format("{:.6g}", smallest)), std::string::npos) << m;
  }
  EXPECT_TRUE(f.one_shot.stage_spaces.empty()) << "nothing is trained for an unreachable constraint";
}

TEST(Reachability, CoordinateDescentFindsTheAdditiveMinimum) {
  const space::Space s = space::load_space("hurricane");
  PlantedLatency planted;
  const Reachable r = smallest_reachable(s, planted);
  const int c3 = s.block_index("Choice_3");
  for (const auto& u : r.arch.units) {
    for (int b : u.blocks) EXPECT_EQ(b, c3);
  }
  EXPECT_GE(r.sweeps, 2);  // the last sweep confirms nothing changes
  metric::CostMetric macs(metric::CostKind::macs);
  const Reachable m = smallest_reachable(s, macs);
  // MACs add up over layers: no single-layer change can lower the minimum further.
  for (std::size_t u = 0; u < s.units.size(); ++u) {
    for (std::size_t l = 0; l < m.arch.units[u].blocks.size(); ++l) {
      std::vector<arch::Architecture> tries;
      for (int b : s.units[u].layer_blocks[l]) {
        tries.push_back(m.arch);
        tries.back().units[u].blocks[l] = b;
      }
      for (const auto& v : macs.evaluate(s, tries)) EXPECT_GE(*v, m.latency);
    }
  }
  EXPECT_NO_THROW(check_reachable(s, macs, m.latency, ""));
  EXPECT_THROW(check_reachable(s, macs, m.latency - 1, "stage 1"), UnreachableConstraint);
}

// A constraint only needs to be met: the descent stops there, long before the minimum.
TEST(Reachability, StopsOnceTheBoundIsMet) {
  const space::Space s = space::load_space("hurricane");
  PlantedLatency full;
  const Reachable minimum = smallest_reachable(s, full);
  PlantedLatency bounded;
  const double bound = minimum.latency + 5;
  const Reachable r = smallest_reachable(s, bounded, bound);
  EXPECT_LE(r.latency, bound);
  EXPECT_GT(r.latency, minimum.latency);
  EXPECT_LT(bounded.evaluations, full.evaluations / 2);
}

// A source whose every new network looks a little faster (what noise does to a measured engine)
// never settles: the descent ends after kMaxSweeps sweeps.
TEST(Reachability, SweepsAreCappedOnASourceThatNeverSettles) {
  class EverFaster final : public metric::MetricSource {
   public:
    const std::string& spec() const override { return spec_; }
    std::string unit() const override { return "ms"; }
    std::vector<std::optional<double>> evaluate_batch(const space::Space&,
                                                      std::span<const arch::Architecture> archs) override {
      std::vector<std::optional<double>> out;
      for (std::size_t i = 0; i < archs.size(); ++i) out.emplace_back(next_ -= 1e-6);
      return out;
    }

   private:
    std::string spec_ = "latency:ever-faster";
    double next_ = 100;
  } source;
  const Reachable r = smallest_reachable(space::load_space("spos"), source);
  EXPECT_EQ(r.sweeps, kMaxSweeps);
}

}  // namespace
}  // namespace hwnas::hurricane
