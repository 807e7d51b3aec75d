// Rewrites elementwise ops of a straight-line TorchScript graph to their in-place forms
// (hardswish → hardswish_, a + b → b.add_(a), x * s → x.mul_(s), ...) where the tensor
// overwritten is not read afterwards: no allocation, and the result stays where the input was in
// cache. Used after onednn_conv_pass on what it leaves (squeeze-excite multiply, the activations
// it could not fuse).
#pragma once

#include <torch/script.h>

namespace hwnas::engine {

// Sizes decide which operand of a broadcasting add or multiply can be overwritten: they are read
// from the values' types (graph_sizes.hpp), and an add or multiply whose sizes are not all known
// stays as it is. Graphs with control flow are left as they are. Returns how many ops became
// in-place.
int make_elementwise_in_place(torch::jit::Module& module);

}  // namespace hwnas::engine
