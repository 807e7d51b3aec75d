#include "hwnas/s3nas/mixconv_supernet.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"
#include "hwnas/engine/torch_activation.hpp"

namespace hwnas::s3nas {

std::array<int, kBranches> kernels_of(const space::BlockSpec& block) {
  std::array<int, kBranches> kernels{};
  for (std::size_t j = 0; j < kBranches; ++j) kernels[j] = block.branches[j].expand > 0 ? block.branches[j].kernel : 0;
  return kernels;
}

int block_for_kernels(const space::Space& space, const std::array<int, kBranches>& kernels) {
  for (std::size_t b = 0; b < space.blocks.size(); ++b)
    if (space.blocks[b].kind == space::BlockKind::mixconv && space.blocks[b].branches.size() == kBranches &&
        kernels_of(space.blocks[b]) == kernels)
      return static_cast<int>(b);
  return -1;
}

std::array<BranchShape, kBranches> branch_shapes(const space::Space& space) {
  std::array<BranchShape, kBranches> shapes{};
  for (const auto& block : space.blocks) {
    if (block.kind != space::BlockKind::mixconv || block.branches.size() != kBranches)
      throw InputError(fmt::format("space '{}': block '{}' is not a mixconv block of {} branches; the S3NAS "
                                   "supernet needs one (e.g. spaces/s3nas-fmnist.yaml)",
                                   space.name, block.name, kBranches));
    for (std::size_t j = 0; j < kBranches; ++j) {
      const auto& branch = block.branches[j];
      if (branch.expand <= 0) continue;
      if (branch.kernel != 3 && branch.kernel != 5 && branch.kernel != 7)
        throw InputError(fmt::format("space '{}': block '{}' has kernel {} (the superkernel nests 3, 5, 7)",
                                     space.name, block.name, branch.kernel));
      if (shapes[j].expand > 0 && shapes[j].expand != branch.expand)
        throw InputError(fmt::format("space '{}': branch {} has expansions {} and {}; the supernet takes one per branch",
                                     space.name, j + 1, shapes[j].expand, branch.expand));
      shapes[j].expand = branch.expand;
      shapes[j].max_kernel = std::max(shapes[j].max_kernel, branch.kernel);
    }
  }
  return shapes;
}

namespace {

// Every combination of branch options the gates can select (off, or a kernel from 3 up to the
// branch's largest) must be a block of the space: a missing one would have no latency table entry
// and so cost 0 ms in the search's latency loss, a phantom the search would drift to.
void check_vocabulary(const space::Space& space, const std::array<BranchShape, kBranches>& shapes) {
  std::array<std::vector<int>, kBranches> options;
  for (std::size_t j = 0; j < kBranches; ++j) {
    options[j] = {0};
    if (shapes[j].expand > 0)
      for (int k = 3; k <= shapes[j].max_kernel; k += 2) options[j].push_back(k);
  }
  std::vector<std::string> missing;
  for (int a : options[0])
    for (int b : options[1])
      for (int c : options[2]) {
        const std::array<int, kBranches> kernels{a, b, c};
        if (kernels != std::array<int, kBranches>{} && block_for_kernels(space, kernels) < 0)
          missing.push_back(fmt::format("{}-{}-{}", a, b, c));
      }
  if (!missing.empty())
    throw InputError(fmt::format("space '{}' lacks the mixconv blocks with kernels {} (0 = off): the supernet's gates "
                                 "can select every combination of the branches' options, so each must be a block",
                                 space.name, fmt::join(missing, ", ")));
}

}  // namespace

MixConvBlockImpl::MixConvBlockImpl(const MixConvBlockOptions& options_) : options(options_) { reset(); }

void MixConvBlockImpl::reset() {
  using namespace torch::nn;
  const int in = options.in_channels();
  int mid = 0;
  for (int c : options.branch_channels()) mid += c;
  expand = register_module("expand", Conv2d(Conv2dOptions(in, mid, 1).bias(false)));
  expand_bn = register_module("expand_bn", BatchNorm2d(mid));
  branches.clear();
  branch_module.fill(-1);
  for (std::size_t j = 0; j < kBranches; ++j) {
    if (options.branch_channels()[j] == 0) continue;
    const int k = std::max(5, options.max_kernels()[j]);
    branch_module[j] = static_cast<int>(branches.size());
    branches.push_back(register_module("branch" + std::to_string(j),
                                       Superkernel(SuperkernelOptions(options.branch_channels()[j], k).stride(options.stride()))));
  }
  mid_bn = register_module("mid_bn", BatchNorm2d(mid));
  if (has_se()) {
    const int hidden = space::make_divisible(mid / options.se_reduction(), options.channel_divisor());
    se_reduce = register_module("se_reduce", Linear(mid, hidden));
    se_expand = register_module("se_expand", Linear(hidden, mid));
  }
  project = register_module("project", Conv2d(Conv2dOptions(mid, options.out_channels(), 1).bias(false)));
  project_bn = register_module("project_bn", BatchNorm2d(options.out_channels()));
}

torch::Tensor MixConvBlockImpl::squeeze_excite(const torch::Tensor& y, const BlockGates& gates, torch::Tensor* excitation) {
  // The graph's SE sees only the active branches' channels, so its hidden width depends on them:
  // the first `hidden` units of the largest SE are that SE (the off channels are zeros here).
  int active = 0;
  for (std::size_t j = 0; j < kBranches; ++j)
    if (gates[j].on.item<float>() > 0.5f) active += options.branch_channels()[j];
  const int hidden = space::make_divisible(active / options.se_reduction(), options.channel_divisor());
  const torch::Tensor squeezed = y.mean({2, 3});
  const torch::Tensor z = torch::relu(torch::nn::functional::linear(
      squeezed, se_reduce->weight.slice(0, 0, hidden), se_reduce->bias.slice(0, 0, hidden)));
  const torch::Tensor e = engine::activate(
      torch::nn::functional::linear(z, se_expand->weight.slice(1, 0, hidden), se_expand->bias), options.se_gate());
  if (excitation) *excitation = e;
  return y * e.unsqueeze(2).unsqueeze(3);
}

torch::Tensor MixConvBlockImpl::forward(const torch::Tensor& x, const BlockGates& gates, bool se, torch::Tensor* excitation) {
  const torch::Tensor expanded = engine::activate(expand_bn(expand(x)), options.act());
  std::vector<std::int64_t> sizes;
  for (int c : options.branch_channels())
    if (c > 0) sizes.push_back(c);
  const auto parts = expanded.split_with_sizes(sizes, 1);
  std::vector<torch::Tensor> outputs, channel_masks;
  for (std::size_t j = 0; j < kBranches; ++j) {
    const int m = branch_module[j];
    if (m < 0) {
      if (gates[j].on.item<float>() != 0.0f) throw InputError(fmt::format("branch {} has no channels; its gate must be off", j + 1));
      continue;
    }
    outputs.push_back(branches[static_cast<std::size_t>(m)]->forward(parts[static_cast<std::size_t>(m)], gates[j]));
    channel_masks.push_back(gates[j].on.expand({options.branch_channels()[j]}));
  }
  // The channel-group mask comes after BN: a switched-off branch must contribute exact zeros.
  const torch::Tensor mask = torch::cat(channel_masks).view({1, -1, 1, 1});
  torch::Tensor y = engine::activate(mid_bn(torch::cat(outputs, 1)), options.act()) * mask;
  if (se) {
    if (!has_se()) throw InputError("SE switched on in a block built without an SE module");
    y = squeeze_excite(y, gates, excitation);
  }
  y = project_bn(project(y));
  if (!residual()) return y;
  // Every branch off: the block is skipped (identity), so the project BN's shift must not leak in.
  const torch::Tensor any_on = 1 - (1 - gates[0].on) * (1 - gates[1].on) * (1 - gates[2].on);
  return x + any_on * y;
}

namespace {

torch::nn::AnyModule activation(graph::Activation act, const space::Space& space) {
  switch (act) {
    case graph::Activation::identity: return torch::nn::AnyModule(torch::nn::Identity());
    case graph::Activation::relu: return torch::nn::AnyModule(torch::nn::ReLU());
    case graph::Activation::h_swish:
      return torch::nn::AnyModule(torch::nn::Functional([](const torch::Tensor& x) {
        return engine::activate(x, graph::Activation::h_swish);
      }));
    default:
      throw InputError(fmt::format("space '{}': activation {} is not supported by the S3NAS supernet", space.name,
                                   graph::to_string(act)));
  }
}

// Appends a stem/head layer; `channels` follows the output channels.
void append_fixed(torch::nn::Sequential& seq, const space::FixedLayer& layer, int& channels, const space::Space& space) {
  using namespace torch::nn;
  if (layer.out.variable >= 0 || layer.enabled.variable >= 0)
    throw InputError(fmt::format("space '{}': the S3NAS supernet takes no space variables", space.name));
  switch (layer.op) {
    case space::FixedOp::conv:
      seq->push_back(Conv2d(Conv2dOptions(channels, layer.out.value, layer.kernel)
                                .stride(layer.stride).padding(layer.kernel / 2).bias(layer.bias)));
      if (layer.bn) seq->push_back(BatchNorm2d(layer.out.value));
      seq->push_back(activation(layer.act, space));
      channels = layer.out.value;
      return;
    case space::FixedOp::global_avg_pool:
      seq->push_back(AdaptiveAvgPool2d(AdaptiveAvgPool2dOptions({1, 1})));
      seq->push_back(Flatten());
      return;
    case space::FixedOp::linear:
      seq->push_back(Linear(LinearOptions(channels, layer.out.value).bias(layer.bias)));
      channels = layer.out.value;
      return;
    default:
      throw InputError(fmt::format("space '{}': the S3NAS supernet's stem and head take conv, global_avg_pool "
                                   "and linear layers only", space.name));
  }
}

}  // namespace

MixConvSupernetImpl::MixConvSupernetImpl(const space::Space& space) : space_(space), shapes_(branch_shapes(space)) {
  check_vocabulary(space, shapes_);
  if (!space.variables.empty())
    throw InputError(fmt::format("space '{}': the S3NAS supernet takes no space variables", space.name));
  const bool any_se = std::any_of(space.blocks.begin(), space.blocks.end(), [](const auto& b) { return b.se; });
  int channels = space.input_channels;
  stem_ = register_module("stem", torch::nn::Sequential());
  for (const auto& layer : space.stem) append_fixed(stem_, layer, channels, space);
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    const auto& unit = space.units[u];
    if (unit.widths.size() != 1 || unit.se)
      throw InputError(fmt::format("space '{}' unit '{}': the S3NAS supernet takes one width and no unit-level SE "
                                   "(SE goes on blocks: se: true)", space.name, unit.name));
    for (int l = 0; l < unit.max_layers; ++l) {
      const int in = channels;
      BranchChannels branch_channels{};
      BranchKernels kernels{};
      for (std::size_t j = 0; j < kBranches; ++j) {
        kernels[j] = shapes_[j].max_kernel;
        if (shapes_[j].expand > 0)
          branch_channels[j] = space::make_divisible(std::nearbyint(in * shapes_[j].expand), space.channel_divisor);
      }
      auto options = MixConvBlockOptions(in, unit.widths[0], branch_channels, kernels)
                         .stride(l == 0 ? unit.stride : 1)
                         .act(unit.act)
                         .se_reduction(any_se ? space.se.reduction : 0)
                         .channel_divisor(space.channel_divisor)
                         .se_gate(space.se.gate);
      blocks_.push_back(register_module(fmt::format("u{}l{}", u, l), MixConvBlock(options)));
      positions_.push_back({static_cast<int>(u), l});
      channels = unit.widths[0];
    }
  }
  head_convs_ = register_module("head", torch::nn::Sequential());
  for (const auto& layer : space.head) append_fixed(head_convs_, layer, channels, space);
}

