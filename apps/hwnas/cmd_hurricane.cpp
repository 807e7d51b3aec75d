// hwnas hurricane: HURRICANE's workflow (docs/hurricane.md) on any latency source —
//   generate:      per-layer operator profiling in context + eq. 2 scores -> a per-device space YAML;
//   search:        two-stage constrained one-shot search on Fashion-MNIST (Algorithm 1);
// distribution (Figure 3) and retrain are in their own files.
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "options.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/hurricane/generation_io.hpp"
#include "hwnas/hurricane/space_generation.hpp"
#include "hwnas/hurricane/hurricane_search.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/search/problem.hpp"

namespace hwnas::cli::cmd_hurricane {
namespace {

namespace fs = std::filesystem;

struct GenerateArgs {
  std::string space = "hurricane";
  std::string device;
  double alpha = 0;
  int keep = 4;
  int explore = 4;
  std::string background = "fixed";
  std::string background_arch;
  int samples = 20;
  std::uint64_t seed = 0;
  std::string name;
  MeasuredMetricArgs measured;
  std::string out;
};

void run_generate(const GenerateArgs& args) {
  const space::Space source = space::load_space(args.space);
  auto metric = metric::open_metric(args.device, args.measured.context());
  hurricane::LayerProfileOptions po;
  po.background = hurricane::parse_background(args.background);
  if (!args.background_arch.empty()) po.fixed_background = parse_arch_arg(source, args.background_arch, std::nullopt);
  po.samples = args.samples;
  po.seed = args.seed;
  const hurricane::LayerProfile profile = hurricane::profile_layers(source, *metric, po);
  hurricane::GenerationOptions go;
  go.alpha = args.alpha;
  go.keep = args.keep;
  go.explore_layers = args.explore;
  go.name = args.name;
  const hurricane::GeneratedSpace generated = hurricane::generate_space(source, profile, go);

  const fs::path out(args.out);
  hurricane::write_generated_space(out, generated, profile,
                                   fmt::format("hwnas hurricane generate --space {} --metric {} --alpha {} --p {} "
                                               "--explore {} --background {}",
                                               args.space, args.device, args.alpha, args.keep, args.explore,
                                               args.background));
  fmt::print("{}", hurricane::format_stage_table(generated));
  fmt::print("background: {}{}\n", args.background,
             profile.background_arch.empty() ? fmt::format(" ({} random backgrounds per op)", profile.samples)
                                             : " " + profile.background_arch);
  fmt::print("wrote {} ({} blocks) and {}\n", out.string(), generated.space.blocks.size(),
             hurricane::scores_path(out).string());
}

struct SearchArgs {
  std::string space;
  std::string latency;  // SRC<=V
  int t = 8;
  double alpha = 0;
  int generations = 20;
  int population = 50;
  int iterations = 2000;
  double target_loss = 0;
  int batch = 64;
  double learning_rate = 0.1;
  int threads = 1;
  int validation = 10000;
  int search_images = 2000;
  int train_images = 0;
  std::string data = hurricane::kFashionMnistDir;
  MeasuredMetricArgs measured;
  std::uint64_t seed = 0;
  std::string out;
};

void run_search(const SearchArgs& args) {
  const space::Space s = space::load_space(args.space);
  const search::Constraint c = search::parse_constraint(args.latency);
  if (c.bound != search::Bound::at_most) throw InputError(fmt::format("--constraint: expected SRC<=V, got '{}'", args.latency));
  auto latency = metric::open_metric(c.metric, args.measured.context());
  hurricane::HurricaneSearchSettings settings;
  settings.t = args.t;
  settings.alpha = args.alpha;
  settings.generations = args.generations;
  settings.population = args.population;
  auto& so = settings.supernet;
  so.batch = args.batch;
  so.learning_rate = args.learning_rate;
  so.max_iterations = args.iterations;
  so.target_loss = args.target_loss;
  so.threads = args.threads;
  so.seed = args.seed;
  so.progress = [](int it, double loss) { fmt::print(stderr, "  supernet: iteration {}, loss {:.4f}\n", it, loss); };
  settings.split = {args.validation, args.search_images, args.train_images};
  settings.data = args.data;
  settings.seed = args.seed;
  settings.on_initial_winner = [&](const arch::Architecture& a) {
    fmt::print("initial winner (top-1 per layer on {}): {}\n", c.metric, arch::to_canonical(s, a));
  };
  settings.log = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
  const auto r = hurricane::hurricane_search(s, *latency, c.value, settings);

  fmt::print("{:<6} {:<14} {:>10} {:>8} {:>8} {:>8} {:>9} {:>11}\n", "stage", "active layers", "iterations", "loss", "paths",
             "scored", "val acc", "latency");
  for (const auto& st : r.stages) {
    fmt::print("{:<6} {:<14} {:>10} {:>8.4f} {:>8} {:>8} {:>8.2f}% {:>11.4g}\n", st.stage,
               fmt::format("{}-{}", st.active.front() + 1, st.active.back() + 1), st.training.iterations,
               st.training.final_loss, st.evaluated, st.scored, st.accuracy, st.latency);
  }
  fmt::print("winner: {}\n", arch::to_canonical(s, r.winner));
  fmt::print("validation accuracy {:.2f}%, test accuracy {:.2f}% (supernet weights), {} {:.4g} {} (<= {:.4g}), {} supernet "
             "iterations\n",
             r.validation_accuracy, r.test_accuracy, c.metric, r.latency, latency->unit(), c.value, r.iterations);
  if (!args.out.empty()) {
    std::ofstream(args.out) << hurricane::hurricane_result_json(s, r, args.latency, args.t, args.seed).dump(2) << "\n";
    fmt::print("wrote {}\n", args.out);
  }
}

const CommandRegistration registration(45, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("hurricane", "HURRICANE: per-device space generation, latency distributions");
  cmd->require_subcommand(1);

  auto g = std::make_shared<GenerateArgs>();
  auto* gen = cmd->add_subcommand("generate", "Profile every operator at every layer in context; keep the best per layer");
  gen->footer(
      "For every searchable layer i and candidate op, evaluates the latency of a network whose layer i is op\n"
      "(--background fixed: one fixed network, HURRICANE's view; random: the mean over --samples random\n"
      "networks with a 95% interval, BlockProfile's view), scores (F_op*P_op)^alpha / latency (HURRICANE eq. 2;\n"
      "F, P: the op's FLOPs and params at that layer), keeps the top --p per layer and adds an exploring\n"
      "operator (best op of a block family not yet kept) in the last --explore layers. Writes the space YAML\n"
      "(usable by every command) and OUT.scores.csv; prints the table of HURRICANE Table 1.\n"
      "Examples:\n  hwnas hurricane generate --metric latency:sim:hexagon-dsp-like --out spaces-gen/dsp.yaml\n"
      "  hwnas hurricane generate --metric flops --alpha 0.05 --background random --samples 30 --out gen.yaml");
  gen->add_option("--space", g->space, std::string(kSpaceHelp) + "; hurricane is the 32-op pool")->capture_default_str();
  gen->add_option("--metric", g->device, "latency source (latency:sim:<device>, latency:<device key>, macs, ...)")->required();
  refuse_renamed_option(gen, "--device", "--metric");
  gen->add_option("--alpha", g->alpha, "eq. 2's alpha >= 0: weight of capacity F*P against latency")->capture_default_str();
  gen->add_option("--p", g->keep, "operators kept per layer")->capture_default_str();
  gen->add_option("--explore", g->explore, "last layers that get an exploring operator")->capture_default_str();
  gen->add_option("--background", g->background, "fixed (default) | random")->check(CLI::IsMember({"fixed", "random"}));
  gen->add_option("--background-arch", g->background_arch,
                  "the fixed background architecture (default: every layer its first candidate)");
  gen->add_option("--samples", g->samples, "random backgrounds per (layer, op)")->capture_default_str()->check(CLI::Range(2, 100000));
  add_seed_option(gen, g->seed, "random seed for --background random");
  gen->add_option("--name", g->name, "name of the generated space (default <space>-<device>, e.g. hurricane-myriad-vpu-like)");
  add_measured_metric_options(gen, g->measured);
  gen->add_option("--out", g->out, "the space YAML to write")->required();
  gen->callback([g] { run_generate(*g); });

  auto a = std::make_shared<SearchArgs>();
  auto* srch = cmd->add_subcommand("search", "Two-stage constrained one-shot search (SPOS supernet, Fashion-MNIST)");
  srch->footer(
      "Algorithm 1 of HURRICANE: the initial winner takes the top-1 op (eq. 2, --alpha) of every layer; stage 1\n"
      "trains a SPOS supernet over the later n-t layers (the earlier t fixed to the winner's ops) on Fashion-MNIST\n"
      "and runs SPOS evolution under the constraint; stage 2 searches the earlier t layers. --t 0 is plain SPOS.\n"
      "Supernet training stops at --iters or when the moving training loss reaches --target-loss. A constraint\n"
      "no architecture can meet exits with code 2 and the smallest reachable latency. The space must take\n"
      "28x28x1 inputs with 10 classes (spaces/hurricane-fmnist.yaml, or a space generated from it).\n"
      "Example:\n  hwnas hurricane search --space gen-fmnist.yaml --constraint macs<=6e6 --t 8 --iters 1000 --generations 5 "
      "--population 20");
  srch->add_option("--space", a->space, kSpaceHelp)->required();
  srch->add_option("--constraint", a->latency, "the latency constraint SRC<=V (e.g. latency:sim:hexagon-dsp-like<=2.5)")->required();
  refuse_renamed_option(srch, "--latency", "--constraint");
  srch->add_option("--t", a->t, "earlier layers searched in stage 2 (0: one-stage SPOS)")->capture_default_str();
  srch->add_option("--alpha", a->alpha, "eq. 2's alpha for the initial winner")->capture_default_str();
  srch->add_option("--generations", a->generations, "SPOS evolution generations per stage")->capture_default_str()->check(CLI::Range(1, 1000));
  srch->add_option("--population", a->population, "evolution population (top 1/5 kept)")->capture_default_str()->check(CLI::Range(2, 10000));
  srch->add_option("--iters", a->iterations, "supernet training iterations per stage at most")->capture_default_str()->check(CLI::Range(1, 10000000));
  srch->add_option("--target-loss", a->target_loss, "stop training at this moving training loss (0: off)")->capture_default_str();
  srch->add_option("--batch", a->batch, "training batch")->capture_default_str()->check(CLI::Range(2, 4096));
  srch->add_option("--lr", a->learning_rate, "SGD learning rate, linear decay to 0 as SPOS")->capture_default_str();
  srch->add_option("--threads", a->threads, "LibTorch threads")->capture_default_str()->check(CLI::Range(1, 256));
  srch->add_option("--val-images", a->validation, "training images held out for validation")->capture_default_str();
  srch->add_option("--search-images", a->search_images, "validation images that score a path")->capture_default_str();
  srch->add_option("--train-images", a->train_images, "training images used (default: all not held out)");
  srch->add_option("--data", a->data, "Fashion-MNIST folder (MNIST-layout IDX files, .gz or plain)");
  add_measured_metric_options(srch, a->measured);
  add_seed_option(srch, a->seed);
  srch->add_option("--out", a->out, "write the result as JSON");
  srch->callback([a] { run_search(*a); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_hurricane
