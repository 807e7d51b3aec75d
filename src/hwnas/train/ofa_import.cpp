#include "hwnas/train/ofa_import.hpp"

#include <set>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "hwnas/train/state_dict_file.hpp"

namespace hwnas::train {

using space::FixedOp;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// OFA name of a tensor inside one MBConv. Static layers (blocks.0) hold nn.Conv2d / nn.BatchNorm2d
// directly; dynamic ones wrap them once more (DynamicConv2d.conv, DynamicBatchNorm2d.bn).
std::string mbconv_name(const std::string& field, bool dynamic) {
  const std::string conv = dynamic ? ".conv.conv." : ".conv.";
  const std::string bn = dynamic ? ".bn.bn." : ".bn.";
  const auto bn_field = [&](const std::string& prefix, const std::string& module) -> std::string {
    return module + bn + field.substr(prefix.size());
  };
  if (field == "expand_weight") return "inverted_bottleneck" + conv + "weight";
  if (field.starts_with("expand_bn.")) return bn_field("expand_bn.", "inverted_bottleneck");
  if (field == "depthwise_weight") return "depth_conv" + conv + "weight";
  if (field.starts_with("depthwise_bn.")) return bn_field("depthwise_bn.", "depth_conv");
  if (field.starts_with("transform_")) return "depth_conv.conv." + field.substr(10) + "_matrix";  // 7to5 -> 7to5_matrix
  if (field == "se_reduce_weight") return "depth_conv.se.fc.reduce.weight";
  if (field == "se_reduce_bias") return "depth_conv.se.fc.reduce.bias";
  if (field == "se_expand_weight") return "depth_conv.se.fc.expand.weight";
  if (field == "se_expand_bias") return "depth_conv.se.fc.expand.bias";
  if (field == "project_weight") return "point_linear" + conv + "weight";
  if (field.starts_with("project_bn.")) return bn_field("project_bn.", "point_linear");
  return {};
}

// OFA name of a tensor inside one DynamicResNetBottleneckBlock.
std::string bottleneck_name(const std::string& field) {
  static const std::map<std::string, std::string> modules{
      {"conv1", "conv1"}, {"conv2", "conv2"}, {"conv3", "conv3"}, {"shortcut", "downsample"}};
  const auto underscore = field.find('_');
  const auto found = modules.find(field.substr(0, underscore));
  if (found == modules.end() || underscore == std::string::npos) return {};
  const std::string rest = field.substr(underscore + 1);
  if (rest == "weight") return found->second + ".conv.conv.weight";
  if (rest.starts_with("bn.")) return found->second + ".bn.bn." + rest.substr(3);
  return {};
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The name a checkpoint key has in the network, by the renames OFA's own load_state_dict makes
// (OFAMobileNetV3's, a superset of OFAResNets'): older checkpoints' `mobile_inverted_conv`, and
// the dynamic layers' second wrapper (conv.conv, bn.bn, linear.linear) added or dropped. A rule
// applies when its result is a tensor the network has.
std::string network_key(const std::string& key, const std::set<std::string>& wanted) {
  static const std::pair<std::string, std::string> kRenames[] = {
      {".bn.bn.", ".bn."},       {".conv.conv.weight", ".conv.weight"}, {".linear.linear.", ".linear."},
      {".linear.", ".linear.linear."}, {"bn.", "bn.bn."},                 {"conv.weight", "conv.conv.weight"}};
  const std::string renamed = replace_all(key, ".mobile_inverted_conv.", ".conv.");
  if (wanted.contains(renamed)) return renamed;
  for (const auto& [from, to] : kRenames) {
    if (renamed.find(from) == std::string::npos) continue;
    std::string candidate = replace_all(renamed, from, to);
    if (wanted.contains(candidate)) return candidate;
  }
  return key;
}

// hwnas module name (as SupernetImpl registers them) -> (OFA module, kind of layer).
enum class ModuleKind { conv, dynamic_conv, static_mbconv, dynamic_mbconv, bottleneck, linear, dynamic_linear };
struct Target {
  std::string module;
  ModuleKind kind;
};

std::map<std::string, Target> module_targets(const space::Space& space, const OfaLayout& layout) {
  std::map<std::string, Target> targets;
  const auto fixed = [&](const std::vector<space::FixedLayer>& layers, const std::vector<std::string>& names,
                         const std::string& prefix) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const bool dynamic = layout.dynamic_stem_head;
      const ModuleKind kind = layers[i].op == FixedOp::block    ? ModuleKind::static_mbconv
                        : layers[i].op == FixedOp::linear ? (dynamic ? ModuleKind::dynamic_linear : ModuleKind::linear)
                                                          : (dynamic ? ModuleKind::dynamic_conv : ModuleKind::conv);
      if (!names[i].empty()) targets[prefix + std::to_string(i)] = {names[i], kind};
    }
  };
  fixed(space.stem, layout.stem, "stem");
  fixed(space.head, layout.head, "head");
  const bool bottlenecks = space.blocks.front().kind == space::BlockKind::bottleneck;
  int block = layout.first_block;
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    for (int l = 0; l < space.units[u].max_layers; ++l, ++block) {
      targets[fmt::format("u{}_l{}", u + 1, l + 1)] =
          bottlenecks ? Target{fmt::format("blocks.{}", block), ModuleKind::bottleneck}
                      : Target{fmt::format("blocks.{}.conv", block), ModuleKind::dynamic_mbconv};
    }
  }
  return targets;
}

