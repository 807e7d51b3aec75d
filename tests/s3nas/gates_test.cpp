// Superkernel gates select exactly the nested kernels and channel groups their masks define, and
// gradients of a loss reach the thresholds through the straight-through sigmoid.
#include <gtest/gtest.h>

#include <cmath>

#include "hwnas/common/error.hpp"
#include "hwnas/s3nas/latency_table.hpp"
#include "hwnas/s3nas/mixconv_supernet.hpp"
#include "hwnas/space/space_digest.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::s3nas {
namespace {

// Sets τ of [on, k5, k7] so that each gate is open (τ = 0 < ‖w‖²/r) or closed (τ = 2 > 1).
void open_gates(Superkernel& sk, bool on, bool k5, bool k7) {
  torch::NoGradGuard no_grad;
  sk->reset_thresholds(0.5);
  sk->threshold.copy_(torch::tensor({on ? 0.0f : 2.0f, k5 ? 0.0f : 2.0f, k7 ? 0.0f : 2.0f}));
}

TEST(Superkernel, RingMasksPartitionTheKernel) {
  const auto masks = kernel_ring_masks(7);
  EXPECT_EQ(masks[0].sum().item<float>(), 9);
  EXPECT_EQ(masks[1].sum().item<float>(), 16);
  EXPECT_EQ(masks[2].sum().item<float>(), 24);
  EXPECT_TRUE(torch::equal(masks[0] + masks[1] + masks[2], torch::ones({7, 7})));
  EXPECT_EQ(masks[0][3][3].item<float>(), 1);
  EXPECT_EQ(masks[1][1][1].item<float>(), 1);
  EXPECT_EQ(masks[2][0][6].item<float>(), 1);
}

TEST(Superkernel, ThresholdsSelectNestedKernels) {
  torch::manual_seed(1);
  Superkernel sk(SuperkernelOptions(4, 7).stride(2));
  const torch::Tensor x = torch::randn({2, 4, 9, 9});
  struct Case {
    bool k5, k7;
    int kernel;
  };
  // k7 without k5 stays k3: the rings are nested.
  for (const Case c : {Case{false, false, 3}, Case{true, false, 5}, Case{true, true, 7}, Case{false, true, 3}}) {
    open_gates(sk, true, c.k5, c.k7);
    const BranchGates g = sk->gates();
    ASSERT_EQ(g.kernel(), c.kernel);
    const int begin = (7 - c.kernel) / 2;
    const torch::Tensor plain = sk->weight.slice(2, begin, begin + c.kernel).slice(3, begin, begin + c.kernel);
    const torch::Tensor expected = torch::conv2d(x, plain, {}, 2, c.kernel / 2, 1, 4);
    const torch::Tensor got = sk->forward(x, g);
    EXPECT_TRUE(torch::allclose(got, expected, 1e-5, 1e-5)) << "kernel " << c.kernel;
    const torch::Tensor weights = g.option_weights();
    EXPECT_EQ(weights[c.kernel / 2].item<float>(), 1.0f);
    EXPECT_EQ(weights.sum().item<float>(), 1.0f);
  }
  open_gates(sk, false, true, true);
  EXPECT_EQ(sk->gates().kernel(), 0);
  EXPECT_EQ(sk->gates().option_weights()[0].item<float>(), 1.0f);
}

TEST(MixConvBlock, OffBranchZeroesItsChannelGroupAndAllOffIsIdentity) {
  torch::manual_seed(2);
  MixConvBlock block(MixConvBlockOptions(8, 8, {16, 16, 16}, {5, 5, 7}));
  block->eval();
  const torch::Tensor x = torch::randn({1, 8, 6, 6});
  BlockGates all_off{fixed_gates(0), fixed_gates(0), fixed_gates(0)};
  EXPECT_TRUE(torch::equal(block->forward(x, all_off), x));
  // Branch 2 off: its weights do not matter.
  BlockGates gates{fixed_gates(3), fixed_gates(0), fixed_gates(7)};
  const torch::Tensor before = block->forward(x, gates);
  {
    torch::NoGradGuard no_grad;
    block->branches[1]->weight.normal_(0, 5);
  }
  EXPECT_TRUE(torch::allclose(block->forward(x, gates), before));
  gates[1] = fixed_gates(3);
  EXPECT_FALSE(torch::allclose(block->forward(x, gates), before));
}

// S3NAS eq. 3: the channel gate reads the weights of the kernel the ring gates selected. With the
// 3x3 core shrunk to a tenth of its norm and the channel threshold at half the selected norm's
// start, the branch stays on while its 5x5 (whose ring kept its weight) is selected, and goes off
// when only the 3x3 is.
TEST(Superkernel, ChannelGateReadsTheSelectedKernel) {
  torch::manual_seed(4);
  Superkernel sk(SuperkernelOptions(4, 5));
  const auto masks = kernel_ring_masks(5);
  {
    torch::NoGradGuard no_grad;
    sk->weight.copy_(torch::ones({4, 1, 5, 5}));  // core 4·9 = 36, ring 4·16 = 64
    sk->reset_thresholds(0.5);
    sk->weight.mul_(1 - masks[0] * (1 - std::sqrt(0.1)));  // the core's norm drops to 3.6
    sk->threshold.copy_(torch::tensor({0.5f, 0.0f, 2.0f}));  // on at half, k5 open, (no) k7 closed
  }
  EXPECT_EQ(sk->gates().kernel(), 5);  // (3.6 + 64) / (36 + 64) = 0.68 > 0.5
  {
    torch::NoGradGuard no_grad;
    sk->threshold[1].fill_(2.0);  // k5 closed: the 3x3 alone
  }
  EXPECT_EQ(sk->gates().kernel(), 0);  // 3.6 / 36 = 0.1 < 0.5
}

TEST(Superkernel, GradientsReachThresholds) {
  torch::manual_seed(3);
  Superkernel sk(SuperkernelOptions(4, 7));
  const torch::Tensor x = torch::randn({2, 4, 8, 8});
  const BranchGates g = sk->gates();
  const torch::Tensor loss = sk->forward(x, g).pow(2).mean() + g.on * 2.0;
  loss.backward();
  ASSERT_TRUE(sk->threshold.grad().defined());
  for (int i = 0; i < 3; ++i) EXPECT_NE(sk->threshold.grad()[i].item<float>(), 0.0f) << "gate " << i;
}

TEST(MixConvSupernet, LatencyGradientReachesEveryThresholdAndGatesGiveTheArchitecture) {
  const space::Space space = space::load_space("s3nas-fmnist");
  MixConvSupernet net(space);
  // A synthetic table in which every option costs its kernel size in ms.
  nlohmann::json units = nlohmann::json::array();
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    nlohmann::json first, later;
    for (const auto& block : space.blocks) {
      const auto kernels = kernels_of(block);
      double ms = 0;
      for (int k : kernels) ms += k;
      first[merged_key(kernels)] = ms;
      later[merged_key(kernels)] = ms;
    }
    units.push_back({{"first", first}, {"later", later}});
  }
  const LatencyTable table = LatencyTable::from_json(
      {{"format", "hwnas-s3nas-latency-table/2"}, {"source", "test"}, {"space", space.name},
       {"space_digest", space::space_digest(space)}, {"base_ms", 1.0}, {"units", units}});
  const auto gates = net->threshold_gates();
  const arch::Architecture a = net->to_architecture(gates);
  // Fresh thresholds (τ = 0.5 of the initial norms): every gate open, the largest network.
  for (const auto& unit : a.units)
    for (int b : unit.blocks) EXPECT_EQ(space.blocks[static_cast<std::size_t>(b)].name, "k5-k5-k7");
  const torch::Tensor ms = table.expected(*net, gates);
  EXPECT_NEAR(ms.item<double>(), table.estimate(space, a), 1e-3);
  EXPECT_NEAR(ms.item<double>(), 1.0 + 17.0 * 12, 1e-3);
  ms.backward();
  const auto thresholds = net->threshold_parameters();
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    const torch::Tensor grad = thresholds[i].grad();
    ASSERT_TRUE(grad.defined());
    const bool forced_on = i % kBranches == 0 && net->positions()[i / kBranches].layer == 0;
    // Raising τ closes a gate and lowers the latency; the forced first branch has no gate.
    if (forced_on) EXPECT_EQ(grad[0].item<float>(), 0.0f) << i;
    else EXPECT_LT(grad[0].item<float>(), 0.0f) << i;
    EXPECT_LT(grad[1].item<float>(), 0.0f) << i;
  }
}

