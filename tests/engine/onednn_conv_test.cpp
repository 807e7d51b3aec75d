// The compiled oneDNN convolution against aten::conv2d (+ residual, + activation) on the shapes the
// spaces use: plain, strided, depthwise, dilated, 1×1, with and without bias; the case is printed
// on a failure.
#include "hwnas/engine/onednn_conv.hpp"

#include <ATen/core/dispatch/Dispatcher.h>
#include <gtest/gtest.h>

#include <string>

namespace hwnas::engine {
namespace {

struct Case {
  std::int64_t in_channels, out_channels, kernel, stride, padding, dilation, groups, size;
  bool bias, residual;
  FusedActivation activation;
};

std::string describe(const Case& c) {
  return "in " + std::to_string(c.in_channels) + " out " + std::to_string(c.out_channels) +
         " k" + std::to_string(c.kernel) + " s" + std::to_string(c.stride) + " p" +
         std::to_string(c.padding) + " d" + std::to_string(c.dilation) + " g" +
         std::to_string(c.groups) + " " + std::to_string(c.size) + "×" + std::to_string(c.size) +
         (c.bias ? " bias" : "") + (c.residual ? " residual" : "") + " activation " +
         std::to_string(static_cast<int>(c.activation));
}

torch::Tensor reference(const Case& c, const torch::Tensor& x, const torch::Tensor& w,
                        const torch::Tensor& b, const torch::Tensor& residual) {
  auto y = at::conv2d(x, w, c.bias ? b : torch::Tensor(), {c.stride, c.stride},
                      {c.padding, c.padding}, {c.dilation, c.dilation}, c.groups);
  if (c.residual) y = y + residual;
  switch (c.activation) {
    case FusedActivation::none: return y;
    case FusedActivation::relu: return torch::relu(y);
    case FusedActivation::relu6: return torch::hardtanh(y, 0.0, 6.0);
    case FusedActivation::h_swish: return torch::hardswish(y);
  }
  return y;
}

TEST(OneDnnConv, MatchesAtenConv2dOnEveryKindOfConvolution) {
  using A = FusedActivation;
  const std::vector<Case> cases = {
      {3, 16, 3, 2, 1, 1, 1, 17, false, false, A::h_swish},   // a stem
      {24, 72, 1, 1, 0, 1, 1, 14, true, false, A::relu},      // expand
      {72, 72, 5, 2, 2, 1, 72, 14, true, false, A::relu6},    // depthwise, strided
      {120, 120, 7, 1, 3, 1, 120, 7, true, false, A::h_swish},
      {72, 24, 1, 1, 0, 1, 1, 14, true, true, A::none},       // project + residual
      {40, 40, 3, 1, 2, 2, 1, 9, false, true, A::relu},       // dilated, residual then relu
      {8, 12, 3, 1, 1, 1, 4, 6, true, false, A::none},        // grouped
  };
  const auto& op = c10::Dispatcher::singleton().findSchemaOrThrow(kOneDnnConvOp, "");
  torch::manual_seed(9);
  for (const auto& c : cases) {
    SCOPED_TRACE(describe(c));
    const auto x = torch::randn({1, c.in_channels, c.size, c.size});
    const auto w = torch::randn({c.out_channels, c.in_channels / c.groups, c.kernel, c.kernel});
    const auto b = torch::randn({c.out_channels});
    const auto out_size = (c.size + 2 * c.padding - c.dilation * (c.kernel - 1) - 1) / c.stride + 1;
    const auto residual = torch::randn({1, c.out_channels, out_size, out_size});
    OneDnnConvSpec spec{w, c.bias ? std::optional<torch::Tensor>(b) : std::nullopt,
                        {c.stride, c.stride}, {c.padding, c.padding}, {c.dilation, c.dilation},
                        c.groups, x.sizes().vec(), c.residual, c.activation};
    const auto conv = make_onednn_conv(spec);
    const auto expected = reference(c, x, w, b, residual);
    // channels_last input and, converted by the op, the default layout
    for (const auto& input : {x.contiguous(at::MemoryFormat::ChannelsLast), x}) {
      torch::jit::Stack stack{conv, input,
                              c.residual ? c10::IValue(residual) : c10::IValue()};
      op.callBoxed(&stack);
      const auto actual = stack.back().toTensor();
      ASSERT_EQ(actual.sizes(), expected.sizes());
      EXPECT_TRUE(actual.is_contiguous(at::MemoryFormat::ChannelsLast));
      EXPECT_LT((actual - expected).abs().max().item<double>(),
                1e-4 * std::max(1.0, expected.abs().max().item<double>()));
    }
  }
}

TEST(OneDnnConv, RefusesAnInputOfAnotherShape) {
  const auto w = torch::randn({4, 3, 3, 3});
  const auto conv = make_onednn_conv(
      {w, std::nullopt, {1, 1}, {1, 1}, {1, 1}, 1, {1, 3, 8, 8}, false, FusedActivation::none});
  const auto& op = c10::Dispatcher::singleton().findSchemaOrThrow(kOneDnnConvOp, "");
  torch::jit::Stack stack{conv, torch::randn({1, 3, 9, 9}), c10::IValue()};
  EXPECT_THROW(op.callBoxed(&stack), c10::Error);
}

}  // namespace
}  // namespace hwnas::engine
