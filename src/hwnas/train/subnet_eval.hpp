// Accuracy of one subnet of a trained supernet, as OFA measures it: the shared BN statistics fit
// no single subnet, so they are first recomputed for this subnet on a few training batches (an
// exact average over those batches), then top-1 and top-5 are measured on the test split. Data
// come from eval_data.hpp (an IDX folder or imagefolder:DIR); on CUDA when LibTorch has it.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/store/store.hpp"
#include "hwnas/train/dataset.hpp"
#include "hwnas/train/eval_data.hpp"
#include "hwnas/train/supernet.hpp"
#include "hwnas/train/supernet_dir.hpp"

namespace hwnas::train {

// Replaces the BN running statistics of the architecture's layers by their average over
// `calibration` (normalised images) in batches of batch_size; leaves the net in eval mode.
void recalibrate_batch_norm(Supernet& net, const arch::Architecture& arch, const ImageSet& calibration,
                            int batch_size);
// Top-1 accuracy in percent, eval mode, no augmentation.
double top1_accuracy(Supernet& net, const arch::Architecture& arch, const ImageSet& set, int batch_size);

struct EvalOptions {
  std::string data;                        // eval_data.hpp spec; empty: the folder the supernet was trained on
  std::int64_t calibration_images = 2000;  // OFA uses 2000 training images for BN recalibration
  std::int64_t test_images = 0;            // 0: the whole test split
  int batch_size = 500;
  int threads = 2;
  bool progress = false;                   // a progress line with images/s per subnet
};

struct SubnetAccuracy {
  double top1 = 0;  // percent
  double top5 = 0;
  double loss = 0;  // mean cross-entropy (nats) on the test split; 0 where read back from a store
  double images_per_second = 0;  // test images through the subnet (decoding overlapped), after calibration
};

// A loaded supernet with its data: evaluates subnets one after another.
class SubnetEvaluator {
 public:
  // Throws InputError when the supernet has no data folder (an imported one) and options.data is empty.
  SubnetEvaluator(const std::filesystem::path& supernet_dir, const EvalOptions& options);
  SubnetAccuracy evaluate(const arch::Architecture& arch);
  double accuracy(const arch::Architecture& arch) { return evaluate(arch).top1; }
  const space::Space& space() const { return supernet_.space; }
  const SupernetInfo& info() const { return supernet_.info; }
  // The metric source names its values go to the store under: top-1, and top-5 beside it.
  std::string metric_source() const { return "accuracy:" + supernet_.info.id; }
  std::string top5_source() const { return metric_source() + ":top5"; }
  nlohmann::json provenance() const;

 private:
  std::filesystem::path dir_;
  EvalOptions options_;
  LoadedSupernet supernet_;
  std::unique_ptr<EvalData> data_;
  torch::Device device_;
};

// Evaluates the architectures that the store lacks under `accuracy:<id>` (all of them with
// replace) and writes each value (top-1 under accuracy:<id>, top-5 under accuracy:<id>:top5) as
// soon as it is known, so an interrupted evaluation resumes. Returns the accuracies per
// architecture (for stored ones, what the store has; images_per_second 0).
std::vector<SubnetAccuracy> evaluate_into_store(SubnetEvaluator& evaluator, std::span<const arch::Architecture> archs,
                                        store::Store& store, bool replace, bool quiet);

}  // namespace hwnas::train
