// hwnas s3nas add-se | scale | prune-se: S3NAS's post-processing in the paper's order — SE +
// h-swish, compound scaling up to a latency target, selective SE removal (docs/s3nas.md).
#include <fmt/core.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "options.hpp"
#include "s3nas_args.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/s3nas/scale_report.hpp"
#include "hwnas/s3nas/se_pruning.hpp"
#include "hwnas/s3nas/se_variants.hpp"

namespace hwnas::cli::cmd_s3nas_scale {
namespace {

struct ScaleArgs : S3nasLatencyArgs {
  std::string arch;
  double target_ms = 0;
  std::string out;
  s3nas::ScalingOptions options;
  bool json = false;
};

void run_scale(const ScaleArgs& args) {
  const space::Space base = space::load_space(args.space);
  const arch::Architecture a = parse_arch_arg(base, args.arch, std::nullopt);
  const auto source = open_s3nas_latency(args);
  const auto result = s3nas::scale_to_target(base, a, args.target_ms, *source, args.options);
  nlohmann::json report = s3nas::scale_report(base, a, args.target_ms, source->spec(), args.options, result);
  s3nas::write_scaled_network(args.out, result, args.target_ms, report);
  if (args.json) {
    fmt::print("{}\n", report.dump(2));
  } else {
    fmt::print("{:>11} | {:<28} | {:<16} | {:>10} | {:>12}\n", "coefficient", "widths", "depths", "resolution",
               "latency (ms)");
    for (const auto& step : result.steps)
      fmt::print("{:>11.4f} | {:<28} | {:<16} | {:>10} | {:>12.5f}{}\n", step.network.coefficient,
                 fmt::format("{}", fmt::join(step.network.widths, ",")),
                 fmt::format("{}", fmt::join(step.network.depths, ",")), step.network.resolution, step.latency_ms,
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

struct AddSeArgs {
  std::string space = "s3nas-fmnist";
  std::string arch;
  std::string out;
};

void run_add_se(const AddSeArgs& args) {
  const space::Space base = space::load_space(args.space);
  const s3nas::SeNetwork network = s3nas::add_se(base, parse_arch_arg(base, args.arch, std::nullopt));
  s3nas::write_se_network(args.out, network);
  fmt::print("{}\nwrote {}/space.yaml (space '{}'), architecture.txt\n", arch::to_canonical(network.space, network.architecture),
             args.out, network.space.name);
}

struct PruneSeArgs : S3nasLatencyArgs {
  std::string arch;
  std::string data;
  std::string out;
  s3nas::SePruningOptions options;
  std::int64_t train_images = 10000;
  std::int64_t test_images = 10000;
  int threads = 1;
  bool json = false;
};

void run_prune_se(const PruneSeArgs& args) {
  torch::set_num_threads(args.threads);
  const space::Space base = space::load_space(args.space);
  const arch::Architecture plain = parse_arch_arg(base, args.arch, std::nullopt);
  const auto source = open_s3nas_latency(args);
  const train::DataFolder data = train::load_leading_normalised(args.data, args.train_images, args.test_images);
  const s3nas::SePruning pruning = s3nas::prune_se(base, plain, data, *source, args.options);
  s3nas::write_se_pruning(args.out, pruning);
  const nlohmann::json& report = pruning.report;
  if (args.json) {
    fmt::print("{}\n", report.dump(2));
    return;
  }
  fmt::print("{:>4} {:>5} {:>9}  removed\n", "unit", "layer", "score");
  int removed = 0;
  for (const auto& b : report["se_blocks"]) {
    removed += b["removed"].get<bool>();
    fmt::print("{:>4} {:>5} {:>9.5f}  {}\n", b["unit"].get<int>(), b["layer"].get<int>(), b["score"].get<double>(),
               b["removed"].get<bool>() ? "yes" : "");
  }
  const auto& ms = report["latency_ms"];
  const auto& accuracy = report["test_accuracy"];
  fmt::print("latency on {}: plain {:.5f} ms, SE + h-swish {:.5f} ms, after removing {} SE {:.5f} ms (saved {:.5f} ms)\n",
             source->spec(), ms["plain"].get<double>(), ms["se"].get<double>(), removed, ms["pruned"].get<double>(),
             report["latency_saved_ms"].get<double>());
  fmt::print("test accuracy: SE + h-swish {:.2f}%, SE removed (mean excitation folded, no fine-tune) {:.2f}%",
             accuracy["se"].get<double>() * 100, accuracy["removed"].get<double>() * 100);
  if (accuracy.contains("fine_tuned"))
    fmt::print(", fine-tuned {} steps {:.2f}%", args.options.fine_tune_steps, accuracy["fine_tuned"].get<double>() * 100);
  fmt::print("\nwrote {}/space.yaml, architecture.txt, report.json\n", args.out);
}

const CommandRegistration registration(58, [](CLI::App& app) {
  auto* s3 = app.get_subcommand("s3nas");
  auto add_se = std::make_shared<AddSeArgs>();
  auto* add_se_cmd = s3->add_subcommand("add-se", "Give a network h-swish and an SE in every block, in a space where each can be removed again");
  add_space_option(add_se_cmd, add_se->space);
  add_se_cmd->add_option("--arch", add_se->arch, kArchHelp)->required();
  add_se_cmd->add_option("--out", add_se->out, "output folder: space.yaml (the SE twin space), architecture.txt")->required();
  add_se_cmd->footer("S3NAS's order is add SE, then scale, then remove SE (ours-M -> M+ -> XL+ -> XL-rmSE+):\n"
                     "  hwnas s3nas add-se --arch @runs/s/architecture.txt --out runs/se\n"
                     "  hwnas s3nas scale --space runs/se/space.yaml --arch @runs/se/architecture.txt --target-ms 0.07 --out runs/se-x\n"
                     "  hwnas s3nas prune-se --space runs/se-x/space.yaml --arch @runs/se-x/architecture.txt \\\n"
                     "      --data /usr/share/datasets/fashion-mnist --remove 3 --out runs/se-x-rm");
  add_se_cmd->callback([add_se] { run_add_se(*add_se); });

  auto scale = std::make_shared<ScaleArgs>();
  auto* scale_cmd = s3->add_subcommand("scale", "Compound-scale an architecture (one coefficient for depth and width) up to a latency target");
  add_s3nas_latency_options(scale_cmd, *scale);
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
  add_json_flag(scale_cmd, scale->json);
  scale_cmd->footer("Example:\n  hwnas s3nas scale --arch \"$(cat runs/s3nas-t004/architecture.txt)\" --target-ms 0.07 "
                    "--out runs/s3nas-t004-scaled");
  scale_cmd->callback([scale] { run_scale(*scale); });

  auto prune = std::make_shared<PruneSeArgs>();
  auto* prune_cmd = s3->add_subcommand("prune-se", "Train a network with SE + h-swish and remove the SE blocks whose excitations vary least");
  add_s3nas_latency_options(prune_cmd, *prune);
  auto& po = prune->options;
  prune_cmd->add_option("--arch", prune->arch, kArchHelp)->required();
  prune_cmd->add_option("--data", prune->data, "folder with the (Fashion-)MNIST IDX files")->required();
  prune_cmd->add_option("--out", prune->out, "output folder: space.yaml, architecture.txt, report.json")->required();
  prune_cmd->add_option("--steps", po.train.steps, "SGD steps training the SE network")->capture_default_str();
  prune_cmd->add_option("--batch", po.train.batch_size, "batch size")->capture_default_str();
  prune_cmd->add_option("--lr", po.train.lr, "initial learning rate")->capture_default_str();
  prune_cmd->add_option("--train-images", prune->train_images, "leading training images used")->capture_default_str();
  prune_cmd->add_option("--test-images", prune->test_images, "leading test images evaluated")->capture_default_str();
  prune_cmd->add_option("--score-images", po.score_images, "leading training images the SE scores use")
      ->capture_default_str();
  prune_cmd->add_option("--remove", po.remove, "remove this many SE blocks (lowest scores)");
  prune_cmd->add_option("--threshold", po.threshold, "remove the SE blocks scoring below this");
  prune_cmd->add_option("--fine-tune-steps", po.fine_tune_steps, "SGD steps after the removal (0: none)")
      ->capture_default_str();
  prune_cmd->add_option("--fine-tune-lr", po.fine_tune_lr, "initial learning rate of the fine-tuning")
      ->capture_default_str();
  add_seed_option(prune_cmd, po.train.seed, "seed");
  add_threads_option(prune_cmd, prune->threads);
  add_json_flag(prune_cmd, prune->json);
  prune_cmd->footer("Takes a network of an SE twin space (add-se, then scale: the paper's order) or one without SE, which\n"
                    "then gets h-swish and an SE in every block. Trains it, scores each SE by the mean over channels of\n"
                    "its excitations' std across images, and removes the lowest (their mean excitation is folded into the\n"
                    "following 1x1 conv). Example, on a network `hwnas s3nas scale` wrote:\n"
                    "  hwnas s3nas prune-se --space runs/scaled/space.yaml --arch @runs/scaled/architecture.txt \\\n"
                    "      --data /usr/share/datasets/fashion-mnist --remove 3 --out runs/scaled-se");
  prune_cmd->callback([prune] { run_prune_se(*prune); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_s3nas_scale
