#include "hwnas/train/trainer.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <memory>
#include <sstream>
#include <tuple>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "hwnas/train/fair_sampling.hpp"
#include "hwnas/train/lr_schedule.hpp"
#include "hwnas/train/progressive_shrinking.hpp"
#include "hwnas/train/step_random.hpp"
#include "hwnas/train/subnet_eval.hpp"
#include "hwnas/train/supernet_dir.hpp"

namespace hwnas::train {
namespace {

std::atomic<bool> stop_requested{false};
extern "C" void request_stop(int) { stop_requested = true; }

// SIGINT/SIGTERM finish the current step, checkpoint and stop; the old handlers come back after.
class StopOnSignal {
 public:
  StopOnSignal() : old_int_(std::signal(SIGINT, request_stop)), old_term_(std::signal(SIGTERM, request_stop)) {
    stop_requested = false;
  }
  ~StopOnSignal() {
    std::signal(SIGINT, old_int_);
    std::signal(SIGTERM, old_term_);
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  void (*old_int_)(int);
  void (*old_term_)(int);
};

// What identifies a run: resuming with different values would train something else.
nlohmann::json identity(const TrainOptions& o) {
  nlohmann::json j = to_json(o);
  for (const char* key : {"epochs", "stop_after_steps", "threads", "checkpoint_every", "quiet", "out_dir"}) j.erase(key);
  // Runs from before these options resume as they did.
  if (!o.distill) j.erase("distill");
  if (!o.progressive) j.erase("progressive");
  if (!o.fair) j.erase("fair");
  if (o.paths_per_step == 1) j.erase("paths_per_step");
  for (const auto& [key, path] : {std::pair{"init_from", o.init_from}, std::pair{"teacher", o.teacher}}) {
    if (path.empty()) j.erase(key);
    else j[key] = std::filesystem::absolute(path).lexically_normal().string();
  }
  j["data_dir"] = std::filesystem::absolute(o.data_dir).lexically_normal().string();
  return j;
}

constexpr const char* kLogHeader = "step,epoch,lr,loss,train_acc,images_per_s,val_acc_largest,val_acc_smallest";

// Keeps the header and rows up to `step` (rows after the checkpoint belong to the lost steps).
void truncate_log(const std::filesystem::path& path, std::int64_t step) {
  std::ifstream in(path);
  std::ostringstream kept;
  std::string line;
  kept << kLogHeader << "\n";
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (!line.empty() && std::stoll(line.substr(0, line.find(','))) <= step) kept << line << "\n";
  }
  in.close();
  std::ofstream(path) << kept.str();
}

void check_data_fits(const space::Space& space, const ImageSet& train, const std::filesystem::path& dir) {
  if (train.channels() != space.input_channels || train.height() != train.width() ||
      !space.has_resolution(train.height())) {
    throw InputError(fmt::format("data in {} is {}×{}×{} but space '{}' takes {} channel(s) at resolution(s) {}",
                                 dir.string(), train.channels(), train.height(), train.width(), space.name,
                                 space.input_channels, space.default_resolution));
  }
  if (train.classes > space.num_classes) {
    throw InputError(fmt::format("data in {} has {} classes but space '{}' has {}", dir.string(), train.classes,
                                 space.name, space.num_classes));
  }
}

// The trained supernet in the folder when a path is given, which must be of this space.
std::optional<LoadedSupernet> trained_supernet(const std::filesystem::path& dir, const space::Space& space) {
  if (dir.empty()) return std::nullopt;
  LoadedSupernet loaded = load_supernet(dir);
  if (loaded.info.space_name != space.name) {
    throw InputError(fmt::format("{} is a supernet of space '{}', not '{}'", dir.string(), loaded.info.space_name,
                                 space.name));
  }
  return loaded;
}

// One training run, in the four phases every step of it goes through: prepare (the constructor:
// data, network, optimiser, resumed from the folder when it holds this run), step, validate and
// checkpoint.
class SupernetTraining {
 public:
  SupernetTraining(const space::Space& space, const TrainOptions& options) : space_(space), options_(options) {
    if (options.epochs < 1 || options.batch_size < 1 || options.checkpoint_every < 1 || options.threads < 1) {
      throw InputError("epochs, batch size, checkpoint interval and threads must be at least 1");
    }
    torch::set_num_threads(options.threads);
    const DataFolder data = load_data_folder(options.data_dir);
    check_data_fits(space, data.train, options.data_dir);
    auto [train_raw, val_raw] = split_validation(data.train, options.validation_images, options.seed);
    if (options.train_images > 0) train_raw = train_raw.slice(0, std::min(options.train_images, train_raw.size()));
    // A fine-tuned supernet keeps the normalisation its weights were trained with, and a student sees
    // its inputs as its teacher does.
    const std::optional<LoadedSupernet> source = trained_supernet(options.init_from, space);
    const std::optional<LoadedSupernet> teacher = trained_supernet(options.teacher, space);
    if (source && teacher && source->info.normalisation.mean != teacher->info.normalisation.mean) {
      throw InputError(fmt::format("{} and {} normalise their inputs differently; start from and learn from "
                                   "supernets trained on the same images", options.init_from.string(),
                                   options.teacher.string()));
    }
    const Normalisation norm = source    ? source->info.normalisation
                               : teacher ? teacher->info.normalisation
                                         : channel_statistics(train_raw);
    train_ = normalise(train_raw, norm);
    const ImageSet val = normalise(val_raw, norm);
    steps_per_epoch_ = train_.size() / options.batch_size;
    if (steps_per_epoch_ < 1) {
      throw InputError(fmt::format("{} training images are fewer than one batch of {}", train_.size(), options.batch_size));
    }
    if (options.distill && (!options.sandwich || options.fixed_arch)) {
      throw InputError("in-place distillation needs the sandwich rule (--sandwich) and a supernet: the largest "
                       "subnet of each step teaches the others");
    }
    if (options.progressive && (options.sandwich || options.fixed_arch)) {
      throw InputError("progressive shrinking has its own sampling: give it without --sandwich, --distill or --arch");
    }
    if (options.paths_per_step < 1 ||
        (options.paths_per_step > 1 && (options.sandwich || options.progressive || options.fixed_arch))) {
      throw InputError(fmt::format("paths per step {}: uniform sampling takes 1 or more; the sandwich rule, "
                                   "progressive shrinking and --arch choose their own paths",
                                   options.paths_per_step));
    }
    if (options.fair && (options.progressive || options.fixed_arch)) {
      throw InputError("fair sampling (--fair) cycles the random paths of uniform sampling or the sandwich rule; "
                       "give it without --progressive or --arch");
    }
    if (teacher && (options.distill || options.progressive || options.fixed_arch)) {
      throw InputError("a separately trained teacher (--teacher) teaches uniform sampling or the sandwich rule; "
                       "give it without --distill, --progressive or --arch");
    }
    if (source && options.progressive) {
      throw InputError("a run started from a trained supernet (--init-from) fine-tunes with uniform sampling, the "
                       "sandwich rule or one architecture (--arch), not progressive shrinking");
    }
    if (options.fixed_arch) fixed_ = arch::parse_canonical(space, *options.fixed_arch);
    torch::manual_seed(options.seed);  // the initial weights, so the same seed gives the same run
    // OFA trains its progressive shrinking with the kernel transformation.
    net_ = source ? source->net : Supernet(space, SupernetOptions().kernel_transform(options.progressive));
    new_optimizer();
    if (options.fair) fair_.emplace(space, options.seed, space.default_resolution);
    largest_ = fixed_ ? *fixed_ : net_->largest();
    smallest_ = fixed_ ? *fixed_ : net_->smallest();
    calibration_ = train_.slice(0, std::min<std::int64_t>(2000, train_.size()));
    val_subset_ = val.slice(0, std::min<std::int64_t>(2000, val.size()));

    const auto& dir = options.out_dir;
    std::filesystem::create_directories(dir);
    if (is_supernet_dir(dir)) {
      info_ = read_info(dir);
      if (info_.space_name != space.name || identity(options) != info_.options.value("identity", nlohmann::json())) {
        throw InputError(fmt::format("{} holds another training run (space '{}', other data or options); "
                                     "give a new --out or the same options to resume",
                                     dir.string(), info_.space_name));
      }
      CheckpointReader(dir / "weights.pt", "supernet weights file").read("", *net_);
      CheckpointReader(dir / "optimizer.pt", "optimizer state file").read("", *optimizer_);
      resumed_ = true;
    } else {
      info_.id = options.id.empty() ? std::filesystem::absolute(dir).filename().string() : options.id;
      info_.space_name = space.name;
      info_.data_dir = std::filesystem::absolute(options.data_dir);
      write_space_file(dir, space);
      std::ofstream(dir / "log.csv") << kLogHeader << "\n";
    }
    info_.network = net_->options();
    info_.options = to_json(options);
    info_.options["identity"] = identity(options);
    info_.normalisation = norm;
    info_.steps_total = options.epochs * steps_per_epoch_;
    // A resumed progressive run past its full stage has its teacher on disk.
    if (resumed_ && options.progressive && info_.steps_done > stage_begin(1, info_.steps_total)) load_teacher();
    if (teacher) use_teacher(teacher->net);
    if (resumed_) truncate_log(dir / "log.csv", info_.steps_done);
    net_->train();
  }

