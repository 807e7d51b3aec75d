// S3NAS's supernet search (S3NAS §3.3): a warm-up in which every block's options are
// drawn uniformly (λ = 0, weights only), then joint training of weights and thresholds on
//   CE + λ1·log(1 + λ2·ReLU(L − T)),
// L the expected latency (ms) of the gated supernet under a LatencyTable, T the target. The loss
// only bites above the target. The found architecture is the last search step's that met the target
// (the final hard gates' when none did).
// Every `checkpoint_every` steps the supernet, both optimisers and the step go to
// <out>/checkpoint.pt; a search started on the same folder resumes from it and, since each step's
// randomness is drawn from (seed, step), ends where an uninterrupted search ends.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

#include "hwnas/s3nas/latency_table.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::s3nas {

struct SearchOptions {
  double target_ms = 0;
  double lambda1 = 15;
  double lambda2 = 100;
  int warmup_steps = 100;
  int search_steps = 200;
  int batch_size = 64;
  double weight_lr = 0.05;     // SGD, momentum 0.9
  double threshold_lr = 0.1;   // plain SGD: expensive options get larger steps than cheap ones
  double threshold_init = 0.5; // τ at the end of warm-up, relative to each ring's ‖w‖² then
  int checkpoint_every = 50;
  std::uint64_t seed = 1;
  // Stop after this many steps in this call (a checkpoint is written): for tests of resuming.
  std::optional<int> stop_after_steps;
};

struct SearchStep {
  int step = 0;          // 1-based, over warm-up and search
  bool warmup = false;
  double cross_entropy = 0;
  double latency_ms = 0; // expected latency under the gates of this step
};

struct SearchOutcome {
  arch::Architecture architecture;
  double estimated_ms = 0;  // the latency table's estimate
  int steps_done = 0;
  bool finished = false;    // false when stopped by stop_after_steps
  bool met_target = false;  // a search step met the target: the architecture is the last such step's
  double last_cross_entropy = 0;
};

// The search's latency table, <out_dir>/latency_table.json (LatencyTable::cached): when out_dir
// holds a checkpoint the search resumes, so the table must be there, for `space` and `source`.
LatencyTable search_latency_table(const std::filesystem::path& out_dir, const space::Space& space,
                                  metric::MetricSource& source);

// `train` is already normalised. on_step (may be empty) sees every step, for progress lines.
SearchOutcome run_search(const space::Space& space, const LatencyTable& table, const train::ImageSet& train,
                         const SearchOptions& options, const std::filesystem::path& out_dir,
                         const std::function<void(const SearchStep&)>& on_step = {});

}  // namespace hwnas::s3nas
