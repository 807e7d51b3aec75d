#include "hwnas/arch/sampler.hpp"

#include <gtest/gtest.h>

#include "hwnas/arch/mutation.hpp"
#include "hwnas/space/space_loader.hpp"

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

TEST(Sampler, FixedBlockAlwaysPlacedWithTheDepthRule) {
  const auto s = space::load_space("ofa-mbv3");
  const Placement fix = parse_placement(s, "2:3:e6k7");
  EXPECT_EQ(fix.unit, 1);
  EXPECT_EQ(fix.layer, 2);
  Rng rng(5);
  std::vector<int> depth(3);
  const int n = 30000;
  for (int i = 0; i < n; ++i) {
    const Architecture a = sample_fixed(s, rng, fix, 224);
    ASSERT_GE(a.depth(1), 3);
    ASSERT_EQ(a.units[1].blocks[2], fix.block);
    ASSERT_EQ(a.resolution, 224);
    depth[static_cast<std::size_t>(a.depth(1) - 2)]++;
  }
  // Sampled depth 2 is raised to 3: P(3) = 2/3, P(4) = 1/3. The reference code's off-by-one
  // (raising only when d < l - 1) would leave depth 2 with the block beyond the unit's end.
  EXPECT_EQ(depth[0], 0);
  EXPECT_LT(chi_square({depth[1], depth[2]}, {2 / 3.0, 1 / 3.0}), critical(1));
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

TEST(Mutation, EveryOperatorKeepsArchitecturesValid) {
  for (const auto& name : space::list_spaces()) {
    const auto s = space::load_space(name);
    Rng rng(9);
    Architecture a = sample_uniform(s, rng);
    for (int i = 0; i < 300; ++i) {
      Architecture b = sample_uniform(s, rng);
      mutate_random(s, a, rng);
      ASSERT_NO_THROW(validate(s, a)) << name;
      mutate_genes(s, b, 0.3, rng);
      ASSERT_NO_THROW(validate(s, b)) << name;
      const Architecture c = crossover(s, a, b, rng);
      ASSERT_NO_THROW(validate(s, c)) << name;
      for (std::size_t u = 0; u < s.units.size(); ++u) {
        EXPECT_TRUE(c.units[u] == a.units[u] || c.units[u] == b.units[u]);
      }
    }
  }
}

TEST(Mutation, UnitMovesChangeDepthOrOneBlock) {
  const auto s = space::load_space("ofa-mbv3");
  Rng rng(2);
  Architecture a = sample_uniform(s, rng);
  a.units[0].blocks.resize(4, a.units[0].blocks[0]);
  EXPECT_FALSE(mutate_unit(s, a, 0, UnitMutation::add_layer, rng)) << "already at max depth";
  EXPECT_TRUE(mutate_unit(s, a, 0, UnitMutation::remove_layer, rng));
  EXPECT_EQ(a.depth(0), 3);
  const auto before = a.units[0].blocks;
  EXPECT_TRUE(mutate_unit(s, a, 0, UnitMutation::swap_block, rng));
  int changed = 0;
  for (std::size_t l = 0; l < before.size(); ++l) changed += before[l] != a.units[0].blocks[l];
  EXPECT_EQ(changed, 1);
}

}  // namespace
}  // namespace hwnas::arch
