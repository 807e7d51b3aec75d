// One convolution compiled by oneDNN once, for one input shape, on channels_last tensors: the
// primitive, the weights in the layout it chose, and what it fuses — an activation, or a residual
// add. It is a TorchScript custom class, so a frozen graph holds it as a constant and runs it with
// hwnas::onednn_conv(conv, input, residual). Why not LibTorch's own oneDNN paths
// (optimize_for_inference, mkldnn_prepacked): they build a primitive descriptor on every call
// (~20–30 µs each, ~50 convolutions a network) and fuse relu at most. docs/engines.md.
#pragma once

#include <torch/script.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hwnas::engine {

enum class FusedActivation { none, relu, relu6, h_swish };

struct OneDnnConvSpec {
  torch::Tensor weight;  // O × I/groups × KH × KW
  std::optional<torch::Tensor> bias;
  std::vector<std::int64_t> stride, padding, dilation;  // two each, as aten::conv2d takes them
  std::int64_t groups = 1;
  std::vector<std::int64_t> input_sizes;  // N × C × H × W
  bool adds_residual = false;             // conv(x) + residual, the residual of the output's shape
  FusedActivation activation = FusedActivation::none;  // applied last
};

// The compiled convolution as a TorchScript object, to insert into a graph as a constant.
// Throws c10::Error when oneDNN cannot compile it.
c10::IValue make_onednn_conv(const OneDnnConvSpec& spec);

// The oneDNN library's version at run time, e.g. "2.6.3" (engine provenance).
std::string onednn_version();

// The op that runs it: hwnas::onednn_conv(OneDnnConv conv, Tensor input, Tensor? residual).
// Any input layout is accepted (converted to channels_last first); the output is channels_last.
inline constexpr const char* kOneDnnConvOp = "hwnas::onednn_conv";

}  // namespace hwnas::engine
