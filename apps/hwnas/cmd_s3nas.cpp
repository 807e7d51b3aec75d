// hwnas s3nas: the S3NAS method (docs/s3nas.md) — the latency table of a MixConv space, its check
// against the latency source, the supernet search with a latency target, training from scratch,
// the random baseline, compound scaling and the SE + h-swish post-processing with SE removal.
#include <algorithm>
#include <cmath>
#include <fstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/s3nas/compound_scaling.hpp"
#include "hwnas/s3nas/se_removal.hpp"
#include "hwnas/s3nas/search.hpp"
#include "hwnas/s3nas/train_fixed.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::cli {
namespace {

// "sim:midap" and "latency:sim:midap" both name the simulated MIDAP.
std::string latency_spec(const std::string& text) {
  return text.rfind("latency:", 0) == 0 ? text : "latency:" + text;
}

struct CommonArgs {
  std::string space = "s3nas-fmnist";
  std::string latency = "latency:sim:midap";
  std::string store;
  bool measure_missing = false;
  bool compensate = false;
};

std::unique_ptr<metric::MetricSource> open_latency(const CommonArgs& args) {
  return metric::open_metric(latency_spec(args.latency), {args.store, args.measure_missing, args.compensate});
}

double source_latency(metric::MetricSource& source, const space::Space& space, const arch::Architecture& a) {
  const auto value = source.evaluate(space, std::span(&a, 1)).front();
  if (!value) throw InputError(source.spec() + " gave no latency for " + arch::to_canonical(space, a));
  return *value;
}

struct CheckArgs : CommonArgs {
  int samples = 100;
  std::uint64_t seed = 1;
  bool json = false;
};

void run_check(const CheckArgs& args) {
  const space::Space space = space::load_space(args.space);
  const auto source = open_latency(args);
  const s3nas::LatencyTable table = s3nas::LatencyTable::profile(space, *source);
  arch::Rng rng(args.seed);
  std::vector<arch::Architecture> archs;
  for (int i = 0; i < args.samples; ++i) archs.push_back(arch::sample_uniform(space, rng));
  const auto measured = source->evaluate(space, archs);
  double sum_ape = 0, max_ape = 0;
  int count = 0;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    if (!measured[i]) continue;
    const double ape = std::abs(table.estimate(space, archs[i]) - *measured[i]) / *measured[i] * 100;
    sum_ape += ape;
    max_ape = std::max(max_ape, ape);
    ++count;
  }
  if (count == 0) throw InputError(source->spec() + " gave no latency for the sampled architectures");
  const double mape = sum_ape / count;
  if (args.json) {
    fmt::print("{}\n", nlohmann::json{{"space", space.name}, {"source", source->spec()}, {"samples", count},
                                      {"seed", args.seed}, {"mape_percent", mape}, {"max_ape_percent", max_ape},
                                      {"base_ms", table.base_ms()}}.dump(2));
    return;
  }
  fmt::print("space {}  source {}  {} random architectures (seed {})\n", space.name, source->spec(), count, args.seed);
  fmt::print("MAPE {:.3f}%  max APE {:.3f}%\n", mape, max_ape);
}

struct SearchArgs : CommonArgs {
  s3nas::SearchOptions options;
  std::string data;
  std::string out;
  std::int64_t train_images = 4096;
  int threads = 1;
};

