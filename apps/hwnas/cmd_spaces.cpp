// hwnas spaces: the shipped design spaces with their sizes.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hwnas/arch/count.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::cli::cmd_spaces {
namespace {

void run(bool json) {
  nlohmann::json out = nlohmann::json::array();
  if (!json) fmt::print("{:<12} {:>6} {:>7} {:>12}  {}\n", "space", "units", "blocks", "log10(size)", "description");
  for (const auto& name : space::list_spaces()) {
    const space::Space s = space::load_space(name);
    const auto per_res = arch::count_per_resolution(s);
    if (json) {
      out.push_back({{"name", s.name},
                     {"description", s.description},
                     {"file", s.source_file},
                     {"units", s.units.size()},
                     {"blocks", s.blocks.size()},
                     {"resolutions", s.resolutions},
                     {"size_per_resolution", per_res.str()},
                     {"log10_size_per_resolution", arch::log10_count(per_res)}});
    } else {
      fmt::print("{:<12} {:>6} {:>7} {:>12.2f}  {}\n", s.name, s.units.size(), s.blocks.size(),
                 arch::log10_count(per_res), s.description);
    }
  }
  if (json) fmt::print("{}\n", out.dump(2));
}

const CommandRegistration registration(10, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("spaces", "List the shipped design spaces (spaces/*.yaml)");
  cmd->footer("Example:\n  hwnas spaces\n  hwnas spaces --json | jq '.[].name'");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "print JSON instead of a table");
  cmd->callback([json] { run(*json); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_spaces
