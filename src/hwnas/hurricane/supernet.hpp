// A SPOS supernet (Guo et al.; HURRICANE §3.2) over a space: every candidate op of every layer has
// its own weights; training samples one path uniformly per iteration (single-path one-shot), and a
// path's accuracy is measured with inherited weights after recalibrating its BN statistics on
// training batches, as SPOS does. Any space whose layers chain (every graph/ block) works: the
// network IR of each candidate is run by a small trainable interpreter (conv, BN, activations,
// SE, slices, concat, channel shuffle), so no op needs a hand-written module.
// Data arrives as train::ImageSet (train/dataset.hpp), already normalised by the caller; the
// network and its interpreter stay inside supernet.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::hurricane {

// How the learning rate falls to 0 over max_iterations: SPOS trains its supernet with linear decay;
// HURRICANE retrains the winner with cosine decay (§4.1).
enum class LrSchedule { linear, cosine };

// SPOS's supernet recipe by default: SGD with momentum 0.9, linear decay, label smoothing 0.1,
// weight decay on conv and linear weights only (not on BN or biases), BN recalibrated on 20 batches.
struct SupernetOptions {
  int batch = 64;
  double learning_rate = 0.1;   // HURRICANE §4.3 on a small dataset: 0.1, batch 64
  LrSchedule schedule = LrSchedule::linear;
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
  std::function<void(int iteration, double loss)> progress;  // every 50 iterations and at the end
};

struct TrainingReport {
  int iterations = 0;
  double final_loss = 0;      // moving average at the end
  bool reached_target = false;
  double seconds = 0;
};

class Supernet {
 public:
  // Registers every candidate of every layer of `space`. InputError when the dataset does not match
  // the space's input (channels, resolution, classes).
  Supernet(const space::Space& space, SupernetOptions options);
  ~Supernet();
  Supernet(const Supernet&) = delete;
  Supernet& operator=(const Supernet&) = delete;

  // Uniform path sampling over the space's candidates on `train`.
  TrainingReport train(const train::ImageSet& train);
  // Top-1 accuracy (%) of each path on `data`, BN recalibrated on batches of `train`.
  std::vector<double> accuracy(std::span<const arch::Architecture> paths, const train::ImageSet& train,
                               const train::ImageSet& data);
  std::size_t parameter_count() const;
  // Copies every weight and BN statistic of `other` that this supernet also has (same layer, op and
  // shape: stem, head, and the candidates both spaces share); returns how many tensors were copied.
  // Stage 2 of the two-stage search continues from stage 1's supernet this way.
  std::size_t inherit(const Supernet& other);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hwnas::hurricane
