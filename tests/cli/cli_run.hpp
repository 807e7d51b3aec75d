// Runs the hwnas binary (or another command) the way a user does and captures what it prints.
#pragma once

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>
#include "support/test_paths.hpp"

namespace hwnas::test {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Any command line through the shell, stdout and stderr together.
inline CliResult run_command(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline CliResult run_cli(const std::string& args) { return run_command(hwnas::test::cli_path() + " " + args); }

}  // namespace hwnas::test
