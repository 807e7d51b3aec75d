// Subcommands register themselves: each apps/hwnas/cmd_*.cpp defines one static
// CommandRegistration, so adding a command touches no shared file. A command file keeps its code in
// namespace hwnas::cli::cmd_<name>: the CLI compiles in unity batches (cmake/unity_batches.cmake),
// where the file-local Args, run and registration of two commands would otherwise meet.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace hwnas::cli {

// Adds a subcommand to the app and sets its callback. The callback may throw hwnas::InputError
// (printed as one line, exit 2); it returns normally on success.
using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandRegistration {
  // order: position in `hwnas --help` (pipeline order: space 10s, measure 20s, profile 30s ...).
  CommandRegistration(int order, CommandSetup setup);
};

}  // namespace hwnas::cli
