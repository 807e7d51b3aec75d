// Engine presets: a benchmark tool's command template, its output parser and what it needs, as a
// YAML file under engines/ (data a user copies and edits; format in docs/engines.md). The shipped
// folder is <checkout>/engines unless HWNAS_ENGINES_DIR names another.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hwnas::engine {

struct EnginePreset {
  std::string name;      // what --engine takes, e.g. "tflite-adb"
  std::string tool;      // e.g. "TensorFlow Lite benchmark_model"
  std::string summary;   // one line
  std::string needs;     // what must be installed for it to run
  std::string parser;    // a tool_parsers() name, or "auto"
  std::string prepare;   // run once per network before the timed runs (convert, push); may be empty
  std::string command;   // the command template (command_engine.cpp's placeholders)
  // label -> shell command: outputs recorded in the measurement's fingerprint (device facts).
  std::vector<std::pair<std::string, std::string>> facts;
  std::filesystem::path file;
};

// The presets folder in use.
std::filesystem::path engines_dir();

// Reads one preset file. InputError naming the file, line and field for a bad one.
EnginePreset load_engine_preset(const std::filesystem::path& file);

// Every preset of engines_dir(), by name.
std::vector<EnginePreset> engine_presets();

// A preset by name (engines_dir()/<name>.yaml) or by the path of a .yaml file; nullopt when
// neither exists.
std::optional<EnginePreset> find_engine_preset(const std::string& name_or_file);

}  // namespace hwnas::engine
