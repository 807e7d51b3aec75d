// hwnas supernet: train a weight-sharing supernet on image data (resumable), and evaluate its
// subnets into the store as accuracy:<supernet id> (docs/training.md).
#include <fstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/store/store.hpp"
#include "hwnas/train/ofa_import.hpp"
#include "hwnas/train/subnet_eval.hpp"
#include "hwnas/train/trainer.hpp"

namespace hwnas::cli::cmd_supernet {
namespace {

struct TrainArgs {
  std::string space;
  std::string arch;
  train::TrainOptions options;
  bool json = false;
};

void run_train(TrainArgs& args) {
  const space::Space s = space::load_space(args.space);
  if (!args.arch.empty()) args.options.fixed_arch = arch::to_canonical(s, parse_arch_arg(s, args.arch, std::nullopt));
  const train::TrainOutcome out = train::train_supernet(s, args.options);
  const nlohmann::json summary = {{"out", args.options.out_dir.string()},     {"steps_done", out.steps_done},
                                  {"steps_total", out.steps_total},           {"resumed", out.resumed},
                                  {"finished", out.finished},                 {"interrupted", out.interrupted},
                                  {"images_per_second", out.images_per_second}, {"train_seconds", out.seconds},
                                  {"val_acc_largest", out.val_acc_largest},   {"val_acc_smallest", out.val_acc_smallest}};
  if (args.json) {
    fmt::print("{}\n", summary.dump(2));
    return;
  }
  fmt::print("{} {}: {}/{} steps{}, {:.1f} s of training at {:.0f} images/s\n", out.resumed ? "resumed" : "trained",
             args.options.out_dir.string(), out.steps_done, out.steps_total, out.interrupted ? " (interrupted)" : "",
             out.seconds, out.images_per_second);
  if (out.finished) {
    fmt::print("validation top-1 after BN recalibration: largest subnet {:.2f}%, smallest {:.2f}%\n",
               out.val_acc_largest, out.val_acc_smallest);
  } else {
    fmt::print("not finished: run the same command again to resume from the last checkpoint\n");
  }
}

struct EvalArgs {
  std::string supernet;
  std::vector<std::string> archs;
  std::string archs_file;
  int count = 0;
  std::uint64_t seed = 0;
  std::string db;
  bool replace = false;
  bool json = false;
  train::EvalOptions options;
};

void run_eval(EvalArgs& args) {
  args.options.progress = !args.json;
  train::SubnetEvaluator evaluator(args.supernet, args.options);
  const space::Space& s = evaluator.space();
  std::vector<arch::Architecture> archs;
  for (const auto& text : args.archs) archs.push_back(parse_arch_arg(s, text, std::nullopt));
  if (!args.archs_file.empty()) {
    std::ifstream in(args.archs_file);
    if (!in) throw InputError(fmt::format("{}: cannot read the architecture list", args.archs_file));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.front() != '#') archs.push_back(parse_arch_arg(s, line, std::nullopt));
    }
  }
  arch::Rng rng(args.seed);
  for (int i = 0; i < args.count; ++i) archs.push_back(arch::sample_uniform(s, rng));
  if (archs.empty()) throw InputError("nothing to evaluate: give --arch, --archs FILE or -n N");
  std::vector<train::SubnetAccuracy> accuracy;
  if (!args.db.empty()) {
    const auto store = store::open_store(args.db);
    accuracy = train::evaluate_into_store(evaluator, archs, *store, args.replace, args.json);
  } else {
    for (const auto& a : archs) accuracy.push_back(evaluator.evaluate(a));
  }
  if (args.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < archs.size(); ++i) {
      rows.push_back({{"arch", arch::to_canonical(s, archs[i])},
                      {"accuracy", accuracy[i].top1},
                      {"top5", accuracy[i].top5},
                      {"loss", accuracy[i].loss},
                      {"images_per_second", accuracy[i].images_per_second}});
    }
    fmt::print("{}\n", nlohmann::json{{"source", evaluator.metric_source()}, {"results", rows}}.dump(2));
    return;
  }
  fmt::print("  top-1   top-5  images/s  architecture\n");
  for (std::size_t i = 0; i < archs.size(); ++i) {
    fmt::print("{:6.2f}% {:6.2f}% {:9.1f}  {}\n", accuracy[i].top1, accuracy[i].top5, accuracy[i].images_per_second,
               arch::to_canonical(s, archs[i]));
  }
  if (!args.db.empty()) fmt::print("stored as {} in {}\n", evaluator.metric_source(), args.db);
}

struct ImportArgs {
  std::string checkpoint;
  std::string space;
  std::string out;
  std::string id;
};

void run_import(const ImportArgs& args) {
  const space::Space s = space::load_space(args.space);
  const train::SupernetInfo info = train::import_ofa_checkpoint(args.checkpoint, s, args.out, args.id);
  fmt::print("imported {} ({}) into {}: supernet '{}' of space {}, metric accuracy:{}\n", args.checkpoint,
             info.options.at("ofa_network").get<std::string>(), args.out, info.id, info.space_name, info.id);
}