torch::Tensor MixConvSupernetImpl::forward(const torch::Tensor& x, const std::vector<BlockGates>& gates,
                                           const std::vector<bool>& se, std::vector<torch::Tensor>* excitations) {
  if (excitations) excitations->assign(blocks_.size(), torch::Tensor());
  torch::Tensor y = stem_->forward(x);
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    const bool on = !se.empty() && se[i];
    y = blocks_[i]->forward(y, gates[i], on, on && excitations ? &(*excitations)[i] : nullptr);
  }
  return head_convs_->forward(y);
}

std::vector<BlockGates> MixConvSupernetImpl::threshold_gates() {
  std::vector<BlockGates> gates;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    BlockGates g;
    for (std::size_t j = 0; j < kBranches; ++j) {
      const int m = blocks_[i]->branch_module[j];
      g[j] = m < 0 ? fixed_gates(0) : blocks_[i]->branches[static_cast<std::size_t>(m)]->gates();
    }
    if (positions_[i].layer == 0) g[0].on = torch::ones({});
    gates.push_back(g);
  }
  return gates;
}

std::vector<BlockGates> MixConvSupernetImpl::sample_gates(std::mt19937_64& rng) const {
  std::vector<BlockGates> gates;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    BlockGates g;
    for (std::size_t j = 0; j < kBranches; ++j) {
      std::vector<int> options;
      if (!(j == 0 && positions_[i].layer == 0)) options.push_back(0);
      if (shapes_[j].expand > 0)
        for (int k = 3; k <= shapes_[j].max_kernel; k += 2) options.push_back(k);
      g[j] = fixed_gates(options[std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(rng)]);
    }
    gates.push_back(g);
  }
  return gates;
}

