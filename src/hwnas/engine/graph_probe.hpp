// The sizes a TorchScript graph's values take on one input, found by running it once with those
// values as its outputs. The graph passes that specialise a network to its input shape
// (onednn_conv_pass, in_place_pass) read shapes from here; TorchScript's own shape propagation
// does not reach through a frozen module's constants reliably.
#pragma once

#include <torch/script.h>

#include <cstdint>
#include <vector>

namespace hwnas::engine {

using Sizes = std::vector<std::int64_t>;

// `graph` is `module`'s forward graph (its first input is the module); `values` are tensor values
// of it. Returns their sizes, in order, when forward runs on `input`. The graph is left as it was.
std::vector<Sizes> probe_sizes(const torch::jit::Module& module,
                               const std::shared_ptr<torch::jit::Graph>& graph,
                               const std::vector<torch::jit::Value*>& values,
                               const torch::Tensor& input);

}  // namespace hwnas::engine
