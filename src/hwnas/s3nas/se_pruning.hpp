// S3NAS's post-processing end to end (§4.3.3): the network with h-swish and an SE block in every
// layer — the paper's order, add SE → scale → remove SE, gives it one already (`add_se`, then
// scaling); a network without SE gets it here — is trained, each SE is scored (se_removal.hpp), the lowest-scoring ones are removed
// with their mean excitation folded in, optionally fine-tuned, and the latency of the plain, the
// all-SE and the pruned network is read from the latency source. The report's format is
// `hwnas-s3nas-prune-se/1` (docs/s3nas.md).
#pragma once

#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/s3nas/train_fixed.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::s3nas {

struct SePruningOptions {
  FixedTrainOptions train;
  std::int64_t score_images = 2000;  // leading training images the SE scores use
  std::optional<int> remove;         // remove this many SE blocks (lowest scores) ...
  std::optional<double> threshold;   // ... or those scoring below this (both: at most `remove` of those)
  int fine_tune_steps = 0;
  double fine_tune_lr = 0.005;
};

struct SePruning {
  space::Space space;             // the SE twin space (se_variants.hpp)
  arch::Architecture pruned;      // of `space`
  nlohmann::json report;          // hwnas-s3nas-prune-se/1
};

// `network` is of `space`: either a space without SE (the network gets SE + h-swish in every layer)
// or an SE twin space (the network's SE layers are the candidates, its space kept). `data` is
// normalised alike (train::load_leading_normalised). Throws InputError when neither `remove` nor
// `threshold` is given, the network has no SE layer, or the source gives no latency.
SePruning prune_se(const space::Space& space, const arch::Architecture& network, const train::DataFolder& data,
                   metric::MetricSource& latency, const SePruningOptions& options);

// Writes space.yaml, architecture.txt and report.json into `out` (created).
void write_se_pruning(const std::filesystem::path& out, const SePruning& pruning);

}  // namespace hwnas::s3nas
