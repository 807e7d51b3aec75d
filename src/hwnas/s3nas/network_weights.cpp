#include "hwnas/s3nas/network_weights.hpp"

#include <deque>
#include <map>
#include <stdexcept>

#include <fmt/core.h>

#include "hwnas/graph/build.hpp"
#include "hwnas/train/ir_tensor.hpp"

namespace hwnas::s3nas {
namespace {

using Params = exporting::OpParams;

Params conv(const torch::Tensor& weight, const torch::Tensor& bias = {}) {
  Params p{{"weight", train::to_ir_tensor(weight)}};
  if (bias.defined()) p.emplace("bias", train::to_ir_tensor(bias));
  return p;
}

// BN parameters and statistics of the channels `index` selects (all when undefined).
Params batch_norm(const torch::nn::BatchNorm2dImpl& bn, const torch::Tensor& index = {}) {
  auto pick = [&](const torch::Tensor& t) { return train::to_ir_tensor(index.defined() ? t.index_select(0, index) : t); };
  return {{"weight", pick(bn.weight)}, {"bias", pick(bn.bias)}, {"running_mean", pick(bn.running_mean)},
          {"running_var", pick(bn.running_var)}};
}

// Stem or head: the weighted modules of a Sequential, in order.
void append_fixed(const torch::nn::Sequential& seq, std::deque<Params>& out) {
  for (const auto& child : seq->children()) {
    if (const auto* c = child->as<torch::nn::Conv2d>()) {
      out.push_back(conv(c->weight, c->options.bias() ? c->bias : torch::Tensor()));
    } else if (const auto* bn = child->as<torch::nn::BatchNorm2d>()) {
      out.push_back(batch_norm(*bn));
    } else if (const auto* l = child->as<torch::nn::Linear>()) {
      out.push_back(conv(l->weight, l->options.bias() ? l->bias : torch::Tensor()));
    }
  }
}

// One block's weighted ops in the graph's order, for the branch kernels `kernels` (0 = off).
std::deque<Params> block_params(const MixConvBlockImpl& b, const BranchKernels& kernels, bool se) {
  std::map<int, std::vector<std::int64_t>> channels_by_kernel;  // the graph's channel order
  std::map<int, std::vector<std::size_t>> branches_by_kernel;
  std::int64_t offset = 0;
  for (std::size_t j = 0; j < kBranches; ++j) {
    const int c = b.options.branch_channels()[j];
    if (kernels[j] > 0) {
      for (std::int64_t i = 0; i < c; ++i) channels_by_kernel[kernels[j]].push_back(offset + i);
      branches_by_kernel[kernels[j]].push_back(j);
    }
    offset += c;
  }
  std::vector<std::int64_t> order;
  for (const auto& [kernel, channels] : channels_by_kernel) order.insert(order.end(), channels.begin(), channels.end());
  const torch::Tensor all = torch::tensor(order, torch::kInt64);
  std::deque<Params> out;
  out.push_back(conv(b.expand->weight.index_select(0, all)));
  out.push_back(batch_norm(*b.expand_bn, all));
  for (const auto& [kernel, branches] : branches_by_kernel) {
    std::vector<torch::Tensor> parts;
    for (std::size_t j : branches) {
      const Superkernel& s = b.branches.at(static_cast<std::size_t>(b.branch_module[j]));
      const std::int64_t begin = (s->options.max_kernel() - kernel) / 2;
      parts.push_back(s->weight.slice(2, begin, begin + kernel).slice(3, begin, begin + kernel));
    }
    out.push_back(conv(torch::cat(parts, 0)));
    out.push_back(batch_norm(*b.mid_bn, torch::tensor(channels_by_kernel.at(kernel), torch::kInt64)));
  }
  if (se) {
    const auto active = static_cast<std::int64_t>(order.size());
    const std::int64_t hidden = space::make_divisible(static_cast<int>(active) / b.options.se_reduction(),
                                                      b.options.channel_divisor());
    out.push_back(conv(b.se_reduce->weight.slice(0, 0, hidden).index_select(1, all).view({hidden, active, 1, 1}),
                       b.se_reduce->bias.slice(0, 0, hidden)));
    out.push_back(conv(b.se_expand->weight.index_select(0, all).slice(1, 0, hidden).reshape({active, hidden, 1, 1}),
                       b.se_expand->bias.index_select(0, all)));
  }
  out.push_back(conv(b.project->weight.index_select(1, all)));
  out.push_back(batch_norm(*b.project_bn));
  return out;
}

}  // namespace

exporting::Weights network_weights(const MixConvSupernetImpl& net, const arch::Architecture& a) {
  arch::validate(net.space(), a);
  const space::Space& space = net.space();
  const graph::Graph g = graph::build(space, a);
  std::deque<Params> stem, head;
  append_fixed(net.stem(), stem);
  append_fixed(net.head(), head);
  std::map<int, std::deque<Params>> blocks;  // by graph layer
  exporting::Weights weights;
  for (const graph::Op& op : g.ops) {
    const Params layout = exporting::parameter_layout(g, op);
    if (layout.empty()) {
      weights.ops.emplace_back();
      continue;
    }
    const graph::Layer& layer = g.layers.at(static_cast<std::size_t>(op.layer));
    std::deque<Params>* queue = layer.role == graph::LayerRole::stem ? &stem : layer.role == graph::LayerRole::head ? &head : nullptr;
    if (!queue) {
      auto [it, fresh] = blocks.try_emplace(op.layer);
      if (fresh) {
        std::size_t index = 0;  // the supernet position of (unit, layer)
        while (index < net.positions().size() && (net.positions()[index].unit != layer.unit ||
                                                  net.positions()[index].layer != layer.index))
          ++index;
        const auto& block = space.blocks.at(static_cast<std::size_t>(
            a.units.at(static_cast<std::size_t>(layer.unit)).blocks.at(static_cast<std::size_t>(layer.index))));
        it->second = block_params(*net.blocks().at(index), kernels_of(block), block.se);
      }
      queue = &it->second;
    }
    if (queue->empty()) throw std::logic_error(fmt::format("S3NAS supernet has no weights for an op of layer {}", layer.name));
    Params params = std::move(queue->front());
    queue->pop_front();
    for (const auto& [name, tensor] : layout) {
      const auto found = params.find(name);
      if (found == params.end() || found->second.shape != tensor.shape)
        throw std::logic_error(fmt::format("S3NAS supernet and graph disagree on {} of an op of layer {}", name, layer.name));
    }
    weights.ops.push_back(std::move(params));
  }
  exporting::check_weights(g, weights);
  return weights;
}

}  // namespace hwnas::s3nas
