#include "hwnas/engine/torch_activation.hpp"
#include "hwnas/hurricane/supernet.hpp"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <map>

#include <fmt/core.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/graph/build.hpp"

namespace hwnas::hurricane {
namespace {

using graph::OpKind;

constexpr double kBnEps = 1e-5;

// The ops of one logical layer with their trainable tensors; inputs are local op indices, -1 the
// layer's input (the previous layer's output).
struct Fragment {
  std::vector<graph::Op> ops;
  std::vector<std::map<std::string, torch::Tensor>> tensors;
  std::vector<torch::Tensor> bn_means, bn_vars;  // this fragment's running statistics, for recalibration
};


// Cuts logical layer `layer` out of g and gives it fresh weights, registered on `root` under `prefix`.
Fragment extract(const graph::Graph& g, int layer, torch::nn::Module& root, const std::string& prefix) {
  Fragment f;
  std::map<int, int> local;
  int external = -1;
  for (std::size_t idx = 0; idx < g.ops.size(); ++idx) {
    const graph::Op& op = g.ops[idx];
    if (op.layer != layer) continue;
    graph::Op copy = op;
    for (int& in : copy.inputs) {
      const auto it = local.find(in);
      if (it != local.end()) {
        in = it->second;
        continue;
      }
      if (external >= 0 && external != in) {
        throw std::logic_error(fmt::format("layer {} reads two tensors from outside: the supernet needs chained layers",
                                           g.layers[static_cast<std::size_t>(layer)].name));
      }
      external = in;
      in = -1;
    }
    const int c_in = op.inputs.empty() ? 0 : g.shape(op.inputs.front()).c;
    std::map<std::string, torch::Tensor> t;
    const std::string name = fmt::format("{}_{}", prefix, f.ops.size());
    if (op.kind == OpKind::conv) {
      auto w = torch::empty({op.out.c, c_in / op.groups, op.kernel, op.kernel});
      torch::nn::init::kaiming_normal_(w, 0.0, torch::kFanOut, torch::kReLU);
      t["weight"] = root.register_parameter(name + "_w", w);
      if (op.bias) t["bias"] = root.register_parameter(name + "_b", torch::zeros({op.out.c}));
    } else if (op.kind == OpKind::batch_norm) {
      t["weight"] = root.register_parameter(name + "_g", torch::ones({op.out.c}));
      t["bias"] = root.register_parameter(name + "_b", torch::zeros({op.out.c}));
      t["mean"] = root.register_buffer(name + "_m", torch::zeros({op.out.c}));
      t["var"] = root.register_buffer(name + "_v", torch::ones({op.out.c}));
      f.bn_means.push_back(t["mean"]);
      f.bn_vars.push_back(t["var"]);
    } else if (op.kind == OpKind::linear) {
      const auto in_features = g.shape(op.inputs.front()).elements();
      t["weight"] = root.register_parameter(name + "_w", torch::randn({op.out.c, in_features}) * 0.01);
      if (op.bias) t["bias"] = root.register_parameter(name + "_b", torch::zeros({op.out.c}));
    }
    local[static_cast<int>(idx)] = static_cast<int>(f.ops.size());
    f.ops.push_back(std::move(copy));
    f.tensors.push_back(std::move(t));
  }
  return f;
}

torch::Tensor run(const Fragment& f, const torch::Tensor& input, bool train_bn, double momentum) {
  std::vector<torch::Tensor> v(f.ops.size());
  const auto get = [&](int i) -> const torch::Tensor& { return i < 0 ? input : v[static_cast<std::size_t>(i)]; };
  for (std::size_t i = 0; i < f.ops.size(); ++i) {
    const graph::Op& op = f.ops[i];
    const auto& t = f.tensors[i];
    const torch::Tensor& x = get(op.inputs.front());
    switch (op.kind) {
      case OpKind::input: v[i] = input; break;
      case OpKind::conv:
        v[i] = torch::conv2d(x, t.at("weight"), op.bias ? t.at("bias") : torch::Tensor(), {op.stride, op.stride},
                             {op.pad, op.pad}, {1, 1}, op.groups);
        break;
      case OpKind::batch_norm:
        v[i] = torch::batch_norm(x, t.at("weight"), t.at("bias"), t.at("mean"), t.at("var"), train_bn, momentum, kBnEps, false);
        break;
      case OpKind::activation: v[i] = engine::activate(x, op.act); break;
      case OpKind::add: v[i] = x + get(op.inputs[1]); break;
      case OpKind::multiply: v[i] = x * get(op.inputs[1]); break;
      case OpKind::global_avg_pool: v[i] = torch::adaptive_avg_pool2d(x, {1, 1}); break;
      case OpKind::avg_pool:
        v[i] = torch::avg_pool2d(x, {op.kernel, op.kernel}, {op.stride, op.stride}, {op.pad, op.pad}, op.ceil_mode, false);
        break;
      case OpKind::max_pool:
        v[i] = torch::max_pool2d(x, {op.kernel, op.kernel}, {op.stride, op.stride}, {op.pad, op.pad}, {1, 1}, op.ceil_mode);
        break;
      case OpKind::linear:
        v[i] = torch::linear(torch::flatten(x, 1), t.at("weight"), op.bias ? t.at("bias") : torch::Tensor());
        break;
      case OpKind::concat: {
        std::vector<torch::Tensor> parts;
        for (int in : op.inputs) parts.push_back(get(in));
        v[i] = torch::cat(parts, 1);
        break;
      }
      case OpKind::slice: v[i] = x.narrow(1, op.channel_begin, op.out.c); break;
      case OpKind::channel_shuffle: {
        const std::int64_t n = x.size(0), g = op.groups, c = op.out.c, h = op.out.h, w = op.out.w;
        v[i] = x.reshape({n, g, c / g, h, w}).transpose(1, 2).reshape({n, c, h, w});
        break;
      }
    }
  }
  return v.back();
}

}  // namespace

struct Supernet::Impl {
  const space::Space& space;
  SupernetOptions options;
  torch::nn::Module root;
  std::vector<Fragment> stem, head;
  std::vector<int> unit_first_slot;                // global slot of each unit's first layer
  std::map<std::pair<int, int>, Fragment> blocks;  // (slot, block) -> candidate

