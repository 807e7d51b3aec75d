// A SPOS supernet (Guo et al.; HURRICANE §3.2) over a space: every candidate op of every layer has
// its own weights; training samples one path uniformly per iteration (single-path one-shot), and a
// path's accuracy is measured with inherited weights after recalibrating its BN statistics on
// training batches, as SPOS does. Any space whose layers chain (every graph/ block) works: the
// network IR of each candidate runs through the IR interpreter the eager engine uses
// (engine/torch_interpreter.hpp), with trainable tensors, so no op needs a hand-written module.
// Data arrives as train::ImageSet (train/dataset.hpp), already normalised by the caller.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/engine/torch_interpreter.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/train/dataset.hpp"
#include "hwnas/train/lr_schedule.hpp"

namespace hwnas::hurricane {

// SPOS's supernet recipe by default: SGD with momentum 0.9, linear decay, label smoothing 0.1,
// weight decay on conv and linear weights only (not on BN or biases), BN recalibrated on 20 batches.
// HURRICANE retrains the winner with cosine decay instead (§4.1).
struct SupernetOptions {
  int batch = 64;
  double learning_rate = 0.1;   // HURRICANE §4.3 on a small dataset: 0.1, batch 64
  train::LrSchedule schedule = train::LrSchedule::linear;
  double label_smoothing = 0.1;
  double weight_decay = 4e-5;   // SPOS's, on weights of two or more dimensions
  int max_iterations = 2000;
  // Stop once the moving average of the training loss (over ~50 iterations) is at most this; 0: train
  // max_iterations. HURRICANE stops supernet training "at the same level training loss" as SPOS.
  double target_loss = 0;
  int bn_batches = 20;          // training batches that recalibrate a path's BN statistics
  int eval_batch = 500;
  int threads = 1;
  std::uint64_t seed = 0;
  // Where training keeps its checkpoint (weights, optimiser, iteration), every checkpoint_every
  // iterations and at the end; training resumes from it when it exists. Empty: no checkpoint.
  std::filesystem::path checkpoint;
  int checkpoint_every = 200;
  int stop_after_iterations = 0;  // pause after this many iterations of this call, checkpointed (0: run to the end)
  std::function<void(int iteration, double loss)> progress;  // every 50 iterations and at the end
};

struct TrainingReport {
  int iterations = 0;         // done in all, the ones before a resume included
  double final_loss = 0;      // moving average at the end
  bool reached_target = false;
  double seconds = 0;
  bool resumed = false;       // continued from options.checkpoint
};

// The ops of one logical layer with their trainable tensors; an op's inputs are indices into `ops`,
// -1 the layer's input (the previous layer's output).
struct Fragment {
  std::vector<graph::Op> ops;
  std::vector<engine::OpTensors> tensors;
  std::vector<torch::Tensor> bn_means, bn_vars;  // its running statistics, for recalibration
};

// The network: the stem, every candidate of every searchable layer and the head, each a fragment
// of the IR with its own tensors, registered on this module (so its parameters, buffers and
// checkpoints are a module's).
class SupernetImpl : public torch::nn::Module {
 public:
  // Registers every candidate of every layer of `space` with fresh weights drawn from options.seed.
  // InputError for a space with variables or width choices.
  SupernetImpl(const space::Space& space, SupernetOptions options);

  // Uniform path sampling over the space's candidates on `train` (InputError when the data does not
  // fit the space); resumable through options.checkpoint. Every iteration's batch and path derive
  // from (seed, iteration), so a resumed run trains exactly what an uninterrupted one would.
  TrainingReport fit(const train::ImageSet& train);
  // Top-1 accuracy (%) of each path on `data`, BN recalibrated on batches of `train`.
  std::vector<double> accuracy(std::span<const arch::Architecture> paths, const train::ImageSet& train,
                               const train::ImageSet& data);
  std::size_t parameter_count() const;
  // Logits of path `a` on x (normalised as training saw it), BN from its running statistics.
  torch::Tensor logits(const arch::Architecture& a, const torch::Tensor& x) const;
  // Path `a`'s weights laid out for the IR graph graph::build(space(), a) (export/weights.hpp), BN
  // statistics as they are now (after accuracy() recalibrated them for `a`), so an exported network
  // computes what logits() does.
  exporting::Weights path_weights(const arch::Architecture& a) const;
  const space::Space& space() const { return space_; }
  // Copies every weight and BN statistic of `other` that this supernet also has (same layer, op and
  // shape: stem, head, and the candidates both spaces share); returns how many tensors were copied.
  // Stage 2 of the two-stage search continues from stage 1's supernet this way.
  std::size_t inherit(const SupernetImpl& other);

 private:
  std::vector<const Fragment*> path(const arch::Architecture& a) const;
  void check(const train::ImageSet& data) const;

  space::Space space_;
  SupernetOptions options_;
  std::vector<Fragment> stem_, head_;
  std::vector<int> unit_first_slot_;                // global slot of each unit's first layer
  std::map<std::pair<int, int>, Fragment> blocks_;  // (slot, block) -> candidate
};
TORCH_MODULE(Supernet);

}  // namespace hwnas::hurricane
