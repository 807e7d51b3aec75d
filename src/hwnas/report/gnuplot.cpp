#include "hwnas/report/gnuplot.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <sys/wait.h>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::report {

namespace {

void run_gnuplot_command(const std::string& command, const std::filesystem::path& script) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot start gnuplot");
  std::string output;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int status = pclose(pipe);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 127) {
    throw InputError("gnuplot not found: the report needs it (Debian: apt-get install gnuplot-nox, see scripts/install-deps.sh)");
  }
  if (code != 0) throw std::runtime_error(fmt::format("gnuplot failed on {}:\n{}", script.string(), output));
}

}  // namespace

void run_gnuplot(const std::filesystem::path& script) {
  run_gnuplot_command(fmt::format("gnuplot '{}' 2>&1", script.string()), script);
}

void run_gnuplot_beside(const std::filesystem::path& script) {
  const std::filesystem::path folder = script.has_parent_path() ? script.parent_path() : ".";
  run_gnuplot_command(fmt::format("cd '{}' && gnuplot '{}' 2>&1", folder.string(), script.filename().string()),
                      script);
}

std::string gnuplot_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

Scale scale_for(double max_abs) {
  if (max_abs >= 1e9) return {1e-9, "G"};
  if (max_abs >= 1e6) return {1e-6, "M"};
  if (max_abs >= 1e4) return {1e-3, "k"};
  return {1, ""};
}

std::string scaled_unit(const Scale& scale, const std::string& unit) {
  return scale.prefix.empty() ? unit : scale.prefix + " " + unit;
}

std::string file_stem(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out;
}

}  // namespace hwnas::report