void run_search(const SearchArgs& args) {
  torch::set_num_threads(args.threads);
  const space::Space space = space::load_space(args.space);
  const auto source = open_latency(args);
  const std::filesystem::path out = args.out;
  std::filesystem::create_directories(out);
  // The table is part of the search state: a resumed search reuses it instead of profiling again.
  const s3nas::LatencyTable table = s3nas::LatencyTable::cached(out / "latency_table.json", space, *source);
  train::DataFolder data = train::load_data_folder(args.data);
  train::ImageSet subset = data.train.slice(0, std::min(args.train_images, data.train.size()));
  subset = train::normalise(subset, train::channel_statistics(subset));

  const int total = args.options.warmup_steps + args.options.search_steps;
  ProgressLine progress("s3nas search", static_cast<std::size_t>(total), 2.0);
  const auto outcome = s3nas::run_search(space, table, subset, args.options, out, [&](const s3nas::SearchStep& s) {
    progress.update(static_cast<std::size_t>(s.step),
                    fmt::format("{} CE {:.3f} L {:.4f} ms", s.warmup ? "warm-up" : "search", s.cross_entropy, s.latency_ms));
  });
  const double measured = source_latency(*source, space, outcome.architecture);
  const std::string canonical = arch::to_canonical(space, outcome.architecture);
  const nlohmann::json result{{"space", space.name},
                              {"latency_source", source->spec()},
                              {"target_ms", args.options.target_ms},
                              {"architecture", canonical},
                              {"estimated_ms", outcome.estimated_ms},
                              {"source_ms", measured},
                              {"steps", outcome.steps_done},
                              {"finished", outcome.finished},
                              {"last_cross_entropy", outcome.last_cross_entropy},
                              {"lambda1", args.options.lambda1},
                              {"lambda2", args.options.lambda2},
                              {"seed", args.options.seed}};
  std::ofstream(out / "result.json") << result.dump(2) << "\n";
  std::ofstream(out / "architecture.txt") << canonical << "\n";
  fmt::print("architecture {}\n", canonical);
  fmt::print("latency      {:.4f} ms on {} (table estimate {:.4f} ms, target {:.4f} ms)\n", measured, source->spec(),
             outcome.estimated_ms, args.options.target_ms);
  if (!outcome.finished) fmt::print("stopped at step {} of {}; run again on {} to resume\n", outcome.steps_done, total, args.out);
}

struct TrainArgs {
  std::string space = "s3nas-fmnist";
  std::string arch;
  std::string data;
  std::int64_t train_images = 10000;
  std::int64_t test_images = 10000;
  s3nas::FixedTrainOptions options;
  int threads = 1;
  bool json = false;
};

void run_train(const TrainArgs& args) {
  torch::set_num_threads(args.threads);
  const space::Space space = space::load_space(args.space);
  const arch::Architecture a = parse_arch_arg(space, args.arch, std::nullopt);
  train::DataFolder data = train::load_data_folder(args.data);
  const train::ImageSet subset = data.train.slice(0, std::min(args.train_images, data.train.size()));
  const train::Normalisation norm = train::channel_statistics(subset);
  const train::ImageSet test = data.test.slice(0, std::min(args.test_images, data.test.size()));
  const auto result = s3nas::train_fixed(space, a, train::normalise(subset, norm), train::normalise(test, norm), args.options);
  if (args.json) {
    fmt::print("{}\n", nlohmann::json{{"architecture", arch::to_canonical(space, a)}, {"steps", args.options.steps},
                                      {"batch", args.options.batch_size}, {"train_images", subset.size()},
                                      {"test_images", test.size()}, {"test_accuracy", result.test_accuracy},
                                      {"last_cross_entropy", result.last_cross_entropy}, {"seed", args.options.seed}}.dump());
    return;
  }
  fmt::print("{}  test accuracy {:.2f}% ({} images) after {} steps of {}\n", arch::to_canonical(space, a),
             result.test_accuracy * 100, test.size(), args.options.steps, args.options.batch_size);
}

struct RandomArgs : CommonArgs {
  double target_ms = 0;
  double tolerance = 0.05;
  int count = 3;
  int max_draws = 100000;
  std::string table;
  std::uint64_t seed = 1;
};

