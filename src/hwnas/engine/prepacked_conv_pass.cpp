#include "hwnas/engine/prepacked_conv_pass.hpp"

#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/csrc/jit/runtime/operator.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "hwnas/engine/graph_probe.hpp"

namespace hwnas::engine {
namespace {

using torch::jit::Graph;
using torch::jit::Node;
using torch::jit::Value;

const c10::Symbol kConv2d = c10::Symbol::fromQualString("aten::conv2d");
const c10::Symbol kRelu = c10::Symbol::fromQualString("aten::relu");
const c10::Symbol kContiguous = c10::Symbol::fromQualString("aten::contiguous");
const c10::Symbol kFlatten = c10::Symbol::fromQualString("aten::flatten");
const c10::Symbol kLinear = c10::Symbol::fromQualString("aten::linear");
const c10::Symbol kReshape = c10::Symbol::fromQualString("aten::reshape");
const c10::Symbol kConvRun = c10::Symbol::fromQualString("mkldnn_prepacked::conv2d_run");

// aten::conv2d(input, weight, bias, stride, padding, dilation, groups), its arguments other than
// the input read from the frozen graph's constants.
struct Convolution {
  torch::Tensor weight;
  c10::IValue bias;  // a tensor or None
  std::vector<std::int64_t> stride, padding, dilation;
  std::int64_t groups = 1;
};

std::optional<Convolution> constant_convolution(const Node* node) {
  std::vector<c10::IValue> args;
  for (std::size_t i = 1; i < 7; ++i) {
    auto value = torch::jit::toIValue(node->input(i));
    if (!value) return std::nullopt;  // not frozen into a constant: left as it is
    args.push_back(std::move(*value));
  }
  return Convolution{args[0].toTensor(), args[1],           args[2].toIntVector(),
                     args[3].toIntVector(), args[4].toIntVector(), args[5].toInt()};
}

// The relu that is the convolution's only use, if any: it can run inside the convolution.
Node* sole_relu(const Node* conv) {
  const auto& uses = conv->output()->uses();
  if (uses.size() != 1 || uses[0].user->kind() != kRelu) return nullptr;
  return uses[0].user;
}

bool on_one_pixel(const Convolution& conv, const Sizes& input) {
  return input[2] == 1 && input[3] == 1 && conv.groups == 1 && conv.weight.size(2) == 1 &&
         conv.weight.size(3) == 1 && conv.padding == std::vector<std::int64_t>{0, 0};
}

// N×C×1×1 → linear(flatten(x), W[O, C], b) reshaped to N×O×1×1.
Value* insert_as_linear(Graph& graph, Value* input, const Convolution& conv, const Sizes& sizes) {
  const auto out_channels = conv.weight.size(0);
  auto weight = conv.weight.reshape({out_channels, conv.weight.size(1)}).contiguous();
  Value* flat = graph.insert(kFlatten, {input, 1, -1});
  Value* linear = graph.insert(kLinear, {flat, graph.insertConstant(weight),
                                         graph.insertConstant(conv.bias)});
  return graph.insert(kReshape, {linear, c10::IValue(std::vector<std::int64_t>{
                                             sizes[0], out_channels, 1, 1})});
}

c10::IValue prepack(const Convolution& conv, const Sizes& input_sizes, bool fuse_relu) {
  static const auto op = torch::jit::findOperatorFor(
      c10::OperatorName("mkldnn_prepacked::conv2d_prepack", ""));
  if (!op) throw std::runtime_error("this LibTorch has no mkldnn_prepacked::conv2d_prepack");
  // Weights in channels_last make oneDNN choose its weight layout for channels_last inputs.
  torch::jit::Stack stack{conv.weight.contiguous(at::MemoryFormat::ChannelsLast),
                          conv.bias,
                          conv.stride,
                          conv.padding,
                          conv.dilation,
                          conv.groups,
                          input_sizes,
                          std::string(fuse_relu ? "relu" : "none")};
  op->getOperation()(stack);
  return stack.back();
}

// Strided views (a narrow over channels) give wrong results in conv2d_run; contiguous() is a
// no-op check on the dense channels_last tensors that make up nearly every input.
Value* insert_prepacked(Graph& graph, Value* input, const c10::IValue& packed) {
  Value* dense = graph.insert(
      kContiguous, {input},
      {torch::jit::NamedValue("memory_format",
                              static_cast<std::int64_t>(at::MemoryFormat::ChannelsLast))});
  return graph.insert(kConvRun, {dense, graph.insertConstant(packed)});
}

}  // namespace

PrepackedConvolutions prepack_convolutions(torch::jit::Module& module, const torch::Tensor& input) {
  auto graph = module.get_method("forward").graph();
  std::vector<Node*> convs;
  std::vector<Value*> conv_inputs;
  for (Node* node : graph->nodes()) {
    if (node->kind() == kConv2d) {
      convs.push_back(node);
      conv_inputs.push_back(node->input(0));
    }
  }
  const auto input_sizes = probe_sizes(module, graph, conv_inputs, input);

  PrepackedConvolutions counts;
  for (std::size_t idx = 0; idx < convs.size(); ++idx) {
    Node* node = convs[idx];
    const auto conv = constant_convolution(node);
    if (!conv || input_sizes[idx].size() != 4) continue;
    const torch::jit::WithInsertPoint insert_here(node);
    Node* relu = nullptr;
    Value* output = nullptr;
    if (on_one_pixel(*conv, input_sizes[idx])) {
      output = insert_as_linear(*graph, node->input(0), *conv, input_sizes[idx]);
      ++counts.as_linear;
    } else {
      relu = sole_relu(node);
      output = insert_prepacked(*graph, node->input(0), prepack(*conv, input_sizes[idx], relu != nullptr));
      ++counts.prepacked;
    }
    node->output()->replaceAllUsesWith(output);
    if (relu) {
      relu->output()->replaceAllUsesWith(output);
      relu->destroy();
      ++counts.relu_fused;
    }
    node->destroy();
  }
  torch::jit::EliminateDeadCode(graph);
  return counts;
}

}  // namespace hwnas::engine