std::vector<BranchKernels> MixConvSupernetImpl::selected_kernels(const std::vector<BlockGates>& gates) {
  std::vector<BranchKernels> out;
  for (const auto& block : gates) {
    BranchKernels kernels{};
    for (std::size_t j = 0; j < kBranches; ++j) kernels[j] = block[j].kernel();
    out.push_back(kernels);
  }
  return out;
}

arch::Architecture MixConvSupernetImpl::to_architecture(const std::vector<BlockGates>& gates) const {
  return to_architecture(selected_kernels(gates));
}

arch::Architecture MixConvSupernetImpl::to_architecture(const std::vector<BranchKernels>& kernels) const {
  arch::Architecture a;
  a.resolution = space_.default_resolution;
  a.units.resize(space_.units.size());
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (kernels[i] == BranchKernels{}) continue;  // skipped block
    const int b = block_for_kernels(space_, kernels[i]);
    if (b < 0)
      throw InputError(fmt::format("space '{}' has no mixconv block with kernels {}-{}-{} (0 = off)", space_.name,
                                   kernels[i][0], kernels[i][1], kernels[i][2]));
    a.units[static_cast<std::size_t>(positions_[i].unit)].blocks.push_back(b);
  }
  arch::validate(space_, a);
  return a;
}

std::vector<torch::Tensor> MixConvSupernetImpl::threshold_parameters() {
  std::vector<torch::Tensor> out;
  for (auto& block : blocks_)
    for (auto& branch : block->branches) out.push_back(branch->threshold);
  return out;
}

std::vector<torch::Tensor> MixConvSupernetImpl::weight_parameters() {
  std::vector<torch::Tensor> out;
  for (const auto& item : named_parameters())
    if (item.key().find("threshold") == std::string::npos) out.push_back(item.value());
  return out;
}

void MixConvSupernetImpl::reset_thresholds(double relative) {
  for (auto& block : blocks_)
    for (auto& branch : block->branches) branch->reset_thresholds(relative);
}

}  // namespace hwnas::s3nas
