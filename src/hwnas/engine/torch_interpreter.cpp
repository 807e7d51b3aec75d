#include "hwnas/engine/torch_interpreter.hpp"

#include <vector>

#include "hwnas/engine/torch_activation.hpp"
#include "hwnas/export/weights.hpp"

namespace hwnas::engine {

using graph::OpKind;

torch::Tensor run_ops(std::span<const graph::Op> ops, std::span<const OpTensors> tensors, const torch::Tensor& input,
                      std::size_t output, BatchNormMode batch_norm) {
  std::vector<torch::Tensor> values(ops.size());
  const auto value = [&](int index) -> const torch::Tensor& {
    return index < 0 ? input : values[static_cast<std::size_t>(index)];
  };
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const graph::Op& op = ops[i];
    const OpTensors& t = tensors[i];
    if (op.kind == OpKind::input) {
      values[i] = input;
      continue;
    }
    const torch::Tensor& x = value(op.inputs.front());
    const auto bias = [&] { return op.bias ? t.at("bias") : torch::Tensor(); };
    const std::vector<std::int64_t> kernel{op.kernel, op.kernel}, stride{op.stride, op.stride}, pad{op.pad, op.pad};
    switch (op.kind) {
      case OpKind::input: break;
      case OpKind::conv: values[i] = torch::conv2d(x, t.at("weight"), bias(), stride, pad, {1, 1}, op.groups); break;
      case OpKind::batch_norm:
        values[i] = torch::batch_norm(x, t.at("weight"), t.at("bias"), t.at("running_mean"), t.at("running_var"),
                                      batch_norm.batch_statistics, batch_norm.momentum, exporting::kBatchNormEps,
                                      /*cudnn_enabled=*/true);
        break;
      case OpKind::activation: values[i] = activate(x, op.act); break;
      case OpKind::add: values[i] = x + value(op.inputs[1]); break;
      case OpKind::multiply: values[i] = x * value(op.inputs[1]); break;
      case OpKind::global_avg_pool: values[i] = torch::adaptive_avg_pool2d(x, {1, 1}); break;
      case OpKind::avg_pool:
        values[i] = torch::avg_pool2d(x, kernel, stride, pad, op.ceil_mode, /*count_include_pad=*/false);
        break;
      case OpKind::max_pool: values[i] = torch::max_pool2d(x, kernel, stride, pad, {1, 1}, op.ceil_mode); break;
      case OpKind::linear: values[i] = torch::linear(torch::flatten(x, 1), t.at("weight"), bias()); break;
      case OpKind::concat: {
        std::vector<torch::Tensor> parts;
        for (int in : op.inputs) parts.push_back(value(in));
        values[i] = torch::cat(parts, 1);
        break;
      }
      case OpKind::slice: values[i] = x.narrow(1, op.channel_begin, op.out.c); break;
      case OpKind::channel_shuffle: {
        const std::int64_t n = x.size(0), g = op.groups, c = op.out.c, h = op.out.h, w = op.out.w;
        values[i] = x.reshape({n, g, c / g, h, w}).transpose(1, 2).reshape({n, c, h, w});
        break;
      }
    }
  }
  return values[output];
}

}  // namespace hwnas::engine
