// Inference engines behind one interface: build a network once from an IR graph and its weights,
// then run it many times and time each run. Made by name (make_engine), so a measurement records
// exactly which engine, version and thread count produced it. Engines and names: docs/engines.md.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/engine/tool_output/tool_report.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/graph/graph.hpp"

namespace hwnas::engine {

// One timed forward pass. A failed run (an external command that exits non-zero or prints no
// latency) is a value with `error` set, not an exception: measurement loops record and go on.
struct RunResult {
  double seconds = 0;  // wall time of the forward pass, or the latency a command reported
  std::string error;
  std::optional<ToolReport> tool;  // what a benchmark tool printed beyond the latency
  bool ok() const { return error.empty(); }
};

class Engine {
 public:
  explicit Engine(int threads) : threads_(threads) {}
  virtual ~Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The name it was made by: "torchscript", "mobile", "opencv", "torch", "command".
  virtual std::string name() const = 0;
  // Runtime and version for provenance, e.g. "libtorch 1.13.0", "opencv 4.6.0".
  virtual std::string version() const = 0;
  // Compiles the network (export, freezing, graph optimisation) and sets a seeded random input.
  // Replaces an earlier network. Throws std::invalid_argument for weights that do not fit.
  virtual void build(const graph::Graph& graph, const exporting::Weights& weights) = 0;
  // One forward pass on the current input. Call build() first.
  virtual RunResult run() = 0;
  // False for engines that cannot hand back output values (an external command).
  virtual bool gives_outputs() const { return true; }
  // Sets the input (C·H·W floats of the graph's input shape), runs once, returns the output
  // values flattened. Throws InputError when gives_outputs() is false.
  virtual std::vector<float> infer(const std::vector<float>& input) = 0;

  // Facts about the measured device when it is not this machine (a phone over adb: model, SoC,
  // Android version, CPU governor), for the measurement's fingerprint. Empty for local engines.
  virtual nlohmann::json device_facts() { return nlohmann::json::object(); }

  int threads() const { return threads_; }

 private:
  int threads_;
};

// Settings of external-command engines; in-process engines ignore them.
struct EngineOptions {
  std::string parser = "auto";  // which tool output parser reads the command's output (tool_parsers.hpp)
  std::string adb_serial;       // the phone {adb} talks to (adb -s SERIAL); empty: adb's default
  nlohmann::json to_json() const { return {{"parser", parser}, {"adb_serial", adb_serial}}; }
};

// The engine kind table: every built-in engine is one row (its spec, or a prefix ending in ':' followed
// by an argument; a line of help; its constructor beside the engine, engine_factories.hpp). Adding an
// engine is its source file plus one row; make_engine, errors and `hwnas engines` read the table.
struct EngineKind {
  std::string_view prefix;   // "torchscript", or "command:" + template
  std::string_view form;     // as users write it: "command:<template>"
  std::string_view summary;  // one line for help text
  std::unique_ptr<Engine> (*make)(std::string_view argument, int threads, const EngineOptions& options);
};
std::span<const EngineKind> engine_kinds();

// spec: a row of engine_kinds() | a preset of engines/ by name ("trtexec", "ort", …) or by the path
// of its YAML file. threads >= 1. Throws InputError naming the valid specs for anything else.
std::unique_ptr<Engine> make_engine(std::string_view spec, int threads, const EngineOptions& options = {});

// The valid specs, as listed in errors and --help: the built-in ones, then the presets.
std::vector<std::string> engine_specs();

// The default CPU engine.
inline constexpr std::string_view kDefaultEngine = "torchscript";

}  // namespace hwnas::engine