// Uniform architectures whose latency lies in [T·(1 − tolerance), T]: the random-search baseline at
// the searched network's latency (S3NAS Table 6). With a latency table only the draws whose
// estimate lies near the window go to the source — a measured source measures each one. The table
// of a measured source is biased (its entries do not add up to a network's latency), so the window
// is set on the estimate scaled by the median ratio estimate / source of the draws measured so far.
void run_random(const RandomArgs& args) {
  const space::Space space = space::load_space(args.space);
  const auto source = open_latency(args);
  std::optional<s3nas::LatencyTable> table;
  if (!args.table.empty()) {
    table = s3nas::LatencyTable::load(args.table);
    table->check_space(space, args.table);
  }
  arch::Rng rng(args.seed);
  int found = 0;
  const int batch = table ? 8 : 256;
  std::vector<double> ratios;  // estimate / source of the measured draws
  const auto bias = [&ratios] {
    if (ratios.empty()) return 1.0;
    std::vector<double> sorted = ratios;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
    return sorted[sorted.size() / 2];
  };
  for (int drawn = 0; drawn < args.max_draws && found < args.count;) {
    std::vector<arch::Architecture> archs;
    while (static_cast<int>(archs.size()) < batch && drawn < args.max_draws) {
      arch::Architecture a = arch::sample_uniform(space, rng);
      ++drawn;
      if (table) {
        const double estimate = table->estimate(space, a) / bias();
        if (estimate > args.target_ms * (1 + args.tolerance) || estimate < args.target_ms * (1 - 2 * args.tolerance))
          continue;
      }
      archs.push_back(std::move(a));
    }
    const auto ms = source->evaluate(space, archs);
    if (table)
      for (std::size_t i = 0; i < archs.size(); ++i)
        if (ms[i] && *ms[i] > 0) ratios.push_back(table->estimate(space, archs[i]) / *ms[i]);
    for (std::size_t i = 0; i < archs.size() && found < args.count; ++i)
      if (ms[i] && *ms[i] <= args.target_ms && *ms[i] >= args.target_ms * (1 - args.tolerance)) {
        fmt::print("{} {:.6f}\n", arch::to_canonical(space, archs[i]), *ms[i]);
        ++found;
      }
  }
  if (found < args.count)
    throw InputError(fmt::format("only {} of {} architectures within {}% below {} ms in {} draws", found, args.count,
                                 args.tolerance * 100, args.target_ms, args.max_draws));
}

struct ScaleArgs : CommonArgs {
  std::string arch;
  double target_ms = 0;
  std::string out;
  s3nas::ScalingOptions options;
  bool json = false;
};

std::string join(const std::vector<int>& values) {
  std::string out;
  for (int v : values) out += (out.empty() ? "" : ",") + std::to_string(v);
  return out;
}

void run_scale(const ScaleArgs& args) {
  const space::Space base = space::load_space(args.space);
  const arch::Architecture a = parse_arch_arg(base, args.arch, std::nullopt);
  const auto source = open_latency(args);
  const auto result = s3nas::scale_to_target(base, a, args.target_ms, *source, args.options);
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : result.steps)
    steps.push_back({{"coefficient", step.network.coefficient}, {"widths", step.network.widths},
                     {"depths", step.network.depths}, {"resolution", step.network.resolution},
                     {"latency_ms", step.latency_ms}, {"refinement", step.refinement}});
  nlohmann::json report{{"format", "hwnas-s3nas-scale/1"}, {"base_space", base.name},
                        {"base_architecture", arch::to_canonical(base, a)}, {"latency_source", source->spec()},
                        {"target_ms", args.target_ms}, {"filter_multiple", args.options.filter_multiple},
                        {"resolution_multiple", args.options.resolution_multiple},
                        {"resolution_exponent", args.options.resolution_exponent},
                        {"tolerance", args.options.tolerance},
                        {"target_passed", result.target_passed}, {"steps", steps}};
  if (result.chosen >= 0) {
    const auto& chosen = result.steps[static_cast<std::size_t>(result.chosen)];
    const std::filesystem::path out = args.out;
    std::filesystem::create_directories(out);
    std::ofstream(out / "space.yaml") << space::write_space(chosen.network.space);
    const std::string canonical = arch::to_canonical(chosen.network.space, chosen.network.architecture);
    std::ofstream(out / "architecture.txt") << canonical << "\n";
    report["chosen"] = {{"coefficient", chosen.network.coefficient}, {"latency_ms", chosen.latency_ms},
                        {"space", chosen.network.space.name}, {"architecture", canonical},
                        {"vs_target_percent", (chosen.latency_ms / args.target_ms - 1) * 100}};
    std::ofstream(out / "scale.json") << report.dump(2) << "\n";
  }
  if (args.json) {
    fmt::print("{}\n", report.dump(2));
  } else {
    fmt::print("{:>11} | {:<28} | {:<16} | {:>10} | {:>12}\n", "coefficient", "widths", "depths", "resolution",
               "latency (ms)");
    for (const auto& step : result.steps)
      fmt::print("{:>11.4f} | {:<28} | {:<16} | {:>10} | {:>12.5f}{}\n", step.network.coefficient,
                 join(step.network.widths), join(step.network.depths), step.network.resolution, step.latency_ms,
                 step.refinement ? "  (bisection)" : "");
    if (result.chosen >= 0) {
      const auto& chosen = result.steps[static_cast<std::size_t>(result.chosen)];
      fmt::print("chosen c = {:.4f}: {:.5f} ms on {} ({:+.1f}% vs target {} ms){}\nwrote {}/space.yaml, architecture.txt, scale.json\n",
                 chosen.network.coefficient, chosen.latency_ms, source->spec(),
                 (chosen.latency_ms / args.target_ms - 1) * 100, args.target_ms,
                 result.target_passed ? "" : "; the largest coefficient allowed, still below the target", args.out);
    }
  }
  if (result.chosen < 0)
    throw InputError(fmt::format("the unscaled network is {:.5f} ms on {}, above the target {} ms",
                                 result.steps.front().latency_ms, source->spec(), args.target_ms));
}

