// hwnas size: the exact number of architectures in a space.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/arch/count.hpp"

namespace hwnas::cli::cmd_size {
namespace {

struct Args {
  std::string space;
  bool json = false;
};

void run(const Args& args) {
  const space::Space s = space::load_space(args.space);
  const auto per_res = arch::count_per_resolution(s);
  const auto total = arch::count_total(s);
  if (args.json) {
    nlohmann::json out{{"space", s.name},
                       {"resolutions", s.resolutions},
                       {"per_resolution", per_res.str()},
                       {"log10_per_resolution", arch::log10_count(per_res)},
                       {"total", total.str()},
                       {"log10_total", arch::log10_count(total)}};
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("space           {}\n", s.name);
  fmt::print("per resolution  {} (10^{:.3f})\n", per_res.str(), arch::log10_count(per_res));
  fmt::print("resolutions     {}\n", s.resolutions.size());
  fmt::print("total           {} (10^{:.3f})\n", total.str(), arch::log10_count(total));
}

const CommandRegistration registration(11, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("size", "Count the architectures of a space exactly");
  cmd->footer("Counts units' depth and block choices, width choices and variables, per resolution\n"
              "and over all resolutions.\nExample:\n  hwnas size --space ofa-mbv3   # 7371^5 per resolution");
  cmd->add_option("--space", args->space, kSpaceHelp)->required();
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_size
