#include "hwnas/s3nas/search.hpp"

#include <random>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/checkpoint.hpp"

namespace hwnas::s3nas {
namespace {

constexpr const char* kCheckpoint = "checkpoint.pt";

std::mt19937_64 step_rng(std::uint64_t seed, int step) {
  std::seed_seq seq{seed, static_cast<std::uint64_t>(step)};
  return std::mt19937_64(seq);
}

struct State {
  MixConvSupernet net;
  torch::optim::SGD weights;
  torch::optim::SGD thresholds;
  int step = 0;
  // Kernels per block (blocks×3, 0 = off) of the last search step whose latency met the target.
  torch::Tensor last_feasible = torch::empty({0}, torch::kLong);
};

void save_checkpoint(const State& state, const std::filesystem::path& file) {
  train::CheckpointWriter()
      .add("net", *state.net)
      .add("weights", state.weights)
      .add("thresholds", state.thresholds)
      .add("step", static_cast<double>(state.step))
      .add("last_feasible", state.last_feasible)
      .write(file);
}

void load_checkpoint(State& state, const std::filesystem::path& file) {
  train::CheckpointReader reader(file, "S3NAS search checkpoint");
  reader.read("net", *state.net);
  reader.read("weights", state.weights);
  reader.read("thresholds", state.thresholds);
  state.step = static_cast<int>(reader.value("step"));
  state.last_feasible = reader.tensor("last_feasible");
}

}  // namespace

LatencyTable search_latency_table(const std::filesystem::path& out_dir, const space::Space& space,
                                  metric::MetricSource& source) {
  return LatencyTable::cached(out_dir / "latency_table.json", space, source, std::filesystem::exists(out_dir / kCheckpoint));
}

SearchOutcome run_search(const space::Space& space, const LatencyTable& table, const train::ImageSet& train,
                         const SearchOptions& options, const std::filesystem::path& out_dir,
                         const std::function<void(const SearchStep&)>& on_step) {
  if (options.target_ms <= 0) throw InputError(fmt::format("target latency must be > 0 ms, got {}", options.target_ms));
  if (train.size() < options.batch_size)
    throw InputError(fmt::format("{} training images, fewer than one batch of {}", train.size(), options.batch_size));
  if (train.channels() != space.input_channels || train.height() != space.default_resolution)
    throw InputError(fmt::format("data {} is {}×{}×{}; space '{}' takes {}×{}×{}", train.origin, train.channels(),
                                 train.height(), train.width(), space.name, space.input_channels,
                                 space.default_resolution, space.default_resolution));
  std::filesystem::create_directories(out_dir);
  torch::manual_seed(options.seed);
  MixConvSupernet net(space);
  State state{net,
              torch::optim::SGD(net->weight_parameters(), torch::optim::SGDOptions(options.weight_lr).momentum(0.9)),
              torch::optim::SGD(net->threshold_parameters(), torch::optim::SGDOptions(options.threshold_lr)),
              0};
  const auto checkpoint = out_dir / kCheckpoint;
  if (std::filesystem::exists(checkpoint)) load_checkpoint(state, checkpoint);

  const int total = options.warmup_steps + options.search_steps;
  SearchOutcome outcome;
  int steps_this_call = 0;
  net->train();
  while (state.step < total) {
    if (options.stop_after_steps && steps_this_call == *options.stop_after_steps) break;
    const bool warmup = state.step < options.warmup_steps;
    if (state.step == options.warmup_steps) net->reset_thresholds(options.threshold_init);
    auto rng = step_rng(options.seed, state.step);
    std::vector<std::int64_t> rows(static_cast<std::size_t>(options.batch_size));
    std::uniform_int_distribution<std::int64_t> row(0, train.size() - 1);
    for (auto& r : rows) r = row(rng);
    const torch::Tensor index = torch::tensor(rows);
    const torch::Tensor x = train.images.index_select(0, index);
    const torch::Tensor y = train.labels.index_select(0, index);

    const auto gates = warmup ? net->sample_gates(rng) : net->threshold_gates();
    const torch::Tensor cross_entropy = torch::nn::functional::cross_entropy(net->forward(x, gates), y);
    const torch::Tensor latency = table.expected(*net, gates);
    torch::Tensor loss = cross_entropy;
    if (!warmup)
      loss = loss + options.lambda1 * torch::log1p(options.lambda2 * torch::relu(latency - options.target_ms));
    state.weights.zero_grad();
    state.thresholds.zero_grad();
    loss.backward();
    state.weights.step();
    if (!warmup) state.thresholds.step();
    if (!warmup && latency.item<double>() <= options.target_ms) {
      std::vector<std::int64_t> flat;
      for (const auto& kernels : MixConvSupernetImpl::selected_kernels(gates)) flat.insert(flat.end(), kernels.begin(), kernels.end());
      state.last_feasible = torch::tensor(flat);
    }
    ++state.step;
    ++steps_this_call;
    outcome.last_cross_entropy = cross_entropy.item<double>();
    if (on_step) on_step({state.step, warmup, outcome.last_cross_entropy, latency.item<double>()});
    if (state.step % options.checkpoint_every == 0) save_checkpoint(state, checkpoint);
  }
  save_checkpoint(state, checkpoint);
  outcome.steps_done = state.step;
  outcome.finished = state.step >= total;
  torch::NoGradGuard no_grad;
  // The gates flip around the target in the last steps (the hinge pushes down only above it, CE
  // pushes back up below it), so the result is the last architecture that met the target.
  if (state.last_feasible.numel() > 0) {
    std::vector<BranchKernels> kernels(net->blocks().size());
    for (std::size_t i = 0; i < kernels.size(); ++i)
      for (std::size_t j = 0; j < kBranches; ++j)
        kernels[i][j] = static_cast<int>(state.last_feasible[static_cast<std::int64_t>(i * kBranches + j)].item<std::int64_t>());
    outcome.architecture = net->to_architecture(kernels);
    outcome.met_target = true;
  } else {
    outcome.architecture = net->to_architecture(net->threshold_gates());
  }
  outcome.estimated_ms = table.estimate(space, outcome.architecture);
  return outcome;
}

}  // namespace hwnas::s3nas