// A one-branch vocabulary (s3nas-fmnist-mbconv): the other branches get no superkernel and no
// channels, their gates stay off, and every gate setting is an architecture of the space.
// A user space without some combination the gates can select is refused before any search: its
// latency table would price that combination at 0 ms.
TEST(MixConvSupernet, RefusesAVocabularyWithGaps) {
  space::Space space = space::load_space("s3nas-fmnist");
  const int gap = space.block_index("k3-k5-k7");
  space.blocks.erase(space.blocks.begin() + gap);
  for (auto& unit : space.units) {
    for (auto& candidates : unit.layer_blocks) {
      std::erase(candidates, gap);
      for (int& b : candidates) b -= b > gap ? 1 : 0;
    }
  }
  try {
    MixConvSupernet net(space);
    FAIL() << "a vocabulary without k3-k5-k7 was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("3-5-7"), std::string::npos) << e.what();
  }
}

TEST(MixConvSupernet, OneBranchVocabularyHasOnlyThatBranch) {
  const space::Space space = space::load_space("s3nas-fmnist-mbconv");
  MixConvSupernet net(space);
  for (const auto& block : net->blocks()) {
    EXPECT_EQ(block->branches.size(), 1u);
    EXPECT_EQ(block->options.branch_channels()[1], 0);
    EXPECT_EQ(block->expand->weight.size(0), space::make_divisible(block->options.in_channels() * 6, 8));
  }
  for (const auto& gates : net->threshold_gates()) {
    EXPECT_EQ(gates[1].kernel(), 0);
    EXPECT_EQ(gates[2].kernel(), 0);
  }
  const arch::Architecture widest = net->to_architecture(net->threshold_gates());
  for (const auto& unit : widest.units)
    for (int b : unit.blocks) EXPECT_EQ(space.blocks[static_cast<std::size_t>(b)].name, "mb5-e6");
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20; ++i) {
    const auto gates = net->sample_gates(rng);
    EXPECT_NO_THROW(net->to_architecture(gates));
    EXPECT_EQ(net->forward(torch::randn({1, 1, 28, 28}), gates).sizes(), (std::vector<std::int64_t>{1, 10}));
  }
}

}  // namespace
}  // namespace hwnas::s3nas