const CommandRegistration registration(45, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("supernet", "Train a weight-sharing supernet; evaluate its subnets' accuracy");
  cmd->require_subcommand(1);

  auto targs = std::make_shared<TrainArgs>();
  auto& o = targs->options;
  auto* tr = cmd->add_subcommand("train", "Train a supernet (SPOS uniform sampling, or the sandwich rule); resumable");
  tr->footer(
      "Each step trains one uniformly sampled subnet (--paths N: N of them; --sandwich: largest, smallest\n"
      "and two random; --progressive: OFA's six stages, 1 to 4 subnets a step). --fair draws the random\n"
      "ones so that every choice of a layer is trained equally often.\n"
      "Checkpoints go to --out every --checkpoint-every steps and on Ctrl-C; the same command resumes.\n"
      "--arch trains that one network alone (from scratch), e.g. as a baseline for the supernet;\n"
      "with --init-from SUPERNET it fine-tunes the subnet that supernet gives it.\n"
      "Of the recipes measured on Fashion-MNIST, --sandwich --distill ranked subnets closest to training\n"
      "them from scratch for 2 epochs, though mostly by size (mean Kendall 0.42 at 2 epochs, 0.46 at 3,\n"
      "0.40 at 6); --progressive (4 epochs) ranked no closer; 1 epoch of uniform sampling did not rank\n"
      "them. Against 6 epochs from scratch (two seeds) the recipes ranked alike, means 0.02 to 0.48.\n"
      "Fine-tuning each subnet 200 steps from the supernet, teaching uniform sampling with a separately\n"
      "trained --teacher, --fair sampling, --fair --paths 4 and averaging up to 12 trainings' rankings\n"
      "ranked no closer. On CIFAR-10 (ofa-mbv3-cifar10), trained from scratch for 5 or 10 epochs, the\n"
      "larger subnets scored no higher, while the supernet ranked them by size (docs/training.md).\n"
      "Examples:\n"
      "  hwnas supernet train --space ofa-mbv3-fmnist --data /usr/share/datasets/fashion-mnist --epochs 2 \\\n"
      "    --sandwich --distill --out sn1\n"
      "  hwnas supernet train --space ofa-mbv3-fmnist --data DIR --epochs 1 --train-images 20000 --out sn-quick\n"
      "  hwnas supernet train --space ofa-mbv3-fmnist --data DIR --arch @a.txt --init-from sn1 --epochs 1 \\\n"
      "    --train-images 12800 --batch-size 64 --lr 1e-3 --out a-tuned");
  tr->add_option("--space", targs->space, kSpaceHelp)->required();
  tr->add_option("--data", o.data_dir, "folder with MNIST-layout IDX files (train-images-idx3-ubyte[.gz] ...)")->required();
  tr->add_option("--epochs", o.epochs, "epochs over the training images")->check(CLI::Range(1, 100000));
  tr->add_option("--out", o.out_dir, "supernet folder (created; an existing run there is resumed)")->required();
  tr->add_option("--id", o.id, "supernet id, names the metric accuracy:<id> (default: the folder's name)");
  tr->add_option("--arch", targs->arch, "train only this architecture (from scratch)");
  tr->add_option("--init-from", o.init_from,
                 "start from this trained supernet's weights (with --arch: fine-tune the subnet it inherits)");
  tr->add_option("--train-images", o.train_images, "training images per epoch (default: all but the validation)");
  tr->add_option("--validation-images", o.validation_images, "held out of the training file (default 5000)");
  tr->add_option("--batch-size", o.batch_size, "batch size (default 128)")->check(CLI::Range(1, 65536));
  tr->add_option("--lr", o.learning_rate, "Adam learning rate, cosine-annealed (default 3e-3)");
  tr->add_option("--weight-decay", o.weight_decay, "Adam weight decay (default 0)");
  tr->add_option("--max-shift", o.max_shift, "augmentation: random shift in pixels, 0 = off (default 2)");
  tr->add_flag("!--no-flip", o.flip, "augmentation: no horizontal flips");
  tr->add_flag("--sandwich", o.sandwich, "sandwich rule: largest + smallest + 2 random subnets per step");
  tr->add_option("--paths", o.paths_per_step, "uniform sampling: random subnets a step, gradients summed")
      ->check(CLI::PositiveNumber);
  tr->add_flag("--fair", o.fair,
               "the random paths train every block, depth and width of a layer equally often (FairNAS's fairness)");
  tr->add_flag("--distill", o.distill,
               "with --sandwich: in-place distillation (BigNAS), the other three learn the largest one's predictions");
  tr->add_option("--teacher", o.teacher,
                 "a trained supernet whose largest subnet, frozen, teaches every path besides the labels (as OFA)");
  tr->add_flag("--progressive", o.progressive,
               "OFA's progressive shrinking: the largest network, then elastic kernel, depth and expansion, "
               "learning from the largest as a teacher; --epochs split in OFA's proportions");
  tr->add_option("--seed", o.seed, "seed of batch order, paths and augmentation");
  tr->add_option("--threads", o.threads, "intra-op threads (default 2)")->check(CLI::Range(1, 1024));
  tr->add_option("--checkpoint-every", o.checkpoint_every, "steps between checkpoints (default 200)");
  tr->add_option("--stop-after-steps", o.stop_after_steps, "pause after this many steps in total (resumable)");
  tr->add_flag("--quiet", o.quiet, "no progress line");
  tr->add_flag("--json", targs->json, "print the summary as JSON");
  tr->callback([targs] { run_train(*targs); });

  auto eargs = std::make_shared<EvalArgs>();
  auto* ev = cmd->add_subcommand("eval", "Evaluate subnets: BN recalibration, then top-1 on the test split");
  ev->footer(
      "Top-1 goes to the store as accuracy:<supernet id>, top-5 as accuracy:<supernet id>:top5;\n"
      "architectures already there are skipped (unless --replace), so an interrupted evaluation resumes.\n"
      "Image folders are preprocessed as OFA evaluates: short side ceil(r/0.875), centre crop r.\n"
      "Examples:\n"
      "  hwnas supernet eval --supernet sn1 -n 50 --db runs.db\n"
      "  hwnas supernet eval --supernet ofa-mbv3 --data imagefolder:/data/imagenet -n 20 --test-images 10000 --db runs.db\n"
      "  hwnas supernet eval --supernet sn1 --arch 'r28|e6k7,e6k7|e3k3,e3k3|...'");
  ev->add_option("--supernet", eargs->supernet, "supernet folder from `hwnas supernet train` or `import-ofa`")->required();
  ev->add_option("--data", eargs->options.data,
                 "imagefolder:DIR (DIR/train, DIR/val: class folders of images) or an IDX folder "
                 "(default: the folder the supernet was trained on)");
  ev->add_option("--batch-size", eargs->options.batch_size, "batch size (default 500)")->check(CLI::Range(1, 65536));
  ev->add_option("--arch", eargs->archs, kArchHelp);
  ev->add_option("--archs", eargs->archs_file, "file with one architecture per line");
  ev->add_option("-n,--count", eargs->count, "sample this many architectures uniformly")->check(CLI::Range(0, 10000000));
  ev->add_option("--seed", eargs->seed, "sampling seed");
  ev->add_option("--db", eargs->db, "store URL to write accuracy:<id> into");
  ev->add_flag("--replace", eargs->replace, "re-evaluate architectures the store has already");
  ev->add_option("--calibration-images", eargs->options.calibration_images,
                 "training images for BN recalibration (default 2000; an image folder: a fixed random subset)");
  ev->add_option("--test-images", eargs->options.test_images,
                 "test images to score, 0 = all (default; an image folder: a fixed random subset of val)");
  ev->add_option("--threads", eargs->options.threads, "intra-op threads (default 2)")->check(CLI::Range(1, 1024));
  ev->add_flag("--json", eargs->json, "print results as JSON");
  ev->callback([eargs] { run_eval(*eargs); });

  auto iargs = std::make_shared<ImportArgs>();
  auto* im = cmd->add_subcommand("import-ofa", "Import an OFA supernet checkpoint (state_dict) as a supernet folder");
  im->footer(
      "Reads the state_dict of OFA's OFAMobileNetV3 / OFAProxylessNASNets / OFAResNets as torch.save wrote it (zip or the\n"
      "pre-1.6 legacy format; bare or under 'state_dict', as OFA publishes them) and writes a supernet folder\n"
      "whose subnets carry exactly the weights OFA's\n"
      "get_active_subnet() gives them (kernel transformation matrices, leading channels, BN eps).\n"
      "Examples:\n"
      "  hwnas supernet import-ofa --checkpoint ofa_mbv3_d234_e346_k357_w1.2 --space ofa-mbv3 --out ofa-mbv3\n"
      "  hwnas supernet import-ofa --checkpoint ofa_proxyless_d234_e346_k357_w1.3 --space proxyless --out ofa-pr\n"
      "  hwnas supernet import-ofa --checkpoint ofa_resnet50_d=0+1+2_e=0.2+0.25+0.35_w=0.65+0.8+1.0 --space resnet50 \\\n"
      "      --out ofa-resnet50");
  im->add_option("--checkpoint", iargs->checkpoint, "OFA checkpoint file (torch.save of the state_dict)")->required();
  im->add_option("--space", iargs->space, kSpaceHelp)->required();
  im->add_option("--out", iargs->out, "supernet folder to create")->required();
  im->add_option("--id", iargs->id, "supernet id, names the metric accuracy:<id> (default: the folder's name)");
  im->callback([iargs] { run_import(*iargs); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_supernet
