#include "hwnas/engine/onednn_conv_pass.hpp"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>

#include <optional>
#include <string>

#include "hwnas/engine/graph_sizes.hpp"
#include "hwnas/engine/onednn_conv.hpp"

namespace hwnas::engine {
namespace {

using torch::jit::Graph;
using torch::jit::Node;
using torch::jit::Value;

const c10::Symbol kConv2d = c10::Symbol::fromQualString("aten::conv2d");
const c10::Symbol kAdd = c10::Symbol::fromQualString("aten::add");
const c10::Symbol kFlatten = c10::Symbol::fromQualString("aten::flatten");
const c10::Symbol kLinear = c10::Symbol::fromQualString("aten::linear");
const c10::Symbol kReshape = c10::Symbol::fromQualString("aten::reshape");

// aten::conv2d(input, weight, bias, stride, padding, dilation, groups) with every argument but the
// input a constant of the frozen graph; nullopt otherwise (left as it is).
std::optional<OneDnnConvSpec> constant_convolution(const Node* node, const Sizes& input_sizes) {
  std::vector<c10::IValue> args;
  for (std::size_t i = 1; i < 7; ++i) {
    auto value = torch::jit::toIValue(node->input(i));
    if (!value) return std::nullopt;
    args.push_back(std::move(*value));
  }
  if (input_sizes.size() != 4) return std::nullopt;
  OneDnnConvSpec spec;
  spec.weight = args[0].toTensor();
  if (args[1].isTensor()) spec.bias = args[1].toTensor();
  spec.stride = args[2].toIntVector();
  spec.padding = args[3].toIntVector();
  spec.dilation = args[4].toIntVector();
  spec.groups = args[5].toInt();
  spec.input_sizes = input_sizes;
  return spec;
}

// The only reader of the convolution's output, if it has exactly one.
Node* sole_reader(const Node* conv) {
  const auto& uses = conv->output()->uses();
  return uses.size() == 1 ? uses[0].user : nullptr;
}

bool is(const Node* node, const char* kind) {
  return node->kind().toQualString() == std::string(kind);
}

bool is_constant(const Value* value, double expected) {
  return torch::jit::constant_as<double>(value) == expected;
}

// The only reader of `node`'s output when it is of `kind`.
Node* sole_reader_of_kind(const Node* node, const char* kind) {
  const auto& uses = node->output()->uses();
  return uses.size() == 1 && is(uses[0].user, kind) ? uses[0].user : nullptr;
}

// An activation applied to a convolution's output and nothing else: its kind and its nodes, the
// result last.
struct ActivationNodes {
  FusedActivation activation;
  std::vector<Node*> nodes;
};

// The native ops, and the clamp spellings torchscript_source uses at channel counts that are not
// multiples of 16 (docs/export.md): clamp_max(relu(x), 6) and x * clamp(x + 3, 0, 6) / 6.
std::optional<ActivationNodes> activation_after(const Node* conv) {
  const Value* x = conv->output();
  if (Node* reader = sole_reader(conv)) {
    if (is(reader, "aten::relu")) {
      Node* clamp = sole_reader_of_kind(reader, "aten::clamp_max");
      if (clamp && is_constant(clamp->input(1), 6.0)) {
        return ActivationNodes{FusedActivation::relu6, {reader, clamp}};
      }
      return ActivationNodes{FusedActivation::relu, {reader}};
    }
    if (is(reader, "aten::hardswish")) return ActivationNodes{FusedActivation::h_swish, {reader}};
    if (is(reader, "aten::hardtanh") && is_constant(reader->input(1), 0.0) &&
        is_constant(reader->input(2), 6.0)) {
      return ActivationNodes{FusedActivation::relu6, {reader}};
    }
    return std::nullopt;
  }
  const auto& uses = x->uses();
  if (uses.size() != 2) return std::nullopt;
  Node* add = is(uses[0].user, "aten::add") ? uses[0].user : uses[1].user;
  Node* mul = add == uses[0].user ? uses[1].user : uses[0].user;
  if (!is(add, "aten::add") || !is(mul, "aten::mul") || add->input(0) != x ||
      !is_constant(add->input(1), 3.0) ||
      torch::jit::constant_as<std::int64_t>(add->input(2)) != 1) {
    return std::nullopt;
  }
  Node* clamp = sole_reader_of_kind(add, "aten::clamp");
  if (!clamp || !is_constant(clamp->input(1), 0.0) || !is_constant(clamp->input(2), 6.0) ||
      sole_reader_of_kind(clamp, "aten::mul") != mul || mul->input(0) != x) {
    return std::nullopt;
  }
  Node* div = sole_reader_of_kind(mul, "aten::div");
  if (!div || div->inputs().size() != 2 || !is_constant(div->input(1), 6.0)) return std::nullopt;
  return ActivationNodes{FusedActivation::h_swish, {add, clamp, mul, div}};
}

// For `add` = conv + r (either order, alpha 1): r, when it exists before the convolution runs.
Value* residual_operand(const Node* add, const Node* conv) {
  if (add->kind() != kAdd || add->inputs().size() != 3 ||
      torch::jit::constant_as<std::int64_t>(add->input(2)) != 1) {
    return nullptr;
  }
  Value* other = add->input(0) == conv->output() ? add->input(1) : add->input(0);
  if (other == conv->output() || other->type()->kind() != c10::TypeKind::TensorType) return nullptr;
  const Node* producer = other->node();
  return producer->kind() == c10::prim::Param || producer->isBefore(conv) ? other : nullptr;
}

bool on_one_pixel(const OneDnnConvSpec& conv) {
  return conv.input_sizes[2] == 1 && conv.input_sizes[3] == 1 && conv.groups == 1 &&
         conv.weight.size(2) == 1 && conv.weight.size(3) == 1 &&
         conv.padding == std::vector<std::int64_t>{0, 0};
}

// N×C×1×1 → linear(flatten(x), W[O, C], b) reshaped to N×O×1×1.
Value* insert_as_linear(Graph& graph, Value* input, const OneDnnConvSpec& conv) {
  const auto out_channels = conv.weight.size(0);
  auto weight = conv.weight.reshape({out_channels, conv.weight.size(1)}).contiguous();
  const c10::IValue bias = conv.bias ? c10::IValue(*conv.bias) : c10::IValue();
  Value* flat = graph.insert(kFlatten, {input, 1, -1});
  Value* linear =
      graph.insert(kLinear, {flat, graph.insertConstant(weight), graph.insertConstant(bias)});
  return graph.insert(kReshape, {linear, c10::IValue(std::vector<std::int64_t>{
                                             conv.input_sizes[0], out_channels, 1, 1})});
}

}  // namespace

CompiledConvolutions compile_convolutions(torch::jit::Module& module) {
  auto graph = module.get_method("forward").graph();
  std::vector<Node*> convs;
  for (Node* node : graph->nodes()) {
    if (node->kind() == kConv2d) convs.push_back(node);
  }

  CompiledConvolutions counts;
  for (Node* node : convs) {
    const auto input_sizes = concrete_sizes(node->input(0));
    if (!input_sizes) continue;
    auto spec = constant_convolution(node, *input_sizes);
    if (!spec) continue;
    const torch::jit::WithInsertPoint insert_here(node);
    std::vector<Node*> fused;  // the nodes the convolution takes over, the result last
    Value* output = nullptr;
    if (on_one_pixel(*spec)) {
      output = insert_as_linear(*graph, node->input(0), *spec);
      ++counts.as_linear;
    } else {
      Node* reader = sole_reader(node);
      Value* residual = reader ? residual_operand(reader, node) : nullptr;
      if (const auto activation = activation_after(node)) {
        spec->activation = activation->activation;
        fused = activation->nodes;
        ++counts.activations_fused;
      } else if (const auto residual_sizes = residual ? concrete_sizes(residual) : std::nullopt;
                 residual_sizes && residual_sizes == concrete_sizes(node->output())) {
        spec->adds_residual = true;
        fused = {reader};
        ++counts.residuals_fused;
      }
      output = graph->insert(
          c10::Symbol::fromQualString(kOneDnnConvOp),
          {graph->insertConstant(make_onednn_conv(*spec)), node->input(0),
           spec->adds_residual ? torch::jit::NamedValue(residual)
                               : torch::jit::NamedValue(graph->insertConstant(c10::IValue()))});
      ++counts.compiled;
    }
    // The result keeps the sizes of what it replaces, for the passes after this one.
    output->setType((fused.empty() ? node : fused.back())->output()->type());
    if (!fused.empty()) fused.back()->output()->replaceAllUsesWith(output);
    for (auto it = fused.rbegin(); it != fused.rend(); ++it) (*it)->destroy();
    node->output()->replaceAllUsesWith(output);
    node->destroy();
  }
  torch::jit::EliminateDeadCode(graph);
  return counts;
}

}  // namespace hwnas::engine
