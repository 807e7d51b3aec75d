#include "hwnas/predict/ofa_lut_yaml.hpp"

#include <cmath>

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include "hwnas/common/error.hpp"

namespace hwnas::predict {

std::map<std::string, double> read_ofa_lut_yaml(const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}: not a lookup-table YAML: {}", file.string(), e.what()));
  }
  if (!root.IsMap()) throw InputError(fmt::format("{}: a lookup table is a map of key: {{count, mean, var}}", file.string()));
  std::map<std::string, double> entries;
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) {
      throw InputError(fmt::format("{}:{}: a lookup-table key is a layer key, not a list or map", file.string(),
                                   kv.first.Mark().line + 1));
    }
    const std::string& key = kv.first.Scalar();
    if (!kv.second.IsMap() || !kv.second["mean"]) {
      throw InputError(fmt::format("{}: entry '{}' has no mean", file.string(), key));
    }
    const YAML::Node mean = kv.second["mean"];
    double value = 0;
    if (!mean.IsScalar() || !YAML::convert<double>::decode(mean, value) || !std::isfinite(value) || value < 0) {
      throw InputError(fmt::format("{}:{}: entry '{}': mean is not a latency in ms (a number >= 0)", file.string(),
                                   mean.Mark().line + 1, key));
    }
    entries[key] = value;
  }
  return entries;
}

}  // namespace hwnas::predict