  struct StepResult {
    double learning_rate = 0;
    double loss = 0;
    double accuracy = 0;  // top-1 (%) of the batch, of the last path trained
  };

  // Trains step info().steps_done: uniform sampling's path(s) or the fixed network, the sandwich's
  // four, or the paths of progressive shrinking's current stage.
  StepResult step() {
    const std::int64_t step = info_.steps_done;
    const auto start = std::chrono::steady_clock::now();
    const torch::Tensor idx = batch_rows(train_.size(), options_.batch_size, options_.seed, step);
    torch::Tensor x = train_.images.index_select(0, idx);
    const torch::Tensor y = train_.labels.index_select(0, idx);
    torch::Generator g =
        at::detail::createCPUGenerator(step_seed(options_.seed, static_cast<std::uint64_t>(step), StepDraw::augmentation));
    if (options_.max_shift > 0 || options_.flip) x = augment(x, options_.max_shift, options_.flip, g);

    StepResult result;
    arch::Rng rng(step_seed(options_.seed, static_cast<std::uint64_t>(step), StepDraw::path));
    std::vector<arch::Architecture> paths;
    if (options_.progressive) {
      const StageSpan span = stage_at(step, info_.steps_total);
      if (step == span.begin && step > 0) {
        // Stages too short to hold a step (a short run) still hand over what they would have.
        for (std::size_t i = stage_at(step - 1, info_.steps_total).index + 1; i <= span.index; ++i) start_stage(i);
      }
      const ShrinkStage& stage = shrink_stages()[span.index];
      result.learning_rate = stage.lr_factor * scheduled_learning_rate(LrSchedule::cosine, options_.learning_rate,
                                                                       step - span.begin, span.end - span.begin);
      for (int i = 0; i < stage.paths; ++i) paths.push_back(sample_in_stage(space_, stage, largest_, rng));
    } else {
      result.learning_rate = scheduled_learning_rate(LrSchedule::cosine, options_.learning_rate, step, info_.steps_total);
      if (fixed_) {
        paths.push_back(*fixed_);
      } else if (options_.sandwich) {
        paths = {largest_, smallest_, random_path(2 * step, rng), random_path(2 * step + 1, rng)};
      } else {
        const std::int64_t n = options_.paths_per_step;
        for (std::int64_t i = 0; i < n; ++i) paths.push_back(random_path(step * n + i, rng));
      }
    }
    set_learning_rate(*optimizer_, result.learning_rate);
    // Gradients are dropped, not zeroed: Adam then leaves layers off this step's path untouched
    // (no momentum drift), and a resumed run, whose fresh layers have no gradient, matches.
    for (auto& p : net_->parameters()) p.mutable_grad() = torch::Tensor();
    // The class probabilities the paths learn besides the labels (no gradient): progressive
    // shrinking's frozen teacher, a separately trained one, or in-place distillation's largest subnet.
    torch::Tensor soft_targets;
    if (teacher_) {
      const torch::NoGradGuard no_grad;
      soft_targets = torch::softmax(teacher_->forward(x, largest_), 1);
    }
    for (const auto& path : paths) {
      const torch::Tensor logits = net_->forward(x, path);
      // OFA adds the teacher's loss to the labels' (kd_ratio 1); BigNAS's students learn it alone.
      torch::Tensor loss;
      if (!soft_targets.defined() || !options_.distill) loss = torch::cross_entropy_loss(logits, y);
      if (soft_targets.defined()) {
        const torch::Tensor distillation = -(soft_targets * torch::log_softmax(logits, 1)).sum(1).mean();
        loss = loss.defined() ? loss + distillation : distillation;
      }
      if (options_.distill && !soft_targets.defined()) soft_targets = torch::softmax(logits.detach(), 1);
      loss.backward();
      result.loss = loss.item<double>();
      result.accuracy = 100.0 * logits.argmax(1).eq(y).to(torch::kFloat64).mean().item<double>();
    }
    optimizer_->step();
    step_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    images_ += options_.batch_size * static_cast<std::int64_t>(paths.size());
    info_.steps_done = step + 1;
    info_.images_per_second = step_seconds_ > 0 ? static_cast<double>(images_) / step_seconds_ : 0;
    return result;
  }

