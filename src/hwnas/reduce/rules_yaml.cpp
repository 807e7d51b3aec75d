// Reading and writing rule files.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <optional>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "hwnas/common/source_dir.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/reduce/rules.hpp"

namespace hwnas::reduce {
namespace {

[[noreturn]] void fail(const std::string& source, const YAML::Node& node, const std::string& message) {
  throw InputError(fmt::format("{}:{}: {}", source, node.Mark().line + 1, message));
}

// A scalar's text; a list, a map or nothing where one value belongs is an error naming the field.
std::string scalar(const std::string& source, const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar()) fail(source, node, fmt::format("{}: expected a single value", field));
  return node.Scalar();
}

// A whole number in [1, INT_MAX]; nullopt for anything else.
std::optional<int> positive_int(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != 0 || errno == ERANGE || v < 1 || v > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(v);
}

std::vector<std::string> string_list(const std::string& source, const YAML::Node& node, const std::string& field) {
  if (!node.IsSequence() || node.size() == 0) fail(source, node, fmt::format("{}: expected a non-empty list", field));
  std::vector<std::string> out;
  for (const auto& item : node) {
    if (!item.IsScalar()) fail(source, item, fmt::format("{}: expected names or numbers", field));
    out.push_back(item.Scalar());
  }
  return out;
}

std::vector<int> int_list(const std::string& source, const YAML::Node& node, const std::string& field) {
  std::vector<int> out;
  for (const auto& text : string_list(source, node, field)) {
    const auto v = positive_int(text);
    if (!v) fail(source, node, fmt::format("{}: expected positive integers, found '{}'", field, text));
    out.push_back(*v);
  }
  return out;
}

Rule parse_rule(const std::string& source, const YAML::Node& node, std::size_t index) {
  if (!node.IsMap()) fail(source, node, fmt::format("rules[{}]: expected a map such as {{remove: [e3k7]}}", index));
  Rule rule;
  rule.where = fmt::format("{}:{}", source, node.Mark().line + 1);
  int actions = 0;
  for (const auto& kv : node) {
    const auto key = scalar(source, kv.first, fmt::format("rules[{}]: a key", index));
    const YAML::Node& v = kv.second;
    const std::string field = fmt::format("rules[{}].{}", index, key);
    if (key == "remove") {
      rule.kind = RuleKind::remove;
      rule.blocks = string_list(source, v, field);
      ++actions;
    } else if (key == "max_depth" || key == "min_depth") {
      rule.kind = key == "max_depth" ? RuleKind::max_depth : RuleKind::min_depth;
      const auto depth = v.IsScalar() ? positive_int(v.Scalar()) : std::nullopt;
      if (!depth) fail(source, v, fmt::format("{}: expected a positive number of layers", field));
      rule.depth = *depth;
      ++actions;
    } else if (key == "resolutions") {
      rule.kind = RuleKind::resolutions;
      rule.values = int_list(source, v, field);
      ++actions;
    } else if (key == "widths") {
      rule.kind = RuleKind::widths;
      rule.widths = string_list(source, v, field);
      ++actions;
    } else if (key == "units") {
      rule.units = string_list(source, v, field);
    } else if (key == "layers") {
      rule.layers = int_list(source, v, field);
    } else if (key == "why") {
      rule.why = scalar(source, v, field);
    } else {
      fail(source, kv.first, fmt::format("rules[{}]: unknown key '{}' (expected remove, max_depth, min_depth, resolutions, "
                                         "widths, units, layers, why)", index, key));
    }
  }
  if (actions != 1) {
    fail(source, node, fmt::format("rules[{}]: expected exactly one of remove, max_depth, min_depth, resolutions, widths; found {}",
                                   index, actions));
  }
  if (!rule.layers.empty() && rule.kind != RuleKind::remove) fail(source, node, fmt::format("rules[{}]: 'layers' applies to remove only", index));
  if (!rule.units.empty() && rule.kind == RuleKind::resolutions) fail(source, node, fmt::format("rules[{}]: 'units' does not apply to resolutions", index));
  return rule;
}

}  // namespace

