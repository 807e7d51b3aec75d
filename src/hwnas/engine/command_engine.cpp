// An external benchmark command, e.g. a device runner or another runtime:
//   command:node scripts/ort_bench.mjs {onnx} {shape} {threads}
// Placeholders: {onnx} model.onnx, {torchscript} model.pt, {threads}, {shape} input as 1xCxHxW.
// build() writes the exported model files to a fresh temporary folder; every run() executes the
// command (via /bin/sh) and reads the latency it prints (latency_parse.hpp).
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

#include "hwnas/common/error.hpp"
#include "hwnas/engine/engine_factories.hpp"
#include "hwnas/engine/latency_parse.hpp"
#include "hwnas/export/onnx_export.hpp"
#include "hwnas/export/torchscript_module.hpp"

namespace hwnas::engine {
namespace {

namespace fs = std::filesystem;

std::string replace_all(std::string text, std::string_view key, const std::string& value) {
  for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + value.size())) {
    text.replace(pos, key.size(), value);
  }
  return text;
}

class CommandEngine final : public Engine {
 public:
  CommandEngine(int threads, std::string command_template)
      : Engine(threads), template_(std::move(command_template)) {
    if (template_.find("{onnx}") == std::string::npos &&
        template_.find("{torchscript}") == std::string::npos) {
      throw InputError("engine 'command:" + template_ +
                       "': the template names no model file (expected {onnx} or {torchscript})");
    }
  }
  ~CommandEngine() override {
    std::error_code ignored;
    if (!folder_.empty()) fs::remove_all(folder_, ignored);
  }

  std::string name() const override { return "command"; }
  std::string version() const override { return "command: " + template_; }
  bool gives_outputs() const override { return false; }

  void build(const graph::Graph& graph, const exporting::Weights& weights) override {
    if (folder_.empty()) folder_ = make_folder();
    std::string command = replace_all(template_, "{threads}", std::to_string(threads()));
    const auto& in = graph.shape(0);
    command = replace_all(command, "{shape}", "1x" + std::to_string(in.c) + "x" +
                                                  std::to_string(in.h) + "x" + std::to_string(in.w));
    if (command.find("{onnx}") != std::string::npos) {
      const auto path = folder_ / "model.onnx";
      std::ofstream(path, std::ios::binary) << exporting::export_onnx(graph, weights);
      command = replace_all(command, "{onnx}", path.string());
    }
    if (command.find("{torchscript}") != std::string::npos) {
      const auto path = folder_ / "model.pt";
      exporting::save_torchscript(graph, weights, path.string());
      command = replace_all(command, "{torchscript}", path.string());
    }
    command_ = command;
  }

  RunResult run() override {
    FILE* pipe = popen(command_.c_str(), "r");
    if (pipe == nullptr) return {0, "cannot start: " + command_};
    std::string output;
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    const int status = pclose(pipe);
    const std::string tail = output.size() > 400 ? output.substr(output.size() - 400) : output;
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      return {0, "command failed (status " + std::to_string(status) + "): " + command_ +
                     "; output: " + tail};
    }
    const auto seconds = parse_latency_seconds(output);
    if (!seconds) return {0, "no latency in the output of: " + command_ + "; output: " + tail};
    return {*seconds, {}};
  }

  std::vector<float> infer(const std::vector<float>&) override {
    throw InputError("engine 'command' reports latency only and gives no output values");
  }

 private:
  static fs::path make_folder() {
    std::string pattern = (fs::temp_directory_path() / "hwnas-engine-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary folder from " + pattern);
    }
    return pattern;
  }

  std::string template_;
  std::string command_;
  fs::path folder_;
};

}  // namespace

std::unique_ptr<Engine> make_command_engine(int threads, std::string command_template) {
  return std::make_unique<CommandEngine>(threads, std::move(command_template));
}

}  // namespace hwnas::engine
