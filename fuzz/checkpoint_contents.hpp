// What fuzz_checkpoint's seed archive holds and the harness reads back: a small network of the
// layer kinds hwnas's supernets have (convolution, batch norm with running statistics, linear), an
// Adam state with moments, a tensor and a number — every entry kind of train/checkpoint.hpp.
#pragma once

#include <torch/torch.h>

namespace hwnas::fuzz {

inline torch::nn::Sequential checkpoint_network() {
  return torch::nn::Sequential(torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 4, 3)), torch::nn::BatchNorm2d(4),
                               torch::nn::Flatten(), torch::nn::Linear(4 * 4 * 4, 3));
}

}  // namespace hwnas::fuzz
