#include "hwnas/hurricane/supernet.hpp"

#include <chrono>

#include <fmt/core.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "hwnas/train/ir_tensor.hpp"
#include "hwnas/train/step_random.hpp"

namespace hwnas::hurricane {
namespace {

using graph::OpKind;

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
    engine::OpTensors t;
    const std::string name = fmt::format("{}_{}", prefix, f.ops.size());
    if (op.kind == OpKind::conv) {
      auto w = torch::empty({op.out.c, c_in / op.groups, op.kernel, op.kernel});
      torch::nn::init::kaiming_normal_(w, 0.0, torch::kFanOut, torch::kReLU);
      t["weight"] = root.register_parameter(name + "_w", w);
      if (op.bias) t["bias"] = root.register_parameter(name + "_b", torch::zeros({op.out.c}));
    } else if (op.kind == OpKind::batch_norm) {
      t["weight"] = root.register_parameter(name + "_g", torch::ones({op.out.c}));
      t["bias"] = root.register_parameter(name + "_b", torch::zeros({op.out.c}));
      t["running_mean"] = root.register_buffer(name + "_m", torch::zeros({op.out.c}));
      t["running_var"] = root.register_buffer(name + "_v", torch::ones({op.out.c}));
      f.bn_means.push_back(t["running_mean"]);
      f.bn_vars.push_back(t["running_var"]);
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

torch::Tensor forward(const std::vector<const Fragment*>& path, torch::Tensor x, engine::BatchNormMode batch_norm) {
  for (const Fragment* f : path) x = engine::run_ops(f->ops, f->tensors, x, f->ops.size() - 1, batch_norm);
  return x;
}

}  // namespace

SupernetImpl::SupernetImpl(const space::Space& space, SupernetOptions options) : space_(space), options_(std::move(options)) {
  if (!space_.variables.empty()) throw InputError(fmt::format("supernet: space '{}' has variables; not supported", space_.name));
  torch::manual_seed(options_.seed);
  arch::Architecture base;
  base.resolution = space_.default_resolution;
  for (const auto& u : space_.units) {
    if (u.widths.size() != 1) {
      throw InputError(fmt::format("supernet: unit {} of '{}' has width choices; not supported", u.name, space_.name));
    }
    unit_first_slot_.push_back(unit_first_slot_.empty()
                                   ? 0
                                   : unit_first_slot_.back() + space_.units[unit_first_slot_.size() - 1].max_layers);
    arch::UnitChoice c;
    for (const auto& ids : u.layer_blocks) c.blocks.push_back(ids.front());
    base.units.push_back(c);
  }
  const graph::Graph g = graph::build(space_, base);
  for (std::size_t l = 0; l < g.layers.size(); ++l) {
    const graph::Layer& layer = g.layers[l];
    const int index = static_cast<int>(l);
    if (layer.role == graph::LayerRole::stem) stem_.push_back(extract(g, index, *this, fmt::format("stem{}", l)));
    if (layer.role == graph::LayerRole::head) head_.push_back(extract(g, index, *this, fmt::format("head{}", l)));
    if (layer.role != graph::LayerRole::block) continue;
    const int slot = unit_first_slot_[static_cast<std::size_t>(layer.unit)] + layer.index;
    for (int b : space_.units[static_cast<std::size_t>(layer.unit)].layer_blocks[static_cast<std::size_t>(layer.index)]) {
      arch::Architecture a = base;
      a.units[static_cast<std::size_t>(layer.unit)].blocks[static_cast<std::size_t>(layer.index)] = b;
      blocks_.emplace(std::make_pair(slot, b), extract(graph::build(space_, a), index, *this, fmt::format("l{}_{}", slot, b)));
    }
  }
}

std::vector<const Fragment*> SupernetImpl::path(const arch::Architecture& a) const {
  std::vector<const Fragment*> p;
  for (const auto& f : stem_) p.push_back(&f);
  for (std::size_t u = 0; u < a.units.size(); ++u) {
    for (std::size_t l = 0; l < a.units[u].blocks.size(); ++l) {
      p.push_back(&blocks_.at({unit_first_slot_[u] + static_cast<int>(l), a.units[u].blocks[l]}));
    }
  }
  for (const auto& f : head_) p.push_back(&f);
  return p;
}

void SupernetImpl::check(const train::ImageSet& d) const {
  if (d.size() == 0) throw InputError("supernet: empty dataset");
  if (d.channels() != space_.input_channels || d.height() != space_.default_resolution ||
      d.width() != space_.default_resolution || d.classes != space_.num_classes) {
    throw InputError(fmt::format("supernet: data of {}x{}x{} with {} classes does not fit space '{}' ({}x{}x{}, {} classes)",
                                 d.height(), d.width(), d.channels(), d.classes, space_.name, space_.default_resolution,
                                 space_.default_resolution, space_.input_channels, space_.num_classes));
  }
}

std::size_t SupernetImpl::parameter_count() const {
  std::size_t n = 0;
  for (const auto& p : parameters()) n += static_cast<std::size_t>(p.numel());
  return n;
}

torch::Tensor SupernetImpl::logits(const arch::Architecture& a, const torch::Tensor& x) const {
  arch::validate(space_, a);
  const torch::NoGradGuard no_grad;
  return forward(path(a), x, {false, 0.0});
}

exporting::Weights SupernetImpl::path_weights(const arch::Architecture& a) const {
  arch::validate(space_, a);
  const graph::Graph g = graph::build(space_, a);
  const auto p = path(a);
  // The path holds one fragment per logical layer, its ops in the graph's order (extract above).
  std::vector<std::size_t> next(g.layers.size(), 0);
  exporting::Weights weights;
  for (const graph::Op& op : g.ops) {
    if (op.layer < 0) {  // the input: in no layer, no weights
      weights.ops.emplace_back();
      continue;
    }
    const auto layer = static_cast<std::size_t>(op.layer);
    const Fragment& f = *p.at(layer);
    const std::size_t k = next[layer]++;
    if (k >= f.ops.size() || f.ops[k].kind != op.kind)
      throw std::logic_error(fmt::format("supernet path and graph disagree at layer {}", g.layers[layer].name));
    exporting::OpParams params;
    for (const auto& [name, tensor] : f.tensors[k]) params.emplace(name, train::to_ir_tensor(tensor));
    weights.ops.push_back(std::move(params));
  }
  return weights;
}

std::size_t SupernetImpl::inherit(const SupernetImpl& other) {
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
  copy(named_parameters(), other.named_parameters());
  copy(named_buffers(), other.named_buffers());
  return copied;
}

TrainingReport SupernetImpl::fit(const train::ImageSet& train) {
  check(train);
  const SupernetOptions& o = options_;
  at::set_num_threads(o.threads);
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t batch = std::min<std::int64_t>(o.batch, train.size());
  auto params = parameters();
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

  TrainingReport report;
  double ema = 0;
  if (!o.checkpoint.empty() && std::filesystem::exists(o.checkpoint)) {
    train::CheckpointReader reader(o.checkpoint, "HURRICANE supernet checkpoint");
    reader.read("net", *this);
    reader.read("optimizer", sgd);
    report.iterations = static_cast<int>(reader.value("iteration"));
    ema = reader.value("loss_average");
    report.resumed = true;
  }
  const auto checkpoint = [&] {
    if (o.checkpoint.empty()) return;
    train::CheckpointWriter()
        .add("net", *this)
        .add("optimizer", sgd)
        .add("iteration", static_cast<double>(report.iterations))
        .add("loss_average", ema)
        .write(o.checkpoint);
  };
  const int first = report.iterations;
  for (int it = first; it < o.max_iterations; ++it) {
    if (o.stop_after_iterations > 0 && it - first == o.stop_after_iterations) break;
    const torch::Tensor idx = train::batch_rows(train.size(), batch, o.seed, it);
    train::set_learning_rate(sgd, train::scheduled_learning_rate(o.schedule, o.learning_rate, it, o.max_iterations));
    // Single path: only its weights get gradients; the others keep undefined grads, which SGD skips
    // (no weight decay or momentum for paths not sampled).
    arch::Rng rng(train::step_seed(o.seed, static_cast<std::uint64_t>(it), train::StepDraw::path));
    const auto p = path(arch::sample_uniform(space_, rng));
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        forward(p, train.images.index_select(0, idx), {true, 0.1}), train.labels.index_select(0, idx), cross_entropy);
    for (auto& t : params) t.mutable_grad() = torch::Tensor();
    loss.backward();
    sgd.step();
    const double l = loss.item<double>();
    ema = it == 0 ? l : 0.98 * ema + 0.02 * l;
    report.iterations = it + 1;
    if (report.iterations % o.checkpoint_every == 0) checkpoint();
    if (o.target_loss > 0 && it >= 50 && ema <= o.target_loss) {
      report.reached_target = true;
      break;
    }
    if (o.progress && report.iterations % 50 == 0) o.progress(report.iterations, ema);
  }
  checkpoint();
  if (o.progress) o.progress(report.iterations, ema);
  report.final_loss = ema;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::vector<double> SupernetImpl::accuracy(std::span<const arch::Architecture> paths, const train::ImageSet& train,
                                           const train::ImageSet& data) {
  check(train);
  check(data);
  const SupernetOptions& o = options_;
  at::set_num_threads(o.threads);
  const torch::NoGradGuard no_grad;
  const torch::Tensor& train_x = train.images;
  const torch::Tensor& x = data.images;
  const torch::Tensor& y = data.labels;
  // The same recalibration batches for every path, so paths are compared on equal terms.
  torch::manual_seed(o.seed + 2);
  const std::int64_t n_train = train.size();
  const torch::Tensor recal =
      torch::randperm(n_train).slice(0, 0, std::min<std::int64_t>(n_train, std::int64_t{o.batch} * o.bn_batches));
  std::vector<double> out;
  for (const auto& a : paths) {
    arch::validate(space_, a);
    const auto p = path(a);
    for (const Fragment* f : p) {
      for (auto& m : f->bn_means) m.zero_();
      for (auto& v : f->bn_vars) v.fill_(1);
    }
    // momentum 1/(k+1): the running statistics become the plain average over the k batches.
    int k = 0;
    for (std::int64_t b = 0; b < recal.size(0); b += o.batch, ++k) {
      forward(p, train_x.index_select(0, recal.slice(0, b, std::min(b + o.batch, recal.size(0)))), {true, 1.0 / (k + 1)});
    }
    std::int64_t correct = 0;
    for (std::int64_t b = 0; b < x.size(0); b += o.eval_batch) {
      const std::int64_t e = std::min<std::int64_t>(b + o.eval_batch, x.size(0));
      const torch::Tensor pred = forward(p, x.slice(0, b, e), {false, 0.0}).argmax(1);
      correct += pred.eq(y.slice(0, b, e)).sum().item<std::int64_t>();
    }
    out.push_back(100.0 * static_cast<double>(correct) / static_cast<double>(x.size(0)));
  }
  return out;
}

}  // namespace hwnas::hurricane
