#include "hwnas/measure/tool_record.hpp"

#include <algorithm>
#include <map>

#include "hwnas/measure/layer_mapping.hpp"

namespace hwnas::measure {

void add_tool_record(std::span<const engine::ToolReport> reports, std::size_t timed_runs, const graph::Graph& graph,
                     store::MeasurementRecord& row) {
  if (reports.empty()) return;
  const auto timed = reports.subspan(reports.size() - std::min(timed_runs, reports.size()));
  if (timed.empty()) return;
  nlohmann::json runs = nlohmann::json::array();
  std::vector<engine::LayerTime> layers;  // first-seen order, summed, then averaged
  std::map<std::string, std::pair<std::size_t, int>> by_name;
  for (const auto& r : timed) {
    runs.push_back(r.stats);
    for (const auto& l : r.layers) {
      auto [it, fresh] = by_name.try_emplace(l.name, layers.size(), 0);
      if (fresh) layers.push_back({l.name, l.type, 0});
      layers[it->second.first].seconds += l.seconds;
      ++it->second.second;
    }
  }
  for (auto& l : layers) l.seconds /= by_name[l.name].second;
  const auto& last = timed.back();
  row.tool_stats = {{"tool", last.tool}, {"statistic", last.statistic}, {"unit", last.unit}, {"runs", runs}};
  row.layers = map_layers(layers, graph);
}

}  // namespace hwnas::measure
