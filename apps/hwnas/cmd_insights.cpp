// hwnas insights: reduction rules proposed from a profile, each with the numbers behind it.
#include <fstream>

#include <fmt/core.h>

#include "command.hpp"
#include "hwnas/profile/profile_io.hpp"
#include "hwnas/reduce/insights.hpp"

namespace hwnas::cli::cmd_insights {
namespace {

struct Args {
  std::string profile;
  std::vector<std::string> cost;
  std::string benefit;
  int resolution = 0;
  double depth_ratio = 2.0;
  std::string write;
};

void run(const Args& args) {
  const profile::ProfileResult result = profile::read_profile(args.profile);
  reduce::InsightOptions options{args.cost, args.benefit, args.resolution, args.depth_ratio};
  const reduce::Insights insights = reduce::propose_rules(result, options);
  for (const auto& note : insights.notes) fmt::print("note: {}\n", note);
  if (insights.proposals.empty()) fmt::print("no rule proposed\n");
  for (const auto& p : insights.proposals) fmt::print("proposed: {}\n  because {}\n", reduce::describe(p.rule), p.justification);
  if (!args.write.empty() && !insights.proposals.empty()) {
    reduce::RuleSet set;
    set.space = result.space.name;
    set.name = result.space.name + "-insights";
    set.description = fmt::format("proposed by hwnas insights from {} ({})", args.profile, result.provenance.command);
    for (const auto& p : insights.proposals) set.rules.push_back(p.rule);
    std::ofstream out(args.write);
    if (!out) throw InputError(fmt::format("--write: cannot write '{}'", args.write));
    out << reduce::write_rules(set);
    fmt::print("wrote {} (apply with: hwnas reduce --space {} --rules {} --out reduced.yaml)\n", args.write, set.space, args.write);
  }
}

const CommandRegistration registration(31, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("insights", "Propose space-reduction rules from a block profile");
  cmd->footer(
      "Reads OUT/profile.json of `hwnas profile` and proposes (docs/reduction.md):\n"
      "  remove blocks that cost significantly more than another block on a cost metric (latency)\n"
      "  without being significantly better on the benefit metric (accuracy, else FLOPs/MACs);\n"
      "  cap a unit's depth when its last optional layer adds a cost share at least --depth-ratio\n"
      "  times the benefit share it adds.\n"
      "Cost metrics default to the profile's latency:* metrics, so a profile needs one (or --cost).\n"
      "Examples:\n  hwnas insights --profile prof-ofa --write ofa-mine.yaml\n"
      "  hwnas insights --profile prof-ofa --cost params --benefit macs");
  cmd->add_option("--profile", args->profile, "output folder of `hwnas profile` (or its profile.json)")->required();
  cmd->add_option("--cost", args->cost, "cost metrics (default: the profile's latency:* metrics)");
  cmd->add_option("--benefit", args->benefit, "benefit metric (default: accuracy:*, else flops, macs, params)");
  cmd->add_option("--resolution", args->resolution, "which profiled resolution (default: the first)");
  cmd->add_option("--depth-ratio", args->depth_ratio, "cost share / benefit share above which a last layer is capped");
  cmd->add_option("--write", args->write, "write the proposals as a rule file");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_insights