std::string ofa_name(const std::string& hwnas_name, const std::map<std::string, Target>& targets) {
  const auto dot = hwnas_name.find('.');
  const auto found = targets.find(hwnas_name.substr(0, dot));
  if (found == targets.end() || dot == std::string::npos) return {};
  const std::string field = hwnas_name.substr(dot + 1);
  const Target& t = found->second;
  switch (t.kind) {
    case ModuleKind::conv: return t.module + (field.starts_with("bn.") ? "." : ".conv.") + field;
    case ModuleKind::dynamic_conv:
      return t.module + (field.starts_with("bn.") ? ".bn.bn." + field.substr(3) : ".conv.conv." + field);
    case ModuleKind::linear: return t.module + ".linear." + field;
    case ModuleKind::dynamic_linear: return t.module + ".linear.linear." + field;
    case ModuleKind::bottleneck: {
      const std::string inner = bottleneck_name(field);
      return inner.empty() ? std::string{} : t.module + "." + inner;
    }
    case ModuleKind::static_mbconv:
    case ModuleKind::dynamic_mbconv: {
      const std::string inner = mbconv_name(field, t.kind == ModuleKind::dynamic_mbconv);
      return inner.empty() ? std::string{} : t.module + "." + inner;
    }
  }
  return {};
}

}  // namespace

OfaLayout ofa_layout(const space::Space& space) {
  std::vector<FixedOp> stem, head;
  for (const auto& layer : space.stem) stem.push_back(layer.op);
  for (const auto& layer : space.head) head.push_back(layer.op);
  const bool bottlenecks = !space.blocks.empty() && space.blocks.front().kind == space::BlockKind::bottleneck;
  const bool stem_ok = !bottlenecks && stem == std::vector{FixedOp::conv, FixedOp::block};
  OfaLayout layout;
  layout.stem = {"first_conv", "blocks.0.conv"};
  if (bottlenecks && stem == std::vector{FixedOp::conv, FixedOp::residual_conv, FixedOp::conv, FixedOp::max_pool} &&
      head == std::vector{FixedOp::global_avg_pool, FixedOp::linear}) {
    layout.network = "OFAResNets";
    layout.bn_eps = 1e-5;
    layout.stem = {"input_stem.0", "input_stem.1.conv", "input_stem.2", ""};
    layout.head = {"", "classifier"};
    layout.dynamic_stem_head = true;
    layout.first_block = 0;
  } else if (stem_ok && head == std::vector{FixedOp::conv, FixedOp::global_avg_pool, FixedOp::conv, FixedOp::linear} &&
      !space.head[2].bn) {
    layout.network = "OFAMobileNetV3";
    layout.bn_eps = 1e-5;
    layout.head = {"final_expand_layer", "", "feature_mix_layer", "classifier"};
  } else if (stem_ok && head == std::vector{FixedOp::conv, FixedOp::global_avg_pool, FixedOp::linear}) {
    layout.network = "OFAProxylessNASNets";
    layout.bn_eps = 1e-3;
    layout.head = {"feature_mix_layer", "", "classifier"};
  } else {
    throw InputError(fmt::format(
        "space '{}' ({}) has the shape of no OFA supernet hwnas imports (OFAMobileNetV3: stem conv + block, head "
        "conv, pool, conv without BN, linear; OFAProxylessNASNets: head conv, pool, linear; OFAResNets: bottleneck "
        "blocks, stem conv, residual conv, conv, max pool, head pool, linear)",
        space.name, space.source_file));
  }
  return layout;
}

