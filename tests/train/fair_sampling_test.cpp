// Fair sampling: at every point of a run, each layer's choices (and each unit's depth and width)
// have been drawn equally often up to one, among the paths that hold the layer; the paths follow
// from the seed alone, in any order of asking.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <utility>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/fair_sampling.hpp"

namespace hwnas::train {
namespace {

// Largest minus smallest count over a slot's options; every option of every slot is listed.
int imbalance(const space::Space& space, const std::vector<arch::Architecture>& paths) {
  std::map<std::pair<std::size_t, int>, std::map<int, int>> counts;  // (unit, layer or -1 for depth) -> choice -> count
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    const auto& unit = space.units[u];
    for (int d = unit.min_layers; d <= unit.max_layers; ++d) counts[{u, -1}][d] = 0;
    for (std::size_t l = 0; l < unit.layer_blocks.size(); ++l) {
      for (int b : unit.layer_blocks[l]) counts[{u, static_cast<int>(l)}][b] = 0;
    }
  }
  for (const auto& p : paths) {
    for (std::size_t u = 0; u < p.units.size(); ++u) {
      ++counts.at({u, -1}).at(p.depth(static_cast<int>(u)));
      const auto& blocks = p.units[u].blocks;
      for (std::size_t l = 0; l < blocks.size(); ++l) ++counts.at({u, static_cast<int>(l)}).at(blocks[l]);
    }
  }
  int worst = 0;
  for (const auto& [slot, per_choice] : counts) {
    const auto [low, high] = std::minmax_element(per_choice.begin(), per_choice.end(),
                                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    worst = std::max(worst, high->second - low->second);
  }
  return worst;
}

TEST(FairSampling, EveryChoiceIsTrainedEquallyOftenUpToOne) {
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  FairPathSampler fair(space, 3, space.default_resolution);
  std::vector<arch::Architecture> paths;
  arch::Rng rng(3);
  std::vector<arch::Architecture> uniform;
  for (std::int64_t t = 0; t < 500; ++t) {
    paths.push_back(fair.path(t));
    arch::validate(space, paths.back());
    EXPECT_EQ(paths.back().resolution, space.default_resolution);
    ASSERT_LE(imbalance(space, paths), 1) << "after " << t + 1 << " paths";
    uniform.push_back(arch::sample_uniform(space, rng, space.default_resolution));
  }
  // Uniform sampling is equal only in expectation: after 500 paths its counts are far apart.
  EXPECT_GT(imbalance(space, uniform), 10);
}

TEST(FairSampling, PathsFollowFromTheSeedInAnyOrderOfAsking) {
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  FairPathSampler in_order(space, 7, space.default_resolution);
  std::vector<arch::Architecture> paths;
  for (std::int64_t t = 0; t < 40; ++t) paths.push_back(in_order.path(t));
  FairPathSampler resumed(space, 7, space.default_resolution);
  EXPECT_EQ(resumed.path(25), paths[25]);  // a run resumed at step 25
  EXPECT_EQ(resumed.path(26), paths[26]);
  EXPECT_EQ(resumed.path(3), paths[3]);    // back to an earlier one
  FairPathSampler other_seed(space, 8, space.default_resolution);
  int same = 0;
  for (std::int64_t t = 0; t < 40; ++t) same += other_seed.path(t) == paths[static_cast<std::size_t>(t)] ? 1 : 0;
  EXPECT_LT(same, 5);
}

}  // namespace
}  // namespace hwnas::train
