#include "hwnas/common/yaml_field.hpp"

#include <algorithm>

#include <fmt/core.h>
#include <fmt/ranges.h>

namespace hwnas {

YamlField::YamlField(const YAML::Node& node, std::string path, const std::string& source, Raise raise, int line)
    // A missing key of a const node is an invalid node in yaml-cpp; keep it as plain "undefined".
    : node_(node.IsDefined() ? node : YAML::Node(YAML::NodeType::Undefined)),
      path_(std::move(path)),
      source_(&source),
      raise_(raise),
      line_(node.IsDefined() ? node.Mark().line + 1 : line) {}

void YamlField::fail(const std::string& expected) const {
  std::string found;
  if (!node_.IsDefined() || node_.IsNull()) {
    found = "nothing";
  } else if (node_.IsScalar()) {
    found = "'" + node_.Scalar() + "'";
  } else if (node_.IsSequence()) {
    found = "a list";
  } else {
    found = "a mapping";
  }
  raise_(fmt::format("{}{}: {}: expected {}, found {}", *source_, line_ > 0 ? fmt::format(":{}", line_) : "", path_,
                     expected, found));
  throw std::logic_error("YamlField::Raise returned");  // a Raise must throw
}

YamlField YamlField::operator[](const std::string& key) const {
  if (present() && !node_.IsMap()) fail("a mapping");
  const YAML::Node& self = node_;  // const: a missing key must not be inserted
  return child(present() ? self[key] : YAML::Node(YAML::NodeType::Undefined), path_.empty() ? key : path_ + "." + key);
}

YamlField YamlField::at(std::size_t idx) const {
  const YAML::Node& self = node_;
  return child(self[idx], fmt::format("{}[{}]", path_, idx));
}

std::size_t YamlField::size() const {
  if (!node_.IsSequence()) fail("a list");
  return node_.size();
}

std::string YamlField::str() const {
  if (!node_.IsScalar()) fail("a string");
  return node_.Scalar();
}

int YamlField::integer(int min, int max) const {
  int value = 0;
  if (!node_.IsScalar() || !YAML::convert<int>::decode(node_, value) || value < min || value > max) {
    fail(fmt::format("an integer in [{}, {}]", min, max));
  }
  return value;
}

double YamlField::number(double min, double max, bool min_inclusive) const {
  double value = 0;
  const bool ok = node_.IsScalar() && YAML::convert<double>::decode(node_, value) &&
                  (min_inclusive ? value >= min : value > min) && value <= max;
  if (!ok) fail(fmt::format("a number in {}{}, {}]", min_inclusive ? "[" : "(", min, max));
  return value;
}

bool YamlField::boolean_or(bool fallback) const {
  if (!present()) return fallback;
  bool value = false;
  if (!node_.IsScalar() || !YAML::convert<bool>::decode(node_, value)) fail("true or false");
  return value;
}

void YamlField::only_keys(std::initializer_list<const char*> allowed) const {
  if (!node_.IsMap()) fail("a mapping");
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
      child(kv.first, path_.empty() ? key : path_ + "." + key).fail(fmt::format("one of the keys [{}]", fmt::join(allowed, ", ")));
    }
  }
}

}  // namespace hwnas
