#include "hwnas/engine/engine_preset.hpp"

#include <algorithm>
#include <cstdlib>

#include "hwnas/common/error.hpp"
#include "hwnas/common/source_dir.hpp"
#include "hwnas/common/yaml_field.hpp"
#include "hwnas/engine/tool_output/tool_parsers.hpp"

namespace hwnas::engine {
namespace {

namespace fs = std::filesystem;

void raise_preset_error(const std::string& message) { throw InputError(message); }

}  // namespace

fs::path engines_dir() {
  if (const char* dir = std::getenv("HWNAS_ENGINES_DIR"); dir != nullptr && *dir != '\0') return dir;
  return source_dir() / "engines";
}

EnginePreset load_engine_preset(const fs::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw InputError(file.string() + ": not a readable engine preset: " + e.what());
  }
  const std::string source = file.string();  // the field keeps a pointer to it
  const YamlField top(root, "", source, raise_preset_error, 1);
  top.only_keys({"name", "tool", "summary", "needs", "parser", "prepare", "command", "facts"});
  EnginePreset p;
  p.file = file;
  p.name = top["name"].str();
  p.tool = top["tool"].str();
  p.summary = top["summary"].str();
  p.needs = top["needs"].str();
  p.parser = top["parser"].str_or("auto");
  p.prepare = top["prepare"].str_or("");
  p.command = top["command"].str();
  if (top["facts"].present()) {
    top["facts"].each_entry([&](const std::string& label, const YamlField& cmd) { p.facts.emplace_back(label, cmd.str()); });
  }
  try {
    check_parser_name(p.parser);
  } catch (const InputError& e) {
    throw InputError(file.string() + ": parser: " + e.what());
  }
  const std::string both = p.prepare + p.command;
  if (both.find("{onnx}") == std::string::npos && both.find("{torchscript}") == std::string::npos &&
      both.find("{ptl}") == std::string::npos) {
    throw InputError(file.string() + ": prepare/command: names no model file (expected {onnx}, {torchscript} or {ptl})");
  }
  return p;
}

std::vector<EnginePreset> engine_presets() {
  std::vector<EnginePreset> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(engines_dir(), ec)) {
    if (entry.path().extension() == ".yaml") out.push_back(load_engine_preset(entry.path()));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::optional<EnginePreset> find_engine_preset(const std::string& name_or_file) {
  const fs::path as_file(name_or_file);
  if (as_file.extension() == ".yaml" && fs::exists(as_file)) return load_engine_preset(as_file);
  if (name_or_file.find('/') != std::string::npos) return std::nullopt;
  const fs::path shipped = engines_dir() / (name_or_file + ".yaml");
  if (!fs::exists(shipped)) return std::nullopt;
  return load_engine_preset(shipped);
}

}  // namespace hwnas::engine
