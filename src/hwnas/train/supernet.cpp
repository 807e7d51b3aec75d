#include "hwnas/train/supernet.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/core.h>

#include "hwnas/graph/build.hpp"

namespace hwnas::train {

using space::FixedOp;

namespace {

// graph/blocks.cpp's mid-channel rule: make_divisible(round_half_even(in · expand)), in when e = 1.
int mid_channels(const space::Space& space, const space::BlockSpec& block, int in) {
  if (block.expand == 1.0) return in;
  return space::make_divisible(static_cast<int>(std::nearbyint(in * block.expand)), space.channel_divisor);
}

void check_supported(const space::Space& space) {
  const auto fail = [&](const std::string& why) {
    throw InputError(fmt::format("space '{}' ({}) has no supernet: {}", space.name, space.source_file, why));
  };
  if (!space.variables.empty()) fail("it has space variables");
  for (const auto& block : space.blocks) {
    if (block.kind != space::BlockKind::mbconv) fail(fmt::format("block '{}' is not an mbconv", block.name));
  }
  for (const auto& unit : space.units) {
    if (unit.widths.size() != 1) fail(fmt::format("unit '{}' has several widths", unit.name));
  }
  for (const auto* part : {&space.stem, &space.head}) {
    for (const auto& layer : *part) {
      const bool ok = layer.op == FixedOp::conv || layer.op == FixedOp::global_avg_pool ||
                      layer.op == FixedOp::linear ||
                      (layer.op == FixedOp::block && layer.block.kind == space::BlockKind::mbconv);
      if (!ok || layer.enabled.variable >= 0 || layer.out.variable >= 0) fail("a stem/head layer it cannot build");
    }
  }
}

}  // namespace

SupernetImpl::SupernetImpl(const space::Space& space, SupernetOptions options)
    : space_(space), options_(options) {
  check_supported(space_);
  int channels = space_.input_channels;
  for (std::size_t i = 0; i < space_.stem.size(); ++i) {
    stem_.push_back(make_fixed(space_.stem[i], channels, "stem" + std::to_string(i)));
  }
  for (std::size_t u = 0; u < space_.units.size(); ++u) {
    const space::UnitSpec& unit = space_.units[u];
    const int out = unit.widths[0];
    units_.emplace_back();
    for (int l = 0; l < unit.max_layers; ++l) {
      const int in = l == 0 ? channels : out;
      int max_mid = 0;
      int max_kernel = 1;
      bool expands = false;
      std::vector<int> kernels;
      for (const int b : unit.layer_blocks[static_cast<std::size_t>(l)]) {
        const space::BlockSpec& block = space_.blocks[static_cast<std::size_t>(b)];
        max_mid = std::max(max_mid, mid_channels(space_, block, in));
        max_kernel = std::max(max_kernel, block.kernel);
        expands = expands || block.expand != 1.0;
        kernels.push_back(block.kernel);
      }
      std::sort(kernels.begin(), kernels.end());
      kernels.erase(std::unique(kernels.begin(), kernels.end()), kernels.end());
      if (!options_.kernel_transform() || kernels.size() < 2) kernels.clear();
      auto options = ElasticMBConvOptions(in, out, max_mid, max_kernel)
                         .stride(l == 0 ? unit.stride : 1)
                         .expand_conv(expands)
                         .act(unit.act)
                         .se(unit.se)
                         .se_reduction(space_.se.reduction)
                         .se_gate(space_.se.gate)
                         .divisor(space_.channel_divisor)
                         .transform_kernels(kernels)
                         .bn_eps(options_.bn_eps());
      units_.back().push_back(register_module(fmt::format("u{}_l{}", u + 1, l + 1), ElasticMBConv(options)));
    }
    channels = out;
  }
  for (std::size_t i = 0; i < space_.head.size(); ++i) {
    head_.push_back(make_fixed(space_.head[i], channels, "head" + std::to_string(i)));
  }
}

SupernetImpl::Fixed SupernetImpl::make_fixed(const space::FixedLayer& layer, int& channels, const std::string& name) {
  Fixed fixed;
  fixed.op = layer.op;
  const int out = layer.out.value;
  switch (layer.op) {
    case FixedOp::conv:
      fixed.conv = register_module(name, FixedConv(FixedConvOptions(channels, out, layer.kernel)
                                                       .stride(layer.stride)
                                                       .bias(layer.bias)
                                                       .bn(layer.bn)
                                                       .act(layer.act)
                                                       .bn_eps(options_.bn_eps())));
      channels = out;
      break;
    case FixedOp::block: {
      fixed.choice = {mid_channels(space_, layer.block, channels), layer.block.kernel};
      auto options = ElasticMBConvOptions(channels, out, fixed.choice.mid, layer.block.kernel)
                         .stride(layer.stride)
                         .expand_conv(layer.block.expand != 1.0)
                         .act(layer.block.act.value_or(layer.act))
                         .se(layer.block.se)
                         .se_reduction(space_.se.reduction)
                         .se_gate(space_.se.gate)
                         .divisor(space_.channel_divisor)
                         .bn_eps(options_.bn_eps());
      fixed.block = register_module(name, ElasticMBConv(options));
      channels = out;
      break;
    }
    case FixedOp::linear:
      fixed.linear = register_module(name, torch::nn::Linear(torch::nn::LinearOptions(channels, out).bias(layer.bias)));
      channels = out;
      break;
    default: break;  // global_avg_pool keeps the channels
  }
  return fixed;
}

torch::Tensor SupernetImpl::run_fixed(Fixed& layer, torch::Tensor x) {
  switch (layer.op) {
    case FixedOp::conv: return layer.conv->forward(x);
    case FixedOp::block: return layer.block->forward(x, layer.choice);
    case FixedOp::global_avg_pool: return x.mean({2, 3}, /*keepdim=*/true);
    case FixedOp::linear: return layer.linear->forward(x.flatten(1));
    default: throw std::logic_error("unsupported fixed op");
  }
}

void SupernetImpl::extract_fixed(const Fixed& layer, std::vector<exporting::OpParams>& out) const {
  switch (layer.op) {
    case FixedOp::conv: layer.conv->extract(out); break;
    case FixedOp::block: layer.block->extract(layer.choice, out); break;
    case FixedOp::linear: {
      exporting::OpParams params{{"weight", to_ir_tensor(layer.linear->weight)}};
      if (layer.linear->options.bias()) params.emplace("bias", to_ir_tensor(layer.linear->bias));
      out.push_back(std::move(params));
      break;
    }
    default: break;
  }
}

MBConvChoice SupernetImpl::choice(int unit, int layer, int block) const {
  const space::BlockSpec& spec = space_.blocks[static_cast<std::size_t>(block)];
  const int in = units_[static_cast<std::size_t>(unit)][static_cast<std::size_t>(layer)]->options.in_channels();
  return {mid_channels(space_, spec, in), spec.kernel};
}

torch::Tensor SupernetImpl::forward(const torch::Tensor& x, const arch::Architecture& arch) {
  arch::validate(space_, arch);
  torch::Tensor y = x;
  for (auto& layer : stem_) y = run_fixed(layer, y);
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const auto& blocks = arch.units[u].blocks;
    for (std::size_t l = 0; l < blocks.size(); ++l) {
      y = units_[u][l]->forward(y, choice(static_cast<int>(u), static_cast<int>(l), blocks[l]));
    }
  }
  for (auto& layer : head_) y = run_fixed(layer, y);
  return y;
}

