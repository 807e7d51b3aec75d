// A LibTorch tensor as the IR's weight tensor (export/weights.hpp): what every module that hands
// its trained weights to the exporters (OFA-style supernets, HURRICANE, S3NAS) converts through.
#pragma once

#include <torch/torch.h>

#include "hwnas/export/weights.hpp"

namespace hwnas::train {

// A contiguous float copy in the IR's tensor type.
exporting::Tensor to_ir_tensor(const torch::Tensor& t);

}  // namespace hwnas::train
