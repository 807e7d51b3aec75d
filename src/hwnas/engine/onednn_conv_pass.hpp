// Specialises a frozen TorchScript network to one input shape on dense channels_last tensors:
// every aten::conv2d becomes a oneDNN convolution compiled once (onednn_conv.hpp) that also does
// the relu / relu6 / h-swish (native or in torchscript_source's clamp spelling) or the residual
// add that is its only reader; a 1×1 convolution of a
// 1×1 map (squeeze-excite, the head) becomes a linear layer, cheaper than any convolution call.
// What is left between the convolutions (squeeze-excite multiply, unfused activations) runs as
// ordinary ATen ops with no layout reorders. Why and how fast: docs/engines.md.
#pragma once

#include <torch/script.h>

namespace hwnas::engine {

struct CompiledConvolutions {
  int compiled = 0;             // became hwnas::onednn_conv
  int activations_fused = 0;    // of those, with the activation after them fused in
  int residuals_fused = 0;      // of those, with the residual add after them fused in
  int as_linear = 0;            // became aten::linear
};

// `module` is frozen (torch::jit::freeze: weights are constants, batch norm folded into the
// convolutions) and its values carry their sizes (graph_sizes.hpp): a convolution whose input
// sizes are not known is left as it is. The rewritten forward is valid for those sizes only; it
// is fastest with its input in channels_last (any other layout is converted by the first
// convolution). The values it puts in keep the sizes of those they replace.
CompiledConvolutions compile_convolutions(torch::jit::Module& module);

}  // namespace hwnas::engine
