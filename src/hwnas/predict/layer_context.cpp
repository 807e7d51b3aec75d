#include "hwnas/predict/layer_context.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/core.h>

#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"

namespace hwnas::predict {
namespace {

std::string hwc(const graph::Shape& s) { return fmt::format("{}x{}x{}", s.h, s.w, s.c); }

LayerToken make_token(graph::Graph g, int head_conv_ordinal) {
  LayerToken t;
  const graph::Layer& layer = g.layers.at(0);
  t.role = layer.role;
  t.unit = layer.unit;
  t.index = layer.index;
  t.in = g.ops.front().out;
  t.out = g.shape(g.output);
  for (const auto& op : g.ops) {
    if (op.kind == graph::OpKind::conv || op.kind == graph::OpKind::avg_pool || op.kind == graph::OpKind::max_pool) {
      t.stride = std::max(t.stride, op.stride);
    }
  }
  t.macs = cost::count_total(g).macs;
  t.key = layer_key(g, head_conv_ordinal);
  t.graph = std::move(g);
  return t;
}

}  // namespace

std::string layer_key(const graph::Graph& g, int head_conv_ordinal) {
  const graph::Layer& layer = g.layers.at(0);
  const graph::Shape in = g.ops.front().out;
  const graph::Shape out = g.shape(g.output);
  const graph::Op* depthwise = nullptr;
  bool add = false, multiply = false, h_swish = false, conv = false, linear = false, pool = false;
  int stride = 1;
  for (const auto& op : g.ops) {
    if (op.kind == graph::OpKind::conv) {
      conv = true;
      stride = std::max(stride, op.stride);
      if (op.groups > 1 && !depthwise) depthwise = &op;
    }
    add |= op.kind == graph::OpKind::add;
    multiply |= op.kind == graph::OpKind::multiply;
    h_swish |= op.kind == graph::OpKind::activation && op.act == graph::Activation::h_swish;
    linear |= op.kind == graph::OpKind::linear;
    pool |= op.kind == graph::OpKind::global_avg_pool;
  }
  if (depthwise) {
    return fmt::format("expanded_conv-input:{}-output:{}-expand:{}-kernel:{}-stride:{}-idskip:{}-se:{}-hs:{}", hwc(in),
                       hwc(out), depthwise->out.c, depthwise->kernel, stride, add ? 1 : 0, multiply ? 1 : 0,
                       h_swish ? 1 : 0);
  }
  if (layer.role == graph::LayerRole::head) {
    if (linear) return fmt::format("Logits-input:{}-output:{}", hwc(in), out.c);
    if (pool && !conv) return fmt::format("AvgPool2D-input:{}-output:{}", hwc(in), hwc(out));
    if (conv) return fmt::format("Conv_{}-input:{}-output:{}", head_conv_ordinal, hwc(in), hwc(out));
  }
  if (layer.role == graph::LayerRole::stem && conv && g.layers.size() == 1 && g.ops.size() <= 4) {
    return fmt::format("Conv-input:{}-output:{}", hwc(in), hwc(out));
  }
  return fmt::format("{}-input:{}-output:{}-stride:{}", layer.block, hwc(in), hwc(out), stride);
}

graph::Graph extract_layer(const graph::Graph& g, int layer) {
  graph::Graph part;
  std::vector<int> remap(g.ops.size(), -1);
  for (std::size_t i = 0; i < g.ops.size(); ++i) {
    const graph::Op& op = g.ops[i];
    if (op.layer != layer) continue;
    if (part.ops.empty()) {
      graph::Op input;
      input.kind = graph::OpKind::input;
      input.out = g.shape(op.inputs.at(0));
      part.ops.push_back(input);
    }
    graph::Op copy = op;
    copy.layer = 0;
    for (int& x : copy.inputs) x = remap[static_cast<std::size_t>(x)] >= 0 ? remap[static_cast<std::size_t>(x)] : 0;
    remap[i] = static_cast<int>(part.ops.size());
    part.ops.push_back(copy);
  }
  if (part.ops.empty()) throw std::invalid_argument(fmt::format("layer {} has no ops", layer));
  part.layers.push_back(g.layers.at(static_cast<std::size_t>(layer)));
  part.output = static_cast<int>(part.ops.size()) - 1;
  return part;
}

LayerContexts::LayerContexts(const space::Space& space) : space_(space) {}

std::unique_ptr<LayerContexts::Frame> LayerContexts::build_frame(const arch::Architecture& arch) {
  // A template with every unit at full depth gives the input shape of every position.
  arch::Architecture full = arch;
  for (std::size_t u = 0; u < space_.units.size(); ++u) {
    const auto& unit = space_.units[u];
    full.units[u].blocks.clear();
    for (int l = 0; l < unit.max_layers; ++l) full.units[u].blocks.push_back(unit.layer_blocks[static_cast<std::size_t>(l)].at(0));
  }
  const graph::Graph g = graph::build(space_, full);
  auto f = std::make_unique<Frame>();
  f->slots.resize(space_.units.size());
  int head_convs = 0;
  for (std::size_t li = 0; li < g.layers.size(); ++li) {
    const graph::Layer& layer = g.layers[li];
    if (layer.role == graph::LayerRole::block) continue;
    graph::Graph part = extract_layer(g, static_cast<int>(li));
    const bool is_conv = part.ops.size() > 1 && part.ops[1].kind == graph::OpKind::conv;
    if (layer.role == graph::LayerRole::head && is_conv) ++head_convs;
    (layer.role == graph::LayerRole::stem ? f->stem : f->head).push_back(make_token(std::move(part), head_convs));
    (layer.role == graph::LayerRole::stem ? f->stem : f->head).back().id = next_id_++;
  }
  for (std::size_t li = 0; li < g.layers.size(); ++li) {
    const graph::Layer& layer = g.layers[li];
    if (layer.role != graph::LayerRole::block) continue;
    const auto u = static_cast<std::size_t>(layer.unit);
    const auto& unit = space_.units[u];
    const graph::Shape in = extract_layer(g, static_cast<int>(li)).ops.front().out;
    const int out = unit.widths[static_cast<std::size_t>(arch.units[u].width)];
    std::vector<LayerToken> per_block(space_.blocks.size());
    for (int b : unit.layer_blocks[static_cast<std::size_t>(layer.index)]) {
      const space::BlockSpec& spec = space_.blocks[static_cast<std::size_t>(b)];
      graph::GraphBuilder builder(in);
      builder.begin_layer(graph::LayerRole::block, layer.name, spec.name, layer.unit, layer.index);
      const int y = graph::build_block(builder, space_, spec, builder.input(), out, layer.index == 0 ? unit.stride : 1,
                                       unit.act, unit.se);
      per_block[static_cast<std::size_t>(b)] = make_token(std::move(builder).finish(y), 0);
      per_block[static_cast<std::size_t>(b)].block = b;
      per_block[static_cast<std::size_t>(b)].id = next_id_++;
    }
    f->slots[u].push_back(std::move(per_block));
  }
  return f;
}

const LayerContexts::Frame& LayerContexts::frame(const arch::Architecture& arch) {
  std::vector<int> key;
  key.reserve(1 + arch.units.size() + arch.variables.size());
  key.push_back(arch.resolution);
  for (const auto& u : arch.units) key.push_back(u.width);
  key.insert(key.end(), arch.variables.begin(), arch.variables.end());
  if (last_frame_ && key == last_key_) return *last_frame_;
  auto it = frames_.find(key);
  if (it == frames_.end()) {
    arch::validate(space_, arch);
    it = frames_.emplace(key, build_frame(arch)).first;
  }
  last_key_ = std::move(key);
  last_frame_ = it->second.get();
  return *last_frame_;
}

void LayerContexts::layers(const arch::Architecture& arch, std::vector<const LayerToken*>& out) {
  const Frame& f = frame(arch);
  out.clear();
  for (const auto& t : f.stem) out.push_back(&t);
  for (std::size_t u = 0; u < arch.units.size(); ++u) {
    const auto& blocks = arch.units[u].blocks;
    for (std::size_t l = 0; l < blocks.size(); ++l) out.push_back(&f.slots[u][l][static_cast<std::size_t>(blocks[l])]);
  }
  for (const auto& t : f.head) out.push_back(&t);
}

std::vector<const LayerToken*> LayerContexts::layers(const arch::Architecture& arch) {
  std::vector<const LayerToken*> out;
  layers(arch, out);
  return out;
}

std::vector<const LayerToken*> LayerContexts::frame_layers(const arch::Architecture& arch) {
  const Frame& f = frame(arch);
  std::vector<const LayerToken*> out;
  for (const auto& t : f.stem) out.push_back(&t);
  for (const auto& unit : f.slots) {
    for (const auto& position : unit) {
      for (const auto& t : position) {
        if (t.block >= 0) out.push_back(&t);
      }
    }
  }
  for (const auto& t : f.head) out.push_back(&t);
  return out;
}

}  // namespace hwnas::predict
