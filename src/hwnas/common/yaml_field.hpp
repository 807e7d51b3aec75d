// Reads one YAML node of an input file with its dotted path, so every error names the file, the
// line and the field: "devices/x.yaml:7: compute.clock_ghz: expected a number in (0, 100], found 'fast'".
// Shared by the space, device and other YAML loaders; each raises its own InputError subclass.
#pragma once

#include <initializer_list>
#include <string>

#include <yaml-cpp/yaml.h>

namespace hwnas {

class YamlField {
 public:
  // Throws the loader's error type with the finished message.
  using Raise = void (*)(const std::string& message);

  // line: 1-based line to report when the node is missing (its parent's), 0 when unknown.
  YamlField(const YAML::Node& node, std::string path, const std::string& source, Raise raise, int line = 0);

  [[noreturn]] void fail(const std::string& expected) const;

  const std::string& path() const { return path_; }
  bool present() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_sequence() const { return node_.IsSequence(); }

  // A missing key is a field that is not present(); required getters then fail with "nothing".
  YamlField operator[](const std::string& key) const;
  YamlField at(std::size_t idx) const;
  std::size_t size() const;  // of a list

  std::string str() const;
  std::string str_or(const std::string& fallback) const { return present() ? str() : fallback; }
  int integer(int min = 0, int max = 1 << 30) const;
  int integer_or(int fallback, int min = 0, int max = 1 << 30) const {
    return present() ? integer(min, max) : fallback;
  }
  // A number in (min, max], or [min, max] when min_inclusive.
  double number(double min, double max, bool min_inclusive = false) const;
  double number_or(double fallback, double min, double max, bool min_inclusive = false) const {
    return present() ? number(min, max, min_inclusive) : fallback;
  }
  bool boolean_or(bool fallback) const;
  // Fails on any key outside `allowed`, naming it.
  void only_keys(std::initializer_list<const char*> allowed) const;
  // Calls f(key, field) for each entry of a mapping.
  template <typename F>
  void each_entry(F&& f) const {
    if (!node_.IsMap()) fail("a mapping");
    for (const auto& kv : node_) f(kv.first.Scalar(), child(kv.second, path_ + "." + kv.first.Scalar()));
  }

 private:
  YamlField child(const YAML::Node& node, std::string path) const { return {node, std::move(path), *source_, raise_, line_}; }

  YAML::Node node_;
  std::string path_;
  const std::string* source_;
  Raise raise_;
  int line_;
};

}  // namespace hwnas
