#include "hwnas/export/batch_norm_folding.hpp"

#include <cmath>
#include <cstddef>
#include <vector>

namespace hwnas::exporting {
namespace {

using graph::OpKind;

std::vector<int> consumer_counts(const graph::Graph& graph) {
  std::vector<int> counts(graph.ops.size(), 0);
  for (const auto& op : graph.ops) {
    for (int in : op.inputs) ++counts[static_cast<std::size_t>(in)];
  }
  if (graph.output >= 0) ++counts[static_cast<std::size_t>(graph.output)];
  return counts;
}

// Scales the conv's weights in place and returns its new bias tensor.
Tensor fold_into(OpParams& conv, const OpParams& bn) {
  const auto& gamma = bn.at("weight").values;
  const auto& beta = bn.at("bias").values;
  const auto& mean = bn.at("running_mean").values;
  const auto& var = bn.at("running_var").values;
  auto& weight = conv.at("weight");
  const std::size_t out_c = gamma.size();
  const std::size_t per_channel = weight.values.size() / out_c;
  Tensor bias{{static_cast<std::int64_t>(out_c)}, std::vector<float>(out_c, 0.0F)};
  if (const auto it = conv.find("bias"); it != conv.end()) bias.values = it->second.values;
  for (std::size_t c = 0; c < out_c; ++c) {
    const float scale = gamma[c] / std::sqrt(var[c] + kBatchNormEps);
    for (std::size_t i = 0; i < per_channel; ++i) weight.values[c * per_channel + i] *= scale;
    bias.values[c] = (bias.values[c] - mean[c]) * scale + beta[c];
  }
  return bias;
}

}  // namespace

FoldedNet fold_batch_norms(const graph::Graph& graph, const Weights& weights) {
  const auto consumers = consumer_counts(graph);
  FoldedNet folded;
  folded.graph.layers = graph.layers;
  std::vector<int> new_index(graph.ops.size(), -1);
  for (std::size_t idx = 0; idx < graph.ops.size(); ++idx) {
    const auto& op = graph.ops[idx];
    if (op.kind == OpKind::batch_norm) {
      const int producer = op.inputs.front();
      const auto& source = graph.op(producer);
      if (source.kind == OpKind::conv && consumers[static_cast<std::size_t>(producer)] == 1) {
        const int conv_idx = new_index[static_cast<std::size_t>(producer)];
        auto& conv_params = folded.weights.ops[static_cast<std::size_t>(conv_idx)];
        conv_params["bias"] = fold_into(conv_params, weights.ops[idx]);
        folded.graph.ops[static_cast<std::size_t>(conv_idx)].bias = true;
        new_index[idx] = conv_idx;
        continue;
      }
    }
    graph::Op copy = op;
    for (int& in : copy.inputs) in = new_index[static_cast<std::size_t>(in)];
    new_index[idx] = static_cast<int>(folded.graph.ops.size());
    folded.graph.ops.push_back(std::move(copy));
    folded.weights.ops.push_back(weights.ops[idx]);
  }
  folded.graph.output = new_index[static_cast<std::size_t>(graph.output)];
  return folded;
}

}  // namespace hwnas::exporting