  Impl(const space::Space& s, SupernetOptions o) : space(s), options(o) {
    if (!space.variables.empty()) throw InputError(fmt::format("supernet: space '{}' has variables; not supported", space.name));
    arch::Architecture base;
    base.resolution = space.default_resolution;
    for (const auto& u : space.units) {
      if (u.widths.size() != 1) throw InputError(fmt::format("supernet: unit {} of '{}' has width choices; not supported", u.name, space.name));
      unit_first_slot.push_back(unit_first_slot.empty() ? 0 : unit_first_slot.back() + space.units[unit_first_slot.size() - 1].max_layers);
      arch::UnitChoice c;
      for (const auto& ids : u.layer_blocks) c.blocks.push_back(ids.front());
      base.units.push_back(c);
    }
    const graph::Graph g = graph::build(space, base);
    for (std::size_t l = 0; l < g.layers.size(); ++l) {
      const graph::Layer& layer = g.layers[l];
      if (layer.role == graph::LayerRole::stem) stem.push_back(extract(g, static_cast<int>(l), root, fmt::format("stem{}", l)));
      if (layer.role == graph::LayerRole::head) head.push_back(extract(g, static_cast<int>(l), root, fmt::format("head{}", l)));
      if (layer.role != graph::LayerRole::block) continue;
      const int slot = unit_first_slot[static_cast<std::size_t>(layer.unit)] + layer.index;
      for (int b : space.units[static_cast<std::size_t>(layer.unit)].layer_blocks[static_cast<std::size_t>(layer.index)]) {
        arch::Architecture a = base;
        a.units[static_cast<std::size_t>(layer.unit)].blocks[static_cast<std::size_t>(layer.index)] = b;
        const graph::Graph ga = graph::build(space, a);
        blocks.emplace(std::make_pair(slot, b), extract(ga, static_cast<int>(l), root, fmt::format("l{}_{}", slot, b)));
      }
    }
  }

