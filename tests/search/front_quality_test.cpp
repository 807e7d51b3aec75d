// Parsing objectives and constraints, dominance, hypervolume reference values, attainment.
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/search/attainment.hpp"
#include "hwnas/search/hypervolume.hpp"
#include "hwnas/search/pareto.hpp"

namespace hwnas::search {
namespace {

TEST(Problem, ParsesObjectivesAndConstraints) {
  const Objective o = parse_objective("min:latency:sim:midap");
  EXPECT_EQ(o.metric, "latency:sim:midap");
  EXPECT_EQ(o.sense, Sense::minimise);
  EXPECT_EQ(parse_objective("max:params").sense, Sense::maximise);
  const Constraint c = parse_constraint("macs<=3e8");
  EXPECT_EQ(c.metric, "macs");
  EXPECT_EQ(c.bound, Bound::at_most);
  EXPECT_DOUBLE_EQ(c.value, 3e8);
  EXPECT_EQ(parse_constraint("params>=4000000").bound, Bound::at_least);
  for (const char* bad : {"params", "best:params", "max:", ""}) EXPECT_THROW(parse_objective(bad), InputError) << bad;
  for (const char* bad : {"macs<3e8", "macs<=", "<=5", "macs<=3e8x", "macs<=nan"}) {
    EXPECT_THROW(parse_constraint(bad), InputError) << bad;
  }
  EXPECT_DOUBLE_EQ(relative_violation(c, 3.3e8), 0.1);
  EXPECT_DOUBLE_EQ(relative_violation(c, 2e8), 0);
}

TEST(Pareto, ArchiveKeepsExactlyTheNonDominatedPoints) {
  ParetoArchive archive;
  EXPECT_TRUE(archive.add(0, {3, 3}));
  EXPECT_TRUE(archive.add(1, {1, 5}));
  EXPECT_FALSE(archive.add(2, {4, 4}));
  EXPECT_TRUE(archive.add(3, {2, 2}));  // dominates 0
  EXPECT_TRUE(archive.add(4, {2, 2}));  // equal points are both kept
  std::vector<std::size_t> ids = archive.ids();
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::size_t>{1, 3, 4}));
  EXPECT_EQ(non_dominated({{3, 3}, {1, 5}, {4, 4}, {2, 2}}), (std::vector<std::size_t>{1, 3}));
}

TEST(Hypervolume, ReferenceValuesInTheNormalisedBox) {
  const std::vector<Objective> objectives{{"a", Sense::minimise}, {"b", Sense::maximise}};
  // a: best 0, worst 10; b: best 100, worst 0. (5, 50) normalises to (0.5, 0.5).
  const HvBox box{{0, 100}, {10, 0}};
  EXPECT_DOUBLE_EQ(hypervolume(box, {{5, 50}}), 0.25);
  // Two points: (0.2, 0.6) and (0.6, 0.2) -> 0.4·0.8 + 0.4·0.4 ... union = 0.32 + 0.32 - 0.16.
  EXPECT_NEAR(hypervolume(box, {{2, 40}, {6, 80}}), 0.48, 1e-12);
  // Beyond the worst bound: nothing; better than the best bound: clipped to the best corner.
  EXPECT_DOUBLE_EQ(hypervolume(box, {{11, 90}}), 0);
  EXPECT_DOUBLE_EQ(hypervolume(box, {{-5, 150}}), 1);
  // One objective: the normalised distance of the best point from the worst bound.
  EXPECT_DOUBLE_EQ(hypervolume(HvBox{{100}, {0}}, {{30}, {75}}), 0.75);
}

TEST(Hypervolume, BoxParsingNamesTheObjective) {
  const std::vector<Objective> objectives{{"macs", Sense::minimise}, {"params", Sense::maximise}};
  const HvBox box = parse_hv_box(objectives, {"max:params=8e6:2e6", "min:macs=0:6e8"});
  EXPECT_EQ(box.best, (std::vector<double>{0, 8e6}));
  EXPECT_EQ(box.worst, (std::vector<double>{6e8, 2e6}));
  EXPECT_THROW(parse_hv_box(objectives, {"min:macs=0:6e8"}), InputError);
  EXPECT_THROW(parse_hv_box(objectives, {"min:macs=0:6e8", "max:flops=1:2"}), InputError);
  EXPECT_THROW(parse_hv_box(objectives, {"min:macs=1:1", "max:params=8e6:2e6"}), InputError);
}

TEST(Attainment, MedianSurfaceAndShares) {
  const std::vector<Front> runs{{{1, 5}, {3, 2}}, {{2, 4}, {4, 1}}, {{5, 5}}};
  EXPECT_EQ(attainment_share(runs, {{4, 4}, {5, 5}, {0, 0}}), (std::vector<double>{2.0 / 3, 1.0, 0.0}));
  // Attained by at least two of three runs.
  const Front median = attainment_surface_2d(runs, 0.5);
  EXPECT_EQ(median, (Front{{2, 5}, {3, 4}, {4, 2}}));
  // Best of all runs = the union's non-dominated staircase.
  EXPECT_EQ(attainment_surface_2d(runs, 1.0 / 3), (Front{{1, 5}, {2, 4}, {3, 2}, {4, 1}}));
  EXPECT_THROW(attainment_surface_2d(runs, 0), InputError);
}

}  // namespace
}  // namespace hwnas::search
