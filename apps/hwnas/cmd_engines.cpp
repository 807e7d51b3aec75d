// hwnas engines: the engine presets of engines/ (benchmark tools as device back-ends), one per line.
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "hwnas/engine/engine.hpp"
#include "hwnas/engine/engine_preset.hpp"
#include "hwnas/engine/tool_output/tool_parsers.hpp"

namespace hwnas::cli::cmd_engines {
namespace {

void run(bool json) {
  const auto presets = engine::engine_presets();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : presets) {
      out.push_back({{"name", p.name}, {"tool", p.tool}, {"summary", p.summary}, {"needs", p.needs},
                     {"parser", p.parser}, {"command", p.command}, {"file", p.file.string()}});
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  for (const auto& p : presets) fmt::print("{:<20} {} — needs: {}\n", p.name, p.summary, p.needs);
}

const CommandRegistration registration(19, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("engines", "List the engine presets (engines/*.yaml): benchmark tools as devices");
  std::string parsers;
  for (const auto& p : engine::tool_parsers()) parsers += fmt::format("  {:<16} {}\n", p.name, p.tool);
  std::string built_in;
  for (const auto& k : engine::engine_kinds()) built_in += fmt::format("  {:<20} {}\n", k.form, k.summary);
  cmd->footer(fmt::format("Each preset is a command template plus the parser of its tool's output; use it as\n"
                          "`hwnas measure --engine NAME`, or copy its YAML file, edit it and pass the file's path.\n"
                          "Presets folder: {} (HWNAS_ENGINES_DIR names another).\n"
                          "Built-in engines:\n{}Output parsers (--parser):\n{}"
                          "Example:\n  hwnas engines\n  hwnas measure --space ofa-mbv3 -n 5 --engine ort --db runs.db",
                          engine::engines_dir().string(), built_in, parsers));
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "print JSON instead of lines");
  cmd->callback([json] { run(*json); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_engines
