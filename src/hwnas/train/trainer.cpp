#include "hwnas/train/trainer.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <fstream>
#include <numbers>
#include <sstream>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/common/progress.hpp"
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

// splitmix64: independent streams for (seed, step, purpose) without storing generator state.
std::uint64_t mix(std::uint64_t seed, std::uint64_t step, std::uint64_t purpose) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (step * 4 + purpose + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// What identifies a run: resuming with different values would train something else.
nlohmann::json identity(const TrainOptions& o) {
  nlohmann::json j = to_json(o);
  for (const char* key : {"epochs", "stop_after_steps", "threads", "checkpoint_every", "quiet", "out_dir"}) j.erase(key);
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

}  // namespace

nlohmann::json to_json(const TrainOptions& o) {
  return {{"data_dir", o.data_dir.string()},   {"out_dir", o.out_dir.string()},
          {"id", o.id},                         {"epochs", o.epochs},
          {"train_images", o.train_images},     {"validation_images", o.validation_images},
          {"batch_size", o.batch_size},         {"learning_rate", o.learning_rate},
          {"weight_decay", o.weight_decay},     {"max_shift", o.max_shift},
          {"flip", o.flip},                     {"sandwich", o.sandwich},
          {"fixed_arch", o.fixed_arch ? nlohmann::json(*o.fixed_arch) : nlohmann::json()},
          {"seed", o.seed},                     {"threads", o.threads},
          {"checkpoint_every", o.checkpoint_every}, {"stop_after_steps", o.stop_after_steps},
          {"quiet", o.quiet}};
}

TrainOutcome train_supernet(const space::Space& space, const TrainOptions& options) {
  if (options.epochs < 1 || options.batch_size < 1 || options.checkpoint_every < 1 || options.threads < 1) {
    throw InputError("epochs, batch size, checkpoint interval and threads must be at least 1");
  }
  torch::set_num_threads(options.threads);
  const DataFolder data = load_data_folder(options.data_dir);
  check_data_fits(space, data.train, options.data_dir);
  auto [train_raw, val_raw] = split_validation(data.train, options.validation_images, options.seed);
  if (options.train_images > 0) train_raw = train_raw.slice(0, std::min(options.train_images, train_raw.size()));
  const Normalisation norm = channel_statistics(train_raw);
  const ImageSet train = normalise(train_raw, norm);
  const ImageSet val = normalise(val_raw, norm);
  const std::int64_t steps_per_epoch = train.size() / options.batch_size;
  if (steps_per_epoch < 1) {
    throw InputError(fmt::format("{} training images are fewer than one batch of {}", train.size(), options.batch_size));
  }

  std::optional<arch::Architecture> fixed;
  if (options.fixed_arch) fixed = arch::parse_canonical(space, *options.fixed_arch);
  torch::manual_seed(options.seed);  // the initial weights, so the same seed gives the same run
  Supernet net(space);
  torch::optim::Adam optimizer(net->parameters(),
                               torch::optim::AdamOptions(options.learning_rate).weight_decay(options.weight_decay));

  const auto& dir = options.out_dir;
  std::filesystem::create_directories(dir);
  TrainOutcome outcome;
  SupernetInfo info;
  if (is_supernet_dir(dir)) {
    info = read_info(dir);
    if (info.space_name != space.name || identity(options) != info.options.value("identity", nlohmann::json())) {
      throw InputError(fmt::format("{} holds another training run (space '{}', other data or options); "
                                   "give a new --out or the same options to resume",
                                   dir.string(), info.space_name));
    }
    torch::load(net, (dir / "weights.pt").string());
    torch::load(optimizer, (dir / "optimizer.pt").string());
    outcome.resumed = true;
  } else {
    info.id = options.id.empty() ? std::filesystem::absolute(dir).filename().string() : options.id;
    info.space_name = space.name;
    info.data_dir = std::filesystem::absolute(options.data_dir);
    write_space_file(dir, space);
    std::ofstream(dir / "log.csv") << kLogHeader << "\n";
  }
  info.options = to_json(options);
  info.options["identity"] = identity(options);
  info.normalisation = norm;
  info.steps_total = options.epochs * steps_per_epoch;
  if (outcome.resumed) truncate_log(dir / "log.csv", info.steps_done);

  const std::int64_t end = options.stop_after_steps > 0 ? std::min(options.stop_after_steps, info.steps_total)
                                                        : info.steps_total;
  std::ofstream log(dir / "log.csv", std::ios::app);
  ProgressLine progress(fmt::format("supernet train {}", info.id), static_cast<std::size_t>(info.steps_total), 5.0);
  const StopOnSignal stop_on_signal;
  const arch::Architecture largest = fixed ? *fixed : net->largest();
  const arch::Architecture smallest = fixed ? *fixed : net->smallest();
  const ImageSet calibration = train.slice(0, std::min<std::int64_t>(2000, train.size()));
  const ImageSet val_subset = val.slice(0, std::min<std::int64_t>(2000, val.size()));
  const auto validate = [&](double& large, double& small) {
    recalibrate_batch_norm(net, largest, calibration, 500);
    large = top1_accuracy(net, largest, val_subset, 500);
    recalibrate_batch_norm(net, smallest, calibration, 500);
    small = top1_accuracy(net, smallest, val_subset, 500);
    net->train();
  };
  const auto checkpoint = [&] {
    save_atomically(net, dir, "weights.pt");
    save_atomically(optimizer, dir, "optimizer.pt");
    write_info(dir, info);
  };

  torch::Tensor order;
  std::int64_t order_epoch = -1;
  double step_seconds = 0;
  std::int64_t images = 0;
  net->train();
  for (std::int64_t step = info.steps_done; step < end; ++step) {
    const auto start = std::chrono::steady_clock::now();
    const std::int64_t epoch = step / steps_per_epoch;
    if (epoch != order_epoch) {
      torch::Generator g = at::detail::createCPUGenerator(mix(options.seed, static_cast<std::uint64_t>(epoch), 0));
      order = torch::randperm(train.size(), g, torch::kInt64);
      order_epoch = epoch;
    }
    const torch::Tensor idx = order.narrow(0, (step % steps_per_epoch) * options.batch_size, options.batch_size);
    torch::Tensor x = train.images.index_select(0, idx);
    const torch::Tensor y = train.labels.index_select(0, idx);
    torch::Generator g = at::detail::createCPUGenerator(mix(options.seed, static_cast<std::uint64_t>(step), 1));
    if (options.max_shift > 0 || options.flip) x = augment(x, options.max_shift, options.flip, g);

    const double lr = 0.5 * options.learning_rate *
                      (1 + std::cos(std::numbers::pi * static_cast<double>(step) / static_cast<double>(info.steps_total)));
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    arch::Rng rng(mix(options.seed, static_cast<std::uint64_t>(step), 2));
    std::vector<arch::Architecture> paths;
    if (fixed) {
      paths.push_back(*fixed);
    } else if (options.sandwich) {
      paths = {net->largest(), net->smallest(), arch::sample_uniform(space, rng, space.default_resolution),
               arch::sample_uniform(space, rng, space.default_resolution)};
    } else {
      paths.push_back(arch::sample_uniform(space, rng, space.default_resolution));
    }
    // Gradients are dropped, not zeroed: Adam then leaves layers off this step's path untouched
    // (no momentum drift), and a resumed run, whose fresh layers have no gradient, matches.
    for (auto& p : net->parameters()) p.mutable_grad() = torch::Tensor();
    double loss_value = 0;
    double accuracy = 0;
    for (const auto& path : paths) {
      const torch::Tensor logits = net->forward(x, path);
      const torch::Tensor loss = torch::cross_entropy_loss(logits, y);
      loss.backward();
      loss_value = loss.item<double>();
      accuracy = 100.0 * logits.argmax(1).eq(y).to(torch::kFloat64).mean().item<double>();
    }
    optimizer.step();
    step_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    images += options.batch_size * static_cast<std::int64_t>(paths.size());
    info.steps_done = step + 1;
    info.images_per_second = step_seconds > 0 ? static_cast<double>(images) / step_seconds : 0;

    const bool epoch_end = info.steps_done % steps_per_epoch == 0;
    const bool last = info.steps_done == end || stop_requested;
    if (info.steps_done % 50 == 0 || epoch_end || last) {
      std::string val_columns = ",";
      if (epoch_end) {
        double large = 0;
        double small = 0;
        validate(large, small);
        val_columns = fmt::format("{:.2f},{:.2f}", large, small);
      }
      log << fmt::format("{},{},{:.6g},{:.5f},{:.2f},{:.1f},{}\n", info.steps_done, epoch, lr, loss_value, accuracy,
                         info.images_per_second, val_columns)
          << std::flush;
    }
    if (info.steps_done % options.checkpoint_every == 0 || last) checkpoint();
    if (!options.quiet) {
      progress.update(static_cast<std::size_t>(info.steps_done),
                      fmt::format("epoch {}, loss {:.3f}, acc {:.1f}%, {:.0f} img/s", epoch + 1, loss_value, accuracy,
                                  info.images_per_second));
    }
    if (stop_requested) {
      outcome.interrupted = true;
      break;
    }
  }
  if (info.steps_done == info.steps_total && !outcome.interrupted) {
    checkpoint();
    validate(outcome.val_acc_largest, outcome.val_acc_smallest);
    outcome.finished = true;
  }
  outcome.steps_done = info.steps_done;
  outcome.steps_total = info.steps_total;
  outcome.images_per_second = info.images_per_second;
  outcome.seconds = step_seconds;
  return outcome;
}

}  // namespace hwnas::train
