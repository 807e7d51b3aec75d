#include "hwnas/export/torchscript_source.hpp"

#include <fmt/format.h>

#include "hwnas/export/weights.hpp"

namespace hwnas::exporting {
namespace {

using graph::Activation;
using graph::OpKind;

std::string value(int idx) { return "x" + std::to_string(idx); }

// LibTorch 1.13's oneDNN conversion (optimize_for_inference) computes hardtanh, hardswish and
// hardsigmoid wrongly on blocked tensors whose channels are not a multiple of the block (16 with
// AVX-512, 8 with AVX2): it runs them over the padded buffer. For such channel counts relu6,
// h_swish and h_sigmoid are spelled with clamp after an add, which oneDNN leaves to dense ATen
// (correct, one reorder each way); other counts keep the fast native ops. tests/engine checks
// both against eager on every space.
std::string activation_call(Activation act, const std::string& x, int channels) {
  const bool native = channels % 16 == 0;
  switch (act) {
    case Activation::identity: return x;
    case Activation::relu: return "torch.relu(" + x + ")";
    case Activation::relu6:
      return native ? "torch.hardtanh(" + x + ", 0.0, 6.0)"
                    : "torch.clamp_max(torch.relu(" + x + "), 6.0)";
    case Activation::h_swish:
      return native ? "torch.hardswish(" + x + ")"
                    : x + " * torch.clamp(" + x + " + 3.0, 0.0, 6.0) / 6.0";
    case Activation::h_sigmoid:
      return native ? "torch.hardsigmoid(" + x + ")"
                    : "torch.clamp(" + x + " + 3.0, 0.0, 6.0) / 6.0";
    case Activation::sigmoid: return "torch.sigmoid(" + x + ")";
  }
  return x;
}

// The right-hand side computing op idx; `attr(name)` names the op's tensor attributes.
std::string expression(const graph::Graph& graph, int idx) {
  const auto& op = graph.op(idx);
  const auto attr = [idx](const char* name) { return fmt::format("self.p{}_{}", idx, name); };
  const std::string x = op.inputs.empty() ? std::string() : value(op.inputs.front());
  const int k = op.kernel, s = op.stride, p = op.pad;
  const char* ceil = op.ceil_mode ? "True" : "False";
  switch (op.kind) {
    case OpKind::input: return {};
    case OpKind::conv:
      return fmt::format("torch.conv2d({}, {}, {}, [{}, {}], [{}, {}], [1, 1], {})", x,
                         attr("weight"), op.bias ? attr("bias") : "None", s, s, p, p, op.groups);
    case OpKind::batch_norm:
      return fmt::format("torch.batch_norm({}, {}, {}, {}, {}, False, 0.1, {}, True)", x,
                         attr("weight"), attr("bias"), attr("running_mean"), attr("running_var"),
                         kBatchNormEps);
    case OpKind::activation: return activation_call(op.act, x, op.out.c);
    case OpKind::add: return x + " + " + value(op.inputs[1]);
    case OpKind::multiply: return x + " * " + value(op.inputs[1]);
    case OpKind::global_avg_pool: return "torch.adaptive_avg_pool2d(" + x + ", [1, 1])";
    case OpKind::avg_pool:
      return fmt::format("torch.avg_pool2d({}, [{}, {}], [{}, {}], [{}, {}], {}, False)", x, k, k, s,
                         s, p, p, ceil);
    case OpKind::max_pool:
      return fmt::format("torch.max_pool2d({}, [{}, {}], [{}, {}], [{}, {}], [1, 1], {})", x, k, k,
                         s, s, p, p, ceil);
    case OpKind::linear:
      return fmt::format("torch.linear(torch.flatten({}, 1), {}, {})", x, attr("weight"),
                         op.bias ? attr("bias") : "None");
    case OpKind::concat: {
      std::string list;
      for (int in : op.inputs) list += (list.empty() ? "" : ", ") + value(in);
      return "torch.cat([" + list + "], 1)";
    }
    case OpKind::slice:
      return fmt::format("torch.narrow({}, 1, {}, {})", x, op.channel_begin, op.out.c);
    case OpKind::channel_shuffle: {
      const int g = op.groups, c = op.out.c, h = op.out.h, w = op.out.w;
      return fmt::format(
          "torch.reshape(torch.transpose(torch.reshape({}, [1, {}, {}, {}, {}]), 1, 2), "
          "[1, {}, {}, {}])",
          x, g, c / g, h, w, c, h, w);
    }
  }
  return {};
}

}  // namespace

TorchScriptSource torchscript_source(const graph::Graph& graph) {
  TorchScriptSource source;
  source.code = "def forward(self, x0):\n";
  for (std::size_t idx = 1; idx < graph.ops.size(); ++idx) {
    const int op_idx = static_cast<int>(idx);
    source.code += "    " + value(op_idx) + " = " + expression(graph, op_idx) + "\n";
    for (const auto& [name, tensor] : parameter_layout(graph, graph.ops[idx])) {
      source.attributes.push_back(
          {fmt::format("p{}_{}", idx, name), op_idx, name, is_trainable(name)});
    }
  }
  source.code += "    return " + value(graph.output) + "\n";
  return source;
}

}  // namespace hwnas::exporting
