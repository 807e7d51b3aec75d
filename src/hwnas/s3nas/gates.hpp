// Single-Path superkernel gates (S3NAS §3.2). One depthwise superkernel holds every
// kernel option of a MixConv branch: the 3×3 core, the ring that makes it 5×5, the ring that makes
// it 7×7. A branch's option is a chain of gates g = 1[‖w‖² > t]:
//   k5  — the 5×5 ring is added, decided on ‖w_ring5‖²,
//   k7  — the 7×7 ring is added (only when k5 is), decided on ‖w_ring7‖²,
//   on  — the branch's channel group (expansion 2 vs 0), decided on the norm of the kernel k5 and
//         k7 selected (core, plus the rings they add), as S3NAS eq. 3 reads the selected weights.
// Forward values are exactly 0 or 1; backward passes the gradient of sigmoid(‖w‖²/r − τ) (straight
// through), where t = τ·r and r is ‖w‖² when the thresholds were set (for `on`, of the same selected
// kernel), so τ is scale-free. The norms are detached there, so the gates' gradient reaches the
// thresholds only.
#pragma once

#include <array>

#include <torch/torch.h>

namespace hwnas::s3nas {

// 1[x > 0] forward, sigmoid(x)'s gradient backward.
torch::Tensor straight_through_step(const torch::Tensor& x);

// The gates of one branch: scalar tensors, each 0 or 1. k7 is a zero constant for a branch whose
// largest kernel is 5.
struct BranchGates {
  torch::Tensor on, k5, k7;
  // 0 (off), 3, 5 or 7, from the forward values.
  int kernel() const;
  // Weights of the options [off, k3, k5, k7]: products of the gates, one of them 1.
  torch::Tensor option_weights() const;
};
// Constant gates selecting one option (0 = off), for warm-up sampling and tests.
BranchGates fixed_gates(int kernel);

// Masks of a max_kernel×max_kernel superkernel: core 3×3, ring 5×5 \ 3×3, ring 7×7 \ 5×5.
std::array<torch::Tensor, 3> kernel_ring_masks(int max_kernel);

struct SuperkernelOptions {
  SuperkernelOptions(int channels, int max_kernel) : channels_(channels), max_kernel_(max_kernel) {}
  TORCH_ARG(int, channels);
  TORCH_ARG(int, max_kernel);  // 5 or 7
  TORCH_ARG(int, stride) = 1;
};

// A depthwise superkernel with its three thresholds.
class SuperkernelImpl : public torch::nn::Module {
 public:
  explicit SuperkernelImpl(const SuperkernelOptions& options);
  void reset();

  // Gates from the current weights and thresholds (differentiable in both).
  BranchGates gates() const;
  // Depthwise conv with the kernel the gates select: core + k5·(ring5 + k7·ring7). The `on` gate
  // is not applied here: it masks the branch's channels after BN and activation (MixConvBlock).
  torch::Tensor forward(const torch::Tensor& x, const BranchGates& gates);
  // Sets every t to `relative`·‖w_ring‖² of the current weights (the end of warm-up).
  void reset_thresholds(double relative);

  SuperkernelOptions options;
  torch::Tensor weight;                   // channels×1×k×k
  torch::Tensor threshold;                // τ for [on, k5, k7], trainable
  torch::Tensor reference;                // r for [on, k5, k7], a buffer
  std::array<torch::Tensor, 3> masks;     // buffers

 private:
  torch::Tensor ring_norms() const;       // ‖w_core3‖², ‖w_ring5‖², ‖w_ring7‖²
};
TORCH_MODULE(Superkernel);

}  // namespace hwnas::s3nas