exporting::Weights SupernetImpl::extract_weights(const arch::Architecture& arch) const {
  const graph::Graph graph = graph::build(space_, arch);
  std::vector<exporting::OpParams> ordered;
  for (const auto& layer : stem_) extract_fixed(layer, ordered);
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const auto& blocks = arch.units[u].blocks;
    for (std::size_t l = 0; l < blocks.size(); ++l) {
      units_[u][l]->extract(choice(static_cast<int>(u), static_cast<int>(l), blocks[l]), ordered);
    }
  }
  for (const auto& layer : head_) extract_fixed(layer, ordered);
  // The IR lists parametrised ops in the order the supernet runs them; pair them up in order.
  exporting::Weights weights;
  weights.ops.resize(graph.ops.size());
  std::size_t next = 0;
  for (std::size_t idx = 0; idx < graph.ops.size(); ++idx) {
    if (exporting::parameter_layout(graph, graph.ops[idx]).empty()) continue;
    if (next == ordered.size()) throw std::logic_error("supernet has fewer parametrised ops than the IR");
    weights.ops[idx] = std::move(ordered[next++]);
  }
  if (next != ordered.size()) throw std::logic_error("supernet has more parametrised ops than the IR");
  exporting::check_weights(graph, weights);
  return weights;
}

void SupernetImpl::set_bn_momentum(double momentum) {
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* bn = module->as<ElasticBatchNormImpl>()) bn->momentum = momentum;
  }
}

void SupernetImpl::reset_bn_statistics() {
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* bn = module->as<ElasticBatchNormImpl>()) bn->reset_running_stats();
  }
}

arch::Architecture SupernetImpl::extreme(bool large) const {
  arch::Architecture a;
  a.resolution = space_.default_resolution;
  for (const auto& unit : space_.units) {
    arch::UnitChoice u;
    const int depth = large ? unit.max_layers : unit.min_layers;
    for (int l = 0; l < depth; ++l) {
      const auto& candidates = unit.layer_blocks[static_cast<std::size_t>(l)];
      // Order by (expand, kernel): the largest and smallest block of the position.
      const auto key = [&](int b) {
        const auto& spec = space_.blocks[static_cast<std::size_t>(b)];
        return std::pair(spec.expand, spec.kernel);
      };
      const auto cmp = [&](int a_, int b_) { return key(a_) < key(b_); };
      u.blocks.push_back(large ? *std::max_element(candidates.begin(), candidates.end(), cmp)
                               : *std::min_element(candidates.begin(), candidates.end(), cmp));
    }
    a.units.push_back(std::move(u));
  }
  return a;
}

arch::Architecture SupernetImpl::largest() const { return extreme(true); }
arch::Architecture SupernetImpl::smallest() const { return extreme(false); }

}  // namespace hwnas::train
