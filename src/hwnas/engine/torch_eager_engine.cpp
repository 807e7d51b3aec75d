// LibTorch eager: walks the IR op by op calling ATen, BN unfolded — the plain reference the
// compiled engines are tested against. Runs on CUDA when this LibTorch build has it and a GPU is
// present, else on the CPU.
#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <chrono>
#include <map>

#include "hwnas/engine/engine_factories.hpp"
#include "hwnas/engine/torch_activation.hpp"
#include "hwnas/engine/torch_warnings.hpp"

namespace hwnas::engine {
namespace {

using graph::OpKind;

class TorchEagerEngine final : public Engine {
 public:
  explicit TorchEagerEngine(int threads)
      : Engine(threads), device_(torch::cuda::is_available() ? torch::kCUDA : torch::kCPU) {
    print_each_torch_warning_once();
  }

  std::string name() const override { return "torch"; }
  std::string version() const override {
    return std::string("libtorch ") + TORCH_VERSION + (device_.is_cuda() ? " (cuda)" : " (cpu)");
  }

  void build(const graph::Graph& graph, const exporting::Weights& weights) override {
    exporting::check_weights(graph, weights);
    graph_ = graph;
    params_.assign(graph.ops.size(), {});
    for (std::size_t idx = 0; idx < graph.ops.size(); ++idx) {
      for (const auto& [name, tensor] : weights.ops[idx]) {
        params_[idx][name] = to_device(tensor.values, tensor.shape);
      }
    }
    const auto& in = graph.shape(0);
    input_ = to_device(exporting::random_input(graph, 0), {1, in.c, in.h, in.w});
    forward();
  }

  RunResult run() override {
    const auto start = std::chrono::steady_clock::now();
    forward();
    if (device_.is_cuda()) torch::cuda::synchronize();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return {elapsed.count(), {}, {}};
  }

  std::vector<float> infer(const std::vector<float>& values) override {
    input_ = to_device(values, input_.sizes().vec());
    const auto out = forward().to(torch::kCPU).contiguous();
    return {out.data_ptr<float>(), out.data_ptr<float>() + out.numel()};
  }

 private:
  torch::Tensor to_device(const std::vector<float>& values, std::vector<std::int64_t> shape) const {
    return torch::from_blob(const_cast<float*>(values.data()), shape, torch::kFloat32)
        .to(device_, /*non_blocking=*/false, /*copy=*/true);
  }


  torch::Tensor forward() {
    if (at::get_num_threads() != threads()) at::set_num_threads(threads());
    const c10::InferenceMode guard;
    std::vector<torch::Tensor> values(graph_.ops.size());
    values[0] = input_;
    for (std::size_t idx = 1; idx < graph_.ops.size(); ++idx) {
      const auto& op = graph_.ops[idx];
      auto& p = params_[idx];
      const auto& x = values[static_cast<std::size_t>(op.inputs.front())];
      const auto in = [&](std::size_t i) { return values[static_cast<std::size_t>(op.inputs[i])]; };
      const auto bias = [&] { return op.bias ? p.at("bias") : torch::Tensor(); };
      const std::vector<std::int64_t> k{op.kernel, op.kernel}, s{op.stride, op.stride},
          pad{op.pad, op.pad};
      switch (op.kind) {
        case OpKind::input: break;
        case OpKind::conv:
          values[idx] = torch::conv2d(x, p.at("weight"), bias(), s, pad, {1, 1}, op.groups);
          break;
        case OpKind::batch_norm:
          values[idx] = torch::batch_norm(x, p.at("weight"), p.at("bias"), p.at("running_mean"),
                                          p.at("running_var"), false, 0.1,
                                          exporting::kBatchNormEps, true);
          break;
        case OpKind::activation: values[idx] = activate(x, op.act); break;
        case OpKind::add: values[idx] = x + in(1); break;
        case OpKind::multiply: values[idx] = x * in(1); break;
        case OpKind::global_avg_pool: values[idx] = torch::adaptive_avg_pool2d(x, {1, 1}); break;
        case OpKind::avg_pool:
          values[idx] = torch::avg_pool2d(x, k, s, pad, op.ceil_mode, /*count_include_pad=*/false);
          break;
        case OpKind::max_pool:
          values[idx] = torch::max_pool2d(x, k, s, pad, {1, 1}, op.ceil_mode);
          break;
        case OpKind::linear:
          values[idx] = torch::linear(torch::flatten(x, 1), p.at("weight"), bias());
          break;
        case OpKind::concat: {
          std::vector<torch::Tensor> parts;
          for (std::size_t i = 0; i < op.inputs.size(); ++i) parts.push_back(in(i));
          values[idx] = torch::cat(parts, 1);
          break;
        }
        case OpKind::slice: values[idx] = x.narrow(1, op.channel_begin, op.out.c); break;
        case OpKind::channel_shuffle: {
          const std::int64_t g = op.groups, c = op.out.c, h = op.out.h, w = op.out.w;
          values[idx] = x.reshape({1, g, c / g, h, w}).transpose(1, 2).reshape({1, c, h, w});
          break;
        }
      }
    }
    return values[static_cast<std::size_t>(graph_.output)];
  }

  torch::Device device_;
  graph::Graph graph_;
  std::vector<std::map<std::string, torch::Tensor>> params_;
  torch::Tensor input_;
};

}  // namespace

std::unique_ptr<Engine> make_torch_eager_engine(int threads) {
  return std::make_unique<TorchEagerEngine>(threads);
}

}  // namespace hwnas::engine
