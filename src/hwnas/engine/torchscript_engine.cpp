// The default CPU engine: the generated TorchScript module of the BN-folded network, frozen
// (weights inlined as constants), its convolutions compiled by oneDNN on channels_last tensors
// with the activation or residual add after them fused (onednn_conv_pass) and its other
// elementwise ops made in-place (in_place_pass) — or, as "mobile", rewritten by optimizeForMobile
// to XNNPACK prepacked ops. Why not optimize_for_inference: docs/engines.md. The result runs in
// TorchScript's interpreter directly: the graph executor would profile the first run and
// re-optimise at the second (about 2 × 10 ms on a 7.5 ms network) a graph that is final already.
#include <ATen/Parallel.h>
#include <torch/csrc/jit/passes/xnnpack_rewrite.h>
#include <torch/csrc/jit/runtime/interpreter.h>
#include <torch/script.h>
#include <torch/version.h>

#include <chrono>
#include <optional>

#include "hwnas/engine/engine_factories.hpp"
#include "hwnas/engine/graph_sizes.hpp"
#include "hwnas/engine/in_place_pass.hpp"
#include "hwnas/engine/onednn_conv.hpp"
#include "hwnas/engine/onednn_conv_pass.hpp"
#include "hwnas/engine/torch_warnings.hpp"
#include "hwnas/export/batch_norm_folding.hpp"
#include "hwnas/export/torchscript_module.hpp"

namespace hwnas::engine {
namespace {

class TorchScriptEngine final : public Engine {
 public:
  TorchScriptEngine(int threads, bool mobile) : Engine(threads), mobile_(mobile) {
    print_each_torch_warning_once();
  }

  std::string name() const override { return mobile_ ? "mobile" : "torchscript"; }
  std::string version() const override {
    // The oneDNN version too: the convolutions are hwnas's own oneDNN primitives, which also tells
    // these measurements apart from the engine's optimize_for_inference days ("(onednn)"), and
    // "interpreter" from those run through the graph executor ("(onednn 2.6.3)", a few % slower).
    return std::string("libtorch ") + TORCH_VERSION +
           (mobile_ ? " (xnnpack, interpreter)" : " (onednn " + onednn_version() + ", interpreter)");
  }

  void build(const graph::Graph& graph, const exporting::Weights& weights) override {
    use_threads();
    const torch::NoGradGuard no_grad;
    const auto& in = graph.shape(0);
    auto values = exporting::random_input(graph, 0);
    set_input(values.data(), {1, in.c, in.h, in.w});
    // Folded here rather than by freeze: a third as many attributes to freeze (10 ms, not 30).
    auto folded = exporting::fold_batch_norms(graph, weights);
    auto module = exporting::torchscript_module(folded.graph, std::move(folded.weights));
    if (mobile_) {
      module_ = torch::jit::optimizeForMobile(module);
    } else {
      auto frozen = torch::jit::freeze(module);
      annotate_ir_sizes(*frozen.get_method("forward").graph(), folded.graph);
      compile_convolutions(frozen);
      make_elementwise_in_place(frozen);
      module_ = std::move(frozen);
    }
    code_.emplace(module_->get_method("forward").graph(), "forward");
    // Not run here: the network's first, slowest run is the protocol's first warm-up run.
  }

  RunResult run() override {
    use_threads();
    const auto start = std::chrono::steady_clock::now();
    forward();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return {elapsed.count(), {}, {}};
  }

  std::vector<float> infer(const std::vector<float>& values) override {
    use_threads();
    set_input(values.data(), input_.sizes());
    const auto out = forward().contiguous();
    return {out.data_ptr<float>(), out.data_ptr<float>() + out.numel()};
  }

 private:
  void use_threads() const {
    if (at::get_num_threads() != threads()) at::set_num_threads(threads());
  }

  // The compiled convolutions read channels_last; XNNPACK converts whatever it gets.
  void set_input(const float* values, at::IntArrayRef sizes) {
    const auto view = torch::from_blob(const_cast<float*>(values), sizes, torch::kFloat32);
    input_ = view.clone(mobile_ ? at::MemoryFormat::Contiguous : at::MemoryFormat::ChannelsLast);
  }

  torch::Tensor forward() {
    const c10::InferenceMode guard;
    torch::jit::Stack stack{module_->_ivalue(), input_};
    torch::jit::InterpreterState(*code_).run(stack);
    return stack.back().toTensor();
  }

  bool mobile_;
  std::optional<torch::jit::Module> module_;
  std::optional<torch::jit::Code> code_;
  torch::Tensor input_;
};

}  // namespace

std::unique_ptr<Engine> make_torchscript_engine(int threads, bool mobile) {
  return std::make_unique<TorchScriptEngine>(threads, mobile);
}

}  // namespace hwnas::engine
