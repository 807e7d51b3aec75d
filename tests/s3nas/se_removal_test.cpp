// SE + h-swish post-processing: the SE twin space, the score on known excitations, which blocks the
// removal picks, and that folding a constant excitation into the project conv changes nothing.
#include <gtest/gtest.h>

#include <cmath>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/s3nas/se_removal.hpp"
#include "hwnas/s3nas/se_variants.hpp"
#include "hwnas/s3nas/train_fixed.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::s3nas {
namespace {

const char* kArch = "r28|k3-x-x|k5-k5-x|k3-x-x|k3-x-k7|k5-k5-k7,k3-x-x";

TEST(SeVariants, EveryBlockGetsAnSeTwinAndReluBecomesHSwish) {
  const space::Space base = space::load_space("s3nas-fmnist");
  const space::Space s = with_se_variants(base);
  ASSERT_EQ(s.blocks.size(), 2 * base.blocks.size());
  EXPECT_EQ(s.blocks[base.blocks.size()].name, base.blocks[0].name + "-se");
  EXPECT_TRUE(s.blocks[base.blocks.size()].se);
  EXPECT_FALSE(s.blocks[0].se);
  for (const auto& unit : s.units) EXPECT_EQ(unit.act, Activation::h_swish);
  EXPECT_EQ(s.stem[0].act, Activation::h_swish);
  // The written space reads back, SE twins included.
  EXPECT_EQ(space::parse_space(space::write_space(s), "se.yaml").blocks.size(), s.blocks.size());

  const arch::Architecture a = arch::parse_canonical(base, kArch);
  const arch::Architecture all = with_se_everywhere(base, a);
  EXPECT_EQ(arch::to_canonical(s, all), "r28|k3-x-x-se|k5-k5-x-se|k3-x-x-se|k3-x-k7-se|k5-k5-k7-se,k3-x-x-se");
  const arch::Architecture some = without_se_at(s, all, {{4, 1}, {1, 0}});
  EXPECT_EQ(arch::to_canonical(s, some), "r28|k3-x-x-se|k5-k5-x|k3-x-x-se|k3-x-k7-se|k5-k5-k7-se,k3-x-x");
  EXPECT_EQ(se_positions(s, some), (std::vector<LayerPosition>{{0, 0}, {2, 0}, {3, 0}, {4, 0}}));
  EXPECT_THROW(without_se_at(s, without_se_at(s, all, {{0, 0}}), {{0, 0}}), InputError);  // no SE there
  EXPECT_THROW(with_se_variants(s), InputError);
  // The twin space is recognised (scaling keeps its vocabulary); a space without twins is not.
  EXPECT_EQ(se_twin_offset(s), static_cast<int>(base.blocks.size()));
  EXPECT_EQ(se_twin_offset(base), std::nullopt);
  EXPECT_THROW(se_positions(base, a), InputError);
  space::Space renamed = s;
  renamed.blocks.back().name = "other";
  EXPECT_EQ(se_twin_offset(renamed), std::nullopt);
  const SeNetwork added = add_se(base, a);
  EXPECT_EQ(added.space.name, "s3nas-fmnist-se");
  EXPECT_EQ(arch::to_canonical(added.space, added.architecture), arch::to_canonical(s, all));
}

TEST(SeRemoval, ScoreIsTheMeanOverChannelsOfTheStdAcrossImages) {
  // Channel 0 varies (0.2, 0.4: population std 0.1), channel 1 is constant.
  EXPECT_NEAR(se_score(torch::tensor({0.2, 0.5, 0.4, 0.5}, torch::kDouble).view({2, 2})), 0.05, 1e-12);
  EXPECT_NEAR(se_score(torch::tensor({1.0, 2.0, 3.0, 1.0, 2.0, 3.0}, torch::kDouble).view({2, 3})), 0.0, 1e-12);
  // Three images, two channels: stds sqrt(2/3) and 2·sqrt(2/3), mean 1.5·sqrt(2/3).
  EXPECT_NEAR(se_score(torch::tensor({0.0, 0.0, 1.0, 2.0, 2.0, 4.0}, torch::kDouble).view({3, 2})),
              1.5 * std::sqrt(2.0 / 3.0), 1e-12);
  EXPECT_THROW(se_score(torch::ones({1, 4})), InputError);
}

TEST(SeRemoval, PicksTheLowestScores) {
  std::vector<SeBlockScore> scores(4);
  const double values[] = {0.3, 0.1, 0.2, 0.05};
  for (std::size_t i = 0; i < 4; ++i) scores[i].score = values[i];
  EXPECT_EQ(lowest_scores(scores, 2, std::nullopt), (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(lowest_scores(scores, std::nullopt, 0.15), (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(lowest_scores(scores, 1, 0.25), (std::vector<std::size_t>{3}));
  EXPECT_EQ(lowest_scores(scores, 9, std::nullopt).size(), 4u);
  EXPECT_TRUE(lowest_scores(scores, 0, std::nullopt).empty());
  EXPECT_THROW(lowest_scores(scores, std::nullopt, std::nullopt), InputError);
}

// A network whose second block's SE ignores its input (zero weights into the excitation): its
// excitations are the constant h_sigmoid(bias), its score 0, and it is the one removed; folding the
// constant into the project conv leaves the network's output unchanged. The other SEs get weights
// large enough that their excitations vary from image to image (by how much depends on the
// untrained features, which pool to nearly the same values in the last stages; only > 0 is checked).
TEST(SeRemoval, AConstantExcitationScoresZeroIsRemovedAndFoldsExactly) {
  const space::Space base = space::load_space("s3nas-fmnist");
  const space::Space s = with_se_variants(base);
  const arch::Architecture a = with_se_everywhere(base, arch::parse_canonical(base, kArch));
  torch::manual_seed(4);
  MixConvSupernet net(s);
  const auto gates = architecture_gates(*net, a);
  auto se = architecture_se(*net, a);
  ASSERT_EQ(std::count(se.begin(), se.end(), true), 6);
  const std::size_t constant_block = 2;  // unit 2, layer 1
  ASSERT_EQ(net->positions()[constant_block].unit, 1);
  ASSERT_TRUE(se[constant_block]);
  auto& block = *net->blocks()[constant_block];
  {
    torch::NoGradGuard no_grad;
    for (auto& other : net->blocks()) {
      other->se_reduce->weight.normal_(0, 1);
      other->se_reduce->bias.zero_();
      other->se_expand->weight.normal_(0, 0.3);
      other->se_expand->bias.zero_();
    }
    block.se_expand->weight.zero_();
    block.se_expand->bias.uniform_(-2, 2);
  }
  // Images of different brightness and contrast, so that their pooled features differ (pooled noise
  // would be nearly the same for every image).
  const torch::Tensor images =
      torch::randn({16, 1, 1, 1}) + torch::rand({16, 1, 1, 1}) * torch::randn({16, 1, 28, 28});
  {
    // BN statistics of these images (untrained running statistics shrink the deep features to 0).
    torch::NoGradGuard no_grad;
    net->train();
    for (int i = 0; i < 10; ++i) net->forward(images, gates, se);
  }
  const auto scores = score_se_blocks(*net, gates, se, images);
  ASSERT_EQ(scores.size(), 6u);
  std::size_t constant_index = scores.size();
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (scores[i].block == constant_block) {
      constant_index = i;
      EXPECT_EQ(scores[i].score, 0.0);
      EXPECT_EQ(scores[i].position, (LayerPosition{1, 0}));
      const torch::Tensor expected = torch::clamp(block.se_expand->bias + 3, 0, 6) / 6;  // h_sigmoid
      EXPECT_TRUE(torch::allclose(scores[i].mean_excitation, expected, 1e-6, 1e-6));
    } else {
      EXPECT_GT(scores[i].score, 0.0) << "block " << scores[i].block;
    }
  }
  const auto removed = lowest_scores(scores, 1, std::nullopt);
  ASSERT_EQ(removed, std::vector<std::size_t>{constant_index});

  net->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor before = net->forward(images, gates, se);
  fold_mean_excitation(block, scores[constant_index].mean_excitation);
  se[constant_block] = false;
  EXPECT_TRUE(torch::allclose(net->forward(images, gates, se), before, 1e-4, 1e-5));
}

// The supernet's SE is the graph's: its hidden width is made from the active branches' channels
// (graph/blocks.cpp: make_divisible(C / 4)), so with two of three branches of 32 channels on, only
// the first 16 of the 24 hidden units take part.
TEST(SeRemoval, SupernetSeUsesTheHiddenWidthOfTheActiveChannels) {
  const space::Space s = with_se_variants(space::load_space("s3nas-fmnist"));
  MixConvSupernet net(s);
  auto& block = *net->blocks()[2];  // unit 2, layer 1: in 16 -> branches of 32 channels
  ASSERT_EQ(block.se_reduce->weight.size(0), 24);
  const BlockGates two_on{fixed_gates(5), fixed_gates(5), fixed_gates(0)};
  net->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({2, 16, 14, 14});
  torch::Tensor excitation;
  const torch::Tensor before = block.forward(x, two_on, true, &excitation);
  EXPECT_EQ(excitation.sizes(), (std::vector<std::int64_t>{2, 96}));
  block.se_reduce->weight.slice(0, 16, 24).normal_(0, 3);
  EXPECT_TRUE(torch::equal(block.forward(x, two_on, true), before));
  block.se_reduce->weight.slice(0, 0, 16).normal_(0, 3);
  EXPECT_FALSE(torch::allclose(block.forward(x, two_on, true), before));
}

}  // namespace
}  // namespace hwnas::s3nas
