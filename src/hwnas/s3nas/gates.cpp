#include "hwnas/s3nas/gates.hpp"

#include <cmath>
#include <stdexcept>

namespace hwnas::s3nas {

torch::Tensor straight_through_step(const torch::Tensor& x) {
  const torch::Tensor soft = torch::sigmoid(x);
  const torch::Tensor hard = (x > 0).to(x.scalar_type());
  return hard.detach() + soft - soft.detach();
}

int BranchGates::kernel() const {
  if (on.item<float>() < 0.5f) return 0;
  if (k5.item<float>() < 0.5f) return 3;
  return k7.item<float>() < 0.5f ? 5 : 7;
}

torch::Tensor BranchGates::option_weights() const {
  return torch::stack({1 - on, on * (1 - k5), on * k5 * (1 - k7), on * k5 * k7});
}

BranchGates fixed_gates(int kernel) {
  auto scalar = [](bool v) { return torch::tensor(v ? 1.0f : 0.0f); };
  return {scalar(kernel >= 3), scalar(kernel >= 5), scalar(kernel >= 7)};
}

std::array<torch::Tensor, 3> kernel_ring_masks(int max_kernel) {
  std::array<torch::Tensor, 3> masks;
  torch::Tensor inside_previous = torch::zeros({max_kernel, max_kernel});
  for (int i = 0; i < 3; ++i) {
    const int size = 3 + 2 * i;
    torch::Tensor inside = torch::zeros({max_kernel, max_kernel});
    if (size <= max_kernel) {
      const int begin = (max_kernel - size) / 2;
      inside.slice(0, begin, begin + size).slice(1, begin, begin + size).fill_(1);
    }
    masks[static_cast<std::size_t>(i)] = (inside - inside_previous).clamp_min(0);
    inside_previous = torch::max(inside, inside_previous);
  }
  return masks;
}

SuperkernelImpl::SuperkernelImpl(const SuperkernelOptions& options_) : options(options_) { reset(); }

void SuperkernelImpl::reset() {
  const int k = options.max_kernel();
  if (k != 5 && k != 7) throw std::invalid_argument("superkernel max_kernel must be 5 or 7, got " + std::to_string(k));
  weight = register_parameter("weight", torch::empty({options.channels(), 1, k, k}));
  torch::nn::init::kaiming_normal_(weight, 0, torch::kFanOut);
  threshold = register_parameter("threshold", torch::full({3}, 0.5));
  reference = register_buffer("reference", torch::ones({3}));
  masks = kernel_ring_masks(k);
  for (std::size_t i = 0; i < masks.size(); ++i)
    masks[i] = register_buffer("mask" + std::to_string(3 + 2 * i), masks[i]);
  reset_thresholds(0.5);
}

torch::Tensor SuperkernelImpl::ring_norms() const {
  return torch::stack({(weight * masks[0]).pow(2).sum(), (weight * masks[1]).pow(2).sum(),
                       (weight * masks[2]).pow(2).sum()});
}

void SuperkernelImpl::reset_thresholds(double relative) {
  torch::NoGradGuard no_grad;
  // A ring that does not exist (7×7 of a 5×5 superkernel) has ‖w‖² = 0 and stays off.
  reference.copy_(ring_norms().clamp_min(1e-12));
  threshold.fill_(relative);
}

BranchGates SuperkernelImpl::gates() const {
  // The norms are detached: the gates' gradient (from the latency loss above all) moves the
  // thresholds only. Let through to the weights, it shrinks the rings with SGD momentum that keeps
  // closing gates after the latency is below the target (the search overshot T by half).
  const torch::Tensor norms = ring_norms().detach();
  const torch::Tensor k5 = straight_through_step(norms[1] / reference[1] - threshold[1]);
  const torch::Tensor k7 =
      options.max_kernel() < 7 ? torch::zeros({}) : straight_through_step(norms[2] / reference[2] - threshold[2]);
  // S3NAS eq. 3 (Single-Path NAS's): the channel group is decided on the weights of the kernel the
  // ring gates selected, not on the 3×3 core alone — a branch whose selected 5×5 carries its
  // weight stays on even when the core is small.
  const torch::Tensor with5 = k5.detach(), with7 = k7.detach();
  const torch::Tensor selected = norms[0] + with5 * (norms[1] + with7 * norms[2]);
  const torch::Tensor selected_reference = reference[0] + with5 * (reference[1] + with7 * reference[2]);
  return {straight_through_step(selected / selected_reference - threshold[0]), k5, k7};
}

torch::Tensor SuperkernelImpl::forward(const torch::Tensor& x, const BranchGates& g) {
  const torch::Tensor kernel = weight * (masks[0] + g.k5 * (masks[1] + g.k7 * masks[2]));
  return torch::conv2d(x, kernel, {}, options.stride(), options.max_kernel() / 2, 1, options.channels());
}

}  // namespace hwnas::s3nas
