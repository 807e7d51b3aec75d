// LibTorch eager: runs the IR op by op (torch_interpreter.hpp), BN unfolded — the plain reference the
// compiled engines are tested against. Runs on CUDA when this LibTorch build has it and a GPU is
// present, else on the CPU.
#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <chrono>

#include "hwnas/engine/engine_factories.hpp"
#include "hwnas/engine/torch_interpreter.hpp"
#include "hwnas/engine/torch_warnings.hpp"

namespace hwnas::engine {
namespace {

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
    return run_ops(graph_.ops, params_, input_, static_cast<std::size_t>(graph_.output), {});
  }

  torch::Device device_;
  graph::Graph graph_;
  std::vector<OpTensors> params_;
  torch::Tensor input_;
};

}  // namespace

std::unique_ptr<Engine> make_torch_eager_engine(int threads) {
  return std::make_unique<TorchEagerEngine>(threads);
}

}  // namespace hwnas::engine