struct PruneSeArgs : CommonArgs {
  std::string arch;
  std::string data;
  std::string out;
  s3nas::FixedTrainOptions options;
  std::int64_t train_images = 10000;
  std::int64_t test_images = 10000;
  std::int64_t score_images = 2000;
  std::optional<int> remove;
  std::optional<double> threshold;
  int fine_tune_steps = 0;
  double fine_tune_lr = 0.005;
  int threads = 1;
  bool json = false;
};

void run_prune_se(const PruneSeArgs& args) {
  torch::set_num_threads(args.threads);
  const space::Space base = space::load_space(args.space);
  const arch::Architecture plain = parse_arch_arg(base, args.arch, std::nullopt);
  const space::Space se_space = s3nas::with_se_variants(base);
  const arch::Architecture with_se = s3nas::with_se_everywhere(base, plain);
  train::DataFolder data = train::load_data_folder(args.data);
  const train::ImageSet subset = data.train.slice(0, std::min(args.train_images, data.train.size()));
  const train::Normalisation norm = train::channel_statistics(subset);
  const train::ImageSet train_set = train::normalise(subset, norm);
  const train::ImageSet test = train::normalise(data.test.slice(0, std::min(args.test_images, data.test.size())), norm);

  torch::manual_seed(args.options.seed);
  s3nas::MixConvSupernet net(se_space);
  const auto gates = s3nas::architecture_gates(*net, with_se);
  auto se = s3nas::architecture_se(*net, with_se);
  const int resolution = with_se.resolution;
  s3nas::train_gated(*net, gates, se, resolution, train_set, args.options);
  const double accuracy_se = s3nas::test_accuracy(*net, gates, se, resolution, test);

  const std::int64_t scored = std::min(args.score_images, train_set.size());
  const auto scores =
      s3nas::score_se_blocks(*net, gates, se, s3nas::at_resolution(train_set.images.slice(0, 0, scored), resolution));
  const auto removed = s3nas::lowest_scores(scores, args.remove, args.threshold);
  std::vector<s3nas::LayerPosition> positions;
  for (std::size_t i : removed) {
    s3nas::fold_mean_excitation(*net->blocks()[scores[i].block], scores[i].mean_excitation);
    se[scores[i].block] = false;
    positions.push_back(scores[i].position);
  }
  const double accuracy_removed = s3nas::test_accuracy(*net, gates, se, resolution, test);
  std::optional<double> accuracy_fine_tuned;
  if (args.fine_tune_steps > 0) {
    s3nas::FixedTrainOptions fine = args.options;
    fine.steps = args.fine_tune_steps;
    fine.lr = args.fine_tune_lr;
    fine.seed = args.options.seed + 1;
    s3nas::train_gated(*net, gates, se, resolution, train_set, fine);
    accuracy_fine_tuned = s3nas::test_accuracy(*net, gates, se, resolution, test);
  }
  const arch::Architecture pruned = s3nas::without_se_at(base, with_se, positions);

  const auto source = open_latency(args);
  const double plain_ms = source_latency(*source, base, plain);
  const double se_ms = source_latency(*source, se_space, with_se);
  const double pruned_ms = source_latency(*source, se_space, pruned);
  const std::filesystem::path out = args.out;
  std::filesystem::create_directories(out);
  std::ofstream(out / "space.yaml") << space::write_space(se_space);
  const std::string canonical = arch::to_canonical(se_space, pruned);
  std::ofstream(out / "architecture.txt") << canonical << "\n";
  nlohmann::json blocks = nlohmann::json::array();
  for (std::size_t i = 0; i < scores.size(); ++i)
    blocks.push_back({{"unit", scores[i].position.unit + 1}, {"layer", scores[i].position.layer + 1},
                      {"score", scores[i].score},
                      {"removed", std::find(removed.begin(), removed.end(), i) != removed.end()}});
  nlohmann::json report{{"format", "hwnas-s3nas-prune-se/1"},
                        {"base_space", base.name},
                        {"space", se_space.name},
                        {"plain_architecture", arch::to_canonical(base, plain)},
                        {"se_architecture", arch::to_canonical(se_space, with_se)},
                        {"architecture", canonical},
                        {"latency_source", source->spec()},
                        {"latency_ms", {{"plain", plain_ms}, {"se", se_ms}, {"pruned", pruned_ms}}},
                        {"latency_saved_ms", se_ms - pruned_ms},
                        {"test_accuracy", {{"se", accuracy_se}, {"removed", accuracy_removed}}},
                        {"train", {{"steps", args.options.steps}, {"batch", args.options.batch_size},
                                   {"lr", args.options.lr}, {"train_images", train_set.size()},
                                   {"test_images", test.size()}, {"seed", args.options.seed}}},
                        {"score_images", scored},
                        {"fine_tune_steps", args.fine_tune_steps},
                        {"se_blocks", blocks}};
  if (accuracy_fine_tuned) report["test_accuracy"]["fine_tuned"] = *accuracy_fine_tuned;
  std::ofstream(out / "report.json") << report.dump(2) << "\n";
  if (args.json) {
    fmt::print("{}\n", report.dump(2));
    return;
  }
  fmt::print("{:>4} {:>5} {:>9}  removed\n", "unit", "layer", "score");
  for (const auto& b : blocks)
    fmt::print("{:>4} {:>5} {:>9.5f}  {}\n", b["unit"].get<int>(), b["layer"].get<int>(), b["score"].get<double>(),
               b["removed"].get<bool>() ? "yes" : "");
  fmt::print("latency on {}: plain {:.5f} ms, SE + h-swish {:.5f} ms, after removing {} SE {:.5f} ms (saved {:.5f} ms)\n",
             source->spec(), plain_ms, se_ms, removed.size(), pruned_ms, se_ms - pruned_ms);
  fmt::print("test accuracy: SE + h-swish {:.2f}%, SE removed (mean excitation folded, no fine-tune) {:.2f}%",
             accuracy_se * 100, accuracy_removed * 100);
  if (accuracy_fine_tuned) fmt::print(", fine-tuned {} steps {:.2f}%", args.fine_tune_steps, *accuracy_fine_tuned * 100);
  fmt::print("\nwrote {}/space.yaml, architecture.txt, report.json\n", args.out);
}

