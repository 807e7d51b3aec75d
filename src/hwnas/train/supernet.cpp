#include "hwnas/train/supernet.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/core.h>

#include "hwnas/graph/build.hpp"

namespace hwnas::train {

using space::FixedOp;

namespace {

int round_half_even(double v) { return static_cast<int>(std::nearbyint(v)); }

// graph/blocks.cpp's mid-channel rules: an MBConv expands its input, a bottleneck its output.
int mid_channels(const space::Space& space, const space::BlockSpec& block, int channels) {
  if (block.kind == space::BlockKind::mbconv && block.expand == 1.0) return channels;
  return space::make_divisible(round_half_even(channels * block.expand), space.channel_divisor);
}

std::vector<int> sorted_unique(std::vector<int> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

// The distinct values a layer's channel count can take, ascending.
std::vector<int> choices(const space::Space& space, const space::IntParam& p) {
  return sorted_unique(p.variable < 0 ? std::vector{p.value} : space.variables[static_cast<std::size_t>(p.variable)].values);
}

void check_supported(const space::Space& space) {
  const auto fail = [&](const std::string& why) {
    throw InputError(fmt::format("space '{}' ({}) has no supernet: {}", space.name, space.source_file, why));
  };
  const space::BlockKind kind = space.blocks.empty() ? space::BlockKind::mbconv : space.blocks.front().kind;
  if (kind != space::BlockKind::mbconv && kind != space::BlockKind::bottleneck) {
    fail(fmt::format("block '{}' is neither an mbconv nor a bottleneck", space.blocks.front().name));
  }
  for (const auto& block : space.blocks) {
    if (block.kind != kind) fail(fmt::format("block '{}' is not an {} like the others", block.name, space::to_string(kind)));
    if (kind == space::BlockKind::bottleneck && block.se) fail(fmt::format("bottleneck '{}' has SE", block.name));
  }
  for (const auto& unit : space.units) {
    if (kind == space::BlockKind::mbconv && unit.widths.size() != 1) {
      fail(fmt::format("unit '{}' has several widths (elastic widths need bottleneck blocks)", unit.name));
    }
    if (kind == space::BlockKind::bottleneck && unit.se) fail(fmt::format("unit '{}' has SE", unit.name));
  }
  for (const auto* part : {&space.stem, &space.head}) {
    for (const auto& layer : *part) {
      const bool ok = layer.op == FixedOp::conv || layer.op == FixedOp::global_avg_pool ||
                      layer.op == FixedOp::linear || layer.op == FixedOp::residual_conv ||
                      layer.op == FixedOp::max_pool ||
                      (layer.op == FixedOp::block && layer.block.kind == space::BlockKind::mbconv);
      const bool elastic_out_ok = layer.out.variable < 0 || layer.op == FixedOp::conv;
      if (!ok || !elastic_out_ok) fail("a stem/head layer it cannot build");
    }
  }
}

}  // namespace

SupernetImpl::SupernetImpl(const space::Space& space, SupernetOptions options)
    : space_(space), options_(options) {
  check_supported(space_);
  std::vector<int> channels{space_.input_channels};
  for (std::size_t i = 0; i < space_.stem.size(); ++i) {
    stem_.push_back(make_fixed(space_.stem[i], channels, "stem" + std::to_string(i)));
  }
  for (std::size_t u = 0; u < space_.units.size(); ++u) {
    const space::UnitSpec& unit = space_.units[u];
    const std::vector<int> widths = sorted_unique(unit.widths);
    units_.emplace_back();
    for (int l = 0; l < unit.max_layers; ++l) {
      units_.back().push_back(make_position(static_cast<int>(u), l, l == 0 ? channels : widths));
    }
    channels = widths;
  }
  for (std::size_t i = 0; i < space_.head.size(); ++i) {
    head_.push_back(make_fixed(space_.head[i], channels, "head" + std::to_string(i)));
  }
}

SupernetImpl::Position SupernetImpl::make_position(int u, int l, const std::vector<int>& in_channels) {
  const space::UnitSpec& unit = space_.units[static_cast<std::size_t>(u)];
  const std::string name = fmt::format("u{}_l{}", u + 1, l + 1);
  const int in = in_channels.back();
  const int out = *std::max_element(unit.widths.begin(), unit.widths.end());
  const int stride = l == 0 ? unit.stride : 1;
  const auto& candidates = unit.layer_blocks[static_cast<std::size_t>(l)];
  Position position;
  if (space_.blocks[static_cast<std::size_t>(candidates.front())].kind == space::BlockKind::bottleneck) {
    int max_mid = 0;
    std::vector<int> kernels;
    for (const int b : candidates) {
      const space::BlockSpec& block = space_.blocks[static_cast<std::size_t>(b)];
      max_mid = std::max(max_mid, mid_channels(space_, block, out));
      kernels.push_back(block.kernel);
    }
    if (sorted_unique(kernels).size() != 1) {
      throw InputError(fmt::format("space '{}' has no supernet: unit '{}' layer {} mixes bottleneck kernels",
                                   space_.name, unit.name, l + 1));
    }
    // OFA's rule for the shortcut conv; a position without it must never see another width.
    const std::vector<int> out_widths = sorted_unique(unit.widths);
    const bool shortcut_conv = stride != 1 || in_channels != out_widths;
    if (!shortcut_conv && out_widths.size() > 1 && l == 0) {
      throw InputError(fmt::format("space '{}' has no supernet: unit '{}' starts with the width choices of the "
                                   "layer before but no stride, so its shortcut changes with the widths chosen",
                                   space_.name, unit.name));
    }
    auto options = ElasticBottleneckOptions(in, out, max_mid, kernels.front())
                       .stride(stride)
                       .shortcut_conv(shortcut_conv)
                       .act(unit.act)
                       .bn_eps(options_.bn_eps());
    position.bottleneck = register_module(name, ElasticBottleneck(options));
    return position;
  }
  int max_mid = 0;
  int max_kernel = 1;
  bool expands = false;
  std::vector<int> kernels;
  for (const int b : candidates) {
    const space::BlockSpec& block = space_.blocks[static_cast<std::size_t>(b)];
    max_mid = std::max(max_mid, mid_channels(space_, block, in));
    max_kernel = std::max(max_kernel, block.kernel);
    expands = expands || block.expand != 1.0;
    kernels.push_back(block.kernel);
  }
  kernels = sorted_unique(kernels);
  if (!options_.kernel_transform() || kernels.size() < 2) kernels.clear();
  auto options = ElasticMBConvOptions(in, out, max_mid, max_kernel)
                     .stride(stride)
                     .expand_conv(expands)
                     .act(unit.act)
                     .se(unit.se)
                     .se_reduction(space_.se.reduction)
                     .se_gate(space_.se.gate)
                     .divisor(space_.channel_divisor)
                     .transform_kernels(kernels)
                     .bn_eps(options_.bn_eps());
  position.mbconv = register_module(name, ElasticMBConv(options));
  return position;
}

SupernetImpl::Fixed SupernetImpl::make_fixed(const space::FixedLayer& layer, std::vector<int>& channels,
                                             const std::string& name) {
  Fixed fixed;
  fixed.spec = layer;
  const int in = channels.back();
  switch (layer.op) {
    case FixedOp::conv: {
      channels = choices(space_, layer.out);
      fixed.conv = register_module(name, FixedConv(FixedConvOptions(in, channels.back(), layer.kernel)
                                                       .stride(layer.stride)
                                                       .bias(layer.bias)
                                                       .bn(layer.bn)
                                                       .act(layer.act)
                                                       .bn_eps(options_.bn_eps())));
      break;
    }
    case FixedOp::residual_conv:
      fixed.conv = register_module(name, FixedConv(FixedConvOptions(in, in, layer.kernel)
                                                       .bias(layer.bias)
                                                       .bn(layer.bn)
                                                       .act(layer.act)
                                                       .bn_eps(options_.bn_eps())));
      break;
    case FixedOp::block: {
      const int out = layer.out.value;
      fixed.choice = {mid_channels(space_, layer.block, in), layer.block.kernel};
      auto options = ElasticMBConvOptions(in, out, fixed.choice.mid, layer.block.kernel)
                         .stride(layer.stride)
                         .expand_conv(layer.block.expand != 1.0)
                         .act(layer.block.act.value_or(layer.act))
                         .se(layer.block.se)
                         .se_reduction(space_.se.reduction)
                         .se_gate(space_.se.gate)
                         .divisor(space_.channel_divisor)
                         .bn_eps(options_.bn_eps());
      fixed.block = register_module(name, ElasticMBConv(options));
      channels = {out};
      break;
    }
    case FixedOp::linear:
      fixed.linear = register_module(name, torch::nn::Linear(torch::nn::LinearOptions(in, layer.out.value).bias(layer.bias)));
      channels = {layer.out.value};
      break;
    case FixedOp::max_pool:
    case FixedOp::global_avg_pool: break;  // keep the channels
  }
  return fixed;
}

bool SupernetImpl::enabled(const space::FixedLayer& layer, const arch::Architecture& arch) const {
  if (layer.enabled.variable < 0) return layer.enabled.value != 0;
  const auto var = static_cast<std::size_t>(layer.enabled.variable);
  return space_.variables[var].values[static_cast<std::size_t>(arch.variables[var])] != 0;
}

int SupernetImpl::out_channels(const space::FixedLayer& layer, const arch::Architecture& arch, int in) const {
  if (layer.op != FixedOp::conv && layer.op != FixedOp::block && layer.op != FixedOp::linear) return in;
  if (layer.out.variable < 0) return layer.out.value;
  const auto var = static_cast<std::size_t>(layer.out.variable);
  return space_.variables[var].values[static_cast<std::size_t>(arch.variables[var])];
}

torch::Tensor SupernetImpl::run_fixed(Fixed& layer, torch::Tensor x, int out) {
  const space::FixedLayer& spec = layer.spec;
  switch (spec.op) {
    case FixedOp::conv: return layer.conv->forward(x, out);
    case FixedOp::residual_conv: return x + layer.conv->forward(x, static_cast<int>(x.size(1)));
    case FixedOp::block: return layer.block->forward(x, layer.choice);
    case FixedOp::max_pool: return torch::max_pool2d(x, spec.kernel, spec.stride, spec.pad);
    case FixedOp::global_avg_pool: return x.mean({2, 3}, /*keepdim=*/true);
    case FixedOp::linear:
      return torch::linear(x.flatten(1), layer.linear->weight.narrow(1, 0, x.size(1)),
                           spec.bias ? layer.linear->bias : torch::Tensor());
  }
  throw std::logic_error("unsupported fixed op");
}

void SupernetImpl::extract_fixed(const Fixed& layer, int in, int out, std::vector<exporting::OpParams>& params) const {
  switch (layer.spec.op) {
    case FixedOp::conv:
    case FixedOp::residual_conv: layer.conv->extract(in, out, params); break;
    case FixedOp::block: layer.block->extract(layer.choice, params); break;
    case FixedOp::linear: {
      exporting::OpParams linear{{"weight", to_ir_tensor(layer.linear->weight.narrow(1, 0, in))}};
      if (layer.spec.bias) linear.emplace("bias", to_ir_tensor(layer.linear->bias));
      params.push_back(std::move(linear));
      break;
    }
    case FixedOp::max_pool:
    case FixedOp::global_avg_pool: break;
  }
}

MBConvChoice SupernetImpl::mbconv_choice(int unit, int layer, int block) const {
  const space::BlockSpec& spec = space_.blocks[static_cast<std::size_t>(block)];
  const int in = units_[static_cast<std::size_t>(unit)][static_cast<std::size_t>(layer)].mbconv->options.in_channels();
  return {mid_channels(space_, spec, in), spec.kernel};
}

BottleneckChoice SupernetImpl::bottleneck_choice(int unit, int block, int width) const {
  const int out = space_.units[static_cast<std::size_t>(unit)].widths[static_cast<std::size_t>(width)];
  return {mid_channels(space_, space_.blocks[static_cast<std::size_t>(block)], out), out};
}

torch::Tensor SupernetImpl::forward(const torch::Tensor& x, const arch::Architecture& arch) {
  arch::validate(space_, arch);
  torch::Tensor y = x;
  const auto run = [&](std::vector<Fixed>& layers) {
    for (auto& layer : layers) {
      if (enabled(layer.spec, arch)) y = run_fixed(layer, y, out_channels(layer.spec, arch, static_cast<int>(y.size(1))));
    }
  };
  run(stem_);
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const auto& choice = arch.units[u];
    for (std::size_t l = 0; l < choice.blocks.size(); ++l) {
      Position& position = units_[u][l];
      const int unit = static_cast<int>(u);
      y = position.bottleneck ? position.bottleneck->forward(y, bottleneck_choice(unit, choice.blocks[l], choice.width))
                              : position.mbconv->forward(y, mbconv_choice(unit, static_cast<int>(l), choice.blocks[l]));
    }
  }
  run(head_);
  return y;
}

exporting::Weights SupernetImpl::extract_weights(const arch::Architecture& arch) const {
  const graph::Graph graph = graph::build(space_, arch);
  std::vector<exporting::OpParams> ordered;
  int channels = space_.input_channels;
  const auto extract = [&](const std::vector<Fixed>& layers) {
    for (const auto& layer : layers) {
      if (!enabled(layer.spec, arch)) continue;
      const int out = out_channels(layer.spec, arch, channels);
      extract_fixed(layer, channels, out, ordered);
      channels = out;
    }
  };
  extract(stem_);
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const auto& choice = arch.units[u];
    for (std::size_t l = 0; l < choice.blocks.size(); ++l) {
      const Position& position = units_[u][l];
      const int unit = static_cast<int>(u);
      if (position.bottleneck) {
        const BottleneckChoice active = bottleneck_choice(unit, choice.blocks[l], choice.width);
        position.bottleneck->extract(channels, active, ordered);
        channels = active.out;
      } else {
        position.mbconv->extract(mbconv_choice(unit, static_cast<int>(l), choice.blocks[l]), ordered);
        channels = position.mbconv->options.out_channels();
      }
    }
  }
  extract(head_);
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

void SupernetImpl::sort_mid_channels(int trained_expands) {
  for (std::size_t u = 0; u < units_.size(); ++u) {
    for (std::size_t l = 0; l < units_[u].size(); ++l) {
      ElasticMBConv& block = units_[u][l].mbconv;
      if (!block) continue;
      // The position's mid widths, largest first (mid grows with the expansion); the trained ones
      // below the largest keep their channels.
      std::vector<int> mids;
      for (const int b : space_.units[u].layer_blocks[l]) {
        mids.push_back(mid_channels(space_, space_.blocks[static_cast<std::size_t>(b)], block->options.in_channels()));
      }
      mids = sorted_unique(mids);
      std::reverse(mids.begin(), mids.end());
      const auto trained = static_cast<std::size_t>(std::clamp<int>(trained_expands, 1, static_cast<int>(mids.size())));
      block->sort_mid_channels(sorted_unique({mids.begin() + 1, mids.begin() + static_cast<std::ptrdiff_t>(trained)}));
    }
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
    const auto& widths = unit.widths;
    u.width = static_cast<int>((large ? std::max_element(widths.begin(), widths.end())
                                      : std::min_element(widths.begin(), widths.end())) -
                               widths.begin());
    a.units.push_back(std::move(u));
  }
  for (const auto& variable : space_.variables) {
    const auto& v = variable.values;
    a.variables.push_back(static_cast<int>(
        (large ? std::max_element(v.begin(), v.end()) : std::min_element(v.begin(), v.end())) - v.begin()));
  }
  return a;
}

arch::Architecture SupernetImpl::largest() const { return extreme(true); }
arch::Architecture SupernetImpl::smallest() const { return extreme(false); }

}  // namespace hwnas::train
