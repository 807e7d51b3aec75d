// hwnas search: find the Pareto front (or the best architecture) of a space for objectives and
// constraints over metric sources, with any of the search algorithms; checkpointed every generation.
#include <cmath>
#include <filesystem>
#include <optional>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/reduce/search_space.hpp"
#include "hwnas/report/gnuplot.hpp"
#include "hwnas/search/search_job.hpp"

namespace hwnas::cli::cmd_search {
namespace {

namespace fs = std::filesystem;

struct Args {
  std::string space;
  std::string rules;
  std::vector<std::string> objectives;
  std::vector<std::string> constraints;
  std::string algorithm;
  std::size_t budget = 0;
  int generations = 0;
  std::optional<int> resolution;
  std::uint64_t seed = 0;
  std::string db;
  bool measure_missing = false;
  bool farm = false;
  std::string out;
  std::vector<std::string> hv_box;
  std::size_t feasibility_tries = 1000;
  bool resume = false;
  bool no_plot = false;
};

std::string format_values(const search::Problem& problem, const std::vector<double>& values) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < values.size(); ++i) {
    parts.push_back(fmt::format("{}={:.4g}", to_string(problem.objectives[i]), values[i]));
  }
  return fmt::format("{}", fmt::join(parts, " "));
}

void run(const Args& args) {
  if ((args.budget > 0) == (args.generations > 0)) {
    throw InputError("give one of --budget N (distinct evaluations) or --generations G");
  }
  const reduce::SearchSpace space = reduce::search_space(space::load_space(args.space), args.rules, args.resolution);
  const metric::MetricContext context{args.db, args.measure_missing, false, args.farm};
  const search::SearchRequest request{args.algorithm, args.objectives,   args.constraints,       args.budget,
                                      args.generations, args.resolution, args.seed,              args.hv_box,
                                      args.feasibility_tries, args.out,  args.resume};
  search::SearchJob job(space.space, space.algorithm_options, request,
                        [&](std::string_view spec) { return metric::open_metric(spec, context); });
  if (const auto resumed = job.resumed_at()) {
    fmt::print(stderr, "resumed from {} at {} evaluated\n", job.checkpoint_file().string(), *resumed);
  }

  while (job.step()) {
    const search::Progress p = job.progress();
    const std::string limit = args.generations > 0 ? fmt::format("(generation {}/{})", p.generation - 1, args.generations)
                                                   : fmt::format("/{}", p.budget);
    fmt::print(stderr, "gen {:>3}  evaluated {:>6}{}  feasible {:>6}  front {:>4}  best {}  hv {:.4f}\n",
               p.generation, p.evaluated, limit, p.feasible, p.front_size, format_values(job.problem(), p.best),
               p.hypervolume);
  }
  if (job.stop_reason() == search::StopReason::stalled) {
    fmt::print(stderr, "stopped early: the algorithm keeps proposing architectures already evaluated\n");
  }

  const search::SearchOutcome outcome = job.finish();
  const fs::path out(args.out);
  std::string plot = args.no_plot ? "skipped (--no-plot)" : "none (more than two objectives)";
  if (!args.no_plot && search::write_plot_script(out, outcome.info)) {
    try {
      report::run_gnuplot_beside(out / "front.gp");
      plot = (out / "front.png").string();
    } catch (const std::exception&) {
      plot = "front.gp written; gnuplot failed or is not installed";
    }
  }
  fmt::print("{} on {}: {} evaluated, {} on the front, hypervolume {:.6f} (box: {})\n", args.algorithm,
             space.space.name, job.trials().size(), outcome.front.size(), outcome.front_json.value("hypervolume", NAN),
             fmt::join(search::format_hv_box(job.problem().objectives, outcome.info.box), " "));
  fmt::print("wrote {}/evaluated.csv, front.csv, front.json, checkpoint.json; plot: {}\n", out.string(), plot);
}

const CommandRegistration registration(60, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("search", "Search a space for Pareto-optimal (or best) architectures");
  cmd->footer(
      "Objectives and constraints name metric sources (docs/metrics.md): macs, params, flops,\n"
      "latency:sim:<device>, latency:pred:<file>, accuracy:<source>. --budget counts distinct\n"
      "architectures evaluated (a repeat is free); --generations G instead runs the initial population\n"
      "and exactly G generations of children (BlockProfile: 10 for Pareto runs, 4 for max-accuracy).\n"
      "--resolution R searches at R only (BlockProfile: 224); without it the resolution is searched\n"
      "like the other variables. A --rules preset may set per-unit mutation probabilities. The run is checkpointed to OUT/checkpoint.json\n"
      "after every generation; --resume continues it. Writes OUT/evaluated.csv, front.csv,\n"
      "front.json and front.png (gnuplot). Algorithms: random, blockprofile-pareto,\n"
      "blockprofile-maxacc, ofa-evolution, spos-evolution, nsga2 (docs/search.md).\n"
      "Hypervolume is normalised in a box BEST:WORST per objective (--hv-box; default: fixed from\n"
      "the first generation's feasible points).\n"
      "Examples (params as an accuracy proxy until accuracy sources exist):\n"
      "  hwnas search --space ofa-mbv3 --objective max:params --objective min:macs \\\n"
      "      --algo blockprofile-pareto --generations 10 --resolution 224 --seed 1 --out runs/bp1\n"
      "  hwnas search --space ofa-mbv3 --objective max:params --constraint 'macs<=3e8' \\\n"
      "      --algo ofa-evolution --budget 3000 --out runs/ofa1");
  cmd->add_option("--space", args->space, kSpaceHelp)->required();
  cmd->add_option("--rules", args->rules, "search the space reduced by these rules: a preset (rules/) or a rule file");
  cmd->add_option("--objective", args->objectives, "max:METRIC or min:METRIC (repeat for several)")->required();
  cmd->add_option("--constraint", args->constraints, "METRIC<=VALUE or METRIC>=VALUE (repeatable)");
  cmd->add_option("--algo", args->algorithm, "search algorithm")->required();
  cmd->add_option("--budget", args->budget, "distinct architectures to evaluate")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  cmd->add_option("--generations", args->generations, "generations of children after the initial population")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--resolution", args->resolution, "search at this input resolution only");
  cmd->add_option("--seed", args->seed, "random seed (same seed, same run)");
  cmd->add_option("--db", args->db, "profile store URL for metrics that read measurements");
  cmd->add_flag("--measure-missing", args->measure_missing, "let latency:<device key> measure the candidates the store lacks");
  cmd->add_flag("--farm", args->farm,
                "with --measure-missing: enqueue them for the farm's workers of the key and wait (docs/farm.md)");
  cmd->add_option("--out", args->out, "output folder")->required();
  cmd->add_option("--hv-box", args->hv_box, "OBJECTIVE=BEST:WORST per objective, e.g. min:macs=0:6e8");
  cmd->add_option("--feasibility-tries", args->feasibility_tries,
                  "stop with an error when none of this many evaluated architectures is feasible")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  cmd->add_flag("--resume", args->resume, "continue the run checkpointed in --out");
  cmd->add_flag("--no-plot", args->no_plot, "do not run gnuplot");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_search
