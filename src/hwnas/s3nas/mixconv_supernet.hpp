// The searchable S3NAS supernet (S3NAS §3) in LibTorch for a space of mixconv
// blocks (s3nas, s3nas-fmnist): every layer position of every unit holds one MixConvBlock whose
// three branches are superkernels at their largest kernel and expansion. Gates pick, per branch,
// off / k3 / k5 / k7; a block with every branch off is the identity, i.e. the unit is one layer
// shorter. The first layer of a unit changes shape and cannot be skipped, so its first branch is
// always on. to_architecture turns the hard gates into an architecture of the space.
// Blocks of the vocabulary may carry an SE (block-level `se: true`) and the units any activation the
// IR has (h-swish for S3NAS's post-processing, docs/s3nas.md): a block position then holds an SE
// module that forward switches on per position.
#pragma once

#include <array>
#include <random>
#include <vector>

#include <torch/torch.h>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/s3nas/gates.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::s3nas {

constexpr int kBranches = 3;
using BlockGates = std::array<BranchGates, kBranches>;
using BranchKernels = std::array<int, kBranches>;  // per branch, 0 = off
using BranchChannels = std::array<int, kBranches>;  // per branch, 0 = not in the vocabulary

// What each branch of the space's mixconv vocabulary allows: its largest kernel and its expansion.
struct BranchShape {
  int max_kernel = 3;
  double expand = 0;
};
// Throws InputError unless every searchable block is a mixconv of kBranches branches.
std::array<BranchShape, kBranches> branch_shapes(const space::Space& space);

struct MixConvBlockOptions {
  MixConvBlockOptions(int in_channels, int out_channels, BranchChannels branch_channels, BranchKernels max_kernels)
      : in_channels_(in_channels), out_channels_(out_channels), branch_channels_(branch_channels),
        max_kernels_(max_kernels) {}
  TORCH_ARG(int, in_channels);
  TORCH_ARG(int, out_channels);
  TORCH_ARG(BranchChannels, branch_channels);  // branch j at expansion e_j: make_divisible(in·e_j)
  TORCH_ARG(BranchKernels, max_kernels);
  TORCH_ARG(int, stride) = 1;
  TORCH_ARG(Activation, act) = Activation::relu;
  // SE after the concat's BN + act (0: no SE module): hidden = make_divisible(C / se_reduction,
  // channel_divisor) for the C channels of the active branches, as graph/blocks.cpp builds it.
  TORCH_ARG(int, se_reduction) = 0;
  TORCH_ARG(int, channel_divisor) = 8;
  TORCH_ARG(Activation, se_gate) = Activation::h_sigmoid;
};

// 1×1 expand (+BN+act), superkernel per branch, concat, BN+act, channel-group mask by each
// branch's `on` gate, optional SE, 1×1 project (+BN), residual when shapes match — graph/blocks.cpp's
// mixconv. A branch with 0 channels has no superkernel and its gates must be off.
class MixConvBlockImpl : public torch::nn::Module {
 public:
  explicit MixConvBlockImpl(const MixConvBlockOptions& options);
  void reset();
  // `se` switches the SE module on (it must exist); `excitation`, when given, receives the SE's
  // N×C excitations over all branches' channels (those of off branches multiply zeros).
  torch::Tensor forward(const torch::Tensor& x, const BlockGates& gates, bool se = false,
                        torch::Tensor* excitation = nullptr);
  bool residual() const { return options.stride() == 1 && options.in_channels() == options.out_channels(); }
  bool has_se() const { return options.se_reduction() > 0; }

  MixConvBlockOptions options;
  torch::nn::Conv2d expand{nullptr}, project{nullptr};
  torch::nn::BatchNorm2d expand_bn{nullptr}, mid_bn{nullptr}, project_bn{nullptr};
  torch::nn::Linear se_reduce{nullptr}, se_expand{nullptr};
  std::vector<Superkernel> branches;  // one per branch with channels, in branch order
  std::array<int, kBranches> branch_module{};  // branch j -> index into branches, or -1

 private:
  torch::Tensor squeeze_excite(const torch::Tensor& y, const BlockGates& gates, torch::Tensor* excitation);
};
TORCH_MODULE(MixConvBlock);

class MixConvSupernetImpl : public torch::nn::Module {
 public:
  // Stem and head may hold conv, global_avg_pool and linear layers; anything else is an InputError.
  explicit MixConvSupernetImpl(const space::Space& space);

  // gates[i] belongs to blocks()[i] (units in order, layers in order). se[i] switches block i's SE
  // on (empty: none); excitations, when given, gets block i's SE excitations at [i] (undefined
  // where its SE is off).
  torch::Tensor forward(const torch::Tensor& x, const std::vector<BlockGates>& gates, const std::vector<bool>& se = {},
                        std::vector<torch::Tensor>* excitations = nullptr);
  // Gates from the thresholds, differentiable; the first branch of a unit's first layer is on.
  std::vector<BlockGates> threshold_gates();
  // Warm-up: each branch's option drawn uniformly from those the space allows.
  std::vector<BlockGates> sample_gates(std::mt19937_64& rng) const;
  // The architecture that hard gates select (throws InputError for a combination not in the space).
  arch::Architecture to_architecture(const std::vector<BlockGates>& gates) const;
  arch::Architecture to_architecture(const std::vector<BranchKernels>& kernels) const;
  static std::vector<BranchKernels> selected_kernels(const std::vector<BlockGates>& gates);
  std::vector<torch::Tensor> threshold_parameters();
  std::vector<torch::Tensor> weight_parameters();
  void reset_thresholds(double relative);

  struct Position {
    int unit = 0, layer = 0;
  };
  const std::vector<Position>& positions() const { return positions_; }
  const std::vector<MixConvBlock>& blocks() const { return blocks_; }
  std::vector<MixConvBlock>& blocks() { return blocks_; }
  const space::Space& space() const { return space_; }
  const torch::nn::Sequential& stem() const { return stem_; }
  const torch::nn::Sequential& head() const { return head_convs_; }

 private:
  space::Space space_;
  std::array<BranchShape, kBranches> shapes_;
  torch::nn::Sequential stem_{nullptr}, head_convs_{nullptr};
  torch::nn::Linear classifier_{nullptr};
  std::vector<MixConvBlock> blocks_;
  std::vector<Position> positions_;
};
TORCH_MODULE(MixConvSupernet);

// The space's block index for per-branch kernels (0 = off), or -1 when the vocabulary lacks it.
int block_for_kernels(const space::Space& space, const std::array<int, kBranches>& kernels);
std::array<int, kBranches> kernels_of(const space::BlockSpec& block);

}  // namespace hwnas::s3nas