Supernet supernet_from_ofa(const space::Space& space, const std::map<std::string, torch::Tensor>& state,
                           const std::string& origin) {
  const OfaLayout layout = ofa_layout(space);
  Supernet net(space, SupernetOptions().kernel_transform(true).bn_eps(layout.bn_eps));
  const auto targets = module_targets(space, layout);
  std::set<std::string> wanted;
  for (const auto& item : net->named_parameters()) wanted.insert(ofa_name(item.key(), targets));
  for (const auto& item : net->named_buffers()) wanted.insert(ofa_name(item.key(), targets));
  std::map<std::string, std::string> checkpoint_key;  // network name -> the checkpoint's key
  for (const auto& [key, tensor] : state) checkpoint_key.emplace(network_key(key, wanted), key);
  for (const auto& [key, tensor] : state) {
    if (wanted.contains(key)) checkpoint_key[key] = key;  // an exact name wins over a renamed one
  }
  std::set<std::string> used;
  torch::NoGradGuard no_grad;
  auto fill = [&](const std::string& name, torch::Tensor& tensor) {
    const std::string key = ofa_name(name, targets);
    if (key.empty()) throw std::logic_error("no OFA name for supernet tensor " + name);
    const auto alias = checkpoint_key.find(key);
    const auto found = alias == checkpoint_key.end() ? state.end() : state.find(alias->second);
    if (found == state.end()) {
      throw InputError(fmt::format("{}: no '{}' (for hwnas {}): not an {} checkpoint of space '{}'", origin, key, name,
                                   layout.network, space.name));
    }
    if (found->second.sizes() != tensor.sizes()) {
      throw InputError(fmt::format("{}: '{}' has shape {}, space '{}' needs {}", origin, found->first,
                                   fmt::join(found->second.sizes(), "x"), space.name, fmt::join(tensor.sizes(), "x")));
    }
    tensor.copy_(found->second);
    used.insert(found->first);
  };
  for (auto& item : net->named_parameters()) fill(item.key(), item.value());
  for (auto& item : net->named_buffers()) fill(item.key(), item.value());
  std::vector<std::string> unused;
  for (const auto& [key, tensor] : state) {
    if (!used.contains(key) && !ends_with(key, "num_batches_tracked")) unused.push_back(key);
  }
  if (!unused.empty()) {
    throw InputError(fmt::format("{}: {} tensors fit no layer of space '{}' ({}), e.g. '{}': a larger network than the space?",
                                 origin, unused.size(), space.name, layout.network, unused.front()));
  }
  return net;
}

SupernetInfo import_ofa_checkpoint(const std::filesystem::path& checkpoint, const space::Space& space,
                                   const std::filesystem::path& out_dir, std::string id) {
  if (is_supernet_dir(out_dir)) throw InputError(fmt::format("{} already holds a supernet", out_dir.string()));
  Supernet net = supernet_from_ofa(space, read_state_dict(checkpoint), checkpoint.string());
  std::filesystem::create_directories(out_dir);
  SupernetInfo info;
  info.id = id.empty() ? std::filesystem::absolute(out_dir).filename().string() : std::move(id);
  info.space_name = space.name;
  info.options = {{"imported_from", std::filesystem::absolute(checkpoint).string()},
                  {"ofa_network", ofa_layout(space).network}};
  info.network = net->options();
  info.normalisation = imagenet_normalisation();  // OFA's preprocessing
  write_space_file(out_dir, space);
  CheckpointWriter().add("", *net).write(out_dir / "weights.pt");
  write_info(out_dir, info);
  return info;
}

}  // namespace hwnas::train
