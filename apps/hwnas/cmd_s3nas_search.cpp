// hwnas s3nas search | train: the supernet search with a latency target, and training one
// architecture from scratch (docs/s3nas.md).
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "options.hpp"
#include "s3nas_args.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/s3nas/search_result.hpp"
#include "hwnas/s3nas/trained_network.hpp"
#include "hwnas/s3nas/train_fixed.hpp"

namespace hwnas::cli::cmd_s3nas_search {
namespace {

struct SearchArgs : S3nasLatencyArgs {
  s3nas::SearchOptions options;
  std::string data;
  std::string out;
  std::int64_t train_images = 4096;
  int threads = 1;
};

void run_search(const SearchArgs& args) {
  torch::set_num_threads(args.threads);
  const space::Space space = space::load_space(args.space);
  const auto source = open_s3nas_latency(args);
  const std::filesystem::path out = args.out;
  std::filesystem::create_directories(out);
  // The table is part of the search state: a resumed search reuses it instead of profiling again.
  const s3nas::LatencyTable table = s3nas::search_latency_table(out, space, *source);
  const train::DataFolder data = train::load_leading_normalised(args.data, args.train_images, 0);

  const int total = args.options.warmup_steps + args.options.search_steps;
  ProgressLine progress("s3nas search", static_cast<std::size_t>(total), 2.0);
  const auto outcome = s3nas::run_search(space, table, data.train, args.options, out, [&](const s3nas::SearchStep& s) {
    progress.update(static_cast<std::size_t>(s.step),
                    fmt::format("{} CE {:.3f} L {:.4f} ms", s.warmup ? "warm-up" : "search", s.cross_entropy, s.latency_ms));
  });
  const auto measured = source->evaluate(space, std::span(&outcome.architecture, 1)).front();
  if (!measured) throw InputError(source->spec() + " gave no latency for the found architecture");
  const nlohmann::json result = s3nas::search_result_json(space, source->spec(), args.options, outcome, *measured);
  s3nas::write_search_result(out, result);
  fmt::print("architecture {}\n", result["architecture"].get<std::string>());
  fmt::print("latency      {:.4f} ms on {} (table estimate {:.4f} ms, target {:.4f} ms)\n", *measured, source->spec(),
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
  std::string save;
  int threads = 1;
  bool json = false;
};

void run_train(const TrainArgs& args) {
  torch::set_num_threads(args.threads);
  const space::Space space = space::load_space(args.space);
  const arch::Architecture a = parse_arch_arg(space, args.arch, std::nullopt);
  const train::DataFolder data = train::load_leading_normalised(args.data, args.train_images, args.test_images);
  const auto result = s3nas::train_fixed(space, a, data.train, data.test, args.options);
  const nlohmann::json report{{"architecture", arch::to_canonical(space, a)}, {"steps", args.options.steps},
                              {"batch", args.options.batch_size}, {"train_images", data.train.size()},
                              {"test_images", data.test.size()}, {"test_accuracy", result.test_accuracy},
                              {"last_cross_entropy", result.last_cross_entropy}, {"seed", args.options.seed}};
  if (!args.save.empty())
    train::write_network_folder(args.save, {s3nas::kNetworkKind, space, a, data.normalisation, report}, *result.network);
  if (args.json) {
    fmt::print("{}\n", report.dump());
    return;
  }
  fmt::print("{}  test accuracy {:.2f}% ({} images) after {} steps of {}\n", arch::to_canonical(space, a),
             result.test_accuracy * 100, data.test.size(), args.options.steps, args.options.batch_size);
  if (!args.save.empty())
    fmt::print("wrote {} (export it with: hwnas export --supernet {} --arch @{}/architecture.txt --onnx net.onnx)\n",
               args.save, args.save, args.save);
}

const CommandRegistration registration(57, [](CLI::App& app) {
  auto* s3 = app.get_subcommand("s3nas");
  auto search = std::make_shared<SearchArgs>();
  auto* search_cmd = s3->add_subcommand("search", "Warm up and search the MixConv supernet for a latency target");
  add_s3nas_latency_options(search_cmd, *search);
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
  add_seed_option(search_cmd, o.seed, "seed of weights, batches and warm-up draws");
  add_threads_option(search_cmd, search->threads);
  search_cmd->footer("Example:\n  hwnas s3nas search --target-ms 0.05 --metric latency:sim:midap "
                     "--data /usr/share/datasets/fashion-mnist --out runs/s3nas-t005");
  search_cmd->callback([search] { run_search(*search); });

  auto train = std::make_shared<TrainArgs>();
  auto* train_cmd = s3->add_subcommand("train", "Train one architecture of the space from scratch and report test accuracy");
  add_space_option(train_cmd, train->space);
  train_cmd->add_option("--arch", train->arch, kArchHelp)->required();
  train_cmd->add_option("--data", train->data, "folder with the (Fashion-)MNIST IDX files")->required();
  train_cmd->add_option("--steps", train->options.steps, "SGD steps (cosine decay)")->capture_default_str();
  train_cmd->add_option("--batch", train->options.batch_size, "batch size")->capture_default_str();
  train_cmd->add_option("--lr", train->options.lr, "initial learning rate")->capture_default_str();
  train_cmd->add_option("--train-images", train->train_images, "leading training images used")->capture_default_str();
  train_cmd->add_option("--test-images", train->test_images, "leading test images evaluated")->capture_default_str();
  train_cmd->add_option("--save", train->save,
                        "write the trained network to this folder (network.json, space.yaml, architecture.txt, "
                        "weights.pt), which `hwnas export --supernet` exports with its weights");
  add_seed_option(train_cmd, train->options.seed, "seed");
  add_threads_option(train_cmd, train->threads);
  add_json_flag(train_cmd, train->json);
  train_cmd->footer("Example:\n  hwnas s3nas train --arch @s3/architecture.txt --data /usr/share/datasets/fashion-mnist");
  train_cmd->callback([train] { run_train(*train); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_s3nas_search
