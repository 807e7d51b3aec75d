// The IR's activations as LibTorch ops — one definition for everything that runs the IR in LibTorch
// (the eager engine, the HURRICANE supernet, the elastic supernet), so they compute the same function.
#pragma once

#include <torch/torch.h>

#include "hwnas/graph/graph.hpp"

namespace hwnas::engine {

torch::Tensor activate(const torch::Tensor& x, graph::Activation act);

}  // namespace hwnas::engine
