// hwnas: hardware-aware neural architecture search. The CLI is thin: each subcommand parses its
// arguments, calls the library and prints.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "command.hpp"
#include "hwnas/common/error.hpp"

namespace hwnas::cli {
namespace {
std::vector<std::pair<int, CommandSetup>>& registry() {
  static std::vector<std::pair<int, CommandSetup>> commands;
  return commands;
}
}  // namespace

CommandRegistration::CommandRegistration(int order, CommandSetup setup) {
  registry().emplace_back(order, std::move(setup));
}

}  // namespace hwnas::cli

int main(int argc, char** argv) {
  CLI::App app{
      "hwnas — hardware-aware neural architecture search.\n"
      "Profiles which neural blocks suit a device, shrinks design spaces, finds Pareto-optimal nets.\n"
      "Start with `hwnas spaces`, then `hwnas sample --space ofa-mbv3 -n 3` and `hwnas stats`.",
      "hwnas"};
  app.set_version_flag("--version", HWNAS_VERSION);
  app.require_subcommand(1);
  auto& commands = hwnas::cli::registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, setup] : commands) setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const hwnas::InputError& e) {
    fmt::print(stderr, "hwnas: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "hwnas: internal error: {}\n", e.what());
    return 1;
  }
  return 0;
}
