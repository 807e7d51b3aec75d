// An external benchmark command, e.g. a device runner or another runtime:
//   command:node scripts/ort_bench.mjs {onnx} {shape} {threads}
// Placeholders: {onnx} model.onnx (opset 13), {torchscript} model.pt, {ptl} model.ptl (PyTorch
// Mobile lite interpreter), {threads}, {shape} the input as 1xCxHxW, {input_dims} as 1,C,H,W,
// {dir} the folder holding the model files (for reports a tool writes), {adb} "adb" or
// "adb -s SERIAL", {checkout} the hwnas checkout (for its scripts/). build() writes the model files
// to a fresh temporary folder and runs the preset's prepare command (conversion, adb push) once;
// every run() executes the command (via /bin/sh) and reads what it printed
// (tool_output/tool_parsers.hpp).
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

#include "hwnas/common/error.hpp"
#include "hwnas/common/source_dir.hpp"
#include "hwnas/engine/engine_factories.hpp"
#include "hwnas/engine/tool_output/tool_parsers.hpp"
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

struct Output {
  std::string text;
  int status = -1;
  bool ok() const { return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0; }
};

Output run_shell(const std::string& command) {
  Output out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.text.append(buffer, n);
  out.status = pclose(pipe);
  return out;
}

std::string tail(const std::string& output) { return output.size() > 400 ? output.substr(output.size() - 400) : output; }

class CommandEngine final : public Engine {
 public:
  CommandEngine(int threads, CommandSpec spec, EngineOptions options)
      : Engine(threads), spec_(std::move(spec)), options_(std::move(options)) {
    const std::string t = spec_.prepare + " " + spec_.command_template;
    if (t.find("{onnx}") == std::string::npos && t.find("{torchscript}") == std::string::npos &&
        t.find("{ptl}") == std::string::npos) {
      throw InputError("engine '" + spec_.name + "' (" + spec_.command_template +
                       "): the template names no model file (expected {onnx}, {torchscript} or {ptl})");
    }
    adb_ = options_.adb_serial.empty() ? "adb" : "adb -s '" + options_.adb_serial + "'";
  }
  ~CommandEngine() override {
    std::error_code ignored;
    if (!folder_.empty()) fs::remove_all(folder_, ignored);
  }

  std::string name() const override { return spec_.name; }
  std::string version() const override {
    return (spec_.name == "command" ? "command: " : spec_.name + " (command: ") + spec_.command_template +
           (spec_.name == "command" ? "" : ")") + (options_.parser == "auto" ? "" : "; parser " + options_.parser);
  }
  bool gives_outputs() const override { return false; }

  nlohmann::json device_facts() override {
    nlohmann::json facts = nlohmann::json::object();
    for (const auto& [label, command] : spec_.facts) {
      const Output out = run_shell(replace_all(command, "{adb}", adb_));
      std::string value = out.text;
      while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' ')) value.pop_back();
      facts[label] = out.ok() ? value : "unavailable (" + tail(value) + ")";
    }
    return facts;
  }

  void build(const graph::Graph& graph, const exporting::Weights& weights) override {
    if (folder_.empty()) folder_ = make_folder();
    const std::string both = spec_.prepare + " " + spec_.command_template;
    if (both.find("{onnx}") != std::string::npos) {
      std::ofstream(folder_ / "model.onnx", std::ios::binary) << exporting::export_onnx(graph, weights);
    }
    if (both.find("{torchscript}") != std::string::npos) {
      exporting::save_torchscript(graph, weights, (folder_ / "model.pt").string());
    }
    if (both.find("{ptl}") != std::string::npos) {
      exporting::save_torchscript_lite(graph, weights, (folder_ / "model.ptl").string());
    }
    command_ = expand(spec_.command_template, graph);
    prepare_error_.clear();
    if (!spec_.prepare.empty()) {
      const std::string prepare = expand(spec_.prepare, graph);
      const Output out = run_shell(prepare);
      if (!out.ok()) prepare_error_ = "preparing failed (status " + std::to_string(out.status) + "): " + prepare +
                                      "; output: " + tail(out.text);
    }
  }

  RunResult run() override {
    if (!prepare_error_.empty()) return {0, prepare_error_, {}};
    const Output out = run_shell(command_);
    if (out.status == -1 && out.text.empty()) return {0, "cannot start: " + command_, {}};
    if (!out.ok()) {
      return {0, "command failed (status " + std::to_string(out.status) + "): " + command_ + "; output: " + tail(out.text), {}};
    }
    ToolReading reading = read_tool_output(out.text, options_.parser);
    if (!reading.report) return {0, reading.error + ", from: " + command_ + "; output: " + tail(out.text), {}};
    const double seconds = reading.report->seconds;
    return {seconds, {}, std::move(reading.report)};
  }

  std::vector<float> infer(const std::vector<float>&) override {
    throw InputError("engine '" + spec_.name + "' reports latency only and gives no output values");
  }

 private:
  static fs::path make_folder() {
    std::string pattern = (fs::temp_directory_path() / "hwnas-engine-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary folder from " + pattern);
    }
    return pattern;
  }

  std::string expand(std::string text, const graph::Graph& graph) const {
    const auto& in = graph.shape(0);
    const std::string c = std::to_string(in.c), h = std::to_string(in.h), w = std::to_string(in.w);
    text = replace_all(text, "{threads}", std::to_string(threads()));
    text = replace_all(text, "{shape}", "1x" + c + "x" + h + "x" + w);
    text = replace_all(text, "{input_dims}", "1," + c + "," + h + "," + w);
    text = replace_all(text, "{dir}", folder_.string());
    text = replace_all(text, "{adb}", adb_);
    text = replace_all(text, "{checkout}", source_dir().string());
    text = replace_all(text, "{onnx}", (folder_ / "model.onnx").string());
    text = replace_all(text, "{torchscript}", (folder_ / "model.pt").string());
    return replace_all(text, "{ptl}", (folder_ / "model.ptl").string());
  }

  CommandSpec spec_;
  EngineOptions options_;
  std::string adb_;
  std::string command_;
  std::string prepare_error_;  // a failed prepare fails every run, with its output
  fs::path folder_;
};

}  // namespace

std::unique_ptr<Engine> make_command_engine(int threads, CommandSpec spec, const EngineOptions& options) {
  return std::make_unique<CommandEngine>(threads, std::move(spec), options);
}

}  // namespace hwnas::engine