  // Top-1 (%) of the largest and the smallest subnet on the validation subset, BN recalibrated.
  std::pair<double, double> validate() {
    recalibrate_batch_norm(net_, largest_, calibration_, 500);
    const double large = top1_accuracy(net_, largest_, val_subset_, 500);
    recalibrate_batch_norm(net_, smallest_, calibration_, 500);
    const double small = top1_accuracy(net_, smallest_, val_subset_, 500);
    net_->train();
    return {large, small};
  }

  void checkpoint() {
    CheckpointWriter().add("", *net_).write(options_.out_dir / "weights.pt");
    CheckpointWriter().add("", *optimizer_).write(options_.out_dir / "optimizer.pt");
    write_info(options_.out_dir, info_);
  }

  const SupernetInfo& info() const { return info_; }
  std::int64_t steps_per_epoch() const { return steps_per_epoch_; }
  bool resumed() const { return resumed_; }
  double seconds() const { return step_seconds_; }

 private:
  // Each stage of progressive shrinking is its own run in OFA, with a fresh optimiser. After the
  // first, the largest network becomes the teacher; before an expansion stage the channels are
  // ordered by importance, so the smaller expansions keep the ones that matter most.
  void start_stage(std::size_t index) {
    const auto& stages = shrink_stages();
    if (index == 1) {
      CheckpointWriter().add("", *net_).write(options_.out_dir / "teacher.pt");
      load_teacher();
    }
    if (stages[index].top_expands != stages[index - 1].top_expands) {
      net_->sort_mid_channels(stages[index - 1].top_expands);
    }
    new_optimizer();
  }

