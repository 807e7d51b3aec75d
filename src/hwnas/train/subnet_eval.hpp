// Accuracy of one subnet of a trained supernet, as OFA measures it: the shared BN statistics fit
// no single subnet, so they are first recomputed for this subnet on a few training batches (an
// exact average over those batches), then top-1 is measured on the test split.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/store/store.hpp"
#include "hwnas/train/dataset.hpp"
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
  std::int64_t calibration_images = 2000;  // OFA uses 2000 training images for BN recalibration
  std::int64_t test_images = 0;            // 0: the whole test split
  int batch_size = 500;
  int threads = 2;
};

// A loaded supernet with its data: evaluates subnets one after another.
class SubnetEvaluator {
 public:
  SubnetEvaluator(const std::filesystem::path& supernet_dir, const EvalOptions& options);
  double accuracy(const arch::Architecture& arch);
  const space::Space& space() const { return supernet_.space; }
  const SupernetInfo& info() const { return supernet_.info; }
  // The metric source name its values go to the store under.
  std::string metric_source() const { return "accuracy:" + supernet_.info.id; }
  nlohmann::json provenance() const;

 private:
  std::filesystem::path dir_;
  EvalOptions options_;
  LoadedSupernet supernet_;
  ImageSet calibration_, test_;
};

// Evaluates the architectures that the store lacks under `accuracy:<id>` (all of them with
// replace) and writes each value as soon as it is known, so an interrupted evaluation resumes.
// Returns one accuracy (%) per architecture.
std::vector<double> evaluate_into_store(SubnetEvaluator& evaluator, std::span<const arch::Architecture> archs,
                                        store::Store& store, bool replace, bool quiet);

}  // namespace hwnas::train
