// Specialises a frozen TorchScript network to one input shape on dense channels_last tensors:
// every aten::conv2d becomes a oneDNN convolution whose weights are reordered once
// (mkldnn_prepacked::conv2d_run), with a relu that follows it fused in; a 1×1 convolution of a
// 1×1 map (squeeze-excite, the head) becomes a linear layer, which skips oneDNN's ~20 µs fixed cost
// per call. Everything between the convolutions (h-swish, squeeze-excite multiply, residual add)
// then runs as ordinary ATen ops without layout reorders. Why and how fast: docs/engines.md.
#pragma once

#include <torch/script.h>

namespace hwnas::engine {

// `module` is frozen (torch::jit::freeze: weights are constants, batch norm folded into the
// convolutions). The rewritten forward is valid for `input`'s shape only, and wants its input in
// channels_last (any other layout is converted by the first convolution, correctly but slower).
// Returns how many convolutions were prepacked and how many became linear layers.
struct PrepackedConvolutions {
  int prepacked = 0;
  int relu_fused = 0;
  int as_linear = 0;
};
PrepackedConvolutions prepack_convolutions(torch::jit::Module& module, const torch::Tensor& input);

}  // namespace hwnas::engine
