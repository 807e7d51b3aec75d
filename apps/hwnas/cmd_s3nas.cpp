// hwnas s3nas: the S3NAS method (docs/s3nas.md). This file holds the command and the subcommands
// about the latency table: its check against the latency source and the random baseline; search
// and train are in cmd_s3nas_search.cpp, scale and prune-se in cmd_s3nas_scale.cpp.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "options.hpp"
#include "s3nas_args.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/s3nas/latency_check.hpp"
#include "hwnas/s3nas/random_baseline.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::cli::cmd_s3nas {
namespace {

struct CheckArgs : S3nasLatencyArgs {
  int samples = 100;
  std::uint64_t seed = 1;
  bool json = false;
};

void run_check(const CheckArgs& args) {
  const space::Space space = space::load_space(args.space);
  const auto source = open_s3nas_latency(args);
  const s3nas::LatencyTable table = s3nas::LatencyTable::profile(space, *source);
  const s3nas::LatencyCheck check = s3nas::check_latency_table(space, table, *source, args.samples, args.seed);
  if (args.json) {
    fmt::print("{}\n", check.to_json().dump(2));
    return;
  }
  fmt::print("space {}  source {}  {} random architectures (seed {})\n", space.name, source->spec(),
             check.evaluation.count, args.seed);
  fmt::print("MAPE {:.3f}%  max APE {:.3f}%\n", check.evaluation.mape, check.max_ape_percent());
}

struct RandomArgs : S3nasLatencyArgs {
  s3nas::RandomBaselineOptions options;
  std::string table;
};

void run_random(const RandomArgs& args) {
  const space::Space space = space::load_space(args.space);
  const auto source = open_s3nas_latency(args);
  std::optional<s3nas::LatencyTable> table;
  if (!args.table.empty()) {
    table = s3nas::LatencyTable::load(args.table);
    table->check_space(space, args.table);
  }
  s3nas::random_in_latency_window(space, *source, table ? &*table : nullptr, args.options,
                                  [&space](const s3nas::RandomPick& pick) {
                                    fmt::print("{} {:.6f}\n", arch::to_canonical(space, pick.architecture),
                                               pick.latency_ms);
                                  });
}

const CommandRegistration registration(56, [](CLI::App& app) {
  auto* s3 = app.add_subcommand("s3nas", "S3NAS: MixConv supernet search with a latency target (docs/s3nas.md)");
  s3->require_subcommand(1);

  auto check = std::make_shared<CheckArgs>();
  auto* check_cmd = s3->add_subcommand("latency-check", "Latency table estimate vs the source on random architectures (MAPE)");
  add_s3nas_latency_options(check_cmd, *check);
  check_cmd->add_option("--samples", check->samples, "random architectures")->capture_default_str();
  add_seed_option(check_cmd, check->seed, "sampling seed");
  add_json_flag(check_cmd, check->json);
  check_cmd->footer("Example:\n  hwnas s3nas latency-check --space s3nas-fmnist --metric latency:sim:midap --samples 100");
  check_cmd->callback([check] { run_check(*check); });

  auto random = std::make_shared<RandomArgs>();
  auto* random_cmd = s3->add_subcommand("random", "Uniform architectures with latency in [T(1 - tolerance), T]");
  add_s3nas_latency_options(random_cmd, *random);
  auto& o = random->options;
  random_cmd->add_option("--target-ms", o.target_ms, "latency T (ms)")->required();
  random_cmd->add_option("--tolerance", o.tolerance, "relative window below T")->capture_default_str();
  random_cmd->add_option("--count", o.count, "architectures to print")->capture_default_str();
  add_seed_option(random_cmd, o.seed, "sampling seed");
  random_cmd->add_option("--max-draws", o.max_draws, "uniform draws before giving up")->capture_default_str();
  random_cmd->add_option("--table", random->table, "latency_table.json of a search: prefilter draws by its estimate");
  random_cmd->footer("S3NAS's random baseline (Table 6): prints each architecture found with its latency.\nExample:\n"
                     "  hwnas s3nas random --target-ms 0.04 --count 3 --table s3/latency_table.json");
  random_cmd->callback([random] { run_random(*random); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_s3nas
