#include "hwnas/arch/sampler.hpp"

#include <gtest/gtest.h>

#include <set>

#include "hwnas/arch/mutation.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/space/with_resolution.hpp"

namespace hwnas::arch {
namespace {

// Pearson's chi-square statistic of observed counts against expected probabilities.
double chi_square(const std::vector<int>& observed, const std::vector<double>& probs) {
  double total = 0;
  for (int o : observed) total += o;
  double stat = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double expected = total * probs[i];
    stat += (observed[i] - expected) * (observed[i] - expected) / expected;
  }
  return stat;
}

// Critical values at p = 0.001 by degrees of freedom.
double critical(std::size_t df) {
  static const double table[] = {0, 10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32, 26.12, 27.88, 29.59};
  return table[df];
}

TEST(Sampler, DepthBlockAndResolutionAreUniform) {
  const auto s = space::load_space("ofa-mbv3");
  Rng rng(11);
  const int n = 30000;
  std::vector<std::vector<int>> depth(5, std::vector<int>(3));
  std::vector<int> first_block(9), last_block(9), resolution(7);
  for (int i = 0; i < n; ++i) {
    const Architecture a = sample_uniform(s, rng);
    for (int u = 0; u < 5; ++u) depth[static_cast<std::size_t>(u)][static_cast<std::size_t>(a.depth(u) - 2)]++;
    first_block[static_cast<std::size_t>(a.units[0].blocks[0])]++;
    last_block[static_cast<std::size_t>(a.units[4].blocks.back())]++;
    for (std::size_t r = 0; r < s.resolutions.size(); ++r) resolution[r] += s.resolutions[r] == a.resolution;
  }
  for (const auto& d : depth) EXPECT_LT(chi_square(d, {1 / 3.0, 1 / 3.0, 1 / 3.0}), critical(2));
  EXPECT_LT(chi_square(first_block, std::vector<double>(9, 1 / 9.0)), critical(8));
  EXPECT_LT(chi_square(last_block, std::vector<double>(9, 1 / 9.0)), critical(8));
  EXPECT_LT(chi_square(resolution, std::vector<double>(7, 1 / 7.0)), critical(6));
}

TEST(Sampler, ChiSquareDetectsABiasedSampler) {
  // The test above would notice a sampler that never draws depth 4.
  EXPECT_GT(chi_square({1500, 1500, 0}, {1 / 3.0, 1 / 3.0, 1 / 3.0}), critical(2));
}

// Depths of unit 2 over n samples of A_{2,3,e6k7} (a 2-4 unit), as counts of depth 3 and 4.
std::vector<int> depths_at_layer_3(DepthRule rule) {
  const auto s = space::load_space("ofa-mbv3");
  const Placement fix = parse_placement(s, "2:3:e6k7");
  EXPECT_EQ(fix.unit, 1);
  EXPECT_EQ(fix.layer, 2);
  Rng rng(5);
  std::vector<int> depth(3);
  for (int i = 0; i < 30000; ++i) {
    const Architecture a = sample_fixed(s, rng, fix, 224, rule);
    EXPECT_GE(a.depth(1), 3);
    EXPECT_EQ(a.units[1].blocks[2], fix.block);
    EXPECT_EQ(a.resolution, 224);
    depth[static_cast<std::size_t>(a.depth(1) - 2)]++;
  }
  EXPECT_EQ(depth[0], 0);
  return {depth[1], depth[2]};
}

TEST(Sampler, FixedBlockDepthIsUniformUnderTheConstraint) {
  // BlockProfile: the depth of unit u is "uniformly sampled under this constraint": P(3) = P(4).
  // The reference code's off-by-one (raising only when d < l - 1) would leave depth 2 with the
  // block beyond the unit's end.
  const auto counts = depths_at_layer_3(DepthRule::uniform);
  EXPECT_LT(chi_square(counts, {0.5, 0.5}), critical(1));
  EXPECT_GT(chi_square(counts, {2 / 3.0, 1 / 3.0}), critical(1)) << "the clamp's distribution is rejected";
}

TEST(Sampler, ClampRuleRaisesShortUnitsToTheFixedLayer) {
  // --depth-rule clamp: a sampled depth 2 becomes 3, so P(3) = 2/3, P(4) = 1/3.
  const auto counts = depths_at_layer_3(DepthRule::clamp);
  EXPECT_LT(chi_square(counts, {2 / 3.0, 1 / 3.0}), critical(1));
  EXPECT_GT(chi_square(counts, {0.5, 0.5}), critical(1));
}

TEST(Sampler, DepthRuleNamesParseAndBadOnesAreRefused) {
  EXPECT_EQ(parse_depth_rule("uniform"), DepthRule::uniform);
  EXPECT_EQ(parse_depth_rule("clamp"), DepthRule::clamp);
  EXPECT_EQ(to_string(DepthRule::clamp), "clamp");
  EXPECT_THROW(parse_depth_rule("stretch"), InputError);
}

TEST(Sampler, PlacementErrorsAreClear) {
  const auto s = space::load_space("ofa-mbv3");
  EXPECT_THROW(parse_placement(s, "6:1:e3k3"), InvalidArchitecture) << "unit 6 is checked when placed";
  Rng rng(1);
  try {
    sample_fixed(s, rng, parse_placement(s, "6:1:e3k3"));
    FAIL();
  } catch (const InvalidArchitecture& e) {
    EXPECT_STREQ(e.what(), "unit 6 does not exist (space 'ofa-mbv3' has units 1 to 5)");
  }
  EXPECT_THROW(parse_placement(s, "1:1:e9k9"), InvalidArchitecture);
  EXPECT_THROW(parse_placement(s, "0:1:e3k3"), InvalidArchitecture);
  EXPECT_THROW(parse_placement(s, "1-1-e3k3"), InvalidArchitecture);
}

TEST(Sampler, SameSeedSameArchitectures) {
  const auto s = space::load_space("s3nas");
  Rng a(42), b(42);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(sample_uniform(s, a), sample_uniform(s, b));
}

// Crossover is gene-wise (OFA's and SPOS's): every layer comes from one parent, and units mix.
TEST(Mutation, EveryOperatorKeepsArchitecturesValid) {
  int mixed_units = 0;
  for (const auto& name : space::list_spaces()) {
    const auto s = space::load_space(name);
    Rng rng(9);
    Architecture a = sample_uniform(s, rng);
    for (int i = 0; i < 300; ++i) {
      Architecture b = sample_uniform(s, rng);
      mutate_blockprofile(s, a, {}, rng);
      ASSERT_NO_THROW(validate(s, a)) << name;
      mutate_genes(s, b, 0.3, rng);
      ASSERT_NO_THROW(validate(s, b)) << name;
      const Architecture c = crossover(s, a, b, rng);
      ASSERT_NO_THROW(validate(s, c)) << name;
      for (std::size_t u = 0; u < s.units.size(); ++u) {
        const auto& blocks = c.units[u].blocks;
        EXPECT_TRUE(blocks.size() == a.units[u].blocks.size() || blocks.size() == b.units[u].blocks.size());
        for (std::size_t l = 0; l < blocks.size(); ++l) {
          const bool from_a = l < a.units[u].blocks.size() && blocks[l] == a.units[u].blocks[l];
          const bool from_b = l < b.units[u].blocks.size() && blocks[l] == b.units[u].blocks[l];
          EXPECT_TRUE(from_a || from_b) << name << " unit " << u << " layer " << l;
        }
        mixed_units += c.units[u] != a.units[u] && c.units[u] != b.units[u] ? 1 : 0;
      }
    }
  }
  EXPECT_GT(mixed_units, 0) << "crossover never mixed the layers of one unit";
}

TEST(Mutation, UnitMovesChangeDepthOrOneBlock) {
  const auto s = space::load_space("ofa-mbv3");
  Rng rng(2);
  Architecture a = sample_uniform(s, rng);
  a.units[0].blocks.resize(4, a.units[0].blocks[0]);
  EXPECT_FALSE(mutate_unit(s, a, 0, UnitMutation::add_layer, rng)) << "already at max depth";
  EXPECT_FALSE(mutate_unit(s, a, 0, UnitMutation::change_width, rng)) << "ofa-mbv3 units have one width";
  EXPECT_TRUE(mutate_unit(s, a, 0, UnitMutation::remove_layer, rng));
  EXPECT_EQ(a.depth(0), 3);
  const auto before = a.units[0].blocks;
  EXPECT_TRUE(mutate_unit(s, a, 0, UnitMutation::swap_block, rng));
  int changed = 0;
  for (std::size_t l = 0; l < before.size(); ++l) changed += before[l] != a.units[0].blocks[l];
  EXPECT_EQ(changed, 1);
}

TEST(Mutation, AddAndRemoveActAtEveryPosition) {
  // The public reference adds and removes at a random position, not only at the unit's end.
  const auto s = space::load_space("ofa-mbv3");
  Rng rng(4);
  Architecture parent = sample_uniform(s, rng);
  parent.units[2].blocks = {0, 1, 2};  // three distinct blocks: which one went is visible
  std::set<std::vector<int>> after_remove;
  std::set<std::size_t> insert_positions;
  for (int i = 0; i < 400; ++i) {
    Architecture a = parent;
    ASSERT_TRUE(mutate_unit(s, a, 2, UnitMutation::remove_layer, rng));
    after_remove.insert(a.units[2].blocks);
    Architecture b = parent;
    ASSERT_TRUE(mutate_unit(s, b, 2, UnitMutation::add_layer, rng));
    // The parent's blocks keep their order around the inserted one.
    for (std::size_t at = 0; at <= 3; ++at) {
      auto kept = b.units[2].blocks;
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(at));
      if (kept == parent.units[2].blocks) insert_positions.insert(at);
    }
  }
  EXPECT_EQ(after_remove, (std::set<std::vector<int>>{{1, 2}, {0, 2}, {0, 1}}));
  EXPECT_EQ(insert_positions.size(), 4u);
}

