// hwnas sample: architectures drawn as BlockProfile does, optionally with a block fixed in place.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/arch/sampler.hpp"

namespace hwnas::cli::cmd_sample {
namespace {

struct Args {
  std::string space;
  int count = 1;
  std::uint64_t seed = 0;
  std::string fix;
  std::optional<int> resolution;
  std::string format = "canonical";
  std::string depth_rule = "uniform";
};

void run(const Args& args) {
  const space::Space s = space::load_space(args.space);
  if (args.resolution && !s.has_resolution(*args.resolution)) {
    throw InputError(fmt::format("--resolution {} is not in space '{}' (allowed: {})", *args.resolution, s.name,
                                 fmt::join(s.resolutions, ", ")));
  }
  std::optional<arch::Placement> fixed;
  if (!args.fix.empty()) fixed = arch::parse_placement(s, args.fix);
  arch::Rng rng(args.seed);
  for (int i = 0; i < args.count; ++i) {
    const arch::Architecture a = fixed ? arch::sample_fixed(s, rng, *fixed, args.resolution, arch::parse_depth_rule(args.depth_rule))
                                       : arch::sample_uniform(s, rng, args.resolution);
    if (args.format == "json") {
      fmt::print("{}\n", arch::to_json(s, a).dump());
    } else if (args.format == "ofa") {
      fmt::print("{}\n", arch::to_ofa_dict(s, a).dump());
    } else if (args.format == "net_str") {
      fmt::print("{}\n", arch::to_net_str(s, a));
    } else {
      fmt::print("{}\n", arch::to_canonical(s, a));
    }
  }
}

const CommandRegistration registration(12, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("sample", "Sample architectures uniformly (BlockProfile's A and A_{u,l,b})");
  cmd->footer(
      "Each unit gets a uniform depth, each layer a uniform block, and a uniform resolution unless\n"
      "--resolution is given. --fix U:L:BLOCK (1-based unit and layer) places BLOCK there; the unit has\n"
      "at least L layers, its depth uniform over L..max (BlockProfile's A_{u,l,b}; --depth-rule clamp\n"
      "grows a shorter unit to exactly L instead). One architecture per line.\n"
      "Examples:\n  hwnas sample --space ofa-mbv3 -n 3 --seed 1\n"
      "  hwnas sample --space ofa-mbv3 -n 5 --fix 2:4:e6k7 --resolution 224\n"
      "  hwnas sample --space resnet50 --format ofa");
  cmd->add_option("--space", args->space, kSpaceHelp)->required();
  cmd->add_option("-n,--count", args->count, "how many architectures")->check(CLI::Range(1, 100000000));
  cmd->add_option("--seed", args->seed, "random seed (same seed, same output)");
  cmd->add_option("--fix", args->fix, "U:L:BLOCK — fix BLOCK at unit U, layer L (1-based)");
  cmd->add_option("--resolution", args->resolution, "input resolution (default: uniform over the space's)");
  cmd->add_option("--depth-rule", args->depth_rule, kDepthRuleHelp)->check(CLI::IsMember({"uniform", "clamp"}));
  cmd->add_option("--format", args->format, "canonical | json | ofa | net_str")
      ->check(CLI::IsMember({"canonical", "json", "ofa", "net_str"}));
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_sample
