// SPOS training of a supernet (uniform path sampling: every step trains one uniformly sampled
// subnet, or paths_per_step of them with their gradients summed; with the sandwich rule the
// largest, the smallest and two random subnets, gradients summed; with in-place distillation, as
// BigNAS trains, the other three learn the largest one's predictions).
// With progressive shrinking (OFA, progressive_shrinking.hpp) the run goes through OFA's six stages,
// the later ones learning from the labels and from the largest network as it was after the first.
// With a teacher folder every path learns, as in OFA, from the labels and from the largest subnet of
// that separately trained supernet, frozen: a teacher that does not share the students' weights.
// With fair sampling the random paths (uniform sampling's one, the sandwich's two) train every
// choice of a layer equally often, as FairNAS asks (fair_sampling.hpp).
// With a fixed architecture the same loop trains that one network from scratch — the baseline the
// supernet's accuracies are compared with — or, started from a trained supernet's weights
// (init_from), fine-tunes the subnet it inherits.
//
// Resumable: every step's randomness (batch order, path, augmentation) derives from (seed, step),
// so a run continued from a checkpoint computes exactly what the uninterrupted run would. A
// checkpoint is written every `checkpoint_every` steps, at the end, and when SIGINT/SIGTERM arrives
// (the run then stops with `interrupted`).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::train {

struct TrainOptions {
  std::filesystem::path data_dir;
  std::filesystem::path out_dir;
  std::string id;                       // supernet id (accuracy:<id>); default: out_dir's name
  int epochs = 1;
  std::int64_t train_images = 0;        // images per epoch from the training split; 0: all of it
  std::int64_t validation_images = 5000;  // held out of the training file for the log's val_acc
  int batch_size = 128;
  double learning_rate = 3e-3;          // Adam, cosine-annealed to 0 over all steps
  double weight_decay = 0;
  int max_shift = 2;                    // augmentation: random shift (pixels); 0 switches it off
  bool flip = true;                     // augmentation: horizontal flip
  bool sandwich = false;
  bool distill = false;                 // with sandwich: in-place distillation from the largest subnet
  bool progressive = false;             // OFA's progressive shrinking instead of uniform sampling
  bool fair = false;                    // the random paths cycle each layer's choices (fair_sampling.hpp)
  int paths_per_step = 1;               // uniform sampling: random subnets a step, gradients summed
  std::optional<std::string> fixed_arch;  // canonical text: train only this network
  std::filesystem::path init_from;      // a trained supernet folder whose weights start this run (empty: random)
  std::filesystem::path teacher;        // a trained supernet folder whose largest subnet, frozen, teaches every path
  std::uint64_t seed = 0;
  int threads = 2;
  std::int64_t checkpoint_every = 200;  // steps
  std::int64_t stop_after_steps = 0;    // pause after this many steps in total (0: run to the end)
  bool quiet = false;                   // no progress line
};

nlohmann::json to_json(const TrainOptions& options);

struct TrainOutcome {
  std::int64_t steps_done = 0;
  std::int64_t steps_total = 0;
  bool resumed = false;       // continued an earlier run
  bool finished = false;      // all steps done (false: paused or interrupted)
  bool interrupted = false;   // stopped by a signal
  double images_per_second = 0;
  double seconds = 0;
  double val_acc_largest = 0;  // validation top-1 (%) of the largest / smallest subnet at the end
  double val_acc_smallest = 0;
};

// Trains, or resumes when out_dir already holds a run of the same space, data and options
// (epochs and stop_after_steps may differ). Throws InputError for a missing/corrupt data file, an
// unsupported space or an out_dir holding another run.
TrainOutcome train_supernet(const space::Space& space, const TrainOptions& options);

}  // namespace hwnas::train