TEST(Mutation, BlockProfileChildrenReachWidthsStemAndResolution) {
  // ResNet50: unit widths and the stem's variables are searchable and must be mutated too.
  const auto s = space::load_space("resnet50");
  ASSERT_GT(s.variables.size(), 0u);
  Rng rng(8);
  const Architecture parent = sample_uniform(s, rng);
  std::vector<int> width_changes(s.units.size()), variable_changes(s.variables.size());
  int resolution_changes = 0;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    Architecture child = parent;
    mutate_blockprofile(s, child, {}, rng);
    ASSERT_NE(child, parent) << "at least one thing changes";
    for (std::size_t u = 0; u < s.units.size(); ++u) width_changes[u] += child.units[u].width != parent.units[u].width;
    for (std::size_t v = 0; v < s.variables.size(); ++v) variable_changes[v] += child.variables[v] != parent.variables[v];
    resolution_changes += child.resolution != parent.resolution;
  }
  for (int c : width_changes) EXPECT_GT(c, n / 20);
  for (int c : variable_changes) EXPECT_NEAR(c, n / 2, n / 10);
  EXPECT_NEAR(resolution_changes, n / 2, n / 10);

  const auto fixed = space::with_resolution(s, 224);
  Architecture at224 = parent;
  at224.resolution = 224;
  for (int i = 0; i < 500; ++i) {
    Architecture child = at224;
    mutate_blockprofile(fixed, child, {}, rng);
    ASSERT_EQ(child.resolution, 224);
  }
  EXPECT_THROW(space::with_resolution(s, 225), InputError);
}

