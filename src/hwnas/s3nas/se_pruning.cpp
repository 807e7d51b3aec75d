#include "hwnas/s3nas/se_pruning.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/s3nas/se_removal.hpp"
#include "hwnas/s3nas/se_variants.hpp"

namespace hwnas::s3nas {
namespace {

double latency_of(metric::MetricSource& source, const space::Space& space, const arch::Architecture& a) {
  const auto value = source.evaluate(space, std::span(&a, 1)).front();
  if (!value) throw InputError(source.spec() + " gave no latency for " + arch::to_canonical(space, a));
  return *value;
}

}  // namespace

SePruning prune_se(const space::Space& space, const arch::Architecture& network, const train::DataFolder& data,
                   metric::MetricSource& latency, const SePruningOptions& options) {
  if (!options.remove && !options.threshold) throw InputError("give --remove N or --threshold X");
  const bool has_se = se_twin_offset(space).has_value();
  const SeNetwork se_network = has_se ? SeNetwork{space, network} : add_se(space, network);
  const space::Space& se_space = se_network.space;
  const arch::Architecture& with_se = se_network.architecture;
  if (se_positions(se_space, with_se).empty())
    throw InputError(fmt::format("{} has no SE layer to remove", arch::to_canonical(se_space, with_se)));
  // The network without any SE: the plain one given, or the SE network's layers all made plain
  // (h-swish kept).
  const space::Space& plain_space = has_se ? se_space : space;
  const arch::Architecture plain = has_se ? without_se_at(se_space, with_se, se_positions(se_space, with_se)) : network;
  const train::ImageSet& train_set = data.train;
  const train::ImageSet& test = data.test;

  torch::manual_seed(options.train.seed);
  MixConvSupernet net(se_space);
  const auto gates = architecture_gates(*net, with_se);
  auto se = architecture_se(*net, with_se);
  const int resolution = with_se.resolution;
  train_gated(*net, gates, se, resolution, train_set, options.train);
  const double accuracy_se = test_accuracy(*net, gates, se, resolution, test);

  const std::int64_t scored = std::min(options.score_images, train_set.size());
  const auto scores = score_se_blocks(*net, gates, se, at_resolution(train_set.images.slice(0, 0, scored), resolution));
  const auto removed = lowest_scores(scores, options.remove, options.threshold);
  std::vector<LayerPosition> positions;
  for (std::size_t i : removed) {
    fold_mean_excitation(*net->blocks()[scores[i].block], scores[i].mean_excitation);
    se[scores[i].block] = false;
    positions.push_back(scores[i].position);
  }
  const double accuracy_removed = test_accuracy(*net, gates, se, resolution, test);
  std::optional<double> accuracy_fine_tuned;
  if (options.fine_tune_steps > 0) {
    FixedTrainOptions fine = options.train;
    fine.steps = options.fine_tune_steps;
    fine.lr = options.fine_tune_lr;
    fine.seed = options.train.seed + 1;
    train_gated(*net, gates, se, resolution, train_set, fine);
    accuracy_fine_tuned = test_accuracy(*net, gates, se, resolution, test);
  }
  arch::Architecture pruned = without_se_at(se_space, with_se, positions);

  const double plain_ms = latency_of(latency, plain_space, plain);
  const double se_ms = latency_of(latency, se_space, with_se);
  const double pruned_ms = latency_of(latency, se_space, pruned);
  nlohmann::json blocks = nlohmann::json::array();
  for (std::size_t i = 0; i < scores.size(); ++i) {
    blocks.push_back({{"unit", scores[i].position.unit + 1}, {"layer", scores[i].position.layer + 1},
                      {"score", scores[i].score},
                      {"removed", std::find(removed.begin(), removed.end(), i) != removed.end()}});
  }
  nlohmann::json report{{"format", "hwnas-s3nas-prune-se/1"},
                        {"base_space", plain_space.name},
                        {"space", se_space.name},
                        {"plain_architecture", arch::to_canonical(plain_space, plain)},
                        {"se_architecture", arch::to_canonical(se_space, with_se)},
                        {"architecture", arch::to_canonical(se_space, pruned)},
                        {"latency_source", latency.spec()},
                        {"latency_ms", {{"plain", plain_ms}, {"se", se_ms}, {"pruned", pruned_ms}}},
                        {"latency_saved_ms", se_ms - pruned_ms},
                        {"test_accuracy", {{"se", accuracy_se}, {"removed", accuracy_removed}}},
                        {"train", {{"steps", options.train.steps}, {"batch", options.train.batch_size},
                                   {"lr", options.train.lr}, {"train_images", train_set.size()},
                                   {"test_images", test.size()}, {"seed", options.train.seed}}},
                        {"score_images", scored},
                        {"fine_tune_steps", options.fine_tune_steps},
                        {"se_blocks", blocks}};
  if (accuracy_fine_tuned) report["test_accuracy"]["fine_tuned"] = *accuracy_fine_tuned;
  return {se_space, std::move(pruned), std::move(report)};
}

void write_se_pruning(const std::filesystem::path& out, const SePruning& pruning) {
  write_se_network(out, {pruning.space, pruning.pruned});
  std::ofstream(out / "report.json") << pruning.report.dump(2) << "\n";
}

}  // namespace hwnas::s3nas
