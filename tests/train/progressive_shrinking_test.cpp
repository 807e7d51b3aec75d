// Progressive shrinking's schedule (OFA's stages and proportions) and what each stage samples.
#include <gtest/gtest.h>

#include <set>

#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/progressive_shrinking.hpp"
#include "hwnas/train/supernet.hpp"

namespace hwnas::train {
namespace {

TEST(ProgressiveShrinking, StagesSplitTheRunInOfasProportions) {
  // OFA's epochs: 180 (full), 120 (kernel), 25 + 120 (depth), 25 + 120 (expand) = 590.
  const std::vector<std::int64_t> begins{0, 180, 300, 325, 445, 470};
  for (std::size_t i = 0; i < begins.size(); ++i) {
    EXPECT_EQ(stage_begin(i, 590), begins[i]) << shrink_stages()[i].name;
    EXPECT_EQ(stage_begin(i, 1180), 2 * begins[i]);
  }
  EXPECT_EQ(stage_at(0, 590).index, 0u);
  EXPECT_EQ(stage_at(179, 590).index, 0u);
  const StageSpan kernel = stage_at(180, 590);
  EXPECT_EQ(kernel.index, 1u);
  EXPECT_EQ(kernel.begin, 180);
  EXPECT_EQ(kernel.end, 300);
  const StageSpan last = stage_at(589, 590);
  EXPECT_EQ(last.index, 5u);
  EXPECT_EQ(last.end, 590);
  // A run too short for every stage skips the empty ones; every step still has one.
  for (std::int64_t s = 0; s < 5; ++s) {
    const StageSpan span = stage_at(s, 5);
    EXPECT_LE(span.begin, s);
    EXPECT_LT(s, span.end);
  }
}

// Per stage: the depths, expansions and kernels its subnets take over many draws.
struct Seen {
  std::set<int> depths;
  std::set<double> expands;
  std::set<int> kernels;
};

Seen seen_in_stage(const space::Space& space, const ShrinkStage& stage, const arch::Architecture& largest) {
  Seen seen;
  arch::Rng rng(5);
  for (int i = 0; i < 300; ++i) {
    const arch::Architecture a = sample_in_stage(space, stage, largest, rng);
    arch::validate(space, a);
    for (const auto& unit : a.units) {
      seen.depths.insert(static_cast<int>(unit.blocks.size()));
      for (const int b : unit.blocks) {
        seen.expands.insert(space.blocks[static_cast<std::size_t>(b)].expand);
        seen.kernels.insert(space.blocks[static_cast<std::size_t>(b)].kernel);
      }
    }
  }
  return seen;
}

TEST(ProgressiveShrinking, EachStageOpensOneMoreDimension) {
  const space::Space space = space::load_space("ofa-mbv3-fmnist");  // depths 2-4, expand 3/4/6, kernel 3/5/7
  const arch::Architecture largest = Supernet(space)->largest();
  const auto& stages = shrink_stages();
  arch::Rng rng(1);
  EXPECT_EQ(sample_in_stage(space, stages[0], largest, rng), largest);

  const Seen kernel = seen_in_stage(space, stages[1], largest);
  EXPECT_EQ(kernel.depths, (std::set<int>{4}));
  EXPECT_EQ(kernel.expands, (std::set<double>{6}));
  EXPECT_EQ(kernel.kernels, (std::set<int>{3, 5, 7}));

  EXPECT_EQ(seen_in_stage(space, stages[2], largest).depths, (std::set<int>{3, 4}));
  const Seen depth = seen_in_stage(space, stages[3], largest);
  EXPECT_EQ(depth.depths, (std::set<int>{2, 3, 4}));
  EXPECT_EQ(depth.expands, (std::set<double>{6}));

  EXPECT_EQ(seen_in_stage(space, stages[4], largest).expands, (std::set<double>{4, 6}));
  const Seen all = seen_in_stage(space, stages[5], largest);
  EXPECT_EQ(all.expands, (std::set<double>{3, 4, 6}));
  EXPECT_EQ(all.depths, (std::set<int>{2, 3, 4}));
  EXPECT_EQ(all.kernels, (std::set<int>{3, 5, 7}));
}

// The channel reorganisation before an expansion stage: the largest subnet computes the same
// function, the channels a smaller expansion uses change, and with `keep` a trained width keeps
// its channels.
TEST(ProgressiveShrinking, SortingMidChannelsKeepsTheLargestSubnetsFunction) {
  const space::Space space = space::load_space("ofa-mbv3-fmnist");
  Supernet net(space, SupernetOptions().kernel_transform(true));
  torch::manual_seed(4);
  {
    const torch::NoGradGuard no_grad;
    for (auto& module : net->modules(false)) {
      if (auto* bn = module->as<ElasticBatchNormImpl>()) {
        bn->weight.uniform_(0.5, 1.5);
        bn->running_mean.normal_(0, 0.2);
        bn->running_var.uniform_(0.5, 2.0);
      }
    }
  }
  net->eval();
  const torch::Tensor x = torch::randn({2, 1, 28, 28});
  arch::Architecture narrow = net->largest();
  for (auto& unit : narrow.units) {
    for (int& b : unit.blocks) b = space.block_index("e3k7");
  }
  const torch::NoGradGuard no_grad;
  const torch::Tensor large_before = net->forward(x, net->largest());
  const torch::Tensor narrow_before = net->forward(x, narrow);
  const torch::Tensor expand_before = net->named_parameters()["u1_l1.expand_weight"].clone();
  net->sort_mid_channels(1);
  EXPECT_TRUE(torch::allclose(net->forward(x, net->largest()), large_before, 1e-4, 1e-5));
  EXPECT_FALSE(torch::allclose(net->forward(x, narrow), narrow_before, 1e-4, 1e-5));
  const torch::Tensor project = net->named_parameters()["u1_l1.project_weight"].abs().sum({0, 2, 3});
  EXPECT_TRUE(torch::equal(std::get<0>(project.sort(0, /*descending=*/true)), project));

  // Expansion 4 of u1's first layer (8 channels in: 32 of 48 mid channels); a second sort, after
  // expansions 6 and 4 were trained, keeps those 32 in front even when the others matter more.
  const std::int64_t max_mid = expand_before.size(0);
  const std::int64_t mid4 = 4 * expand_before.size(1);
  ASSERT_EQ(max_mid, 6 * expand_before.size(1));
  const auto row_sums = [&](std::int64_t from, std::int64_t n) {
    return std::get<0>(net->named_parameters()["u1_l1.expand_weight"].narrow(0, from, n).sum({1, 2, 3}).sort());
  };
  const torch::Tensor leading = row_sums(0, mid4);
  net->named_parameters()["u1_l1.project_weight"].narrow(1, mid4, max_mid - mid4).mul_(100);
  net->sort_mid_channels(2);
  EXPECT_TRUE(torch::equal(row_sums(0, mid4), leading));
  EXPECT_FALSE(torch::equal(expand_before, net->named_parameters()["u1_l1.expand_weight"]));
}

}  // namespace
}  // namespace hwnas::train
