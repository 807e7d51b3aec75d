// hwnas hurricane retrain: the search's winner trained from scratch with HURRICANE's retraining
// schedule, and its test accuracy (Algorithm 1, line 20).
#include <fstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/hurricane/one_shot.hpp"
#include "hwnas/hurricane/retrain.hpp"
#include "hwnas/hurricane/trained_network.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::cli::cmd_hurricane_retrain {
namespace {

struct Args {
  std::string space;
  std::string arch;
  int iterations = 3000;
  int batch = 64;
  double learning_rate = 0.4;
  int threads = 1;
  std::string data = hurricane::kFashionMnistDir;
  std::uint64_t seed = 0;
  std::string out;
  std::string save;
  std::string checkpoint;
};

void run(const Args& args) {
  const space::Space space = space::load_space(args.space);
  const arch::Architecture winner = parse_arch_arg(space, args.arch, std::nullopt);
  hurricane::SupernetOptions options;
  options.batch = args.batch;
  options.learning_rate = args.learning_rate;
  options.schedule = train::LrSchedule::cosine;
  options.max_iterations = args.iterations;
  options.threads = args.threads;
  options.seed = args.seed;
  options.checkpoint = args.checkpoint;
  options.progress = [](int it, double loss) { fmt::print(stderr, "  retrain: iteration {}, loss {:.4f}\n", it, loss); };
  const train::DataFolder data = train::load_data_folder(args.data);
  const auto r = hurricane::retrain(space, winner, options, data.train, data.test);
  if (r.training.resumed) fmt::print(stderr, "  retrain: resumed from {}\n", args.checkpoint);
  fmt::print("{}: test accuracy {:.2f}% after {} iterations from scratch (loss {:.4f}, {:.0f} s)\n",
             arch::to_canonical(space, winner), r.test_accuracy, r.training.iterations, r.training.final_loss,
             r.training.seconds);
  const nlohmann::json j{{"space", space.name},        {"architecture", arch::to_canonical(space, winner)},
                         {"iterations", r.training.iterations}, {"final_loss", r.training.final_loss},
                         {"train_seconds", r.training.seconds}, {"test_accuracy", r.test_accuracy},
                         {"lr", args.learning_rate},       {"batch", args.batch},
                         {"seed", args.seed}};
  if (!args.out.empty()) {
    std::ofstream(args.out) << j.dump(2) << "\n";
    fmt::print("wrote {}\n", args.out);
  }
  if (!args.save.empty()) {
    train::write_network_folder(args.save, {hurricane::kNetworkKind, r.space, winner, hurricane::kFashionMnistNormalisation, j},
                                *r.network);
    fmt::print("wrote {} (export it with: hwnas export --supernet {} --arch @{}/architecture.txt --onnx winner.onnx)\n",
               args.save, args.save, args.save);
  }
}

const CommandRegistration registration(46, [](CLI::App& app) {
  auto a = std::make_shared<Args>();
  auto* cmd = app.get_subcommand("hurricane")->add_subcommand("retrain", "Train a found architecture from scratch; test accuracy");
  cmd->footer(
      "Trains the network --arch names (e.g. the winner `hurricane search` printed) from scratch on every\n"
      "Fashion-MNIST training image with HURRICANE's retraining recipe (SGD, momentum 0.9, cosine decay from --lr\n"
      "to 0, label smoothing 0.1) and reports its accuracy on the t10k test images.\n"
      "Example:\n  hwnas hurricane retrain --space gen-fmnist.yaml --arch \"$(jq -r .winner result.json)\" --iters 3000");
  cmd->add_option("--space", a->space, kSpaceHelp)->required();
  cmd->add_option("--arch", a->arch, "the architecture to train")->required();
  cmd->add_option("--iters", a->iterations, "training iterations (default 3000)")->check(CLI::Range(1, 10000000));
  cmd->add_option("--batch", a->batch, "training batch (default 64)")->check(CLI::Range(2, 4096));
  cmd->add_option("--lr", a->learning_rate, "initial learning rate, cosine decay to 0 (default 0.4, HURRICANE's)");
  cmd->add_option("--threads", a->threads, "LibTorch threads (default 1)")->check(CLI::Range(1, 256));
  cmd->add_option("--data", a->data, "Fashion-MNIST folder (MNIST-layout IDX files, .gz or plain)");
  cmd->add_option("--seed", a->seed, "random seed");
  cmd->add_option("--out", a->out, "write the result as JSON");
  cmd->add_option("--save", a->save,
                  "write the trained network to this folder (network.json, space.yaml, weights.pt), which "
                  "`hwnas export --supernet` exports with its weights");
  cmd->add_option("--checkpoint", a->checkpoint,
                  "keep the training state in this file (every 200 iterations and at the end) and resume from it "
                  "when it exists: an interrupted retraining continues where it stopped, with the same result");
  cmd->callback([a] { run(*a); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_hurricane_retrain