  std::vector<const Fragment*> path(const arch::Architecture& a) const {
    std::vector<const Fragment*> p;
    for (const auto& f : stem) p.push_back(&f);
    for (std::size_t u = 0; u < a.units.size(); ++u) {
      for (std::size_t l = 0; l < a.units[u].blocks.size(); ++l) {
        p.push_back(&blocks.at({unit_first_slot[u] + static_cast<int>(l), a.units[u].blocks[l]}));
      }
    }
    for (const auto& f : head) p.push_back(&f);
    return p;
  }

  static torch::Tensor forward(const std::vector<const Fragment*>& p, torch::Tensor x, bool train_bn, double momentum) {
    for (const Fragment* f : p) x = run(*f, x, train_bn, momentum);
    return x;
  }

  void check(const train::ImageSet& d) const {
    if (d.size() == 0) throw InputError("supernet: empty dataset");
    if (d.channels() != space.input_channels || d.height() != space.default_resolution ||
        d.width() != space.default_resolution || d.classes != space.num_classes) {
      throw InputError(fmt::format("supernet: data of {}x{}x{} with {} classes does not fit space '{}' ({}x{}x{}, {} classes)",
                                   d.height(), d.width(), d.channels(), d.classes, space.name, space.default_resolution,
                                   space.default_resolution, space.input_channels, space.num_classes));
    }
  }
};

Supernet::Supernet(const space::Space& space, SupernetOptions options) {
  torch::manual_seed(options.seed);
  impl_ = std::make_unique<Impl>(space, options);
}

Supernet::~Supernet() = default;

std::size_t Supernet::parameter_count() const {
  std::size_t n = 0;
  for (const auto& p : impl_->root.parameters()) n += static_cast<std::size_t>(p.numel());
  return n;
}

std::size_t Supernet::inherit(const Supernet& other) {
  const torch::NoGradGuard no_grad;
  std::size_t copied = 0;
  const auto copy = [&](torch::OrderedDict<std::string, torch::Tensor> mine, const torch::OrderedDict<std::string, torch::Tensor>& theirs) {
    for (auto& item : mine) {
      const torch::Tensor* source = theirs.find(item.key());
      if (source != nullptr && source->sizes() == item.value().sizes()) {
        item.value().copy_(*source);
        ++copied;
      }
    }
  };
  copy(impl_->root.named_parameters(), other.impl_->root.named_parameters());
  copy(impl_->root.named_buffers(), other.impl_->root.named_buffers());
  return copied;
}

TrainingReport Supernet::train(const train::ImageSet& train) {
  impl_->check(train);
  const SupernetOptions& o = impl_->options;
  at::set_num_threads(o.threads);
  torch::manual_seed(o.seed + 1);
  const auto start = std::chrono::steady_clock::now();
  const torch::Tensor& images = train.images;
  const torch::Tensor& labels = train.labels;
  const std::int64_t n = train.size();
  const std::int64_t batch = std::min<std::int64_t>(o.batch, n);
  auto params = impl_->root.parameters();
  // SPOS decays conv and linear weights only; BN scales and shifts and biases are one-dimensional.
  std::vector<torch::Tensor> decayed, not_decayed;
  for (const auto& t : params) (t.dim() > 1 ? decayed : not_decayed).push_back(t);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decayed, std::make_unique<torch::optim::SGDOptions>(
                                   torch::optim::SGDOptions(o.learning_rate).momentum(0.9).weight_decay(o.weight_decay)));
  groups.emplace_back(not_decayed,
                      std::make_unique<torch::optim::SGDOptions>(torch::optim::SGDOptions(o.learning_rate).momentum(0.9)));
  torch::optim::SGD sgd(groups, torch::optim::SGDOptions(o.learning_rate).momentum(0.9));
  const auto cross_entropy = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(o.label_smoothing);
  arch::Rng rng(o.seed);
  torch::Tensor order = torch::randperm(n);
  std::int64_t pos = 0;
  TrainingReport report;
  double ema = 0;
  for (int it = 0; it < o.max_iterations; ++it) {
    if (pos + batch > n) {
      order = torch::randperm(n);
      pos = 0;
    }
    const torch::Tensor idx = order.slice(0, pos, pos + batch);
    pos += batch;
    const double progress = static_cast<double>(it) / o.max_iterations;
    const double lr = o.learning_rate * (o.schedule == LrSchedule::linear ? 1 - progress : 0.5 * (1 + std::cos(M_PI * progress)));
    for (auto& group : sgd.param_groups()) static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
    // Single path: only its weights get gradients; the others keep undefined grads, which SGD skips
    // (no weight decay or momentum for paths not sampled).
    const auto p = impl_->path(arch::sample_uniform(impl_->space, rng));
    const torch::Tensor loss = torch::nn::functional::cross_entropy(Impl::forward(p, images.index_select(0, idx), true, 0.1),
                                                                    labels.index_select(0, idx), cross_entropy);
    for (auto& t : params) t.mutable_grad() = torch::Tensor();
    loss.backward();
    sgd.step();
    const double l = loss.item<double>();
    ema = it == 0 ? l : 0.98 * ema + 0.02 * l;
    report.iterations = it + 1;
    if (o.target_loss > 0 && it >= 50 && ema <= o.target_loss) {
      report.reached_target = true;
      break;
    }
    if (o.progress && report.iterations % 50 == 0) o.progress(report.iterations, ema);
  }
  if (o.progress) o.progress(report.iterations, ema);
  report.final_loss = ema;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::vector<double> Supernet::accuracy(std::span<const arch::Architecture> paths, const train::ImageSet& train,
                                       const train::ImageSet& data) {
  impl_->check(train);
  impl_->check(data);
  const SupernetOptions& o = impl_->options;
  at::set_num_threads(o.threads);
  const torch::NoGradGuard no_grad;
  const torch::Tensor& train_x = train.images;
  const torch::Tensor& x = data.images;
  const torch::Tensor& y = data.labels;
  // The same recalibration batches for every path, so paths are compared on equal terms.
  torch::manual_seed(o.seed + 2);
  const std::int64_t n_train = train.size();
  const torch::Tensor recal = torch::randperm(n_train).slice(0, 0, std::min<std::int64_t>(n_train, std::int64_t{o.batch} * o.bn_batches));
  std::vector<double> out;
  for (const auto& a : paths) {
    arch::validate(impl_->space, a);
    const auto p = impl_->path(a);
    for (const Fragment* f : p) {
      for (auto& m : f->bn_means) m.zero_();
      for (auto& v : f->bn_vars) v.fill_(1);
    }
    // momentum 1/(k+1): the running statistics become the plain average over the k batches.
    int k = 0;
    for (std::int64_t b = 0; b < recal.size(0); b += o.batch, ++k) {
      Impl::forward(p, train_x.index_select(0, recal.slice(0, b, std::min(b + o.batch, recal.size(0)))), true, 1.0 / (k + 1));
    }
    std::int64_t correct = 0;
    for (std::int64_t b = 0; b < x.size(0); b += o.eval_batch) {
      const std::int64_t e = std::min<std::int64_t>(b + o.eval_batch, x.size(0));
      const torch::Tensor pred = Impl::forward(p, x.slice(0, b, e), false, 0.0).argmax(1);
      correct += pred.eq(y.slice(0, b, e)).sum().item<std::int64_t>();
    }
    out.push_back(100.0 * static_cast<double>(correct) / static_cast<double>(x.size(0)));
  }
  return out;
}

}  // namespace hwnas::hurricane