void add_common(CLI::App* cmd, CommonArgs& args) {
  cmd->add_option("--space", args.space, kSpaceHelp)->capture_default_str();
  cmd->add_option("--latency", args.latency, "latency source: latency:sim:<device>, latency:<device key>, ...")
      ->capture_default_str();
  cmd->add_option("--store", args.store, "profile store URL for measured latency sources");
  cmd->add_flag("--measure-missing", args.measure_missing,
                "measure what the store lacks now (latency:<device key> on its own host, docs/metrics.md)");
  cmd->add_flag("--compensate", args.compensate, "with --measure-missing: measure as `hwnas measure --compensate` does");
}

const CommandRegistration registration(56, [](CLI::App& app) {
  auto* s3 = app.add_subcommand("s3nas", "S3NAS: MixConv supernet search with a latency target (docs/s3nas.md)");
  s3->require_subcommand(1);

  auto check = std::make_shared<CheckArgs>();
  auto* check_cmd = s3->add_subcommand("latency-check", "Latency table estimate vs the source on random architectures (MAPE)");
  add_common(check_cmd, *check);
  check_cmd->add_option("--samples", check->samples, "random architectures")->capture_default_str();
  check_cmd->add_option("--seed", check->seed, "sampling seed")->capture_default_str();
  check_cmd->add_flag("--json", check->json, "print JSON");
  check_cmd->footer("Example:\n  hwnas s3nas latency-check --space s3nas-fmnist --latency sim:midap --samples 100");
  check_cmd->callback([check] { run_check(*check); });

  auto search = std::make_shared<SearchArgs>();
  auto* search_cmd = s3->add_subcommand("search", "Warm up and search the MixConv supernet for a latency target");
  add_common(search_cmd, *search);
  auto& o = search->options;
  search_cmd->add_option("--target-ms", o.target_ms, "latency target T (ms)")->required();
  search_cmd->add_option("--data", search->data, "folder with the (Fashion-)MNIST IDX files")->required();
  search_cmd->add_option("--out", search->out, "output folder: latency table, checkpoint, result (resumes)")->required();
  search_cmd->add_option("--warmup-steps", o.warmup_steps, "steps with uniformly drawn options")->capture_default_str();
  search_cmd->add_option("--search-steps", o.search_steps, "steps training thresholds")->capture_default_str();
  search_cmd->add_option("--batch", o.batch_size, "batch size")->capture_default_str();
  search_cmd->add_option("--train-images", search->train_images, "leading training images used")->capture_default_str();
  search_cmd->add_option("--weight-lr", o.weight_lr, "SGD learning rate of the weights")->capture_default_str();
  search_cmd->add_option("--threshold-lr", o.threshold_lr, "SGD learning rate of the thresholds")->capture_default_str();
  search_cmd->add_option("--lambda1", o.lambda1, "λ1 of the latency loss")->capture_default_str();
  search_cmd->add_option("--lambda2", o.lambda2, "λ2 of the latency loss")->capture_default_str();
  search_cmd->add_option("--checkpoint-every", o.checkpoint_every, "steps between checkpoints")->capture_default_str();
  search_cmd->add_option("--seed", o.seed, "seed of weights, batches and warm-up draws")->capture_default_str();
  search_cmd->add_option("--threads", search->threads, "torch threads")->capture_default_str();
  search_cmd->footer("Example:\n  hwnas s3nas search --target-ms 0.05 --latency sim:midap "
                     "--data /usr/share/datasets/fashion-mnist --out runs/s3nas-t005");
  search_cmd->callback([search] { run_search(*search); });

  auto train = std::make_shared<TrainArgs>();
  auto* train_cmd = s3->add_subcommand("train", "Train one architecture of the space from scratch and report test accuracy");
  train_cmd->add_option("--space", train->space, kSpaceHelp)->capture_default_str();
  train_cmd->add_option("--arch", train->arch, kArchHelp)->required();
  train_cmd->add_option("--data", train->data, "folder with the (Fashion-)MNIST IDX files")->required();
  train_cmd->add_option("--steps", train->options.steps, "SGD steps (cosine decay)")->capture_default_str();
  train_cmd->add_option("--batch", train->options.batch_size, "batch size")->capture_default_str();
  train_cmd->add_option("--lr", train->options.lr, "initial learning rate")->capture_default_str();
  train_cmd->add_option("--train-images", train->train_images, "leading training images used")->capture_default_str();
  train_cmd->add_option("--test-images", train->test_images, "leading test images evaluated")->capture_default_str();
  train_cmd->add_option("--seed", train->options.seed, "seed")->capture_default_str();
  train_cmd->add_option("--threads", train->threads, "torch threads")->capture_default_str();
  train_cmd->add_flag("--json", train->json, "print JSON");
  train_cmd->callback([train] { run_train(*train); });

  auto random = std::make_shared<RandomArgs>();
  auto* random_cmd = s3->add_subcommand("random", "Uniform architectures with latency in [T(1 - tolerance), T]");
  add_common(random_cmd, *random);
  random_cmd->add_option("--target-ms", random->target_ms, "latency T (ms)")->required();
  random_cmd->add_option("--tolerance", random->tolerance, "relative window below T")->capture_default_str();
  random_cmd->add_option("--count", random->count, "architectures to print")->capture_default_str();
  random_cmd->add_option("--seed", random->seed, "sampling seed")->capture_default_str();
  random_cmd->add_option("--max-draws", random->max_draws, "uniform draws before giving up")->capture_default_str();
  random_cmd->add_option("--table", random->table, "latency_table.json of a search: prefilter draws by its estimate");
  random_cmd->callback([random] { run_random(*random); });

  auto scale = std::make_shared<ScaleArgs>();
  auto* scale_cmd = s3->add_subcommand("scale", "Compound-scale an architecture (one coefficient for depth and width) up to a latency target");
  add_common(scale_cmd, *scale);
  auto& so = scale->options;
  scale_cmd->add_option("--arch", scale->arch, kArchHelp)->required();
  scale_cmd->add_option("--target-ms", scale->target_ms, "final latency target (ms)")->required();
  scale_cmd->add_option("--out", scale->out, "output folder: space.yaml, architecture.txt, scale.json")->required();
  scale_cmd->add_option("--step", so.step, "coefficient increment of the sweep")->capture_default_str();
  scale_cmd->add_option("--max-coefficient", so.max_coefficient, "largest coefficient tried")->capture_default_str();
  scale_cmd->add_option("--filter-multiple", so.filter_multiple, "filters rounded to a multiple of this (8 or 16)")
      ->capture_default_str();
  scale_cmd->add_option("--resolution-multiple", so.resolution_multiple, "resolution rounded to a multiple of this")
      ->capture_default_str();
  scale_cmd->add_option("--resolution-exponent", so.resolution_exponent, "resolution scales by c^exponent (0 keeps it)")
      ->capture_default_str();
  scale_cmd->add_option("--refine-steps", so.refine_steps, "bisection steps once the target is passed")->capture_default_str();
  scale_cmd->add_option("--tolerance", so.tolerance, "accept latencies up to target·(1 + tolerance)")->capture_default_str();
  scale_cmd->add_flag("--json", scale->json, "print the report as JSON");
  scale_cmd->footer("Example:\n  hwnas s3nas scale --arch \"$(cat runs/s3nas-t004/architecture.txt)\" --target-ms 0.07 "
                    "--out runs/s3nas-t004-scaled");
  scale_cmd->callback([scale] { run_scale(*scale); });

  auto prune = std::make_shared<PruneSeArgs>();
  auto* prune_cmd = s3->add_subcommand("prune-se", "Add SE + h-swish, train, and remove the SE blocks whose excitations vary least");
  add_common(prune_cmd, *prune);
  prune_cmd->add_option("--arch", prune->arch, kArchHelp)->required();
  prune_cmd->add_option("--data", prune->data, "folder with the (Fashion-)MNIST IDX files")->required();
  prune_cmd->add_option("--out", prune->out, "output folder: space.yaml, architecture.txt, report.json")->required();
  prune_cmd->add_option("--steps", prune->options.steps, "SGD steps training the SE network")->capture_default_str();
  prune_cmd->add_option("--batch", prune->options.batch_size, "batch size")->capture_default_str();
  prune_cmd->add_option("--lr", prune->options.lr, "initial learning rate")->capture_default_str();
  prune_cmd->add_option("--train-images", prune->train_images, "leading training images used")->capture_default_str();
  prune_cmd->add_option("--test-images", prune->test_images, "leading test images evaluated")->capture_default_str();
  prune_cmd->add_option("--score-images", prune->score_images, "leading training images the SE scores use")
      ->capture_default_str();
  auto* remove_opt = prune_cmd->add_option("--remove", prune->remove, "remove this many SE blocks (lowest scores)");
  auto* threshold_opt = prune_cmd->add_option("--threshold", prune->threshold, "remove the SE blocks scoring below this");
  prune_cmd->add_option("--fine-tune-steps", prune->fine_tune_steps, "SGD steps after the removal (0: none)")
      ->capture_default_str();
  prune_cmd->add_option("--fine-tune-lr", prune->fine_tune_lr, "initial learning rate of the fine-tuning")
      ->capture_default_str();
  prune_cmd->add_option("--seed", prune->options.seed, "seed")->capture_default_str();
  prune_cmd->add_option("--threads", prune->threads, "torch threads")->capture_default_str();
  prune_cmd->add_flag("--json", prune->json, "print the report as JSON");
  prune_cmd->footer("Trains the network with h-swish and an SE in every block, scores each SE by the mean over channels of\n"
                    "its excitations' std across images, and removes the lowest (their mean excitation is folded into the\n"
                    "following 1x1 conv). Example, on a network `hwnas s3nas scale` wrote:\n"
                    "  hwnas s3nas prune-se --space runs/scaled/space.yaml --arch @runs/scaled/architecture.txt \\\n"
                    "      --data /usr/share/datasets/fashion-mnist --remove 3 --out runs/scaled-se");
  prune_cmd->callback([prune, remove_opt, threshold_opt] {
    if (remove_opt->count() == 0 && threshold_opt->count() == 0) throw InputError("give --remove N or --threshold X");
    run_prune_se(*prune);
  });
});

}  // namespace
}  // namespace hwnas::cli