  // Progressive shrinking's teacher: the largest network as it was after the first stage.
  void load_teacher() {
    Supernet teacher(space_, net_->options());
    CheckpointReader(options_.out_dir / "teacher.pt", "teacher weights file").read("", *teacher);
    use_teacher(teacher);
  }

  void use_teacher(const Supernet& teacher) {
    teacher_ = teacher;
    teacher_->train();  // as OFA runs it: batch statistics, no gradient
  }

  // The t-th random path of the run: drawn with this step's generator, or the fair sampler's t-th.
  arch::Architecture random_path(std::int64_t t, arch::Rng& rng) {
    if (fair_) return fair_->path(t);
    return arch::sample_uniform(space_, rng, space_.default_resolution);
  }

  void new_optimizer() {
    optimizer_ = std::make_unique<torch::optim::Adam>(
        net_->parameters(), torch::optim::AdamOptions(options_.learning_rate).weight_decay(options_.weight_decay));
  }

  const space::Space& space_;
  const TrainOptions& options_;
  ImageSet train_, calibration_, val_subset_;
  std::int64_t steps_per_epoch_ = 0;
  std::optional<arch::Architecture> fixed_;
  arch::Architecture largest_, smallest_;
  Supernet net_{nullptr};
  Supernet teacher_{nullptr};  // progressive shrinking after its first stage, or --teacher's
  std::optional<FairPathSampler> fair_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
  SupernetInfo info_;
  bool resumed_ = false;
  double step_seconds_ = 0;
  std::int64_t images_ = 0;
};

}  // namespace

nlohmann::json to_json(const TrainOptions& o) {
  return {{"data_dir", o.data_dir.string()},   {"out_dir", o.out_dir.string()},
          {"id", o.id},                         {"epochs", o.epochs},
          {"train_images", o.train_images},     {"validation_images", o.validation_images},
          {"batch_size", o.batch_size},         {"learning_rate", o.learning_rate},
          {"weight_decay", o.weight_decay},     {"max_shift", o.max_shift},
          {"flip", o.flip},                     {"sandwich", o.sandwich},
          {"distill", o.distill},               {"progressive", o.progressive},
          {"fair", o.fair},                     {"paths_per_step", o.paths_per_step},
          {"fixed_arch", o.fixed_arch ? nlohmann::json(*o.fixed_arch) : nlohmann::json()},
          {"init_from", o.init_from.string()},  {"teacher", o.teacher.string()},
          {"seed", o.seed},                     {"threads", o.threads},
          {"checkpoint_every", o.checkpoint_every}, {"stop_after_steps", o.stop_after_steps},
          {"quiet", o.quiet}};
}

TrainOutcome train_supernet(const space::Space& space, const TrainOptions& options) {
  SupernetTraining run(space, options);
  const SupernetInfo& info = run.info();
  const std::int64_t end = options.stop_after_steps > 0 ? std::min(options.stop_after_steps, info.steps_total)
                                                        : info.steps_total;
  std::ofstream log(options.out_dir / "log.csv", std::ios::app);
  ProgressLine progress(fmt::format("supernet train {}", info.id), static_cast<std::size_t>(info.steps_total), 5.0);
  const StopOnSignal stop_on_signal;
  TrainOutcome outcome;
  outcome.resumed = run.resumed();
  while (info.steps_done < end) {
    const std::int64_t epoch = info.steps_done / run.steps_per_epoch();
    const auto step = run.step();
    const bool epoch_end = info.steps_done % run.steps_per_epoch() == 0;
    const bool last = info.steps_done == end || stop_requested;
    if (info.steps_done % 50 == 0 || epoch_end || last) {
      std::string val_columns = ",";
      if (epoch_end) {
        const auto [large, small] = run.validate();
        val_columns = fmt::format("{:.2f},{:.2f}", large, small);
      }
      log << fmt::format("{},{},{:.6g},{:.5f},{:.2f},{:.1f},{}\n", info.steps_done, epoch, step.learning_rate, step.loss,
                         step.accuracy, info.images_per_second, val_columns)
          << std::flush;
    }
    if (info.steps_done % options.checkpoint_every == 0 || last) run.checkpoint();
    if (!options.quiet) {
      progress.update(static_cast<std::size_t>(info.steps_done),
                      fmt::format("epoch {}, loss {:.3f}, acc {:.1f}%, {:.0f} img/s", epoch + 1, step.loss,
                                  step.accuracy, info.images_per_second));
    }
    if (stop_requested) {
      outcome.interrupted = true;
      break;
    }
  }
  if (info.steps_done == info.steps_total && !outcome.interrupted) {
    run.checkpoint();
    std::tie(outcome.val_acc_largest, outcome.val_acc_smallest) = run.validate();
    outcome.finished = true;
  }
  outcome.steps_done = info.steps_done;
  outcome.steps_total = info.steps_total;
  outcome.images_per_second = info.images_per_second;
  outcome.seconds = run.seconds();
  return outcome;
}

}  // namespace hwnas::train