RuleSet parse_rules(const std::string& yaml_text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}: not valid YAML: {}", source, e.mark.line + 1, e.msg));
  }
  if (!root.IsMap()) throw InputError(fmt::format("{}: expected a map with 'space' and 'rules'", source));
  RuleSet set;
  set.source = source;
  for (const auto& kv : root) {
    const auto key = scalar(source, kv.first, "a key");
    if (key == "space") {
      set.space = scalar(source, kv.second, key);
    } else if (key == "name") {
      set.name = scalar(source, kv.second, key);
    } else if (key == "description") {
      set.description = scalar(source, kv.second, key);
    } else if (key == "unit_mutation") {
      for (const auto& text : string_list(source, kv.second, "unit_mutation")) {
        char* end = nullptr;
        const double p = std::strtod(text.c_str(), &end);
        if (*end != 0 || !(p >= 0 && p <= 1)) {
          fail(source, kv.second, fmt::format("unit_mutation: expected probabilities in [0, 1], found '{}'", text));
        }
        set.unit_mutation.push_back(p);
      }
    } else if (key == "rules") {
      if (!kv.second.IsSequence()) fail(source, kv.second, "rules: expected a list of rules");
      for (std::size_t i = 0; i < kv.second.size(); ++i) set.rules.push_back(parse_rule(source, kv.second[i], i));
    } else {
      fail(source, kv.first, fmt::format("unknown key '{}' (expected space, name, description, unit_mutation, rules)", key));
    }
  }
  if (set.space.empty()) throw InputError(fmt::format("{}: missing 'space' (the name of the space the rules are for)", source));
  if (set.rules.empty()) throw InputError(fmt::format("{}: missing or empty 'rules'", source));
  return set;
}

std::filesystem::path rules_dir() {
  if (const char* dir = std::getenv("HWNAS_RULES_DIR")) return dir;
  return source_dir() / "rules";
}

std::vector<std::string> list_presets() {
  std::vector<std::string> names;
  if (!std::filesystem::is_directory(rules_dir())) return names;
  for (const auto& e : std::filesystem::directory_iterator(rules_dir())) {
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

RuleSet load_rules(const std::string& name_or_path) {
  std::filesystem::path path = name_or_path;
  if (!std::filesystem::exists(path)) {
    path = rules_dir() / (name_or_path + ".yaml");
    if (!std::filesystem::exists(path)) {
      throw InputError(fmt::format("--rules '{}': neither a file nor a preset (presets: {})", name_or_path,
                                   fmt::join(list_presets(), ", ")));
    }
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  RuleSet set = parse_rules(text.str(), path.string());
  if (set.name.empty()) set.name = set.space + "-" + path.stem().string();
  return set;
}

std::string write_rules(const RuleSet& set) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "space" << YAML::Value << set.space;
  if (!set.name.empty()) out << YAML::Key << "name" << YAML::Value << set.name;
  if (!set.description.empty()) out << YAML::Key << "description" << YAML::Value << set.description;
  if (!set.unit_mutation.empty()) out << YAML::Key << "unit_mutation" << YAML::Value << YAML::Flow << set.unit_mutation;
  out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
  for (const Rule& r : set.rules) {
    out << YAML::BeginMap;
    switch (r.kind) {
      case RuleKind::remove: out << YAML::Key << "remove" << YAML::Value << YAML::Flow << r.blocks; break;
      case RuleKind::max_depth: out << YAML::Key << "max_depth" << YAML::Value << r.depth; break;
      case RuleKind::min_depth: out << YAML::Key << "min_depth" << YAML::Value << r.depth; break;
      case RuleKind::resolutions: out << YAML::Key << "resolutions" << YAML::Value << YAML::Flow << r.values; break;
      case RuleKind::widths: out << YAML::Key << "widths" << YAML::Value << YAML::Flow << r.widths; break;
    }
    if (!r.units.empty()) out << YAML::Key << "units" << YAML::Value << YAML::Flow << r.units;
    if (!r.layers.empty()) out << YAML::Key << "layers" << YAML::Value << YAML::Flow << r.layers;
    if (!r.why.empty()) out << YAML::Key << "why" << YAML::Value << r.why;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string describe(const Rule& r) {
  std::string text;
  switch (r.kind) {
    case RuleKind::remove: text = fmt::format("remove {}", fmt::join(r.blocks, ", ")); break;
    case RuleKind::max_depth: text = fmt::format("max_depth {}", r.depth); break;
    case RuleKind::min_depth: text = fmt::format("min_depth {}", r.depth); break;
    case RuleKind::resolutions: text = fmt::format("resolutions {}", fmt::join(r.values, ", ")); break;
    case RuleKind::widths: text = fmt::format("widths {}", fmt::join(r.widths, ", ")); break;
  }
  if (!r.units.empty()) text += fmt::format(" (units {}{})", fmt::join(r.units, ", "), r.layers.empty() ? "" : fmt::format("; layers {}", fmt::join(r.layers, ", ")));
  else if (!r.layers.empty()) text += fmt::format(" (layers {})", fmt::join(r.layers, ", "));
  return text;
}

}  // namespace hwnas::reduce