TEST(Mutation, PerUnitProbabilitiesSetHowOftenEachUnitChanges) {
  const auto s = space::with_resolution(space::load_space("ofa-mbv3"), 224);
  Rng rng(6);
  const std::vector<double> probs{0.25, 0.25, 0.25, 0.5, 0.5};  // OFA-NPU's
  std::vector<int> changed(5);
  const int n = 8000;
  for (int i = 0; i < n; ++i) {
    Architecture parent = sample_uniform(s, rng);
    Architecture child = parent;
    mutate_blockprofile(s, child, probs, rng);
    for (std::size_t u = 0; u < 5; ++u) changed[u] += child.units[u] != parent.units[u];
  }
  // P(changed) = p plus the small "at least one" correction (all five skipped: 0.105).
  for (std::size_t u = 0; u < 5; ++u) {
    EXPECT_NEAR(changed[u] / double(n), probs[u] + 0.105 / 5, 0.03) << "unit " << u + 1;
  }
  std::vector<int> only_last(5);
  for (int i = 0; i < 500; ++i) {
    Architecture parent = sample_uniform(s, rng);
    Architecture child = parent;
    mutate_blockprofile(s, child, {0, 0, 0, 0, 1}, rng);
    for (std::size_t u = 0; u < 4; ++u) ASSERT_EQ(child.units[u], parent.units[u]);
    ASSERT_NE(child.units[4], parent.units[4]);
  }
}

}  // namespace
}  // namespace hwnas::arch
