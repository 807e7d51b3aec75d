#include "hwnas/measure/layer_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace hwnas::measure {
namespace {

// A name may not continue one to its left: "u1.l2/" must not match inside "xu1.l2/" or "u11.l2/".
bool starts_name(std::string_view text, std::size_t pos) {
  if (pos == 0) return true;
  const unsigned char before = static_cast<unsigned char>(text[pos - 1]);
  return !(std::isalnum(before) || before == '.' || before == '_');
}

}  // namespace

std::vector<std::string> ir_layers_of(std::string_view tool_layer, const std::vector<std::string>& ir_layer_names) {
  std::map<std::size_t, std::string> at;  // position in tool_layer -> IR layer
  for (const auto& name : ir_layer_names) {
    const std::string needle = name + "/";
    for (auto pos = tool_layer.find(needle); pos != std::string_view::npos; pos = tool_layer.find(needle, pos + 1)) {
      if (starts_name(tool_layer, pos)) at.emplace(pos, name);
    }
  }
  std::vector<std::string> out;
  for (const auto& [pos, name] : at) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

std::vector<store::LayerLatencyRecord> map_layers(const std::vector<engine::LayerTime>& rows, const graph::Graph& graph) {
  std::vector<std::string> names;
  names.reserve(graph.layers.size());
  for (const auto& layer : graph.layers) names.push_back(layer.name);
  std::vector<store::LayerLatencyRecord> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back({row.name, row.type, ir_layers_of(row.name, names), row.seconds});
  return out;
}

}  // namespace hwnas::measure
